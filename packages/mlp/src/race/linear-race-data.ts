/**
 * The data of the linear race: inputs and targets of a bias-free Linear 20→20, either drawn from a seeded
 * generator or given (a JSON document the CLI reads from a file). Browser-safe.
 *
 * Generated data: every input and every entry of a "true" weight matrix W* is a standard normal (Box–Muller
 * over the project's seeded PRNG, rounded to float32), targets are x·W*ᵀ in float32; so MSE can reach 0
 * and L1 too, and the race is about how fast each optimizer gets there.
 */
import { createRandom, type Random } from '../data/random.js';

export const LINEAR_FEATURES = 20;
export const LINEAR_DEFAULT_COUNT = 100;
/** A bound on the examples of a data file or --count (the race runs full-batch: each step reads them all). */
export const MAX_LINEAR_COUNT = 1 << 20;

export interface LinearRaceData {
  /** count × 20, row-major. */
  readonly inputs: Float32Array;
  /** count × 20, row-major. */
  readonly targets: Float32Array;
  readonly count: number;
}

/** A data document that does not hold `count` rows of 20 finite numbers for both inputs and targets. */
export class LinearRaceDataError extends Error {
  override readonly name = 'LinearRaceDataError';
  constructor(
    readonly jsonPath: string,
    detail: string,
  ) {
    super(`${jsonPath}: ${detail}`);
  }
}

function normal(random: Random): number {
  // Box–Muller; 1 − u keeps the logarithm's argument in (0, 1].
  const u = 1 - random.nextFloat64();
  const v = random.nextFloat64();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export function generateLinearRaceData(seed: number, count = LINEAR_DEFAULT_COUNT): LinearRaceData {
  const random = createRandom(seed);
  const n = LINEAR_FEATURES;
  const truth = Float32Array.from({ length: n * n }, () => normal(random));
  const inputs = Float32Array.from({ length: count * n }, () => normal(random));
  const targets = new Float32Array(count * n);
  for (let b = 0; b < count; b++) {
    for (let o = 0; o < n; o++) {
      let s = 0;
      for (let k = 0; k < n; k++) s = Math.fround(s + inputs[b * n + k]! * truth[o * n + k]!);
      targets[b * n + o] = s;
    }
  }
  return { inputs, targets, count };
}

/**
 * Data from a parsed JSON document `{"inputs": [[20 numbers], …], "targets": [[20 numbers], …]}` (as many
 * target rows as input rows), each number rounded to float32. Anything else is refused naming the JSON path.
 */
export function linearRaceDataFromJson(doc: unknown): LinearRaceData {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new LinearRaceDataError('$', 'expected an object with "inputs" and "targets"');
  const o = doc as Record<string, unknown>;
  const inputs = rows(o.inputs, '$.inputs');
  const targets = rows(o.targets, '$.targets');
  if (targets.length !== inputs.length) {
    throw new LinearRaceDataError('$.targets', `expected ${inputs.length / LINEAR_FEATURES} rows (one per input row), found ${targets.length / LINEAR_FEATURES}`);
  }
  return { inputs, targets, count: inputs.length / LINEAR_FEATURES };
}

function rows(value: unknown, path: string): Float32Array {
  if (!Array.isArray(value) || value.length === 0) throw new LinearRaceDataError(path, 'expected a non-empty array of rows');
  if (value.length > MAX_LINEAR_COUNT) throw new LinearRaceDataError(path, `${value.length} rows, above the limit of ${MAX_LINEAR_COUNT}`);
  const out = new Float32Array(value.length * LINEAR_FEATURES);
  value.forEach((row: unknown, i) => {
    if (!Array.isArray(row) || row.length !== LINEAR_FEATURES) {
      throw new LinearRaceDataError(`${path}[${i}]`, `expected an array of ${LINEAR_FEATURES} numbers`);
    }
    row.forEach((x: unknown, j) => {
      if (typeof x !== 'number' || !Number.isFinite(x) || !Number.isFinite(Math.fround(x))) {
        throw new LinearRaceDataError(`${path}[${i}][${j}]`, `expected a finite float32 number, found ${JSON.stringify(x)}`);
      }
      out[i * LINEAR_FEATURES + j] = x;
    });
  });
  return out;
}
