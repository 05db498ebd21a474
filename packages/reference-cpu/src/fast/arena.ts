/**
 * The memory the SIMD kernels (float32 and float64) work in: one shared WebAssembly memory (so worker
 * threads see it), holding the optimizer state and, for full speed, the params and gradients too.
 *
 * WebAssembly can only address its own memory. Tensors allocated here are stepped in place; any other
 * Float32Array/Float64Array is copied in and out around the kernel (correct, just slower). Allocations
 * are padded to whole 16-byte vectors, so kernels never need a scalar tail loop: the padding lanes are
 * computed and thrown away. A tensor counts as "in the arena" only if it is exactly one of its
 * allocations (a sub-view of one would let the padding lanes overwrite a neighbour).
 */
import { probeRelaxedMadd, type MaddProbeResult } from './madd-probe.js';
import { CONTROL_BYTES, WorkerPool } from './worker-pool.js';

const PAGE = 65536;
/** wasm32 addresses 4 GiB: 65536 pages. */
export const MAX_PAGES = 65536;
export const MAX_ARENA_BYTES = MAX_PAGES * PAGE;
const ALIGN = 64; // one cache line, so two threads never write the same line at a tensor boundary
const RESERVED = 4096; // control blocks of the worker threads
/**
 * Large allocations are followed by one page and one cache line of slack, so the tensors of a step do not
 * all start at addresses congruent modulo a large power of two. Without it, the 8 streams of a 64M-element
 * step (p, g and two slots, each split between two threads) sat 128 MiB apart, and the kernel ran at a
 * tenth of the triad on this box (measured: 1 GB/s vs 8–17 GB/s with the stagger, same step); fresh memory
 * is largely physically contiguous, so equal offsets collide in the same cache sets and DRAM banks.
 */
const STAGGER = 4096 + 64;
const STAGGER_FROM = 1 << 20;

export class ArenaFullError extends RangeError {
  constructor(
    readonly requestedBytes: number,
    readonly usedBytes: number,
  ) {
    super(
      `arena: cannot allocate ${requestedBytes} bytes: the WebAssembly memory holds at most ${MAX_ARENA_BYTES} bytes ` +
        `(4 GiB, wasm32) and ${usedBytes} are in use; free tensors (release) or use fewer/smaller ones`,
    );
  }
}

/** What the arena hands out: float32 tensors, and float64 ones for the float64 SIMD kernel. */
export type ArenaTensor = Float32Array | Float64Array;

interface Block {
  offset: number;
  size: number;
}

export interface ArenaOptions {
  /** Threads that step tensors (including the caller's); default: os.availableParallelism(). */
  readonly threads?: number;
}

export class FastArena {
  readonly memory: WebAssembly.Memory;
  readonly pool: WorkerPool | null;
  private readonly free: Block[] = [];
  private readonly live = new Map<number, number>();
  private readonly owned = new WeakMap<ArenaTensor, number>();
  private used = 0;
  /**
   * The start-up proof (`madd-probe.ts`) of whether `relaxed_madd` is fused on this host, run before the
   * workers start, so kernels over this arena (the MLP's GEMMs) can choose their path synchronously.
   */
  readonly relaxedMadd: MaddProbeResult;

  private constructor(memory: WebAssembly.Memory, pool: WorkerPool | null, relaxedMadd: MaddProbeResult) {
    this.memory = memory;
    this.pool = pool;
    this.relaxedMadd = relaxedMadd;
    this.free.push({ offset: RESERVED, size: memory.buffer.byteLength - RESERVED });
  }

  static async create(options: ArenaOptions = {}): Promise<FastArena> {
    const { availableParallelism } = await import('node:os');
    const threads = options.threads ?? availableParallelism();
    if (!(Number.isInteger(threads) && threads >= 1 && threads <= RESERVED / CONTROL_BYTES)) {
      throw new RangeError(`threads: ${String(threads)} is not allowed; use an integer in [1, ${RESERVED / CONTROL_BYTES}]`);
    }
    const relaxedMadd = await probeRelaxedMadd();
    const memory = new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES, shared: true });
    const pool = threads > 1 ? await WorkerPool.start(memory, 0, threads - 1) : null;
    return new FastArena(memory, pool, relaxedMadd);
  }

  get threads(): number {
    return 1 + (this.pool?.size ?? 0);
  }

  get bytesInUse(): number {
    return this.used;
  }

  /** Reserves `bytes` (rounded up to the alignment); returns the byte offset. */
  alloc(bytes: number): number {
    const aligned = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    const size = aligned >= STAGGER_FROM ? aligned + STAGGER : aligned;
    let k = this.free.findIndex((b) => b.size >= size);
    if (k < 0) {
      this.grow(size);
      k = this.free.findIndex((b) => b.size >= size);
    }
    const block = this.free[k]!;
    const offset = block.offset;
    block.offset += size;
    block.size -= size;
    if (block.size === 0) this.free.splice(k, 1);
    this.live.set(offset, size);
    this.used += size;
    return offset;
  }

  release(offset: number): void {
    const size = this.live.get(offset);
    if (size === undefined) throw new Error(`arena: ${offset} is not a live allocation`);
    this.live.delete(offset);
    this.used -= size;
    // Insert in address order and merge with free neighbours.
    let k = this.free.findIndex((b) => b.offset > offset);
    if (k < 0) k = this.free.length;
    this.free.splice(k, 0, { offset, size });
    const next = this.free[k + 1];
    if (next && offset + size === next.offset) {
      this.free[k]!.size += next.size;
      this.free.splice(k + 1, 1);
    }
    const prev = this.free[k - 1];
    if (prev && prev.offset + prev.size === offset) {
      prev.size += this.free[k]!.size;
      this.free.splice(k, 1);
    }
  }

  /** A Float32Array of `length` elements in the arena (zero-filled), stepped without copies. */
  tensor(length: number): Float32Array {
    return this.place(Float32Array, length);
  }

  /** A Float64Array of `length` elements in the arena (zero-filled), for the float64 SIMD kernel. */
  tensor64(length: number): Float64Array {
    return this.place(Float64Array, length);
  }

  /** The byte offset of a tensor made by `tensor()`/`tensor64()` and not yet released, else undefined. */
  offsetOf(t: ArenaTensor): number | undefined {
    return this.owned.get(t);
  }

  releaseTensor(t: ArenaTensor): void {
    const offset = this.owned.get(t);
    if (offset === undefined) return;
    this.owned.delete(t);
    this.release(offset);
  }

  dispose(): void {
    this.pool?.dispose();
  }

  // Padded to whole 16-byte vectors (4 float32 or 2 float64 lanes); alloc aligns and staggers.
  private place<T extends ArenaTensor>(Type: { new (buffer: ArrayBufferLike, offset: number, length: number): T; readonly BYTES_PER_ELEMENT: number }, length: number): T {
    if (!(Number.isInteger(length) && length >= 0)) throw new RangeError(`length: ${length} is not an integer >= 0`);
    const lanes = 16 / Type.BYTES_PER_ELEMENT;
    const offset = this.alloc(Math.ceil(length / lanes) * 16);
    const t = new Type(this.memory.buffer, offset, length);
    t.fill(0);
    this.owned.set(t, offset);
    return t;
  }

  private grow(size: number): void {
    const total = this.memory.buffer.byteLength;
    const tail = this.free.at(-1);
    const tailFree = tail && tail.offset + tail.size === total ? tail.size : 0;
    const pages = Math.ceil((size - tailFree) / PAGE);
    if (total / PAGE + pages > MAX_PAGES) throw new ArenaFullError(size, this.used);
    this.memory.grow(pages);
    if (tailFree > 0) tail!.size += pages * PAGE;
    else this.free.push({ offset: total, size: pages * PAGE });
  }
}
