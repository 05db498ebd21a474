/**
 * What a command prints when it stops on an error, shared by every command: a line on stderr, or with
 * `--json` one JSON document on stdout, `{"error": {...}}`, so a script reading stdout always gets
 * exactly one document, whatever went wrong (usage errors included).
 */
import { EXIT_BAD_INPUT } from './exit-codes.js';

/** Whether the command line asks for JSON output (`--json` before any `--`). */
export function jsonRequested(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

/** Fields of an error worth a script's attention (which option, field, file and JSON path). */
const DETAIL_KEYS = ['option', 'field', 'argument', 'framework', 'tensor', 'file', 'jsonPath', 'expected', 'found', 'packageName', 'code'] as const;

export interface ErrorDocument {
  readonly error: {
    readonly type: string;
    readonly message: string;
    readonly exitCode: number;
    readonly [detail: string]: unknown;
  };
}

/** The `{"error": {...}}` document for `error`; details that are not JSON-safe are left out. */
export function errorDocument(error: unknown, exitCode: number = EXIT_BAD_INPUT): ErrorDocument {
  const e = error instanceof Error ? error : new Error(String(error));
  const details: Record<string, unknown> = {};
  for (const key of DETAIL_KEYS) {
    const value = (e as unknown as Record<string, unknown>)[key];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') details[key] = value;
  }
  return { error: { type: e.name, message: e.message, exitCode, ...details } };
}

/** Prints `error` for a person (stderr) or a script (stdout, one JSON document), and sets the exit code. */
export function reportError(error: unknown, options: { readonly json: boolean; readonly exitCode?: number }): void {
  const exitCode = options.exitCode ?? EXIT_BAD_INPUT;
  if (options.json) process.stdout.write(`${JSON.stringify(errorDocument(error, exitCode))}\n`);
  else process.stderr.write(`isostep: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = exitCode;
}
