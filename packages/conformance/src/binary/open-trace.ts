/**
 * Opens any trace file by its tag (Node): a JSON trace (v1, v2) is parsed whole; a binary trace's manifest
 * (`isostep-golden/2+safetensors`) becomes a source that streams its safetensors files. The text is read
 * and parsed once either way.
 */
import { readFile } from 'node:fs/promises';
import { parseJsonRoot } from '../trace/parse-json.js';
import { parseTraceRoot } from '../trace/parse-trace.js';
import type { GoldenTrace } from '../trace/types.js';
import { isBinaryManifest, manifestFromValue } from './binary-manifest.js';
import { BinaryTraceSource } from './binary-trace-source.js';

export type OpenedTrace = { readonly kind: 'json'; readonly trace: GoldenTrace } | { readonly kind: 'binary'; readonly source: BinaryTraceSource };

export async function openTrace(path: string): Promise<OpenedTrace> {
  const root = parseJsonRoot(await readFile(path, 'utf8'), path);
  if (isBinaryManifest(root.value)) return { kind: 'binary', source: await BinaryTraceSource.fromManifest(manifestFromValue(root.value, path)) };
  return { kind: 'json', trace: parseTraceRoot(root) };
}
