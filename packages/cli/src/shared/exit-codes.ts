/**
 * The exit codes of every `isostep` command, in one place: `--help` prints `EXIT_CODES_HELP`, the README
 * repeats it, and main.ts and the commands set only these.
 */
export const EXIT_OK = 0;
/** A conformance check failed (a value outside its acceptance interval, or a backend error mid-run). */
export const EXIT_CHECK_FAILED = 1;
/** Bad input: a usage error, an unreadable or invalid file, an option out of range, a missing package. */
export const EXIT_BAD_INPUT = 2;
/** Interrupted (Ctrl-C): 128 + SIGINT, as shells report it. */
export const EXIT_INTERRUPTED = 130;

export const EXIT_CODES_HELP = `
Exit codes:
  0    success (conform: nothing failed)
  1    a conformance check failed
  2    bad input: usage error, invalid option or file, missing package; nothing was run or written
  130  interrupted (Ctrl-C); no partial output file is left

With --json, stdout is exactly one JSON document on every path, errors included:
  {"error": {"type", "message", "exitCode", ...}}  (run through pnpm as \`pnpm -s isostep …\`)`;
