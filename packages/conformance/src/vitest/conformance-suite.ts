/**
 * One table of golden traces for every backend: each backend package calls `describeConformance` in its
 * own tests, so all of them are held to the same committed traces, in both modes. A trace the backend
 * cannot run (dtype, no device) is reported by vitest as skipped with the backend's reason.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceBackend } from '@isostep/spec';
import type { Mode } from '../runner/result.js';
import { runTrace } from '../runner/run-trace.js';
import { readTraceFile } from '../trace/read-trace.js';

/** The committed golden traces of this package. */
export const GOLDEN_DIR = fileURLToPath(new URL('../../golden/', import.meta.url));

function listJson(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listJson(p));
    else if (name.endsWith('.json')) out.push(p);
  }
  return out;
}

export interface ConformanceSuiteOptions {
  readonly modes?: readonly Mode[];
  /** Trace directory; defaults to the committed golden traces. */
  readonly dir?: string;
  /** Only the trace files (paths) this accepts. */
  readonly filter?: (caseFile: string) => boolean;
}

export function describeConformance(
  label: string,
  createBackend: () => Promise<ConformanceBackend>,
  options: ConformanceSuiteOptions = {},
): void {
  const files = listJson(options.dir ?? GOLDEN_DIR).filter((f) => options.filter?.(f) ?? true);
  const modes = options.modes ?? ['resync', 'free'];
  describe(`conformance of ${label} against ${files.length} golden traces`, () => {
    let backend: ConformanceBackend;
    beforeAll(async () => {
      backend = await createBackend();
    });
    afterAll(async () => {
      await backend?.close?.();
    });
    it('has traces to run', () => {
      expect(files.length).toBeGreaterThan(0);
    });
    for (const file of files) {
      for (const mode of modes) {
        it(`${basename(file, '.json')} [${mode}]`, async (ctx) => {
          const result = await runTrace(await readTraceFile(file), backend, mode);
          if (result.skipped) ctx.skip(result.skipReason ?? 'skipped by the backend');
          expect(result.error).toBeNull();
          expect(result.firstFailure).toBeNull();
          expect(result.pass).toBe(true);
        });
      }
    }
  });
}
