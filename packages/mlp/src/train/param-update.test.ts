/**
 * `bindOptimizer` steps both shapes of the spec's contract the same way: a resident optimizer (its own
 * copy of the params, read back after each step) must leave the MLP's params exactly where the sync
 * optimizer it wraps leaves them in place.
 */
import { ReferenceOptimizer } from '@isostep/reference-cpu';
import { fromPreset, type NamedTensors, type OptimizerState, type ResidentOptimizer, type ResidentSnapshot } from '@isostep/spec';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../data/random.js';
import { Mlp } from '../mlp/mlp.js';
import { bindOptimizer, isResident } from './param-update.js';

const copy = (m: NamedTensors) => new Map([...m].map(([n, t]) => [n, Float32Array.from(t)]));

/** A resident optimizer over the exact reference: params live here, not in the caller's arrays. */
class ResidentReference implements ResidentOptimizer {
  private readonly inner: ReferenceOptimizer;
  private params = new Map<string, Float32Array>();
  private state: OptimizerState | null = null;
  reads = 0;

  constructor(readonly spec: ReturnType<typeof fromPreset>) {
    this.inner = new ReferenceOptimizer(spec, { dtype: 'float32' });
  }

  load(params: NamedTensors): void {
    this.params = copy(params);
    this.state = this.inner.init(this.params);
  }

  step(grads: NamedTensors): void {
    this.inner.step(this.params, grads, this.state!);
  }

  async read(): Promise<ResidentSnapshot> {
    this.reads++;
    return { params: copy(this.params), state: this.state! };
  }

  dispose(): void {}
}

describe('bindOptimizer', () => {
  it('steps a resident optimizer to the same bits as the sync one, reading the params back every step', async () => {
    const spec = fromPreset('rmsprop', 'keras3', { lr: 0.01, momentum: 0.5 });
    const sizes = [12, 6, 3];
    const sync = Mlp.create(sizes, 3);
    const resident = Mlp.create(sizes, 3);
    const sharedInit = copy(sync.params);
    const optimizer = new ResidentReference(spec);
    expect(isResident(optimizer)).toBe(true);
    const updateSync = await bindOptimizer(new ReferenceOptimizer(spec, { dtype: 'float32' }), sync.params);
    const updateResident = await bindOptimizer(optimizer, resident.params);
    const random = createRandom(11);
    for (let step = 0; step < 4; step++) {
      const x = Float32Array.from({ length: 5 * 12 }, () => random.nextFloat64());
      const y = [0, 1, 2, 1, 0];
      sync.lossAndGradients(x, 5, y);
      resident.lossAndGradients(x, 5, y);
      await updateSync(sync.params, sync.gradients);
      await updateResident(resident.params, resident.gradients);
    }
    expect(optimizer.reads).toBe(4);
    for (const [name, p] of sync.params) expect(resident.params.get(name), name).toEqual(p);
    expect(sync.params.get('layer0.weight')).not.toEqual(sharedInit.get('layer0.weight'));
  });
});
