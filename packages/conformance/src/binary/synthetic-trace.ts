/**
 * A generated binary trace of any size (Node), for the bench and the bounded-memory test: torch's
 * RMSprop (float32) over named tensors of the given shapes, pseudo-random gradients, a StepLR-like
 * recorded learning rate (halved every 3 steps). The expected values come from the fast CPU path, which
 * is bit-identical to the exact reference, one step at a time, written step by step: the generator holds
 * one model state, never the whole run.
 *
 * It proves nothing about torch (nothing here ran torch); it exists to measure and test how the runner
 * streams a trace too large for JSON.
 */
import { fromFrameworkArgs, frameworkSlotName, type Tensor } from '@isostep/spec';
import { createFastOptimizer } from '@isostep/reference-cpu/node';
import { BinaryTraceWriter } from './binary-trace-writer.js';

export interface SyntheticTraceOptions {
  readonly params: readonly { readonly name: string; readonly shape: readonly number[] }[];
  readonly steps: number;
  /** torch RMSprop arguments; default { lr: 0.01, alpha: 0.99 } (one slot, square_avg). */
  readonly hyperparameters?: Readonly<Record<string, number | boolean>>;
  readonly seed?: number;
}

/** Writes the trace under `dir`; returns the manifest's path. */
export async function writeSyntheticBinaryTrace(dir: string, o: SyntheticTraceOptions): Promise<string> {
  const hyperparameters = o.hyperparameters ?? { lr: 0.01, alpha: 0.99 };
  const spec = fromFrameworkArgs('torch', 'rmsprop', hyperparameters, {});
  const opt = await createFastOptimizer(spec, { dtype: 'float32', threads: 1 });
  let seed = (o.seed ?? 1) >>> 0 || 1;
  // xorshift32: reproducible values spread over many binades, the sign random.
  const random = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 2 ** 32;
  };
  const fill = (t: Tensor, scale: number) => {
    for (let i = 0; i < t.length; i++) t[i] = Math.fround((random() - 0.5) * scale * 2 ** (-8 * random()));
  };
  const params = new Map<string, Tensor>();
  const grads = new Map<string, Tensor>();
  for (const p of o.params) {
    const n = p.shape.reduce((a, d) => a * d, 1);
    const t = opt.allocate(n);
    fill(t, 1);
    params.set(p.name, t);
    grads.set(p.name, opt.allocate(n));
  }
  const state = opt.init(params);
  const slots = spec.program.slots.map((s) => ({ spec: s, framework: frameworkSlotName(spec, s) }));
  const stateValues = () =>
    new Map([...params.keys()].map((name) => [name, Object.fromEntries(slots.map((s) => [s.framework, state.tensors.get(name)![s.spec]! as Float32Array]))]));
  const writer = new BinaryTraceWriter(dir, {
    name: 'synthetic_torch_rmsprop',
    framework: 'torch',
    optimizer: 'rmsprop',
    dtype: 'float32',
    hyperparameters,
    params: o.params,
    lrSchedule: 'recorded',
    versions: { generator: '@isostep/conformance writeSyntheticBinaryTrace (fast CPU path, not torch)' },
    stateSlots: slots.map((s) => s.framework),
  });
  const asF32 = (m: Map<string, Tensor>) => m as Map<string, Float32Array>;
  await writer.writeInitial({ params: asF32(params), state: stateValues() });
  const baseLr = spec.config.lr;
  for (let k = 0; k < o.steps; k++) {
    for (const g of grads.values()) fill(g, 0.1);
    const lr = baseLr * 0.5 ** Math.floor(k / 3);
    opt.step(params, grads, state, { lr });
    await writer.writeStep(lr, { grads: asF32(grads), params: asF32(params), state: stateValues() });
  }
  opt.dispose();
  return writer.finish();
}
