/**
 * The `case` block of a golden trace: what was run, in which framework and dtype, from which params.
 * Unknown keys inside `case` are ignored, like unknown top-level keys (forward compatibility).
 */
import { decodeNonEmptyVector, decodeVector } from './decode-values.js';
import {
  type JsonNode,
  child,
  fail,
  keysOf,
  requireArray,
  requireObject,
  requirePositiveInteger,
  requireString,
} from './json-node.js';
import type { TraceCase, TraceDtype, TraceGradient } from './types.js';

const CASE_NAME = /^[a-z0-9_.-]+$/;
const FRAMEWORK_NAME = /^[a-z0-9_-]+$/;

export function parseCase(node: JsonNode): TraceCase {
  requireObject(node);
  const name = requireMatching(child(node, 'name'), CASE_NAME, 'a string of [a-z0-9_.-]');
  // Any well-formed framework name is accepted: the format says more may be added, and the
  // runner, not the reader, knows which ones it can run.
  const framework = requireMatching(child(node, 'framework'), FRAMEWORK_NAME, 'a non-empty string of [a-z0-9_-]');
  const dtype = parseDtype(child(node, 'dtype'), framework);
  const hyperparameters = parseHyperparameters(child(node, 'hyperparameters'));
  const options = parseOptions(child(node, 'options'));
  const initParams = decodeNonEmptyVector(child(node, 'init_params'), dtype);
  const steps = requirePositiveInteger(child(node, 'steps'));
  const gradient = parseGradient(child(node, 'gradient'), dtype, initParams.length, steps);
  return { name, framework, dtype, hyperparameters, options, initParams, gradient, steps };
}

function requireMatching(node: JsonNode, pattern: RegExp, expected: string): string {
  const text = requireString(node, expected);
  if (!pattern.test(text)) fail(node, expected);
  return text;
}

function parseDtype(node: JsonNode, framework: string): TraceDtype {
  const { value } = node;
  if (value !== 'float32' && value !== 'float64') fail(node, '"float32" or "float64"');
  // TF.js has no float64 tensors, so a float64 tfjs trace cannot have come from TF.js.
  if (framework === 'tfjs' && value !== 'float32') fail(node, '"float32" (tfjs records float32 only)');
  return value;
}

function parseHyperparameters(node: JsonNode): Readonly<Record<string, number | boolean | null>> {
  requireObject(node, 'an object of hyperparameters');
  const result: Record<string, number | boolean | null> = {};
  for (const key of keysOf(node)) {
    const entry = child(node, key);
    const { value } = entry;
    // null is meaningful (tfjs `epsilon: null` = the backend's epsilon); strings are not, even numeric ones.
    if (value === null || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) {
      result[key] = value;
    } else {
      fail(entry, 'a finite number, a boolean or null');
    }
  }
  return Object.freeze(result);
}

function parseOptions(node: JsonNode): Readonly<Record<string, unknown>> {
  if (node.value === undefined) return Object.freeze({});
  // Values are framework specific and free-form: only the container is checked here.
  return Object.freeze({ ...requireObject(node, 'an object of options (or no key)') });
}

function parseGradient(node: JsonNode, dtype: TraceDtype, length: number, steps: number): TraceGradient {
  requireObject(node, 'an object with "kind" "quadratic" or "list"');
  const kind = child(node, 'kind');
  if (kind.value === 'quadratic') {
    return { kind: 'quadratic', coeffs: decodeVector(child(node, 'coeffs'), dtype, length, 'the length of case.init_params') };
  }
  if (kind.value === 'list') {
    const valuesNode = child(node, 'values');
    const expected = `an array of at least ${steps} gradient arrays (case.steps)`;
    const rows = requireArray(valuesNode, expected);
    if (rows.length < steps) fail(valuesNode, expected);
    const values = rows.map((row) => decodeVector(row, dtype, length, 'the length of case.init_params'));
    return { kind: 'list', values };
  }
  return fail(kind, '"quadratic" or "list"');
}
