/**
 * Objects keyed by parameter name (a step's `grads`, `params`, `state`, `initial_state`, quadratic
 * `coeffs`): exactly the case's parameters, no more (an extra tensor is one the runner would silently not
 * check) and no fewer. The result iterates in `case.params` order, whatever the key order in the file.
 */
import { decodeVector } from './decode-values.js';
import { type JsonNode, child, fail, keysOf, requireObject } from './json-node.js';
import type { PerParam, TraceDtype, TraceParam } from './types.js';

export function parsePerParam<T>(
  node: JsonNode,
  params: readonly TraceParam[],
  parse: (entry: JsonNode, param: TraceParam) => T,
): PerParam<T> {
  requireObject(node, `an object keyed by parameter name (${params.map((p) => JSON.stringify(p.name)).join(', ')})`);
  const extra = keysOf(node).find((key) => !params.some((p) => p.name === key));
  if (extra !== undefined) fail(child(node, extra), `no key (${JSON.stringify(extra)} is not a parameter in case.params)`);
  return new Map(params.map((param) => [param.name, parse(child(node, param.name), param)]));
}

/** Where a parameter's vectors get their length, for error messages. */
export function lengthOrigin(param: TraceParam): string {
  return `the length of parameter ${JSON.stringify(param.name)}, shape [${param.shape.join(', ')}]`;
}

/** A vector with the parameter's length. */
export function parseParamVector(entry: JsonNode, param: TraceParam, dtype: TraceDtype): Float64Array {
  return decodeVector(entry, dtype, param.init.length, lengthOrigin(param));
}
