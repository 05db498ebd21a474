/**
 * The dense-layer kernels of `dense-kernels.ts`, hand-assembled to WebAssembly SIMD for the arena
 * (shared memory, worker threads). Same bits as the JS kernels, by construction:
 *
 * The JS kernels compute every term as fl32(fl64(acc + v·m)): v·m of two float32 values is exact in
 * float64, the sum is rounded to float64 and then to float32 (Math.fround or a Float32Array store). Here
 * each term is the same three steps in f64x2 lanes: promote (exact), f64x2.mul (exact), f64x2.add (rounded
 * to float64, nearest-even), f32x4.demote_f64x2_zero (rounded to float32, nearest-even, like fround). The
 * terms of one output are added in the same order (ascending term index, zeros skipped), so the result
 * does not depend on how rows are split across threads: a thread owns whole output rows, never part of a sum.
 *
 * One kernel, `rows`, covers the three products of a dense layer. For each output row r in [start, end):
 *   out[r, c] = fl32(… fl32(fl32(0 + v₀·M[j₀, c]) + v₁·M[j₁, c]) …) (+ bias[c], rounded once more)
 * where v_i = A[r, j_i] runs over the non-zero coefficients of row r of A in ascending j. A, M and out are
 * addressed by byte strides, so a transposed operand is a stride, not a copy:
 *   forward     r = example, j = input,   A = x,  M = Wᵀ, bias   (y = x·Wᵀ + b)
 *   weight grad r = input,   j = example, A = xᵀ (strided), M = dy, out written transposed into dW
 *   input grad  r = example, j = output,  A = dy, M = W
 * Columns go two at a time (one f64x2), so `cols` must be even; the caller falls back to JS otherwise.
 *
 * The second kernel, `transpose`, copies rows [start, end) of a matrix into its transpose (bit copies,
 * as i32), for the forward pass's Wᵀ.
 *
 * Opcodes: WebAssembly core spec 2.0 §5.4; those not in reference-cpu's `wasmEncoding` (the hand assembler
 * its fast optimizer is built with) are named below.
 */
import { wasmEncoding } from '@isostep/reference-cpu/node';

const { assembleModule, memarg, OP, SIMD, simd, sleb, TYPE, uleb } = wasmEncoding;

export const OP_IF = 0x04;
const OP_F64_LOAD = 0x2b;
export const OP_I32_STORE = 0x36;
const OP_I64_STORE = 0x37;
const OP_F64_STORE = 0x39;
export const OP_I32_EQZ = 0x45;
export const OP_I32_GT_U = 0x4b;
export const OP_F32_NE = 0x5c;
const OP_I64_CONST = 0x42;
export const OP_F32_CONST = 0x43;
export const OP_SELECT = 0x1b;
const OP_F64_PROMOTE_F32 = 0xbb;
const SIMD_LOAD64_ZERO = 0x5d;
const SIMD_STORE64_LANE = 0x5b;
const SIMD_F64X2_SPLAT = 0x14;

/** Fields of a `rows` job record (i32 each), at byte offset 4 × index. */
export const ROWS_JOB = {
  out: 0,
  outRow: 1,
  /** 0: out rows are contiguous; else the byte stride between output columns (written via `rowBuf`). */
  outCol: 2,
  a: 3,
  aRow: 4,
  aTerm: 5,
  terms: 6,
  m: 7,
  mRow: 8,
  cols: 9,
  /** Byte offset of the bias (cols float32), or 0 for none (the arena never allocates at 0). */
  bias: 10,
  start: 11,
  end: 12,
  /** Scratch of terms × 12 bytes: the non-zero coefficients (f64) then their M row addresses (i32). */
  list: 13,
  /** Scratch of cols float32: one output row before it is scattered (outCol ≠ 0). */
  rowBuf: 14,
} as const;
export const ROWS_JOB_FIELDS = 15;

/** Fields of a `transpose` job record: to[c, r] = from[r, c] for r in [start, end). */
export const TRANSPOSE_JOB = { from: 0, rows: 1, cols: 2, to: 3, start: 4, end: 5 } as const;
export const TRANSPOSE_JOB_FIELDS = 6;

export const MEMORY = { minPages: 1, maxPages: 65536 };

/** A tiny structured assembler: named locals and loops, so the kernel reads top to bottom. */
export class Code {
  readonly body: number[] = [];
  private readonly names = new Map<string, number>();
  private readonly counts: [number, number][] = [];
  private next: number;

  constructor(params: readonly string[]) {
    params.forEach((p, k) => this.names.set(p, k));
    this.next = params.length;
  }

  declare(type: number, ...names: string[]): void {
    for (const n of names) this.names.set(n, this.next++);
    this.counts.push([names.length, type]);
  }

  get locals(): [number, number][] {
    return this.counts;
  }

  emit(...code: (number | number[])[]): this {
    for (const c of code) {
      if (typeof c === 'number') this.body.push(c);
      else this.body.push(...c);
    }
    return this;
  }

  get(name: string): number[] {
    return [OP.localGet, ...uleb(this.index(name))];
  }

  set(name: string): number[] {
    return [OP.localSet, ...uleb(this.index(name))];
  }

  i32(n: number): number[] {
    return [OP.i32Const, ...sleb(n)];
  }

  /** local += n (i32) */
  add(name: string, n: number[] | number): this {
    return this.emit(this.get(name), typeof n === 'number' ? this.i32(n) : n, OP.i32Add, this.set(name));
  }

  /** while (local < limit) { body } — `limit` is code pushing an i32. */
  whileBelow(name: string, limit: number[], body: () => void): this {
    this.emit(OP.block, TYPE.blockEmpty, OP.loop, TYPE.blockEmpty);
    this.emit(this.get(name), limit, OP.i32GeU, OP.brIf, 1);
    body();
    this.emit(OP.br, 0, OP.end, OP.end);
    return this;
  }

  /** Copies `count` i32 words from `src` (consecutive) to `dst` (every `dstStep` bytes); `counter` counts them. */
  copyStrided(counter: string, count: number[], src: string, dst: string, dstStep: number[]): this {
    this.emit(this.i32(0), this.set(counter));
    return this.whileBelow(counter, count, () => {
      this.emit(this.get(dst), this.get(src), OP.i32Load, memarg(2), OP_I32_STORE, memarg(2));
      this.add(src, 4).add(dst, dstStep).add(counter, 1);
    });
  }

  private index(name: string): number {
    const k = this.names.get(name);
    if (k === undefined) throw new Error(`dense-wasm: no local ${name}`);
    return k;
  }
}

const load64 = (c: Code, address: number[]) => c.emit(address, simd(SIMD_LOAD64_ZERO), memarg(2), simd(SIMD.f64x2PromoteLowF32x4));
const store64 = (c: Code, address: number[], value: () => void) => {
  c.emit(address);
  value();
  c.emit(simd(SIMD_STORE64_LANE), memarg(2), 0);
};

/** The `rows` kernel: step(job, _, _). */
export function assembleRowsKernel(): Uint8Array<ArrayBuffer> {
  const c = new Code(['job', 'unused1', 'unused2']);
  const fields = Object.keys(ROWS_JOB) as (keyof typeof ROWS_JOB)[];
  c.declare(TYPE.i32, ...fields, 'r', 'colBytes', 'ptrs', 'nnz', 'j', 'ap', 'mp', 'dst', 'i', 'col', 'p0', 'p1', 'p2', 'p3', 'tp');
  c.declare(TYPE.f32, 'x');
  c.declare(TYPE.v128, 'v0', 'v1', 'v2', 'v3', 'acc');
  for (const f of fields) c.emit(c.get('job'), OP.i32Load, memarg(2, ROWS_JOB[f] * 4), c.set(f));
  c.emit(c.get('cols'), c.i32(2), OP.i32Shl, c.set('colBytes'));
  c.emit(c.get('list'), c.get('terms'), c.i32(3), OP.i32Shl, OP.i32Add, c.set('ptrs'));
  c.emit(c.get('start'), c.set('r'));

  // acc = promote(demote(acc + v·M[p, col])) — one float32-rounded term; `round` false leaves it demoted.
  const term = (v: string, p: string, round: boolean) => {
    c.emit(c.get('acc'), c.get(v));
    load64(c, [...c.get(p), ...c.get('col'), OP.i32Add]);
    c.emit(simd(SIMD.f64x2Mul), simd(SIMD.f64x2Add), simd(SIMD.f32x4DemoteF64x2Zero));
    if (round) c.emit(simd(SIMD.f64x2PromoteLowF32x4));
    c.emit(c.set('acc'));
  };
  const dstCol = () => [...c.get('dst'), ...c.get('col'), OP.i32Add];
  const overColumns = (body: () => void) => {
    c.emit(c.i32(0), c.set('col'));
    c.whileBelow('col', c.get('colBytes'), () => {
      body();
      c.add('col', 8);
    });
  };

  c.whileBelow('r', c.get('end'), () => {
    // Gather row r's non-zero coefficients, in ascending j, with their M row addresses.
    c.emit(c.i32(0), c.set('nnz'), c.i32(0), c.set('j'), c.get('m'), c.set('mp'));
    c.emit(c.get('a'), c.get('r'), c.get('aRow'), OP.i32Mul, OP.i32Add, c.set('ap'));
    c.whileBelow('j', c.get('terms'), () => {
      c.emit(c.get('ap'), OP.f32Load, memarg(2), c.set('x'));
      c.emit(c.get('x'), OP_F32_CONST, 0, 0, 0, 0, OP_F32_NE, OP_IF, TYPE.blockEmpty); // x ≠ ±0
      c.emit(c.get('list'), c.get('nnz'), c.i32(3), OP.i32Shl, OP.i32Add, c.get('x'), OP_F64_PROMOTE_F32, OP_F64_STORE, memarg(3));
      c.emit(c.get('ptrs'), c.get('nnz'), c.i32(2), OP.i32Shl, OP.i32Add, c.get('mp'), OP_I32_STORE, memarg(2));
      c.add('nnz', 1);
      c.emit(OP.end);
      c.add('j', 1).add('ap', c.get('aTerm')).add('mp', c.get('mRow'));
    });
    // The output row: in place, or the row buffer when it is scattered afterwards.
    c.emit(c.get('rowBuf'), c.get('out'), c.get('r'), c.get('outRow'), OP.i32Mul, OP.i32Add);
    c.emit(c.get('outCol'), OP_SELECT, c.set('dst'));
    overColumns(() => c.emit(dstCol(), OP_I64_CONST, 0, OP_I64_STORE, memarg(3)));
    // Four terms per pass over the row, as the JS kernel does (the same roundings, one load/store per pass).
    c.emit(c.i32(0), c.set('i'));
    c.emit(OP.block, TYPE.blockEmpty, OP.loop, TYPE.blockEmpty);
    c.emit(c.get('i'), c.i32(4), OP.i32Add, c.get('nnz'), OP_I32_GT_U, OP.brIf, 1);
    for (let k = 0; k < 4; k++) {
      c.emit(c.get('list'), c.get('i'), c.i32(3), OP.i32Shl, OP.i32Add, OP_F64_LOAD, memarg(3, 8 * k), simd(SIMD_F64X2_SPLAT), c.set(`v${k}`));
      c.emit(c.get('ptrs'), c.get('i'), c.i32(2), OP.i32Shl, OP.i32Add, OP.i32Load, memarg(2, 4 * k), c.set(`p${k}`));
    }
    overColumns(() => {
      load64(c, dstCol());
      c.emit(c.set('acc'));
      term('v0', 'p0', true);
      term('v1', 'p1', true);
      term('v2', 'p2', true);
      term('v3', 'p3', false);
      store64(c, dstCol(), () => c.emit(c.get('acc')));
    });
    c.add('i', 4);
    c.emit(OP.br, 0, OP.end, OP.end);
    // The remaining terms one at a time.
    c.whileBelow('i', c.get('nnz'), () => {
      c.emit(c.get('list'), c.get('i'), c.i32(3), OP.i32Shl, OP.i32Add, OP_F64_LOAD, memarg(3), simd(SIMD_F64X2_SPLAT), c.set('v0'));
      c.emit(c.get('ptrs'), c.get('i'), c.i32(2), OP.i32Shl, OP.i32Add, OP.i32Load, memarg(2), c.set('p0'));
      overColumns(() => {
        load64(c, dstCol());
        c.emit(c.set('acc'));
        term('v0', 'p0', false);
        store64(c, dstCol(), () => c.emit(c.get('acc')));
      });
      c.add('i', 1);
    });
    // The bias, added once after the sum.
    c.emit(c.get('bias'), OP_I32_EQZ, OP_I32_EQZ, OP_IF, TYPE.blockEmpty);
    overColumns(() => {
      store64(c, dstCol(), () => {
        load64(c, dstCol());
        load64(c, [...c.get('bias'), ...c.get('col'), OP.i32Add]);
        c.emit(simd(SIMD.f64x2Add), simd(SIMD.f32x4DemoteF64x2Zero));
      });
    });
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

/** The `transpose` kernel: step(job, _, _). */
export function assembleTransposeKernel(): Uint8Array<ArrayBuffer> {
  const c = new Code(['job', 'unused1', 'unused2']);
  const fields = Object.keys(TRANSPOSE_JOB) as (keyof typeof TRANSPOSE_JOB)[];
  c.declare(TYPE.i32, ...fields, 'r', 'col', 'src', 'dst', 'step');
  for (const f of fields) c.emit(c.get('job'), OP.i32Load, memarg(2, TRANSPOSE_JOB[f] * 4), c.set(f));
  c.emit(c.get('rows'), c.i32(2), OP.i32Shl, c.set('step'));
  c.emit(c.get('start'), c.set('r'));
  c.whileBelow('r', c.get('end'), () => {
    c.emit(c.get('from'), c.get('r'), c.get('cols'), OP.i32Mul, c.i32(2), OP.i32Shl, OP.i32Add, c.set('src'));
    c.emit(c.get('to'), c.get('r'), c.i32(2), OP.i32Shl, OP.i32Add, c.set('dst'));
    c.copyStrided('col', c.get('cols'), 'src', 'dst', c.get('step'));
    c.add('r', 1);
  });
  return assembleModule(MEMORY, { params: [TYPE.i32, TYPE.i32, TYPE.i32], locals: c.locals, body: c.body, exportName: 'step' });
}
