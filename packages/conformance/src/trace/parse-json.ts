/** JSON text to a root node; a syntax error becomes a TraceFormatError at `$` with its line and column. */
import { type JsonNode, rootNode } from './json-node.js';
import { TraceFormatError } from './trace-format-error.js';

export function parseJsonRoot(text: string, file: string): JsonNode {
  // A byte-order mark is how some editors save UTF-8; it is not part of the JSON.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    return rootNode(file, JSON.parse(body) as unknown);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // V8 names the position for most errors but not for "Unexpected end of JSON input",
    // which is always at the end: the usual case, a truncated file.
    const position = Number(/position (\d+)/.exec(message)?.[1] ?? body.length);
    const before = body.slice(0, position).split('\n');
    const where = `line ${before.length} column ${(before.at(-1)?.length ?? 0) + 1}`;
    throw new TraceFormatError(
      { file, jsonPath: '$', expected: 'valid JSON', found: `invalid JSON at position ${position} (${where}): ${message}` },
      { cause: error },
    );
  }
}
