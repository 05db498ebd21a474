/**
 * The fused kernels of `dense-gemm-wasm.ts`, product by product, against `FusedJsDenseOps` (the definition:
 * the spec's exact fmaF32 per term, terms ascending, zero coefficients skipped), bit for bit. Shapes with
 * odd term counts, output widths ≡ 0 and 2 (mod 4) through every last column block (1–5 vectors, with and
 * without a half vector) and past the 6- and 4-vector blocks, row counts that are not a multiple of 4 (the
 * weight gradient's scalar tail), and work above the threshold that splits it across threads, on 1, 2 and
 * 3 threads with the calling thread's share forced to both extremes. Inputs are sparse with +0 and −0,
 * some products round to ±0 (so an accumulator can be −0), and M holds ±Infinity and NaN wherever every
 * coefficient that would multiply it is zero: a skipped term that were computed would turn them into NaN.
 * Nothing expected here comes from the arena code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FastArena } from '@isostep/reference-cpu/node';
import { createRandom, type Random } from '../data/random.js';
import { FusedJsDenseOps } from '../mlp/dense-fused.js';
import { ArenaDenseOps } from './arena-dense-ops.js';

const arenas = new Map<number, FastArena>();
beforeAll(async () => {
  for (const threads of [1, 2, 3]) arenas.set(threads, await FastArena.create({ threads }));
});
afterAll(() => {
  for (const a of arenas.values()) a.dispose();
});

/** Same bits everywhere; with `nanAsNaN`, a NaN matches any NaN (its sign and payload are the host's choice). */
function sameBits(actual: Float32Array, expected: Float32Array, what: string, nanAsNaN = false): void {
  expect(actual.length, what).toBe(expected.length);
  const a = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const e = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  for (let i = 0; i < a.length; i++) {
    if (nanAsNaN && Number.isNaN(actual[i]) && Number.isNaN(expected[i])) continue;
    if (a[i] !== e[i]) throw new Error(`${what}[${i}]: arena ${actual[i]} (0x${a[i]!.toString(16)}), JS ${expected[i]} (0x${e[i]!.toString(16)})`);
  }
}

/** About `zeros` exact zeros (a tenth of them −0), tiny values (products that round to ±0) and ordinary ones. */
function sparse(random: Random, length: number, zeros: number): Float32Array {
  const x = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    const u = random.nextFloat64();
    const sign = random.nextFloat64() < 0.5 ? -1 : 1;
    if (u < zeros) x[i] = u < zeros / 10 ? -0 : 0;
    else if (u < zeros + 0.03) x[i] = sign * 1e-30;
    else x[i] = Math.fround(sign * random.nextFloat64());
  }
  return x;
}

const SPECIAL = [Infinity, -Infinity, Number.NaN];

/**
 * Puts ±Infinity / NaN into row j of M (row-major, `cols` wide, `mRow` floats per row, column stride
 * `mCol`) for every j whose coefficients a[r·aRow + j·aTerm] are zero for all rows r < rows.
 */
function poisonSkippedRows(random: Random, m: Float32Array, terms: number, cols: number, mRow: number, mCol: number, a: Float32Array, rows: number, aRow: number, aTerm: number): number {
  let poisoned = 0;
  for (let j = 0; j < terms; j++) {
    let zero = true;
    for (let r = 0; r < rows && zero; r++) if (a[r * aRow + j * aTerm] !== 0) zero = false;
    if (!zero) continue;
    for (let c = 0; c < cols; c++) if (random.nextFloat64() < 0.3) m[j * mRow + c * mCol] = SPECIAL[poisoned++ % 3]!;
  }
  return poisoned;
}

/** Zeroes whole columns j of a (row-major, `width` wide, `rows` high) for j in `columns`. */
function zeroColumns(a: Float32Array, rows: number, width: number, columns: readonly number[]): void {
  for (const j of columns) for (let r = 0; r < rows; r++) a[r * width + j] = r % 3 === 0 ? -0 : 0;
}

/** The calling thread's share of every product's split, after its first call (the ops' private `Balance`s). */
function forceShare(ops: ArenaDenseOps, share: number): void {
  for (const b of (ops as unknown as { balances: Map<string, { share: number }> }).balances.values()) b.share = share;
}

const SHARES = [null, 0.05, 0.5, 0.95] as const;

// [batch, inF, outF]: the MNIST layers, odd and narrow shapes, and some with batch · inF · outF ≥ 2²⁰ (split across threads).
const SHAPES: [number, number, number][] = [
  [64, 784, 128],
  [64, 128, 10],
  [67, 301, 62],
  [71, 1999, 10],
  [9, 401, 350],
  [5, 37, 6],
  [3, 9, 2],
  [1, 1, 2],
  [300, 61, 62],
  ...Array.from({ length: 30 }, (_, k): [number, number, number] => [7 + (k % 3), 13 + 2 * k, 2 + 2 * k]), // every last column block
];

describe('fused GEMM kernels (dense-gemm-wasm.ts) vs the fmaF32 definition', () => {
  const reference = new FusedJsDenseOps();
  for (const threads of [1, 2, 3]) {
    it(`forward, weight gradient (and bias gradient), input gradient: bit for bit on ${threads} thread(s)`, (ctx) => {
      const arena = arenas.get(threads)!;
      if (!arena.relaxedMadd.float32) return ctx.skip();
      const ops = new ArenaDenseOps(arena, { gemm: 'fused' });
      const random = createRandom(40 + threads);
      let poisoned = 0;
      try {
        for (const [batch, inF, outF] of SHAPES) {
          const what = (p: string) => `${p} ${batch}x${inF}x${outF}, ${threads} thread(s)`;
          // Forward: y = x·Wᵀ + b; columns k of x that are zero for every example leave W[:, k] unread.
          const x = sparse(random, batch * inF, 0.7);
          zeroColumns(x, batch, inF, [0, inF - 1, inF >> 1]);
          const w = sparse(random, outF * inF, 0.1);
          poisoned += poisonSkippedRows(random, w, inF, outF, 1, inF, x, batch, inF, 1);
          const bias = sparse(random, outF, 0.2);
          // Weight gradient: dW = dyᵀ·x (terms over examples b, coefficients x[b, k]); an all-zero example row leaves dy[b, :] unread.
          const xg = sparse(random, batch * inF, 0.7);
          xg.fill(0, 0, inF);
          const dy = sparse(random, batch * outF, 0.3);
          poisoned += poisonSkippedRows(random, dy, batch, outF, outF, 1, xg, inF, 1, inF);
          // Input gradient: dx = dy·W (terms over outputs o, coefficients dy[b, o]); a zero column of dy leaves W[o, :] unread.
          const dyi = sparse(random, batch * outF, 0.5);
          zeroColumns(dyi, batch, outF, [outF - 1]);
          const wi = sparse(random, outF * inF, 0.1);
          if (inF % 2 === 0) poisoned += poisonSkippedRows(random, wi, outF, inF, inF, 1, dyi, batch, outF, 1);

          const expected = { y: new Float32Array(batch * outF), dw: new Float32Array(outF * inF), db: new Float32Array(outF), dx: new Float32Array(batch * inF) };
          reference.forward(x, batch, inF, w, bias, outF, expected.y);
          reference.paramGrad(xg, batch, inF, dy, outF, expected.dw, expected.db);
          reference.inputGrad(dyi, batch, outF, wi, inF, expected.dx);
          // Operands in the arena (as the MLP has them) and, for the forward pass, from outside it (copied in).
          const [ax, aw, ab, axg, ady, adyi, awi] = [x, w, bias, xg, dy, dyi, wi].map((t) => ops.adopt(t));
          for (const share of SHARES) {
            if (share !== null) forceShare(ops, share);
            const got = { y: ops.allocate(batch * outF), dw: ops.allocate(outF * inF), db: ops.allocate(outF), dx: ops.allocate(batch * inF) };
            got.y.fill(7);
            got.dw.fill(7);
            got.db.fill(7);
            got.dx.fill(7);
            ops.forward(share === 0.5 ? x : ax!, batch, inF, share === 0.5 ? w : aw!, ab!, outF, got.y);
            ops.paramGrad(axg!, batch, inF, ady!, outF, got.dw, got.db);
            ops.inputGrad(adyi!, batch, outF, awi!, inF, got.dx);
            const at = share === null ? '' : ` (calling thread's share ${share})`;
            sameBits(got.y, expected.y, what('forward') + at);
            sameBits(got.dw, expected.dw, what('weight gradient') + at);
            // db sums every dy row, the poisoned ones too (∞ − ∞ = NaN on both sides, with the host's NaN bits).
            sameBits(got.db, expected.db, what('bias gradient') + at, true);
            sameBits(got.dx, expected.dx, what('input gradient') + at);
            for (const t of Object.values(got)) ops.release(t);
          }
          for (const t of [ax, aw, ab, axg, ady, adyi, awi]) ops.release(t!);
        }
      } finally {
        ops.dispose();
      }
      // The skipped-term check had something to check.
      expect(poisoned).toBeGreaterThan(100);
    });
  }

  it('no product leaks a NaN from a skipped term: the reference itself is NaN-free here', () => {
    // Guards the test above: were the reference to skip nothing, poisoned M would make NaN outputs on both sides.
    const random = createRandom(5);
    const [batch, inF, outF] = [6, 40, 10];
    const x = sparse(random, batch * inF, 0.7);
    zeroColumns(x, batch, inF, [3]);
    const w = sparse(random, outF * inF, 0.1);
    for (let o = 0; o < outF; o++) w[o * inF + 3] = Number.NaN;
    const y = new Float32Array(batch * outF);
    reference.forward(x, batch, inF, w, new Float32Array(outF), outF, y);
    expect(y.some(Number.isNaN)).toBe(false);
  });
});
