/**
 * The strict reader of `isostep-golden-rmsprop/1` golden traces.
 *
 * Every rule of the format is checked and the first violation throws a TraceFormatError with the
 * file, the JSON path, what was expected and what was found. The trace is parsed completely before
 * anything is returned, so a caller gets a whole valid trace or an error, never part of one.
 *
 * Unknown keys in fixed-shape objects (the top level, `case`, `case.gradient`, a step) are ignored, so
 * files may carry extra provenance and later writers may add fields without breaking this reader.
 * Objects keyed by slot name (`initial_state`, a step's `state`) must have exactly `state_slots`: an
 * extra slot there is state the runner would silently not check.
 */
import { decodeVector } from './decode-values.js';
import {
  type JsonNode,
  child,
  fail,
  keysOf,
  requireArray,
  requireObject,
  requireString,
  rootNode,
} from './json-node.js';
import { parseCase } from './parse-case.js';
import { TraceFormatError } from './trace-format-error.js';
import { GOLDEN_TRACE_FORMAT, type GoldenTrace, type TraceDtype, type TraceStep } from './types.js';

/** Parses the text of a golden trace; `file` only names it in errors and in the result. Pure. */
export function parseTrace(text: string, file: string): GoldenTrace {
  const root = rootNode(file, parseJson(text, file));
  requireObject(root, 'a JSON object at the top level');
  const format = child(root, 'format');
  if (format.value !== GOLDEN_TRACE_FORMAT) fail(format, JSON.stringify(GOLDEN_TRACE_FORMAT));
  const traceCase = parseCase(child(root, 'case'));
  const length = traceCase.initParams.length;
  const versions = parseVersions(child(root, 'versions'));
  const stateSlots = parseStateSlots(child(root, 'state_slots'));
  const initialState = parseState(child(root, 'initial_state'), stateSlots, traceCase.dtype, length);
  const steps = parseSteps(child(root, 'steps'), traceCase.steps, stateSlots, traceCase.dtype, length);
  return { file, format: GOLDEN_TRACE_FORMAT, case: traceCase, versions, stateSlots, initialState, steps };
}

function parseJson(text: string, file: string): unknown {
  // A byte-order mark is how some editors save UTF-8; it is not part of the JSON.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    return JSON.parse(body) as unknown;
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

function parseVersions(node: JsonNode): Readonly<Record<string, string>> {
  const expected = 'a non-empty object of version strings';
  requireObject(node, expected);
  const keys = keysOf(node);
  if (keys.length === 0) fail(node, expected);
  const versions: Record<string, string> = {};
  for (const key of keys) versions[key] = requireString(child(node, key), 'a version string');
  return Object.freeze(versions);
}

function parseStateSlots(node: JsonNode): readonly string[] {
  const slots: string[] = [];
  for (const element of requireArray(node, 'an array of slot names')) {
    const slot = requireString(element, 'a non-empty slot name');
    if (slot === '') fail(element, 'a non-empty slot name');
    if (slots.includes(slot)) fail(element, 'a slot name not listed before', `the duplicate ${JSON.stringify(slot)}`);
    slots.push(slot);
  }
  return Object.freeze(slots);
}

/** A state object: exactly the listed slots, each a vector of the params' length. */
function parseState(
  node: JsonNode,
  slots: readonly string[],
  dtype: TraceDtype,
  length: number,
): Readonly<Record<string, Float64Array>> {
  requireObject(node, 'an object of state slots');
  const extra = keysOf(node).find((key) => !slots.includes(key));
  if (extra !== undefined) fail(child(node, extra), `no key (${JSON.stringify(extra)} is not in state_slots)`);
  const state: Record<string, Float64Array> = {};
  for (const slot of slots) {
    state[slot] = decodeVector(child(node, slot), dtype, length, 'the length of case.init_params');
  }
  return Object.freeze(state);
}

function parseSteps(
  node: JsonNode,
  count: number,
  slots: readonly string[],
  dtype: TraceDtype,
  length: number,
): readonly TraceStep[] {
  const expected = `an array of ${count} steps (case.steps)`;
  const elements = requireArray(node, expected);
  if (elements.length !== count) fail(node, expected);
  return Object.freeze(
    elements.map((element, index): TraceStep => {
      requireObject(element, 'a step object');
      const stepNode = child(element, 'step');
      if (stepNode.value !== index + 1) fail(stepNode, `${index + 1} (steps are numbered from 1 in order)`);
      const what = 'the length of case.init_params';
      return {
        step: index + 1,
        grad: decodeVector(child(element, 'grad'), dtype, length, what),
        params: decodeVector(child(element, 'params'), dtype, length, what),
        state: parseState(child(element, 'state'), slots, dtype, length),
      };
    }),
  );
}
