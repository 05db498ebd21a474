/**
 * Ctrl-C while a progress bar is drawn: the bar hides the terminal cursor and draws without a trailing
 * newline, and Node's default SIGINT exit would leave both so. This stops the bar (showing the cursor),
 * ends the line and exits 130, as the default would.
 */
import { EXIT_INTERRUPTED } from './exit-codes.js';

/** Calls `restore` and exits 130 on SIGINT until the returned function is called. */
export function exitOnInterrupt(restore: () => void): () => void {
  const onInterrupt = () => {
    try {
      restore();
    } finally {
      // Show the cursor (DECTCEM) and end the bar's line, whatever restore did.
      if (process.stderr.isTTY) process.stderr.write('\u001b[?25h\n');
      process.exit(EXIT_INTERRUPTED);
    }
  };
  process.once('SIGINT', onInterrupt);
  return () => process.removeListener('SIGINT', onInterrupt);
}
