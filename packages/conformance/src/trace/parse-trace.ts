/**
 * The strict reader of golden traces, both format versions (FORMAT.md in this package).
 *
 * Every rule of the format is checked and the first violation throws a TraceFormatError with the
 * file, the JSON path, what was expected and what was found. The trace is parsed completely before
 * anything is returned, so a caller gets a whole valid trace or an error, never part of one.
 *
 * Unknown keys in fixed-shape objects (the top level, `case`, `case.gradient`, a parameter, a step) are
 * ignored, so files may carry extra provenance and later writers may add fields without breaking this
 * reader. Objects keyed by parameter or slot name must have exactly the case's parameters and the listed
 * `state_slots`: an extra entry there is a value the runner would silently not check.
 */
import { child, fail, requireObject, type JsonNode } from './json-node.js';
import { parseJsonRoot } from './parse-json.js';
import { parseV1 } from './parse-v1.js';
import { parseV2 } from './parse-v2.js';
import { GOLDEN_TRACE_FORMAT, GOLDEN_TRACE_FORMAT_V1, GOLDEN_TRACE_FORMATS, type GoldenTrace } from './types.js';

/** Parses the text of a golden trace; `file` only names it in errors and in the result. Pure. */
export function parseTrace(text: string, file: string): GoldenTrace {
  return parseTraceRoot(parseJsonRoot(text, file));
}

/** The tag of a binary trace's manifest (src/binary/binary-manifest.ts), which this reader does not read. */
const BINARY_FORMAT = 'isostep-golden/2+safetensors';

/** parseTrace on JSON already parsed (a caller that looked at the tag first). */
export function parseTraceRoot(root: JsonNode): GoldenTrace {
  requireObject(root, 'a JSON object at the top level');
  const format = child(root, 'format');
  if (format.value === GOLDEN_TRACE_FORMAT) return parseV2(root);
  if (format.value === GOLDEN_TRACE_FORMAT_V1) return parseV1(root);
  // Its values are in safetensors files beside it: only a reader with file access can read it.
  if (format.value === BINARY_FORMAT) {
    return fail(format, `${GOLDEN_TRACE_FORMATS.map((f) => JSON.stringify(f)).join(' or ')} (a binary trace's manifest is read by readBinaryTrace / runAll of @isostep/conformance/node)`);
  }
  return fail(format, GOLDEN_TRACE_FORMATS.map((f) => JSON.stringify(f)).join(' or '));
}
