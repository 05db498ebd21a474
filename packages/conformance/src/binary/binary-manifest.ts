/**
 * The manifest of a binary trace, `isostep-golden/2+safetensors` (FORMAT.md, "Binary form"): the v2 case
 * without its values, the versions, the slot names, each step's learning rate, the shard this file
 * records, and which safetensors file holds the initial values and each step's. Pure: it checks the JSON
 * only; binary-trace-source.ts opens the files and checks their tensors against it.
 *
 * The case's fields are read by the v2 reader's own functions, so both forms accept exactly the same
 * cases and report errors with the same JSON paths.
 */
import { parseCaseName, parseDtype, parseFramework, parseHyperparameters, parseOptimizer, parseOptions, parseStepCount } from '../trace/case-fields.js';
import { type JsonNode, child, fail, requireArray, requireObject, requireString, rootNode } from '../trace/json-node.js';
import { parseJsonRoot } from '../trace/parse-json.js';
import { parseLrSchedule, parseShape, parseStepLr } from '../trace/parse-v2.js';
import { parseStateSlots, parseVersions } from '../trace/trace-header.js';
import type { LrSchedule, TraceDtype, TraceHyperparameter } from '../trace/types.js';
import type { ShardInfo } from '../runner/result.js';

export const BINARY_TRACE_FORMAT = 'isostep-golden/2+safetensors';

export interface BinaryParam {
  readonly name: string;
  readonly shape: readonly number[];
  /** The product of the shape. */
  readonly length: number;
}

export interface BinaryTraceCase {
  readonly name: string;
  readonly framework: string;
  readonly optimizer: string;
  readonly dtype: TraceDtype;
  readonly hyperparameters: Readonly<Record<string, TraceHyperparameter>>;
  readonly options: Readonly<Record<string, unknown>>;
  readonly params: readonly BinaryParam[];
  /** 'quadratic': the coefficients are tensors `coeffs/<param>` of the initial file (provenance only). */
  readonly gradient: 'quadratic' | 'list';
  readonly lrSchedule: LrSchedule;
  readonly steps: number;
}

export interface BinaryStep {
  readonly step: number;
  readonly lr: number | null;
  /** The safetensors file of this step, relative to the manifest's directory. */
  readonly file: string;
}

export interface BinaryTraceManifest {
  /** The manifest's path as given (names it in errors and results). */
  readonly file: string;
  readonly case: BinaryTraceCase;
  readonly versions: Readonly<Record<string, string>>;
  readonly stateSlots: readonly string[];
  readonly shard: ShardInfo | null;
  /** The safetensors file of the initial values, relative to the manifest's directory. */
  readonly initialFile: string;
  readonly steps: readonly BinaryStep[];
}

/** The tensor names of the safetensors files. Slot names hold no "/", so no two names can collide. */
export const tensorName = {
  params: (param: string) => `params/${param}`,
  grads: (param: string) => `grads/${param}`,
  state: (slot: string, param: string) => `state/${slot}/${param}`,
  coeffs: (param: string) => `coeffs/${param}`,
} as const;

/** Relative paths inside the trace's directory: no absolute path, no "..", so a trace cannot read files outside it. */
const RELATIVE_FILE = /^(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*\.safetensors$/;

/** Parses a manifest's text; `file` names it in errors. Throws TraceFormatError like the JSON reader. */
export function parseBinaryManifest(text: string, file: string): BinaryTraceManifest {
  const root = parseJsonRoot(text, file);
  requireObject(root, 'a JSON object at the top level');
  const format = child(root, 'format');
  if (format.value !== BINARY_TRACE_FORMAT) fail(format, JSON.stringify(BINARY_TRACE_FORMAT));
  return manifestFromRoot(root);
}

/** Whether parsed JSON is a binary trace's manifest (by its tag), so a caller can pick the reader. */
export function isBinaryManifest(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { format?: unknown }).format === BINARY_TRACE_FORMAT;
}

export function manifestFromValue(value: unknown, file: string): BinaryTraceManifest {
  return manifestFromRoot(rootNode(file, value));
}

function manifestFromRoot(root: JsonNode): BinaryTraceManifest {
  const c = parseCase(child(root, 'case'));
  const versions = parseVersions(child(root, 'versions'));
  const stateSlotsNode = child(root, 'state_slots');
  const stateSlots = parseStateSlots(stateSlotsNode);
  stateSlots.forEach((slot, i) => {
    if (slot.includes('/')) fail({ ...stateSlotsNode, path: `${stateSlotsNode.path}[${i}]`, value: slot }, 'a slot name without "/" (it is part of tensor names)');
  });
  const shard = parseShard(child(root, 'shard'));
  const files = new Set<string>();
  const initialFile = parseFile(child(child(root, 'initial'), 'file'), files);
  const stepsNode = child(root, 'steps');
  const expected = `an array of ${c.steps} steps (case.steps)`;
  const elements = requireArray(stepsNode, expected);
  if (elements.length !== c.steps) fail(stepsNode, expected);
  const steps = elements.map((element, index): BinaryStep => {
    requireObject(element, 'a step object {step, lr, file}');
    const stepNode = child(element, 'step');
    if (stepNode.value !== index + 1) fail(stepNode, `${index + 1} (steps are numbered from 1 in order)`);
    return Object.freeze({ step: index + 1, lr: parseStepLr(child(element, 'lr'), c.lrSchedule), file: parseFile(child(element, 'file'), files) });
  });
  return Object.freeze({ file: root.file, case: c, versions, stateSlots, shard, initialFile, steps: Object.freeze(steps) });
}

function parseCase(node: JsonNode): BinaryTraceCase {
  requireObject(node);
  const framework = parseFramework(child(node, 'framework'));
  const dtype = parseDtype(child(node, 'dtype'), framework);
  const paramsNode = child(node, 'params');
  const wanted = 'a non-empty array of parameters {name, shape} (values are in the safetensors files)';
  const elements = requireArray(paramsNode, wanted);
  if (elements.length === 0) fail(paramsNode, wanted);
  const names = new Set<string>();
  const params = elements.map((element): BinaryParam => {
    requireObject(element, 'a parameter object {name, shape}');
    const nameNode = child(element, 'name');
    const name = requireString(nameNode, 'a non-empty parameter name');
    if (name === '') fail(nameNode, 'a non-empty parameter name');
    if (names.has(name)) fail(nameNode, 'a parameter name not listed before', `the duplicate ${JSON.stringify(name)}`);
    names.add(name);
    // A JSON "init" here would be a second, unchecked copy of the initial values.
    if (child(element, 'init').value !== undefined) fail(child(element, 'init'), 'no key (initial values are tensors params/<name> of the initial file)');
    const shape = parseShape(child(element, 'shape'));
    return Object.freeze({ name, shape, length: shape.reduce((n, d) => n * d, 1) });
  });
  const kind = child(child(node, 'gradient'), 'kind');
  if (kind.value !== 'quadratic' && kind.value !== 'list') fail(kind, '"quadratic" (coefficients are tensors coeffs/<param> of the initial file) or "list"');
  return Object.freeze({
    name: parseCaseName(child(node, 'name')),
    framework,
    optimizer: parseOptimizer(child(node, 'optimizer')),
    dtype,
    hyperparameters: parseHyperparameters(child(node, 'hyperparameters')),
    options: parseOptions(child(node, 'options')),
    params: Object.freeze(params),
    gradient: kind.value,
    lrSchedule: parseLrSchedule(child(node, 'lr_schedule')),
    steps: parseStepCount(child(node, 'steps')),
  });
}

function parseShard(node: JsonNode): ShardInfo | null {
  if (node.value === undefined) return null;
  requireObject(node, 'an object {rank, world_size} (or no key)');
  const sizeNode = child(node, 'world_size');
  const rankNode = child(node, 'rank');
  const worldSize = sizeNode.value;
  if (typeof worldSize !== 'number' || !Number.isSafeInteger(worldSize) || worldSize < 1) fail(sizeNode, 'a positive integer (the number of ranks)');
  const rank = rankNode.value;
  if (typeof rank !== 'number' || !Number.isSafeInteger(rank) || rank < 0 || rank >= worldSize) fail(rankNode, `an integer from 0 to ${worldSize - 1} (world_size - 1)`);
  return Object.freeze({ rank, worldSize });
}

function parseFile(node: JsonNode, seen: Set<string>): string {
  const path = requireString(node, 'a relative path to a .safetensors file');
  if (!RELATIVE_FILE.test(path)) fail(node, 'a relative path of [A-Za-z0-9_.-] segments ending in .safetensors, without ".." (inside the trace\'s directory)');
  // Each file holds one step's tensors under fixed names: two steps in one file would be one step twice.
  if (seen.has(path)) fail(node, 'a file not named before (one file per step)', `the duplicate ${JSON.stringify(path)}`);
  seen.add(path);
  return path;
}
