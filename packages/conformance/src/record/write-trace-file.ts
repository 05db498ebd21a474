/** Writing a recorded trace to disk (Node): atomically, so a reader never sees half a file. */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TraceRecorder } from './trace-recorder.js';

export function writeTraceFile(recorder: TraceRecorder, path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, recorder.toJSON());
  renameSync(tmp, path);
}
