/**
 * `isostep-golden-rmsprop/1`, read into the one parsed shape: optimizer "rmsprop", one parameter named
 * "p" of shape [n] (n = the length of `case.init_params`), a constant learning rate. Errors keep the v1
 * file's own JSON paths (`$.steps[3].grad[5]`), since that is the file the user has to fix.
 */
import {
  parseCaseName,
  parseDtype,
  parseFramework,
  parseHyperparameters,
  parseOptions,
  parseStepCount,
} from './case-fields.js';
import { decodeNonEmptyVector, decodeVector } from './decode-values.js';
import { type JsonNode, child, fail, requireArray, requireObject } from './json-node.js';
import { parseSlots, parseStateSlots, parseVersions } from './trace-header.js';
import {
  GOLDEN_TRACE_FORMAT_V1,
  type GoldenTrace,
  type PerParam,
  type TraceCase,
  type TraceDtype,
  type TraceGradient,
  type TraceSlots,
  type TraceStep,
} from './types.js';

/** The name a v1 trace's single parameter vector gets. */
export const V1_PARAM = 'p';

const LENGTH = 'the length of case.init_params';

export function parseV1(root: JsonNode): GoldenTrace {
  const traceCase = parseCaseV1(child(root, 'case'));
  const { dtype } = traceCase;
  const length = traceCase.params[0]!.init.length;
  const versions = parseVersions(child(root, 'versions'));
  const stateSlots = parseStateSlots(child(root, 'state_slots'));
  const initialState = single(parseSlots(child(root, 'initial_state'), stateSlots, dtype, length, LENGTH));
  const steps = parseStepsV1(child(root, 'steps'), traceCase.steps, stateSlots, dtype, length);
  return Object.freeze({ file: root.file, format: GOLDEN_TRACE_FORMAT_V1, case: traceCase, versions, stateSlots, initialState, steps });
}

function parseCaseV1(node: JsonNode): TraceCase {
  requireObject(node);
  const name = parseCaseName(child(node, 'name'));
  const framework = parseFramework(child(node, 'framework'));
  const dtype = parseDtype(child(node, 'dtype'), framework);
  const hyperparameters = parseHyperparameters(child(node, 'hyperparameters'));
  const options = parseOptions(child(node, 'options'));
  const init = decodeNonEmptyVector(child(node, 'init_params'), dtype);
  const steps = parseStepCount(child(node, 'steps'));
  const gradient = parseGradientV1(child(node, 'gradient'), dtype, init.length, steps);
  const params = Object.freeze([Object.freeze({ name: V1_PARAM, shape: Object.freeze([init.length]), init })]);
  return Object.freeze({ name, framework, optimizer: 'rmsprop', dtype, hyperparameters, options, params, gradient, lrSchedule: 'constant', steps });
}

function parseGradientV1(node: JsonNode, dtype: TraceDtype, length: number, steps: number): TraceGradient {
  requireObject(node, 'an object with "kind" "quadratic" or "list"');
  const kind = child(node, 'kind');
  if (kind.value === 'quadratic') {
    return { kind: 'quadratic', coeffs: single(decodeVector(child(node, 'coeffs'), dtype, length, LENGTH)) };
  }
  if (kind.value === 'list') {
    const valuesNode = child(node, 'values');
    const expected = `an array of at least ${steps} gradient arrays (case.steps)`;
    const rows = requireArray(valuesNode, expected);
    if (rows.length < steps) fail(valuesNode, expected);
    return { kind: 'list', values: Object.freeze(rows.map((row) => single(decodeVector(row, dtype, length, LENGTH)))) };
  }
  return fail(kind, '"quadratic" or "list"');
}

function parseStepsV1(node: JsonNode, count: number, slots: readonly string[], dtype: TraceDtype, length: number): readonly TraceStep[] {
  const expected = `an array of ${count} steps (case.steps)`;
  const elements = requireArray(node, expected);
  if (elements.length !== count) fail(node, expected);
  return Object.freeze(
    elements.map((element, index): TraceStep => {
      requireObject(element, 'a step object');
      const stepNode = child(element, 'step');
      if (stepNode.value !== index + 1) fail(stepNode, `${index + 1} (steps are numbered from 1 in order)`);
      return Object.freeze({
        step: index + 1,
        lr: null,
        grads: single(decodeVector(child(element, 'grad'), dtype, length, LENGTH)),
        params: single(decodeVector(child(element, 'params'), dtype, length, LENGTH)),
        state: single(parseSlots(child(element, 'state'), slots, dtype, length, LENGTH)),
      });
    }),
  );
}

function single<T extends Float64Array | TraceSlots>(value: T): PerParam<T> {
  return new Map([[V1_PARAM, value]]);
}
