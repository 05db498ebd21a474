/**
 * Where an epoch's time goes (a developer tool, not part of `pnpm bench`): MNIST epochs of the arena MLP
 * 784-128-10, batch 64, with the fast torch-preset RMSprop (the `pnpm bench` epoch row's setup), timing
 * each dense product by layer shape and the optimizer step; the rest of an epoch is the MLP's and the
 * training loop's JS. Run from the repository root:
 *   node --conditions=source --import tsx packages/mlp/src/bench/profile-epoch.ts [epochs]
 */
import { createFastOptimizer } from '@isostep/reference-cpu/node';
import { rmsprop } from '@isostep/spec';
import { ArenaDenseOps } from '../arena/arena-dense-ops.js';
import { loadMnist } from '../data/load-mnist.js';
import { mnistDataDir } from '../data/mnist-location.js';
import { createRandom } from '../data/random.js';
import { Mlp } from '../mlp/mlp.js';
import { trainEpoch } from '../train/train-loop.js';

const totals = new Map<string, { ms: number; calls: number }>();

/** Wraps target[method] to add its wall time to totals under label(args). */
function timed(target: object, method: string, label: (args: unknown[]) => string): void {
  const t = target as Record<string, (...a: unknown[]) => unknown>;
  const original = t[method]!;
  t[method] = function (this: unknown, ...args: unknown[]) {
    const start = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      const key = label(args);
      const e = totals.get(key) ?? { ms: 0, calls: 0 };
      e.ms += performance.now() - start;
      e.calls += 1;
      totals.set(key, e);
    }
  };
}

const optimizer = await createFastOptimizer(rmsprop('torch'), { dtype: 'float32' });
const data = loadMnist(mnistDataDir(), { test: 1 }).train;
const proto = ArenaDenseOps.prototype;
timed(proto, 'forward', (a) => `forward ${String(a[2])}→${String(a[5])}`);
timed(proto, 'paramGrad', (a) => `paramGrad ${String(a[2])}×${String(a[4])}`);
timed(proto, 'inputGrad', (a) => `inputGrad ${String(a[2])}→${String(a[4])}`);
timed(optimizer, 'step', () => 'optimizer.step');
const epochs = Number(process.argv[2] ?? 3);
for (let epoch = 0; epoch < epochs; epoch++) {
  totals.clear();
  const mlp = Mlp.create([784, 128, 10], 0, { ops: new ArenaDenseOps(optimizer.arena!) });
  const state = optimizer.init(mlp.params);
  const started = performance.now();
  trainEpoch({ mlp, optimizer, state, data, batchSize: 64, shuffle: createRandom(1) });
  const total = performance.now() - started;
  mlp.dispose();
  const steps = totals.get('optimizer.step')?.calls ?? 1;
  let timedMs = 0;
  console.log(`epoch ${epoch}: ${(total / 1000).toFixed(3)} s, ${((1000 * total) / steps).toFixed(0)} µs per step`);
  for (const [k, v] of [...totals].sort()) {
    timedMs += v.ms;
    console.log(`  ${k.padEnd(20)} ${v.ms.toFixed(0).padStart(6)} ms  ${((1000 * v.ms) / v.calls).toFixed(1).padStart(7)} µs/call`);
  }
  console.log(`  ${'rest (JS)'.padEnd(20)} ${(total - timedMs).toFixed(0).padStart(6)} ms  ${((1000 * (total - timedMs)) / steps).toFixed(1).padStart(7)} µs/step`);
}
optimizer.dispose();
process.exit(0);
