/**
 * Progress bars on stderr, so stdout stays the command's result (a table, one JSON document, one line per
 * epoch) and can be piped. cli-progress writes nothing when stderr is not a terminal (CI logs, files), so
 * callers need not check. While a bar is running, Ctrl-C stops it first (cursor shown again, line ended)
 * and then exits 130 (shared/interrupt.ts): cli-progress hides the cursor and would leave it hidden.
 */
import { SingleBar } from 'cli-progress';
import { exitOnInterrupt } from '../shared/interrupt.js';

export type ProgressBar = SingleBar;

/** A bar on stderr; `format` uses cli-progress tokens ({bar}, {value}, {total}) and the payload's keys. */
export function progressBar(format: string): ProgressBar {
  const bar = new SingleBar({ stream: process.stderr, format, hideCursor: true, clearOnComplete: true });
  let release: (() => void) | null = null;
  const start = bar.start.bind(bar);
  const stop = bar.stop.bind(bar);
  bar.start = (total, startValue, payload) => {
    release ??= exitOnInterrupt(stop);
    start(total, startValue, payload);
  };
  bar.stop = () => {
    release?.();
    release = null;
    stop();
  };
  return bar;
}
