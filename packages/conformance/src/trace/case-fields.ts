/**
 * The fields of `case` that both format versions share: name, framework, optimizer, dtype, the framework's
 * arguments, options and the step count. Unknown keys inside `case` are ignored, like unknown top-level
 * keys (forward compatibility).
 */
import { optimizerNames } from '@isostep/spec';
import { type JsonNode, child, fail, keysOf, requireObject, requirePositiveInteger, requireString } from './json-node.js';
import type { TraceDtype, TraceHyperparameter } from './types.js';

const CASE_NAME = /^[a-z0-9_.-]+$/;
const FRAMEWORK_NAME = /^[a-z0-9_-]+$/;

export function parseCaseName(node: JsonNode): string {
  return requireMatching(node, CASE_NAME, 'a string of [a-z0-9_.-]');
}

/**
 * Any well-formed framework name is read: the format says more may be added, and the runner, not the
 * reader, knows which ones it can map onto the spec.
 */
export function parseFramework(node: JsonNode): string {
  return requireMatching(node, FRAMEWORK_NAME, 'a non-empty string of [a-z0-9_-]');
}

/**
 * An optimizer the spec knows. Unlike frameworks, an unknown optimizer is a format error: its slots,
 * arguments and math are undefined, so nothing in the file could be checked.
 */
export function parseOptimizer(node: JsonNode): string {
  const known = optimizerNames();
  const expected = `one of ${known.map((n) => JSON.stringify(n)).join(', ')} (the optimizers the spec knows)`;
  const name = requireString(node, expected);
  if (!known.includes(name)) fail(node, expected);
  return name;
}

export function parseDtype(node: JsonNode, framework: string): TraceDtype {
  const { value } = node;
  if (value !== 'float32' && value !== 'float64') fail(node, '"float32" or "float64"');
  // TF.js has no float64 tensors, so a float64 tfjs trace cannot have come from TF.js.
  if (framework === 'tfjs' && value !== 'float32') fail(node, '"float32" (tfjs records float32 only)');
  return value;
}

const HYPERPARAMETER = 'a finite number, a boolean, null or an array of finite numbers';

export function parseHyperparameters(node: JsonNode): Readonly<Record<string, TraceHyperparameter>> {
  requireObject(node, 'an object of hyperparameters');
  const result: Record<string, TraceHyperparameter> = {};
  for (const key of keysOf(node)) result[key] = parseHyperparameter(child(node, key));
  return Object.freeze(result);
}

// null is meaningful (tfjs `epsilon: null` = the backend's epsilon) and arrays are (torch `betas`);
// strings are not, even numeric ones: a framework argument is never a string of digits.
function parseHyperparameter(entry: JsonNode): TraceHyperparameter {
  const { value } = entry;
  if (value === null || typeof value === 'boolean' || isFiniteNumber(value)) return value;
  if (!Array.isArray(value)) fail(entry, HYPERPARAMETER);
  value.forEach((element: unknown, index) => {
    if (!isFiniteNumber(element)) fail({ ...entry, path: `${entry.path}[${index}]`, value: element }, 'a finite number');
  });
  return Object.freeze([...(value as number[])]);
}

export function parseOptions(node: JsonNode): Readonly<Record<string, unknown>> {
  if (node.value === undefined) return Object.freeze({});
  // Values are framework specific and free-form: only the container is checked here.
  return Object.freeze({ ...requireObject(node, 'an object of options (or no key)') });
}

export function parseStepCount(node: JsonNode): number {
  return requirePositiveInteger(node);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function requireMatching(node: JsonNode, pattern: RegExp, expected: string): string {
  const text = requireString(node, expected);
  if (!pattern.test(text)) fail(node, expected);
  return text;
}
