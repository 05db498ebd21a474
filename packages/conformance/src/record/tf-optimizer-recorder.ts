/**
 * Recording a TF.js `tf.train` optimizer (`tf.train.rmsprop`, `adam`, `sgd`, `momentum`, `adagrad`,
 * `adadelta`) into an `isostep-golden/2` trace, so a JS run can be compared with any other backend through
 * a file. TF.js is not imported: the optimizer and the variables are taken by what they do (duck typing),
 * so this package stays light and browser-safe.
 *
 * The optimizer's hyperparameters come from its `getConfig()` (TF.js's own names: `learningRate`, `decay`,
 * …), the lr of each step from its `learningRate` field before the step (a schedule sets that field), the
 * slots from `getWeights()` (`<variable>/rms`, `/m`, …) after each step. TF.js creates its slots on the
 * first step, so the state before it is the spec's initial value for each slot (zeros, or Adagrad's
 * `initialAccumulatorValue`).
 */
import { frameworkSlotName, fromFrameworkArgs } from '@isostep/spec';
import { TraceRecorder } from './trace-recorder.js';

/** What the recorder reads of a TF.js tensor or variable. */
export interface TensorLike {
  readonly shape: readonly number[];
  dataSync(): ArrayLike<number>;
}

/** What the recorder uses of a `tf.train` optimizer. */
export interface TfOptimizerLike {
  applyGradients(grads: Record<string, TensorLike>): void;
  getWeights(): Promise<{ name: string; tensor: TensorLike }[]>;
  getConfig?(): Record<string, unknown>;
  learningRate?: number;
  /** `getClassName()` / the class's static `className`: 'RMSProp', 'Adam', … */
  getClassName?(): string;
}

/** TF.js class names → the spec's optimizer (tf.train.momentum is SGD with momentum). */
const OPTIMIZER_BY_CLASS: Readonly<Record<string, string>> = { RMSProp: 'rmsprop', Adam: 'adam', SGD: 'sgd', Momentum: 'sgd', Adagrad: 'adagrad', Adadelta: 'adadelta' };

export interface TfRecordOptions {
  /** The case name, `[a-z0-9_.-]+`. */
  readonly name: string;
  /** Stop recording after this many steps (training goes on unrecorded). */
  readonly steps?: number;
  /** The spec's optimizer name, when the class name does not say (a subclass). */
  readonly optimizer?: string;
  /** Overrides `getConfig()`: the TF.js argument names and values. */
  readonly hyperparameters?: Readonly<Record<string, number | boolean | null>>;
  /** Versions to record, e.g. `{ tfjs: tf.version.tfjs, backend: tf.getBackend() }`. */
  readonly versions: Readonly<Record<string, string>>;
}

export interface RecordingTfOptimizer {
  /** `optimizer.applyGradients(grads)`, recorded. Async: the slots are read with `getWeights()`. */
  applyGradients(grads: Record<string, TensorLike>): Promise<void>;
  readonly recorder: TraceRecorder;
}

/**
 * Wraps `optimizer` over `variables` (by the variable names the gradients are keyed by, which are also
 * the trace's parameter names, in this order). Call `applyGradients` on the wrapper instead of the optimizer.
 */
export function recordTfOptimizer(optimizer: TfOptimizerLike, variables: Readonly<Record<string, TensorLike>>, options: TfRecordOptions): RecordingTfOptimizer {
  const className = optimizer.getClassName?.() ?? (optimizer.constructor as { className?: string }).className ?? optimizer.constructor.name;
  const specName = options.optimizer ?? OPTIMIZER_BY_CLASS[className];
  if (specName === undefined) throw new TypeError(`recordTfOptimizer: ${className} is not one of ${Object.keys(OPTIMIZER_BY_CLASS).join(', ')}; pass options.optimizer`);
  const hyperparameters = (options.hyperparameters ?? optimizer.getConfig?.() ?? {}) as Record<string, number | boolean | null>;
  // The spec for these arguments: its slots' initial values stand for the slots TF.js has not made yet.
  const spec = fromFrameworkArgs('tfjs', specName, hyperparameters);
  const names = Object.keys(variables);
  const read = (t: TensorLike) => Float32Array.from(t.dataSync());
  let recorder: TraceRecorder | null = null;
  const initParams = new Map(names.map((n) => [n, read(variables[n]!)]));

  /** The optimizer's slots per variable, from `getWeights()` names `<variable>/<slot>`. */
  const slotsNow = async (): Promise<Map<string, Map<string, Float32Array>>> => {
    const out = new Map(names.map((n) => [n, new Map<string, Float32Array>()]));
    for (const w of await optimizer.getWeights()) {
      const cut = w.name.lastIndexOf('/');
      const owner = out.get(w.name.slice(0, cut));
      if (cut > 0 && owner) owner.set(w.name.slice(cut + 1), read(w.tensor));
    }
    return out;
  };

  const wrapper = {
    get recorder(): TraceRecorder {
      if (recorder === null) throw new Error('recordTfOptimizer: no step recorded yet');
      return recorder;
    },
    async applyGradients(grads: Record<string, TensorLike>): Promise<void> {
      if (recorder?.done) {
        optimizer.applyGradients(grads);
        return;
      }
      const before = await slotsNow();
      const lr = optimizer.learningRate;
      const g = Object.fromEntries(names.map((n) => {
        if (!grads[n]) throw new TypeError(`recordTfOptimizer: no gradient for variable ${n}`);
        return [n, read(grads[n]!)];
      }));
      optimizer.applyGradients(grads);
      const after = await slotsNow();
      const slots = [...after.get(names[0]!)!.keys()].sort();
      if (recorder === null) {
        const initial: Record<string, Record<string, Float32Array>> = {};
        for (const n of names) {
          initial[n] = {};
          for (const s of slots) {
            const specSlot = spec.program.slots.find((x) => frameworkSlotName(spec, x) === s);
            const have = before.get(n)!.get(s);
            if (have === undefined && specSlot === undefined) throw new TypeError(`recordTfOptimizer: slot ${s} of ${n} is not one the spec knows for tfjs ${specName}`);
            initial[n][s] = have ?? new Float32Array(initParams.get(n)!.length).fill(spec.program.initialValue(specSlot!));
          }
        }
        recorder = new TraceRecorder(
          {
            name: options.name,
            framework: 'tfjs',
            optimizer: specName,
            dtype: 'float32',
            hyperparameters,
            versions: options.versions,
            lrSchedule: typeof lr === 'number' ? 'recorded' : 'constant',
          },
          names.map((n) => ({ name: n, shape: variables[n]!.shape, init: initParams.get(n)! })),
          slots,
          initial,
          options.steps,
        );
      }
      recorder.addStep({
        ...(typeof lr === 'number' ? { lr } : {}),
        grads: g,
        params: Object.fromEntries(names.map((n) => [n, read(variables[n]!)])),
        state: Object.fromEntries(names.map((n) => [n, Object.fromEntries(slots.map((s) => [s, after.get(n)!.get(s)!]))])),
      });
    },
  };
  return wrapper;
}
