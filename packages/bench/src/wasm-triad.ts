/**
 * The streaming triad a = b + s·c as a WebAssembly SIMD kernel, run the way Isostep's float32 step runs:
 * f32x4 loads and stores in the fast arena's shared memory, on the calling thread alone or split over the
 * arena's worker pool (the caller takes one part). Assembled with the same encoder as the step kernel.
 *
 * Kernel: step(table, count, scalars), the signature the pool's workers call.
 *   table   → three i32 byte offsets: a, b, c (64-byte aligned);
 *   count   = number of 64-byte blocks to compute (4 vectors, one cache line of each array per iteration:
 *             unrolled so the loop overhead does not hide the memory speed);
 *   scalars → the f32 s.
 */
import { FastArena, wasmEncoding as W } from '@isostep/reference-cpu/node';

const { OP, SIMD, TYPE, simd, memarg, sleb, uleb } = W;

// Locals: the three params, five i32 working locals, then s splatted.
const [TABLE, COUNT, SCALARS, A, B, C, I, END, S] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
const BLOCK_BYTES = 64;
const VECTORS_PER_BLOCK = BLOCK_BYTES / 16;

function compileTriad(): Uint8Array<ArrayBuffer> {
  const get = (l: number) => [OP.localGet, ...uleb(l)];
  const set = (l: number) => [OP.localSet, ...uleb(l)];
  const body: number[] = [];
  const emit = (...code: number[][]) => {
    for (const c of code) body.push(...c);
  };
  [A, B, C].forEach((l, k) => emit(get(TABLE), [OP.i32Load], memarg(2, 4 * k), set(l)));
  emit(get(COUNT), [OP.i32Const, ...sleb(6), OP.i32Shl], set(END));
  emit(get(SCALARS), [OP.f32Load], memarg(2), simd(SIMD.f32x4Splat), set(S));
  emit([OP.i32Const, 0], set(I));
  emit([OP.block, TYPE.blockEmpty, OP.loop, TYPE.blockEmpty]);
  emit(get(I), get(END), [OP.i32GeU, OP.brIf, 1]);
  for (let k = 0; k < VECTORS_PER_BLOCK; k++) {
    const at = (base: number) => [...get(base), ...get(I), OP.i32Add];
    emit(at(A), at(B), simd(SIMD.v128Load), memarg(4, 16 * k), at(C), simd(SIMD.v128Load), memarg(4, 16 * k));
    emit(get(S), simd(SIMD.f32x4Mul), simd(SIMD.f32x4Add), simd(SIMD.v128Store), memarg(4, 16 * k));
  }
  emit(get(I), [OP.i32Const, ...sleb(BLOCK_BYTES), OP.i32Add], set(I), [OP.br, 0, OP.end, OP.end]);
  return W.assembleModule(
    { minPages: 1, maxPages: 65536 },
    {
      params: [TYPE.i32, TYPE.i32, TYPE.i32],
      locals: [
        [5, TYPE.i32],
        [1, TYPE.v128],
      ],
      body,
      exportName: 'step',
    },
  );
}

type Step = (table: number, count: number, scalars: number) => void;

/** Three float32 arrays of `elements` (a multiple of 16) in `arena`, and the triad over them. */
export class WasmTriad {
  private constructor(
    private readonly arena: FastArena,
    private readonly step: Step,
    private readonly workerKernel: number,
    private readonly offsets: readonly number[],
    private readonly blocks: number,
    private readonly scratch: number,
  ) {}

  /** null when this runtime has no WebAssembly SIMD with shared memory (the reason is then reported). */
  static async create(arena: FastArena, elements: number): Promise<WasmTriad | null> {
    if (!(Number.isInteger(elements) && elements > 0 && elements % 16 === 0)) {
      throw new RangeError(`elements: ${elements} is not allowed; use a positive multiple of 16`);
    }
    const bytes = compileTriad();
    if (!WebAssembly.validate(bytes)) return null;
    const module = await WebAssembly.compile(bytes);
    const instance = await WebAssembly.instantiate(module, { env: { memory: arena.memory } });
    const workerKernel = arena.pool ? arena.pool.register(module) : 0;
    const offsets = [0, 1, 2].map(() => arena.alloc(elements * 4));
    const [, b, c] = offsets.map((o) => new Float32Array(arena.memory.buffer, o, elements));
    b!.fill(1);
    c!.fill(2);
    // The scalar, then one 64-byte table per thread.
    const scratch = arena.alloc(BLOCK_BYTES * (1 + arena.threads));
    new Float32Array(arena.memory.buffer, scratch, 1)[0] = 3;
    return new WasmTriad(arena, instance.exports.step as Step, workerKernel, offsets, (elements * 4) / BLOCK_BYTES, scratch);
  }

  get bytesPerPass(): number {
    return this.blocks * BLOCK_BYTES * 3;
  }

  /**
   * One pass over the arrays on `threads` threads (1 … arena.threads), each a contiguous share.
   * `inPlace` runs a = a + s·c instead (b's offset is a's): the read-modify-write pattern of a step.
   */
  run(threads: number, inPlace = false): void {
    if (!(Number.isInteger(threads) && threads >= 1 && threads <= this.arena.threads)) {
      throw new RangeError(`threads: ${threads} is not allowed; use an integer in [1, ${this.arena.threads}] (the arena's threads)`);
    }
    const parts = Array.from({ length: threads }, (_, k) => {
      const first = Math.floor((this.blocks * k) / threads);
      const count = Math.floor((this.blocks * (k + 1)) / threads) - first;
      const table = this.scratch + BLOCK_BYTES * (1 + k);
      const [a, b, c] = this.offsets as [number, number, number];
      new Int32Array(this.arena.memory.buffer, table, 3).set([a, inPlace ? a : b, c].map((o) => o + first * BLOCK_BYTES));
      return { table, count, scalars: this.scratch };
    });
    const [own, ...others] = parts;
    const runOwn = () => this.step(own!.table, own!.count, own!.scalars);
    if (others.length > 0) this.arena.pool!.run(this.workerKernel, others, runOwn);
    else runOwn();
  }

  /** a[i], for checking the kernel: b + s·c = 1 + 3·2 = 7 after a copy pass; +6 per in-place pass. */
  a(i: number): number {
    return new Float32Array(this.arena.memory.buffer, this.offsets[0]! + 4 * i, 1)[0]!;
  }

  release(): void {
    for (const o of [...this.offsets, this.scratch]) this.arena.release(o);
  }
}
