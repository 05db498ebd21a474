/**
 * `isostep-golden/2`: any optimizer the spec knows, named parameter tensors with shapes, and optionally
 * the learning rate of every step (`lr_schedule: "recorded"`). See FORMAT.md in this package.
 */
import {
  parseCaseName,
  parseDtype,
  parseFramework,
  parseHyperparameters,
  parseOptimizer,
  parseOptions,
  parseStepCount,
} from './case-fields.js';
import { decodeVector } from './decode-values.js';
import { type JsonNode, child, fail, requireArray, requireObject, requireString } from './json-node.js';
import { lengthOrigin, parseParamVector, parsePerParam } from './per-param.js';
import { parseSlots, parseStateSlots, parseVersions } from './trace-header.js';
import {
  GOLDEN_TRACE_FORMAT,
  type GoldenTrace,
  type LrSchedule,
  type TraceCase,
  type TraceDtype,
  type TraceGradient,
  type TraceParam,
  type TraceStep,
} from './types.js';

export function parseV2(root: JsonNode): GoldenTrace {
  const traceCase = parseCaseV2(child(root, 'case'));
  const { dtype, params } = traceCase;
  const versions = parseVersions(child(root, 'versions'));
  const stateSlots = parseStateSlots(child(root, 'state_slots'));
  const initialState = parsePerParam(child(root, 'initial_state'), params, (entry, param) =>
    parseSlots(entry, stateSlots, dtype, param.init.length, lengthOrigin(param)),
  );
  const steps = parseStepsV2(child(root, 'steps'), traceCase, stateSlots);
  return Object.freeze({ file: root.file, format: GOLDEN_TRACE_FORMAT, case: traceCase, versions, stateSlots, initialState, steps });
}

function parseCaseV2(node: JsonNode): TraceCase {
  requireObject(node);
  const name = parseCaseName(child(node, 'name'));
  const framework = parseFramework(child(node, 'framework'));
  const optimizer = parseOptimizer(child(node, 'optimizer'));
  const dtype = parseDtype(child(node, 'dtype'), framework);
  const hyperparameters = parseHyperparameters(child(node, 'hyperparameters'));
  const options = parseOptions(child(node, 'options'));
  const params = parseParams(child(node, 'params'), dtype);
  const gradient = parseGradientV2(child(node, 'gradient'), params, dtype);
  const lrSchedule = parseLrSchedule(child(node, 'lr_schedule'));
  const steps = parseStepCount(child(node, 'steps'));
  return Object.freeze({ name, framework, optimizer, dtype, hyperparameters, options, params, gradient, lrSchedule, steps });
}

function parseParams(node: JsonNode, dtype: TraceDtype): readonly TraceParam[] {
  const expected = 'a non-empty array of parameters {name, shape, init}';
  const elements = requireArray(node, expected);
  if (elements.length === 0) fail(node, expected);
  const names = new Set<string>();
  return Object.freeze(
    elements.map((element): TraceParam => {
      requireObject(element, 'a parameter object {name, shape, init}');
      const nameNode = child(element, 'name');
      const name = requireString(nameNode, 'a non-empty parameter name');
      if (name === '') fail(nameNode, 'a non-empty parameter name');
      // Grads, params and state are keyed by name: two parameters with one name could not both be checked.
      if (names.has(name)) fail(nameNode, 'a parameter name not listed before', `the duplicate ${JSON.stringify(name)}`);
      names.add(name);
      const shape = parseShape(child(element, 'shape'));
      const length = shape.reduce((product, d) => product * d, 1);
      const init = decodeVector(child(element, 'init'), dtype, length, `the product of its shape [${shape.join(', ')}]`);
      return Object.freeze({ name, shape, init });
    }),
  );
}

/** Dimensions, each a positive integer; [] is a scalar (one element). */
export function parseShape(node: JsonNode): readonly number[] {
  return Object.freeze(
    requireArray(node, 'an array of positive integers (the dimensions; [] for a scalar)').map((dimension) => {
      const { value } = dimension;
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) fail(dimension, 'a positive integer (a dimension)');
      return value;
    }),
  );
}

function parseGradientV2(node: JsonNode, params: readonly TraceParam[], dtype: TraceDtype): TraceGradient {
  requireObject(node, 'an object with "kind" "quadratic" or "list"');
  const kind = child(node, 'kind');
  if (kind.value === 'quadratic') {
    return { kind: 'quadratic', coeffs: parsePerParam(child(node, 'coeffs'), params, (e, p) => parseParamVector(e, p, dtype)) };
  }
  // A v2 list gradient lives in the steps only (each step's `grads`).
  if (kind.value === 'list') return { kind: 'list', values: null };
  return fail(kind, '"quadratic" or "list"');
}

export function parseLrSchedule(node: JsonNode): LrSchedule {
  if (node.value !== 'constant' && node.value !== 'recorded') {
    fail(node, '"constant" (the hyperparameters\' lr at every step) or "recorded" (each step\'s lr)');
  }
  return node.value;
}

function parseStepsV2(node: JsonNode, c: TraceCase, slots: readonly string[]): readonly TraceStep[] {
  const expected = `an array of ${c.steps} steps (case.steps)`;
  const elements = requireArray(node, expected);
  if (elements.length !== c.steps) fail(node, expected);
  const vector = (e: JsonNode, p: TraceParam) => parseParamVector(e, p, c.dtype);
  return Object.freeze(
    elements.map((element, index): TraceStep => {
      requireObject(element, 'a step object');
      const stepNode = child(element, 'step');
      if (stepNode.value !== index + 1) fail(stepNode, `${index + 1} (steps are numbered from 1 in order)`);
      return Object.freeze({
        step: index + 1,
        lr: parseStepLr(child(element, 'lr'), c.lrSchedule),
        grads: parsePerParam(child(element, 'grads'), c.params, vector),
        params: parsePerParam(child(element, 'params'), c.params, vector),
        state: parsePerParam(child(element, 'state'), c.params, (e, p) => parseSlots(e, slots, c.dtype, p.init.length, lengthOrigin(p))),
      });
    }),
  );
}

/**
 * Required with a recorded schedule, absent with a constant one: a file that carries an lr the runner
 * would not use could claim one learning rate and be checked against another.
 */
export function parseStepLr(node: JsonNode, schedule: LrSchedule): number | null {
  if (schedule === 'constant') {
    if (node.value !== undefined) fail(node, 'no key (case.lr_schedule is "constant": every step uses the hyperparameters\' lr)');
    return null;
  }
  const { value } = node;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    fail(node, 'a finite number >= 0 (the learning rate this step used; case.lr_schedule is "recorded")');
  }
  return value;
}
