/**
 * The fused GEMM kernel of the arena MLP: float32 lanes, `f32x4.relaxed_madd`, register-blocked over
 * columns. Used only where the start-up probe (`@isostep/reference-cpu`'s `madd-probe.ts`, run by
 * `FastArena.create`) proved `relaxed_madd` a fused multiply-add on this host; otherwise the arena keeps
 * the float64-lane kernel of `dense-wasm.ts` (the JS kernels' bits).
 *
 * What it computes (the definition is `dense-fused.ts`, in plain JS with the spec's exact `fmaF32`). For
 * each output row r in [start, end), with v_i = A[r, j_i] the non-zero coefficients of row r in ascending j:
 *   out[r, c] = fma(v_n, M[j_n, c], … fma(v₁, M[j₁, c], fma(v₀, M[j₀, c], +0)) …)   (+ bias[c], one float32 add)
 * one rounding per term, terms in ascending j, so the result does not depend on the column blocking or on
 * how rows are split across threads (a thread owns whole output rows, never part of a sum). This is not
 * bit-identical to the float64-lane kernel (that one rounds fl32(fl64(acc + v·m)), a double rounding), but
 * each term still has one rounding ≤ u = 2⁻²⁴ relative, which is what the PyTorch parity bound assumes.
 *
 * Why it is fast: the old kernel kept two columns per f64x2 and loaded/stored the output every four terms;
 * here BLOCK f32x4 accumulators (4·BLOCK columns) stay in registers across all of a row's terms, so each
 * term costs one load of M and one fused multiply-add per 4 columns, plus one coefficient splat per block.
 * Zero coefficients are skipped as before (MNIST pixels are ~80% zero, ReLU outputs ~50%).
 *
 * Columns: blocks of BLOCK vectors, then single vectors, then a last half vector (two columns, 8-byte
 * load/store) when cols ≡ 2 (mod 4); `cols` must be even (the caller falls back to JS otherwise). The job
 * record is `ROWS_JOB` of `dense-wasm.ts`; its `list` scratch holds the coefficients as float32 (terms × 4
 * bytes) then the M row addresses (terms × 4 bytes), within the terms × 12 bytes the caller reserves.
 */
import { wasmEncoding } from '@isostep/reference-cpu/node';
import { Code, MEMORY, OP_F32_CONST, OP_F32_NE, OP_I32_EQZ, OP_I32_GT_U, OP_I32_STORE, OP_IF, OP_SELECT, ROWS_JOB } from './dense-wasm.js';

const { assembleModule, memarg, OP, SIMD, simd, TYPE } = wasmEncoding;

const OP_F32_STORE = 0x38;
const SIMD_LOAD64_ZERO = 0x5d;
const SIMD_STORE64_LANE = 0x5b;
/** Accumulators per column block: 8 f32x4 (32 columns) plus the splat and a load fit x64's 16 xmm registers. */
export const GEMM_BLOCK = 8;

/** The fused `rows` kernel: step(job, _, _). Needs relaxed SIMD enabled (see `enableRelaxedSimd`). */
export function assembleFusedRowsKernel(block = GEMM_BLOCK): Uint8Array<ArrayBuffer> {
  const c = new Code(['job', 'unused1', 'unused2']);
  const fields = Object.keys(ROWS_JOB) as (keyof typeof ROWS_JOB)[];
  c.declare(TYPE.i32, ...fields, 'r', 'colBytes', 'ptrs', 'nnz', 'j', 'ap', 'mp', 'dst', 'i', 'col', 'p', 'tp');
  c.declare(TYPE.f32, 'x');
  const accs = Array.from({ length: block }, (_, k) => `acc${k}`);
  c.declare(TYPE.v128, 'v', ...accs);
  for (const f of fields) c.emit(c.get('job'), OP.i32Load, memarg(2, ROWS_JOB[f] * 4), c.set(f));
  c.emit(c.get('cols'), c.i32(2), OP.i32Shl, c.set('colBytes'));
  c.emit(c.get('list'), c.get('terms'), c.i32(2), OP.i32Shl, OP.i32Add, c.set('ptrs'));
  c.emit(c.get('start'), c.set('r'));

  const zero = [...simd(SIMD.v128Const), ...new Array<number>(16).fill(0)];
  const load = (half: boolean, offset: number) => (half ? [...simd(SIMD_LOAD64_ZERO), ...memarg(2, offset)] : [...simd(SIMD.v128Load), ...memarg(2, offset)]);

  /**
   * One column block of `n` vectors at byte column `col` (`half`: one 8-byte half vector): the sum over
   * all terms in registers, then the bias, then one store per vector.
   */
  const columnBlock = (n: number, half: boolean) => {
    for (let k = 0; k < n; k++) c.emit(zero, c.set(accs[k]!));
    c.emit(c.i32(0), c.set('i'));
    c.whileBelow('i', c.get('nnz'), () => {
      c.emit(c.get('list'), c.get('i'), c.i32(2), OP.i32Shl, OP.i32Add, OP.f32Load, memarg(2), simd(SIMD.f32x4Splat), c.set('v'));
      c.emit(c.get('ptrs'), c.get('i'), c.i32(2), OP.i32Shl, OP.i32Add, OP.i32Load, memarg(2), c.get('col'), OP.i32Add, c.set('p'));
      // acc_k = relaxed_madd(v, M[j_i, col + 4k…], acc_k) = fma(v, m, acc_k): proved fused before use.
      for (let k = 0; k < n; k++) c.emit(c.get('v'), c.get('p'), load(half, 16 * k), c.get(accs[k]!), simd(SIMD.f32x4RelaxedMadd), c.set(accs[k]!));
      c.add('i', 1);
    });
    // The bias, added once after the sum (f32x4.add: one float32 rounding, like fl32(fl64(s + b)), which
    // is the same value because a float64 sum of two float32 values rounds innocuously to float32).
    c.emit(c.get('bias'), OP_I32_EQZ, OP_I32_EQZ, OP_IF, TYPE.blockEmpty);
    for (let k = 0; k < n; k++) {
      c.emit(c.get(accs[k]!), c.get('bias'), c.get('col'), OP.i32Add, load(half, 16 * k), simd(SIMD.f32x4Add), c.set(accs[k]!));
    }
    c.emit(OP.end);
    for (let k = 0; k < n; k++) {
      c.emit(c.get('dst'), c.get('col'), OP.i32Add, c.get(accs[k]!));
      if (half) c.emit(simd(SIMD_STORE64_LANE), memarg(2, 16 * k), 0);
      else c.emit(simd(SIMD.v128Store), memarg(2, 16 * k));
    }
  };

  c.whileBelow('r', c.get('end'), () => {
    // Gather row r's non-zero coefficients, in ascending j, with their M row addresses.
    c.emit(c.i32(0), c.set('nnz'), c.i32(0), c.set('j'), c.get('m'), c.set('mp'));
    c.emit(c.get('a'), c.get('r'), c.get('aRow'), OP.i32Mul, OP.i32Add, c.set('ap'));
    c.whileBelow('j', c.get('terms'), () => {
      c.emit(c.get('ap'), OP.f32Load, memarg(2), c.set('x'));
      c.emit(c.get('x'), OP_F32_CONST, 0, 0, 0, 0, OP_F32_NE, OP_IF, TYPE.blockEmpty); // x ≠ ±0
      c.emit(c.get('list'), c.get('nnz'), c.i32(2), OP.i32Shl, OP.i32Add, c.get('x'), OP_F32_STORE, memarg(2));
      c.emit(c.get('ptrs'), c.get('nnz'), c.i32(2), OP.i32Shl, OP.i32Add, c.get('mp'), OP_I32_STORE, memarg(2));
      c.add('nnz', 1);
      c.emit(OP.end);
      c.add('j', 1).add('ap', c.get('aTerm')).add('mp', c.get('mRow'));
    });
    // The output row: in place, or the row buffer when it is scattered afterwards.
    c.emit(c.get('rowBuf'), c.get('out'), c.get('r'), c.get('outRow'), OP.i32Mul, OP.i32Add);
    c.emit(c.get('outCol'), OP_SELECT, c.set('dst'));
    c.emit(c.i32(0), c.set('col'));
    // Whole blocks while col + 16·block ≤ colBytes.
    c.emit(OP.block, TYPE.blockEmpty, OP.loop, TYPE.blockEmpty);
    c.emit(c.get('col'), c.i32(16 * block), OP.i32Add, c.get('colBytes'), OP_I32_GT_U, OP.brIf, 1);
    columnBlock(block, false);
    c.add('col', 16 * block);
    c.emit(OP.br, 0, OP.end, OP.end);
    // Single vectors while col + 16 ≤ colBytes.
    c.emit(OP.block, TYPE.blockEmpty, OP.loop, TYPE.blockEmpty);
    c.emit(c.get('col'), c.i32(16), OP.i32Add, c.get('colBytes'), OP_I32_GT_U, OP.brIf, 1);
    columnBlock(1, false);
    c.add('col', 16);
    c.emit(OP.br, 0, OP.end, OP.end);
    // The last two columns (cols ≡ 2 mod 4): 8-byte loads, so nothing past the operands is read.
    c.emit(c.get('col'), c.get('colBytes'), OP.i32GeU, OP_I32_EQZ, OP_IF, TYPE.blockEmpty);
    columnBlock(1, true);
    c.emit(OP.end);
    // Scatter a transposed row: out + r·outRow + col·outCol.
    c.emit(c.get('outCol'), OP_I32_EQZ, OP_I32_EQZ, OP_IF, TYPE.blockEmpty);
    c.emit(c.get('out'), c.get('r'), c.get('outRow'), OP.i32Mul, OP.i32Add, c.set('tp'));
    c.emit(c.i32(0), c.set('col'));
    c.whileBelow('col', c.get('colBytes'), () => {
      c.emit(c.get('tp'), c.get('rowBuf'), c.get('col'), OP.i32Add, OP.i32Load, memarg(2), OP_I32_STORE, memarg(2));
      c.add('tp', c.get('outCol')).add('col', 4);
    });
    c.emit(OP.end);
    c.add('r', 1);
  });
  return assembleModule(MEMORY, { params: [TYPE.i32, TYPE.i32, TYPE.i32], locals: c.locals, body: c.body, exportName: 'step' });
}
