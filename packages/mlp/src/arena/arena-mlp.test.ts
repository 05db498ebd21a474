/**
 * The arena MLP (WebAssembly SIMD kernels, split across threads) against a JS MLP with the same rounding,
 * every logit, loss and gradient bit for bit, for 1, 2 and 3 threads, odd and even layer widths, inputs
 * with many zeros and batches smaller than the buffers, on both GEMM kernels:
 *  - 'exact-f64' (float64 lanes) against `JsDenseOps` (fl32(fl64(acc + v·m)) per term), whose own tests
 *    pin it to a plain float32 dot product;
 *  - 'fused' (`f32x4.relaxed_madd`, used because the start-up probe proved it fused here) against
 *    `FusedJsDenseOps`: the same term order with the spec's exact `fmaF32` per term (a JS reference that
 *    fuses the same way, pinned below to a naive fmaF32 dot product). The two kernels are not bit-identical
 *    to each other (double vs single rounding per term); each is bit-identical to its own reference.
 * Nothing expected here comes from the arena code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FastArena } from '@isostep/reference-cpu/node';
import { createRandom } from '../data/random.js';
import { initMlpParams } from '../mlp/init.js';
import { Mlp } from '../mlp/mlp.js';
import { fmaF32 } from '@isostep/spec';
import { JsDenseOps, type DenseOps } from '../mlp/dense-ops.js';
import { FusedJsDenseOps } from '../mlp/dense-fused.js';
import { ArenaDenseOps, type ArenaGemm } from './arena-dense-ops.js';

const arenas = new Map<number, FastArena>();
beforeAll(async () => {
  for (const threads of [1, 2, 3]) arenas.set(threads, await FastArena.create({ threads }));
});
afterAll(() => {
  for (const a of arenas.values()) a.dispose();
});

function sameBits(actual: Float32Array, expected: Float32Array, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  const a = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const e = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== e[i]) throw new Error(`${what}[${i}]: arena ${actual[i]} (0x${a[i]!.toString(16)}), JS ${expected[i]} (0x${e[i]!.toString(16)})`);
  }
}

/** Inputs like MNIST: about 70% exact zeros, the rest in (0, 1]; some −0 too. */
function sparseInput(length: number, seed: number): Float32Array {
  const random = createRandom(seed);
  const x = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    const u = random.nextFloat64();
    x[i] = u < 0.7 ? (u < 0.05 ? -0 : 0) : Math.fround(random.nextFloat64());
  }
  return x;
}

const CASES: { sizes: number[]; batches: number[] }[] = [
  { sizes: [784, 128, 10], batches: [64, 32] },
  { sizes: [61, 34, 7], batches: [9, 5] }, // an odd output width: the JS kernels for that layer's forward and weight gradient
  { sizes: [40, 24, 16, 6], batches: [70, 3] }, // deeper; batches above and below the buffers' size
];

describe('Mlp on a fast arena', () => {
  it('is available here (WebAssembly SIMD with shared memory)', () => {
    expect(ArenaDenseOps.supported()).toBe(true);
  });

  it('proved relaxed_madd fused on this host, so the fused GEMM is the default (else the exact-f64 one)', () => {
    const arena = arenas.get(2)!;
    const ops = new ArenaDenseOps(arena);
    expect(ops.gemm).toBe(arena.relaxedMadd.float32 ? 'fused' : 'exact-f64');
    ops.dispose();
  });

  it('the fused JS reference is a naive fmaF32 dot product per output, plus the bias', () => {
    const [batch, inF, outF] = [5, 37, 6];
    const random = createRandom(3);
    const x = sparseInput(batch * inF, 9);
    const w = Float32Array.from({ length: outF * inF }, () => Math.fround(random.nextFloat64() - 0.5));
    const bias = Float32Array.from({ length: outF }, () => Math.fround(random.nextFloat64() - 0.5));
    const y = new Float32Array(batch * outF);
    new FusedJsDenseOps().forward(x, batch, inF, w, bias, outF, y);
    for (let b = 0; b < batch; b++) {
      for (let o = 0; o < outF; o++) {
        let s = 0;
        for (let k = 0; k < inF; k++) if (x[b * inF + k] !== 0) s = fmaF32(x[b * inF + k]!, w[o * inF + k]!, s);
        expect(y[b * outF + o]).toBe(Math.fround(s + bias[o]!));
      }
    }
  });

  const gemms: { gemm: ArenaGemm; reference: () => DenseOps }[] = [
    { gemm: 'exact-f64', reference: () => new JsDenseOps() },
    { gemm: 'fused', reference: () => new FusedJsDenseOps() },
  ];
  for (const { sizes, batches } of CASES) {
    for (const threads of [1, 2, 3]) for (const { gemm, reference } of gemms) {
      it(`matches the JS MLP bit for bit (${gemm}): ${sizes.join('-')}, ${threads} thread(s)`, (ctx) => {
        // The fused kernel exists only where the probe proved relaxed_madd fused (it is, on this box).
        if (gemm === 'fused' && !arenas.get(threads)!.relaxedMadd.float32) return ctx.skip();
        const params = initMlpParams(sizes, createRandom(7));
        const js = new Mlp(sizes, params, { ops: reference() });
        const fast = new Mlp(sizes, params, { ops: new ArenaDenseOps(arenas.get(threads)!, { gemm }) });
        try {
          for (const [step, batch] of batches.entries()) {
            const x = sparseInput(batch * sizes[0]!, 100 + step);
            const labels = Array.from({ length: batch }, (_, i) => (i * 7 + step) % sizes.at(-1)!);
            sameBits(fast.forward(x, batch), js.forward(x, batch), `logits (batch ${batch})`);
            expect(fast.lossAndGradients(x, batch, labels)).toBe(js.lossAndGradients(x, batch, labels));
            for (const [name, g] of js.gradients) sameBits(fast.gradients.get(name)!, g, `${name} gradient (batch ${batch})`);
            // A step of plain SGD on both, so the next batch sees changed weights (and a stale Wᵀ would show).
            for (const [name, p] of js.params) {
              const q = fast.params.get(name)!;
              const g = js.gradients.get(name)!;
              for (let i = 0; i < p.length; i++) {
                p[i] = Math.fround(p[i]! - 0.1 * g[i]!);
                q[i] = Math.fround(q[i]! - 0.1 * g[i]!);
              }
            }
          }
        } finally {
          fast.dispose();
        }
      });
    }
  }

  it('copies the parameters into the arena and frees them on dispose', () => {
    const arena = arenas.get(2)!;
    const before = arena.bytesInUse;
    const params = initMlpParams([8, 4, 2], createRandom(1));
    const mlp = new Mlp([8, 4, 2], params, { ops: new ArenaDenseOps(arena) });
    const w = mlp.params.get('layer0.weight')!;
    expect(w).not.toBe(params.get('layer0.weight'));
    expect(arena.offsetOf(w)).toBeDefined();
    expect(Array.from(w)).toEqual(Array.from(params.get('layer0.weight')!));
    mlp.lossAndGradients(new Float32Array(16).fill(0.5), 2, [0, 1]);
    mlp.dispose();
    expect(arena.bytesInUse).toBe(before);
  });
});
