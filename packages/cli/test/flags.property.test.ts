/**
 * CLI flags through the CLI's own option parsing in-process (`parseTrainOptions`, the comma-list parser
 * of conform, the --export check) under 10,000 generated command lines mixing valid and invalid values of
 * every flag: each is accepted (every number finite, every size within its limit, the config valid in
 * float32) or refused with the typed error of its parser naming the flag.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_LAYER_SIZE, MAX_PARAMETERS, TrainOptionError, parseTrainOptions, type RawTrainOptions } from '@isostep/mlp';
import { checkConfigInDtype } from '@isostep/spec';
import { InvalidArgumentError } from 'commander';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listOf } from '../src/commands/list-option.js';
import { OutputFileError, checkOutputFile } from '../src/shared/output-file.js';

const RUNS = 10_000;
const dir = mkdtempSync(join(tmpdir(), 'isostep-flags-'));
writeFileSync(join(dir, 'file'), '');

/** Mostly valid values (so that whole command lines are often valid), sometimes hostile ones. */
const mix = <T>(valid: fc.Arbitrary<T>, hostile: fc.Arbitrary<T>) => fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: hostile });

const number = mix(
  fc.constantFrom('0.001', '1e-3', '.5', '0', '0.9', '0.5', '1e-8', '+0.1'),
  fc.oneof(
    fc.constantFrom('-1', '1.5', '2', '0x10', '0b1', '1e-50', '1e300', '1e400', 'NaN', 'Infinity', '-0', '', ' ', '1_0', 'fast', '1e', '+.5e-2', '\u0661'),
    fc.double({ noNaN: true }).map(String),
  ),
);
const count = (valid: string[]) =>
  mix(fc.constantFrom(...valid), fc.oneof(fc.constantFrom('0', '-3', '1.5', '65537', '100000000', '9007199254740993', 'x', '', '0x10', ' 1'), fc.nat().map(String)));
const layers = mix(
  fc.oneof(fc.constantFrom('784-128-10', '784-10'), fc.array(fc.integer({ min: 1, max: 5000 }), { maxLength: 3 }).map((hidden) => ['784', ...hidden.map(String), '10'].join('-'))),
  fc.constantFrom('784-abc-10', '784-128-11', '784', '784--10', '784-100000000000-10', '784-100000-100000-10', `784-${MAX_LAYER_SIZE}-10`, ' 784-10 ', '784-0-10'),
);
const flags = fc.record(
  {
    data: mix(fc.constant('mnist'), fc.constantFrom('cifar', 'MNIST', 'constructor')),
    layers,
    optimizer: mix(fc.constant('rmsprop'), fc.constantFrom('adam', 'sgd', 'toString', 'RMSprop', 'nadam')),
    preset: mix(fc.constantFrom('torch', 'keras3', 'tf1', 'tfjs', 'optax', 'timm-tf'), fc.constantFrom('pytorch', 'constructor', 'keras')),
    epochs: count(['1', '2', '5']),
    batch: count(['1', '64', '128', '65536']),
    backend: mix(fc.constantFrom('cpu', 'tfjs', 'webgpu'), fc.constantFrom('cuda', '__proto__')),
    tfjsBackend: mix(fc.constantFrom('wasm', 'cpu'), fc.constantFrom('webgl', 'hasOwnProperty')),
    seed: count(['0', '1', '4294967295']),
    lr: number,
    rho: number,
    eps: number,
    momentum: number,
    export: fc.constantFrom('model.onnx', join(dir, 'm.onnx'), join(dir, 'missing', 'm.onnx'), dir, join(dir, 'file', 'm.onnx'), ''),
    limitTrain: count(['1', '1000']),
    limitTest: count(['1', '1000']),
  },
  { requiredKeys: ['data', 'layers', 'optimizer', 'preset', 'epochs', 'batch', 'backend', 'seed'] },
);
const FLAG_OF: Record<string, string> = { tfjsBackend: '--tfjs-backend', limitTrain: '--limit-train', limitTest: '--limit-test' };
const flagOf = (key: string) => FLAG_OF[key] ?? `--${key}`;

describe('CLI flags: accepted within every limit, or refused naming the flag', () => {
  it(`isostep train's options, ${RUNS} generated command lines`, () => {
    let accepted = 0;
    fc.assert(
      fc.property(flags, (raw) => {
        const given = Object.keys(raw).map(flagOf);
        try {
          const o = parseTrainOptions(raw as RawTrainOptions);
          for (const [k, v] of Object.entries(o.overrides)) {
            expect(Number.isFinite(v), k).toBe(true);
            expect(raw[k as 'lr']).toMatch(/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/);
          }
          expect(o.layers.every((s) => s >= 1 && s <= MAX_LAYER_SIZE)).toBe(true);
          expect(o.batch * Math.max(...o.layers)).toBeLessThanOrEqual(MAX_PARAMETERS);
          expect(() => checkConfigInDtype(o.spec, 'float32')).not.toThrow();
          accepted++;
        } catch (e) {
          if (e instanceof Error && e.name === 'AssertionError') throw e;
          expect(e).toBeInstanceOf(TrainOptionError);
          expect(given).toContain((e as TrainOptionError).option);
          expect((e as Error).message.startsWith(`${(e as TrainOptionError).option}: `)).toBe(true);
        }
        if (raw.export !== undefined) {
          try {
            checkOutputFile(raw.export, '--export');
          } catch (e) {
            expect(e).toBeInstanceOf(OutputFileError);
            expect((e as OutputFileError).option).toBe('--export');
          }
        }
      }),
      { numRuns: RUNS },
    );
    expect(accepted).toBeGreaterThan(RUNS / 100);
  });

  it(`conform's comma lists (--backend, --mode), ${RUNS} generated values`, () => {
    const parse = listOf(['cpu-f32', 'cpu-f64', 'cpu-fast'] as const, 'backend');
    fc.assert(
      fc.property(fc.array(fc.constantFrom('cpu-f32', 'cpu-f64', 'cpu-fast', 'CPU-F32', 'toString', '', ' ', 'gpu'), { maxLength: 4 }).map((a) => a.join(',')), (value) => {
        try {
          const items = parse(value);
          expect(items.length).toBeGreaterThan(0);
          for (const item of items) expect(['cpu-f32', 'cpu-f64', 'cpu-fast']).toContain(item);
        } catch (e) {
          expect(e).toBeInstanceOf(InvalidArgumentError);
          expect((e as Error).message).toMatch(/backend/);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
