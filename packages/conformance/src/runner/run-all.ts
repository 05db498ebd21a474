/**
 * Runs trace files against backends and modes (Node: reads files). An unreadable or invalid file becomes
 * one failed result per backend and mode, carrying the reader's error; a run never crashes on a bad file.
 */
import type { ConformanceBackend } from '@isostep/spec';
import type { GoldenTrace } from '../trace/index.js';
import { readTraceFile } from '../trace/read-trace.js';
import type { ConformResult, Mode } from './result.js';
import { runTrace } from './run-trace.js';

export interface RunAllOptions {
  /** Called with each result as soon as it is known (progress display). */
  readonly onResult?: (r: ConformResult) => void;
}

/** Every file × backend × mode, in that order. Backends are not closed here: the caller owns them. */
export async function runAll(
  files: readonly string[],
  backends: readonly ConformanceBackend[],
  modes: readonly Mode[],
  options: RunAllOptions = {},
): Promise<ConformResult[]> {
  const results: ConformResult[] = [];
  const emit = (r: ConformResult) => {
    results.push(r);
    options.onResult?.(r);
  };
  for (const file of files) {
    let trace: GoldenTrace;
    try {
      trace = await readTraceFile(file);
    } catch (e) {
      for (const backend of backends) for (const mode of modes) emit(unreadable(file, backend, mode, e));
      continue;
    }
    for (const backend of backends) for (const mode of modes) emit(await runTrace(trace, backend, mode));
  }
  return results;
}

function unreadable(file: string, backend: ConformanceBackend, mode: Mode, e: unknown): ConformResult {
  return {
    case: file, file, framework: '?', optimizer: '?', dtype: '?', backend: backend.name, device: '', mode, preset: null,
    pass: false, skipped: false, skipReason: null, error: (e as Error).message,
    maxUlp: null, slots: {}, maxBound: null, firstFailure: null, steps: 0, elements: 0,
  };
}
