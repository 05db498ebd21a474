/**
 * Recording one of Isostep's own optimizers (the `Optimizer` contract: `ReferenceOptimizer`,
 * `FastOptimizer`, …) into an `isostep-golden/2` trace. The trace names the preset directly (framework
 * `isostep`, `options.preset`) with the config fields that differ from the preset's defaults, under the
 * spec's field names, so it means exactly the spec the optimizer ran, whatever framework names it was made from.
 */
import { frameworkSlotName, type NamedTensors, type Optimizer, type OptimizerState, type StepOptions } from '@isostep/spec';
import { TraceRecorder } from './trace-recorder.js';

export interface OptimizerRecordOptions {
  readonly name: string;
  readonly steps?: number;
  /** Versions to record (the package versions, the runtime). */
  readonly versions: Readonly<Record<string, string>>;
  /** Each parameter's shape (default: flat). */
  readonly shapes?: Readonly<Record<string, readonly number[]>>;
}

export interface RecordingOptimizer {
  /** `optimizer.step(...)`, recorded. */
  step(params: NamedTensors, grads: NamedTensors, state: OptimizerState, options?: StepOptions): void;
  readonly recorder: TraceRecorder;
}

/**
 * The config as overrides of the preset's defaults: the fields that differ. The format's hyperparameters
 * are numbers and booleans, so a flag with a string value (`epsPlacement`) can only be the preset's own.
 */
function presetOverrides(config: Record<string, unknown>, defaults: Record<string, unknown>, preset: string): Record<string, number | boolean> {
  const out: Record<string, number | boolean> = {};
  for (const [k, v] of Object.entries(config)) {
    if (Object.is(v, defaults[k])) continue;
    if (typeof v !== 'number' && typeof v !== 'boolean') {
      throw new TypeError(`recordOptimizer: ${k} = ${JSON.stringify(v)} differs from preset ${preset}'s ${JSON.stringify(defaults[k])} and a trace's hyperparameters hold numbers and booleans only`);
    }
    out[k] = v;
  }
  return out;
}

export function recordOptimizer(optimizer: Optimizer, options: OptimizerRecordOptions): RecordingOptimizer {
  const { spec } = optimizer;
  if (spec.preset === null) throw new TypeError('recordOptimizer: a custom config has no preset to name; make the optimizer from a preset or framework arguments');
  const { name: preset, defaults } = spec.preset;
  let recorder: TraceRecorder | null = null;
  const slotName = (s: string) => frameworkSlotName(spec, s);
  return {
    get recorder(): TraceRecorder {
      if (recorder === null) throw new Error('recordOptimizer: no step recorded yet');
      return recorder;
    },
    step(params, grads, state, stepOptions) {
      if (recorder?.done) return optimizer.step(params, grads, state, stepOptions);
      const names = [...params.keys()];
      const copy = (t: ArrayLike<number>) => Array.from(t);
      if (recorder === null) {
        const dtype = params.get(names[0]!) instanceof Float64Array ? 'float64' : 'float32';
        recorder = new TraceRecorder(
          {
            name: options.name,
            framework: 'isostep',
            optimizer: spec.optimizer.name,
            dtype,
            hyperparameters: presetOverrides(spec.config as unknown as Record<string, unknown>, defaults as unknown as Record<string, unknown>, preset),
            options: { preset },
            versions: options.versions,
            lrSchedule: 'recorded',
          },
          names.map((n) => ({ name: n, shape: options.shapes?.[n] ?? [params.get(n)!.length], init: copy(params.get(n)!) })),
          state.slots.map(slotName),
          Object.fromEntries(names.map((n) => [n, Object.fromEntries(state.slots.map((s) => [slotName(s), copy(state.tensors.get(n)![s]!)]))])),
          options.steps,
        );
      }
      const g = Object.fromEntries(names.map((n) => [n, copy(grads.get(n)!)]));
      optimizer.step(params, grads, state, stepOptions);
      recorder.addStep({
        lr: stepOptions?.lr ?? spec.config.lr,
        grads: g,
        params: Object.fromEntries(names.map((n) => [n, params.get(n)!])),
        state: Object.fromEntries(names.map((n) => [n, Object.fromEntries(state.slots.map((s) => [slotName(s), state.tensors.get(n)![s]!]))])),
      });
    },
  };
}
