/** Runs a set of trace files against backends and modes; unreadable files become failed results, never crashes. */
import type { ConformanceBackend } from '../backends/backend.js';
import type { GoldenTrace } from '../trace/index.js';
import { readTraceFile } from '../trace/read-trace.js';
import type { ConformResult, Mode } from './result.js';
import { runTrace } from './run-trace.js';

export interface RunAllOptions {
  readonly files: readonly string[];
  readonly backends: readonly ConformanceBackend[];
  readonly modes: readonly Mode[];
  readonly onResult?: (r: ConformResult) => void;
}

export async function runAll(opts: RunAllOptions): Promise<ConformResult[]> {
  const results: ConformResult[] = [];
  const emit = (r: ConformResult) => {
    results.push(r);
    opts.onResult?.(r);
  };
  for (const file of opts.files) {
    let trace: GoldenTrace;
    try {
      trace = await readTraceFile(file);
    } catch (e) {
      for (const backend of opts.backends) {
        for (const mode of opts.modes) {
          emit({
            case: file, file, framework: '?', dtype: '?', backend: backend.name, device: '', mode, preset: null,
            pass: false, skipped: false, skipReason: null, error: (e as Error).message,
            maxUlp: null, slots: {}, maxBound: null, firstFailure: null, steps: 0, elements: 0,
          });
        }
      }
      continue;
    }
    for (const backend of opts.backends) for (const mode of opts.modes) emit(await runTrace(trace, backend, mode));
  }
  return results;
}
