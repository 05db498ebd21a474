/**
 * Progress bars on stderr, so stdout stays the command's result (a table, one JSON document, one line per
 * epoch) and can be piped. cli-progress writes nothing when stderr is not a terminal (CI logs, files), so
 * callers need not check.
 */
import { SingleBar } from 'cli-progress';

export type ProgressBar = SingleBar;

/** A bar on stderr; `format` uses cli-progress tokens ({bar}, {value}, {total}) and the payload's keys. */
export function progressBar(format: string): ProgressBar {
  return new SingleBar({ stream: process.stderr, format, hideCursor: true, clearOnComplete: true });
}
