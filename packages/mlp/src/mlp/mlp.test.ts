import { describe, expect, it } from 'vitest';
import { createRandom } from '../data/random.js';
import { DenseScratch, denseForward } from './dense-kernels.js';
import { initMlpParams } from './init.js';
import { parseLayerSizes } from './layer-sizes.js';
import { Mlp } from './mlp.js';
import type { LossKind } from './losses.js';

const EPS32 = 2 ** -24; // unit roundoff of float32

/** An independent float64 oracle: naive forward + loss, written from the definitions, no shared code. */
function lossF64(sizes: number[], params: Map<string, Float64Array>, x: Float64Array, batch: number, target: ArrayLike<number>, loss: LossKind): number {
  let h = Array.from(x);
  for (let l = 0; l + 1 < sizes.length; l++) {
    const [inF, outF] = [sizes[l]!, sizes[l + 1]!];
    const w = params.get(`layer${l}.weight`)!;
    const b = params.get(`layer${l}.bias`)!;
    const next: number[] = [];
    for (let r = 0; r < batch; r++) {
      for (let o = 0; o < outF; o++) {
        let s = b[o]!;
        for (let k = 0; k < inF; k++) s += h[r * inF + k]! * w[o * inF + k]!;
        next.push(l + 2 < sizes.length ? Math.max(0, s) : s);
      }
    }
    h = next;
  }
  const out = sizes[sizes.length - 1]!;
  let total = 0;
  for (let r = 0; r < batch; r++) {
    if (loss === 'cross-entropy') {
      const z = h.slice(r * out, r * out + out);
      const lse = Math.log(z.reduce((s, v) => s + Math.exp(v), 0));
      total += lse - z[target[r]!]!;
    } else {
      for (let o = 0; o < out; o++) {
        const d = h[r * out + o]! - target[r * out + o]!;
        total += loss === 'mse' ? d * d : Math.abs(d);
      }
    }
  }
  return loss === 'cross-entropy' ? total / batch : total / (batch * out);
}

function randomArray(n: number, seed: number, scale = 1): Float32Array {
  const r = createRandom(seed);
  return Float32Array.from({ length: n }, () => (2 * r.nextFloat64() - 1) * scale);
}

describe('parseLayerSizes', () => {
  it('parses sizes and names the bad part', () => {
    expect(parseLayerSizes('784-128-10')).toEqual([784, 128, 10]);
    expect(() => parseLayerSizes('784')).toThrow(/at least two/);
    expect(() => parseLayerSizes('784-x-10')).toThrow(/size 2 \("x"\)/);
    expect(() => parseLayerSizes('784-0-10')).toThrow(/size 2/);
    expect(() => parseLayerSizes('784--10')).toThrow(/size 2/);
  });
});

describe('initMlpParams', () => {
  it('draws U(−1/√fan_in, 1/√fan_in) weights and biases, deterministic per seed', () => {
    const params = initMlpParams([400, 300, 10], createRandom(0));
    const w = params.get('layer0.weight')!;
    const bound = 1 / 20;
    expect(w.length).toBe(300 * 400);
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(bound);
    // U(−a, a): mean 0, variance a²/3. 120000 draws: sd of the mean a/√(3·120000) ≈ 8e-5.
    const mean = w.reduce((s, v) => s + v, 0) / w.length;
    const variance = w.reduce((s, v) => s + v * v, 0) / w.length;
    expect(Math.abs(mean)).toBeLessThan(5e-4);
    expect(variance / (bound * bound / 3)).toBeCloseTo(1, 1);
    expect(Math.max(...params.get('layer1.bias')!.map(Math.abs))).toBeLessThanOrEqual(1 / Math.sqrt(300));
    expect(initMlpParams([400, 300, 10], createRandom(0)).get('layer1.weight')).toEqual(params.get('layer1.weight'));
    expect(initMlpParams([400, 300, 10], createRandom(1)).get('layer1.weight')).not.toEqual(params.get('layer1.weight'));
  });
});

describe('denseForward', () => {
  it('equals a plain float32 dot product in k order, bit for bit, with zero inputs skipped', () => {
    const [batch, inF, outF] = [5, 37, 11];
    const x = randomArray(batch * inF, 1);
    for (let i = 0; i < x.length; i += 3) x[i] = 0;
    const w = randomArray(outF * inF, 2);
    const bias = randomArray(outF, 3);
    const y = new Float32Array(batch * outF);
    denseForward(x, batch, inF, w, bias, outF, y, new DenseScratch());
    for (let r = 0; r < batch; r++) {
      for (let o = 0; o < outF; o++) {
        let acc = 0;
        for (let k = 0; k < inF; k++) acc = Math.fround(acc + x[r * inF + k]! * w[o * inF + k]!);
        expect(y[r * outF + o]).toBe(Math.fround(acc + bias[o]!));
      }
    }
  });
});

describe('Mlp', () => {
  const sizes = [6, 5, 4, 3];
  const batch = 4;

  for (const loss of ['cross-entropy', 'mse', 'l1'] as const) {
    it(`back-propagates ${loss} like central differences of a float64 oracle`, () => {
      const mlp = Mlp.create(sizes, 11);
      const x = randomArray(batch * sizes[0]!, 12);
      const target = loss === 'cross-entropy' ? [0, 2, 1, 2] : randomArray(batch * 3, 13);
      const value = mlp.lossAndGradients(x, batch, target, loss);
      const p64 = new Map([...mlp.params].map(([k, v]) => [k, Float64Array.from(v)]));
      const x64 = Float64Array.from(x);
      expect(value).toBeCloseTo(lossF64(sizes, p64, x64, batch, target, loss), 5);
      const h = 1e-6;
      for (const [name, p] of p64) {
        const g = mlp.gradients.get(name)!;
        for (let i = 0; i < p.length; i++) {
          const saved = p[i]!;
          p[i] = saved + h;
          const up = lossF64(sizes, p64, x64, batch, target, loss);
          p[i] = saved - h;
          const down = lossF64(sizes, p64, x64, batch, target, loss);
          p[i] = saved;
          const numeric = (up - down) / (2 * h);
          // float32 backprop through 3 layers of ≤ 6 terms: relative error ~1e-6; central differences
          // in float64 with h = 1e-6: ~1e-9 (L1 has kinks, but no |d| within h at these random values).
          expect(Math.abs(g[i]! - numeric)).toBeLessThan(2e-5 * Math.max(1, Math.abs(numeric)));
        }
      }
    });
  }

  it('forward matches a float64 oracle within the propagated γ_n forward-error bound', () => {
    // Per layer, fl(Σ_k x_k w_k + b) over n terms has |error| ≤ γ_{n+1}·(Σ|x_k||w_k| + |b|), γ_n = n·u/(1 − n·u);
    // an input error e_k adds Σ_k |w_k|·e_k (ReLU is 1-Lipschitz). Both summed in float64 here.
    const big = [300, 40, 10];
    const mlp = Mlp.create(big, 4);
    const x = randomArray(3 * 300, 5);
    const logits = mlp.forward(x, 3);
    const gamma = (n: number) => (n * EPS32) / (1 - n * EPS32);
    for (let r = 0; r < 3; r++) {
      let h = Array.from(x.subarray(r * 300, r * 300 + 300));
      let err = new Array<number>(300).fill(0);
      for (let l = 0; l < 2; l++) {
        const [inF, outF] = [big[l]!, big[l + 1]!];
        const w = mlp.params.get(`layer${l}.weight`)!;
        const b = mlp.params.get(`layer${l}.bias`)!;
        const next: number[] = [];
        const nextErr: number[] = [];
        for (let o = 0; o < outF; o++) {
          let s = b[o]!;
          let abs = Math.abs(b[o]!);
          let propagated = 0;
          for (let k = 0; k < inF; k++) {
            s += h[k]! * w[o * inF + k]!;
            abs += Math.abs(h[k]! * w[o * inF + k]!);
            propagated += Math.abs(w[o * inF + k]!) * err[k]!;
          }
          next.push(l === 0 ? Math.max(0, s) : s);
          nextErr.push(gamma(inF + 1) * abs + propagated);
        }
        h = next;
        err = nextErr;
      }
      for (let o = 0; o < 10; o++) {
        expect(Math.abs(logits[r * 10 + o]! - h[o]!)).toBeLessThanOrEqual(err[o]!);
      }
      // The bound is not vacuous: logits here are O(0.1–1).
      expect(Math.max(...err)).toBeLessThan(1e-3);
    }
  });

  it('rejects missing or mis-sized parameters and bad batches', () => {
    const params = initMlpParams([3, 2], createRandom(0));
    expect(() => new Mlp([3, 2], new Map([['layer0.weight', params.get('layer0.weight')!]]))).toThrow(/layer0.bias is missing/);
    expect(() => new Mlp([3, 2], new Map([...params, ['layer0.bias', new Float32Array(3)]]))).toThrow(/layer0.bias has 3 values.*need 2/);
    const mlp = new Mlp([3, 2], params);
    expect(() => mlp.forward(new Float32Array(3), 2)).toThrow(/batch of 2/);
    expect(() => mlp.forward(new Float32Array(3), 0)).toThrow(/batch/);
    expect(() => mlp.lossAndGradients(new Float32Array(3), 1, [2])).toThrow(/label 2/);
  });

  it('learns: 200 SGD steps on separable data lower the loss', () => {
    const mlp = Mlp.create([2, 8, 2], 0);
    const r = createRandom(9);
    const x = new Float32Array(64 * 2);
    const y = new Uint8Array(64);
    for (let i = 0; i < 64; i++) {
      x[2 * i] = 2 * r.nextFloat64() - 1;
      x[2 * i + 1] = 2 * r.nextFloat64() - 1;
      y[i] = x[2 * i]! + x[2 * i + 1]! > 0 ? 1 : 0;
    }
    const first = mlp.lossAndGradients(x, 64, y);
    let last = first;
    for (let step = 0; step < 200; step++) {
      last = mlp.lossAndGradients(x, 64, y);
      for (const [name, p] of mlp.params) {
        const g = mlp.gradients.get(name)!;
        for (let i = 0; i < p.length; i++) p[i] = p[i]! - 0.5 * g[i]!;
      }
    }
    expect(last).toBeLessThan(first / 3);
  });
});
