/**
 * A float32 step graph compiled to a WebAssembly SIMD loop (4 elements per iteration).
 *
 * Why it is exact: wasm's f32x4 add, sub, mul, div and sqrt are IEEE operations rounded to nearest even,
 * the same as the reference's fround(a ∘ b) (float64 then float32 is correctly rounded for these). The
 * two operations float32 has no instruction for are done as the reference does them, in f64x2 lanes:
 *  - rsqrt: 1/√x in float64, rounded once to float32 (the reference's fround(1/Math.sqrt(x))). In the
 *    guarded unflushed body (below) it is an f32 estimate refined in f32x4 with relaxed_madd where that is
 *    proved fused, else by one float64 Newton step (`rsqrt-f32.ts`); a lane the estimate cannot decide
 *    (near a float32 rounding midpoint, or a special input) fails the block's check, so the block is
 *    redone with the exact chain, as everywhere else;
 *  - fma: the product of two float32 values is exact in float64; the sum is rounded to float64 with
 *    round-to-odd (TwoSum gives the exact error; an inexact even result is moved one float64 ulp towards
 *    the exact sum), and round-to-odd at 53 bits then nearest at 24 bits is the single rounding of
 *    a·b + c. This is the same repair `fmaF32` makes at float32 ties, done without a branch.
 * With `madd: 'fused'` the fma is `f32x4.relaxed_madd`, which rounds once on hosts where `madd-probe.ts`
 * proved it fused; the caller passes 'fused' only then.
 * FTZ/DAZ (profiles that flush) is the graph's `flush` node: |x| < 2⁻¹²⁶ becomes ±0; flushes that range
 * analysis proves cannot change their operand (`flush-pruning.ts`) are skipped. A flushing graph also gets
 * a guarded loop (`ftz-guard.ts`), one pass per block of GUARD_BLOCK_VECTORS vectors: the body runs
 * WITHOUT flushes, saving each vector it overwrites in place to scratch (after the job's segment table)
 * and checking, as it goes, every read vector and cut against its window (0, or lo ≤ |x| ≤ hi, proved
 * for this step's scalars and passed after them in the scalar block). If a lane left its window, the
 * block's saved vectors are put back and it runs again with every flush. Both give the reference's bits.
 * One pass matters at memory speed: a separate check pass ahead of the body read each block from memory
 * with nothing to overlap, then computed with nothing to fetch (measured: keras3 plain at 16M, 9.7–10 ms
 * per step before, 7.3–9.7 after; the centered forms, whose check is 6–8 items, lost up to 10%).
 *
 * The kernel walks a table of segments (one per tensor piece), so a thousand small tensors are one call.
 * The segment layout follows the graph's vectors (p, g, then the allocated slots, in the optimizer's
 * canonical order), so any optimizer's slot list has one:
 *   segment = (vectors + 1) × i32: the byte offset of each vector, in `graph.vectors` order, then the
 *   number of 4-lane vectors.
 */
import type { GraphNode, StepGraph } from '@isostep/spec';
import { prunableFlushes } from './flush-pruning.js';
import { GUARD_GROUPS, cutKey, float32Bits, guardItems, type GuardGroup, type Window } from './ftz-guard.js';
import { emitRsqrtConstants, emitRsqrtF32, emitRsqrtF32Exact, emitRsqrtF32Fused, emitRsqrtFusedConstants } from './rsqrt-f32.js';
import { assembleKernel, emitLanewise, emitOutputStores, emitSegmentWalk, END, FRAME_LOCALS, vectorBase, get, I, SCALARS, segmentStride, set, TABLE_END } from './kernel-frame.js';
import { memarg, OP, SIMD, simd, sleb, TYPE } from './wasm-encoding.js';

/** Bytes of one segment of the kernel's table for this graph: an i32 offset per vector, then the count. */
export function segmentBytes(graph: StepGraph): number {
  return segmentStride(graph.vectors.length);
}

/** Vectors per guarded block: 256 elements, so a block of every vector stays in L1 between check and body. */
export const GUARD_BLOCK_VECTORS = 64;

/** Whether the kernel for this graph has the guarded loop (a flushing graph with a flush left after pruning). */
export function hasGuard(graph: StepGraph): boolean {
  if (!graph.flush) return false;
  const pruned = prunableFlushes(graph);
  return graph.nodes.some((n) => n.op === 'flush' && !pruned.has(n));
}

/**
 * Vectors the step both reads and overwrites in place: the guarded loop saves a block of each before
 * running it unflushed, to put back if the block's check then fails.
 */
export function savedVectors(graph: StepGraph): string[] {
  const read = new Set(graph.nodes.filter((n) => n.op === 'input').map((n) => (n as { name: string }).name));
  return graph.vectors.filter((v) => graph.outputs.has(v) && read.has(v));
}

/**
 * Bytes of scratch the guarded kernel needs after each job's segment table (64-byte aligned): one block
 * of each saved vector. 0 for a kernel without the guard.
 */
export function guardScratchBytes(graph: StepGraph): number {
  return hasGuard(graph) ? savedVectors(graph).length * GUARD_BLOCK_VECTORS * 16 : 0;
}

/** Words of the scalar block before the guard's: the step scalars, then the graph's constants. */
const scalarWords = (graph: StepGraph) => graph.scalarNames.length + graph.constants.length;

/**
 * The guard's words, written right after the scalars: 1 if windows were proved (else every block runs
 * flushed), then per group of GUARD_GROUPS the bits of lo − 1 and of hi: the narrowest window of the
 * group's items (guardWindows gives them all the same one).
 */
export function guardWords(windows: ReadonlyMap<string, Window> | null, items: readonly { key: string; group: GuardGroup }[]): Int32Array {
  const words = new Int32Array(1 + 2 * GUARD_GROUPS.length);
  words[0] = windows ? 1 : 0;
  GUARD_GROUPS.forEach((group, k) => {
    const ws = items.filter((i) => i.group === group).map((i) => windows?.get(i.key));
    if (!windows || ws.length === 0) return;
    words[1 + 2 * k] = float32Bits(Math.max(...ws.map((w) => w!.lo))) - 1;
    words[2 + 2 * k] = float32Bits(Math.min(...ws.map((w) => w!.hi)));
  });
  return words;
}

// Locals: the frame's (kernel-frame.ts), the guarded loop's, one base address per vector, then v128 locals.
const BLOCK_END = FRAME_LOCALS;
const J = FRAME_LOCALS + 1;
const GUARD_ON = FRAME_LOCALS + 2;
const BLOCK_START = FRAME_LOCALS + 3;
const SCRATCH = FRAME_LOCALS + 4;
const SCRATCH_BASE = FRAME_LOCALS + 5;
const FIRST_BASE = FRAME_LOCALS + 6;

const lanes16 = (from: number) => Array.from({ length: 8 }, (_, k) => from + k);
const LOW_HALF_OF_B = [...lanes16(0), ...lanes16(16)];
const HIGH_TO_LOW = [...lanes16(8), ...lanes16(8)];

function v128Const(bytes: readonly number[]): number[] {
  return [...simd(SIMD.v128Const), ...bytes];
}
function splat32(bits: number): number[] {
  const b = [bits & 0xff, (bits >>> 8) & 0xff, (bits >>> 16) & 0xff, (bits >>> 24) & 0xff];
  return v128Const([...b, ...b, ...b, ...b]);
}
function splatF64(x: number): number[] {
  const b = [...new Uint8Array(new Float64Array([x]).buffer)];
  return v128Const([...b, ...b]);
}

export interface SimdKernelOptions {
  /** 'fused': fma nodes as relaxed_madd (only where proved fused); 'emulated': the exact f64x2 emulation. */
  readonly madd: 'fused' | 'emulated';
  /** Nodes the guard's check pass computes and checks besides the inputs (`cancellationCuts`). */
  readonly cuts?: readonly GraphNode[];
  /** Vectors checked on their raw bits (the optimizer's `nonNegativeSlots`); see `guardItems`. */
  readonly nonNegative?: ReadonlySet<string>;
}

export function compileSimdKernel(
  graph: StepGraph,
  memory: { minPages: number; maxPages: number },
  options: SimdKernelOptions = { madd: 'emulated' },
): Uint8Array<ArrayBuffer> {
  if (graph.dtype !== 'float32') throw new Error('the SIMD kernel is float32 only');
  const vectorCount = graph.vectors.length;
  const base = vectorBase(graph, FIRST_BASE);
  const FIRST_V128 = FIRST_BASE + vectorCount;
  let next = FIRST_V128;
  const local = new Map<GraphNode, number>();
  // A pruned flush shares its operand's local: no code, no register.
  const alias = prunableFlushes(graph);
  for (const n of graph.nodes) local.set(n, alias.has(n) ? local.get(alias.get(n)!)! : next++);
  const K = {
    sign: next++,
    oneF64: next++,
    oneI64: next++,
    zero: next++,
    absMask: next++,
    maxSubnormal: next++,
  };
  // The guard's per-input accumulators and limits (only vectors the step reads are checked).
  const guarded = hasGuard(graph);
  const cuts = guarded ? (options.cuts ?? []) : [];
  // Checked items (guardItems): each read vector's input node, then each cut; each in its group.
  const items = guarded ? guardItems(graph, options.nonNegative ?? new Set(), cuts) : [];
  const nodeOf = (key: string) => graph.nodes.find((n) => (n.op === 'input' ? n.name === key : cutKey(n) === key))!;
  const checked = items.map((i) => ({ node: nodeOf(i.key), group: i.group }));
  const groups = GUARD_GROUPS.map((group, k) => ({ group, slot: k, used: checked.some((c) => c.group === group), min: next++, max: next++, lo: next++, hi: next++ }));
  const groupOf = (g: GuardGroup) => groups.find((x) => x.group === g)!;
  const saved = guarded ? savedVectors(graph) : [];
  const allOnes = next++;
  const oneI32 = next++;
  const T = { a: next++, b: next++, c: next++, p: next++, s: next++, bv: next++, e: next++, m: next++, lo: next++, hi: next++ };
  // In the unflushed body (taken only where the guard proved no subnormal occurs), a flush is its operand.
  let unflushed = false;
  const L = (n: GraphNode): number => (unflushed && n.op === 'flush' ? L(n.args[0]) : local.get(n)!);
  const body: number[] = [];
  const emit = (...code: number[][]) => {
    for (const c of code) body.push(...c);
  };

  // Constants and step scalars, splatted once per call.
  emit(splat32(0x80000000), set(K.sign), splatF64(1), set(K.oneF64));
  emit(v128Const([1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]), set(K.oneI64), splat32(0), set(K.zero));
  emit(splat32(0x7fffffff), set(K.absMask), splat32(0x007fffff), set(K.maxSubnormal));
  for (const n of graph.nodes) {
    if (n.op === 'scalar') emit(get(SCALARS), [OP.f32Load], memarg(2, n.index * 4), simd(SIMD.f32x4Splat), set(L(n)));
  }
  if (guarded) {
    const at = scalarWords(graph) * 4;
    emit(get(SCALARS), [OP.i32Load], memarg(2, at), set(GUARD_ON));
    for (const g of groups) {
      if (!g.used) continue;
      emit(get(SCALARS), simd(SIMD.v128Load32Splat), memarg(2, at + 4 + 8 * g.slot), set(g.lo));
      emit(get(SCALARS), simd(SIMD.v128Load32Splat), memarg(2, at + 8 + 8 * g.slot), set(g.hi));
    }
    emit(splat32(0xffffffff), set(allOnes), splat32(1), set(oneI32));
  }

  // half(x) → f64x2 of lanes 0–1 (lo) or 2–3 (hi) of an f32x4.
  const promote = (x: number, hi: boolean) =>
    hi
      ? [...get(x), ...get(x), ...simd(SIMD.i8x16Shuffle), ...HIGH_TO_LOW, ...simd(SIMD.f64x2PromoteLowF32x4)]
      : [...get(x), ...simd(SIMD.f64x2PromoteLowF32x4)];
  const joinHalves = (out: number) => emit(get(T.lo), get(T.hi), simd(SIMD.i8x16Shuffle), LOW_HALF_OF_B, set(out));

  // rsqrt without float64 √ and ÷ per lane (rsqrt-f32.ts); its constants are set once, with the others.
  const rsqrtCtx = { emit, get, set, temp: () => next++ };
  const rsqrtLocals = graph.nodes.some((n) => n.op === 'rsqrt') ? emitRsqrtConstants(rsqrtCtx) : null;
  // With a proved-fused relaxed_madd the estimate stays in f32x4 (no float64 halves): cheaper.
  const fusedRsqrtLocals = rsqrtLocals && options.madd === 'fused' ? emitRsqrtFusedConstants(rsqrtCtx) : null;
  // In the guarded unflushed body the estimate's failed lanes fail the block's check (it is then redone
  // flushed, with the exact chain); everywhere else rsqrt is the exact chain.
  const rsqrtFailed = rsqrtLocals ? next++ : -1;
  let fastRsqrt = false;
  const rsqrt = (x: number, out: number) => {
    if (!fastRsqrt) emitRsqrtF32Exact(rsqrtCtx, rsqrtLocals!, x, out);
    else if (fusedRsqrtLocals) emitRsqrtF32Fused(rsqrtCtx, fusedRsqrtLocals, x, out, { failInto: rsqrtFailed });
    else emitRsqrtF32(rsqrtCtx, rsqrtLocals!, x, out, { failInto: rsqrtFailed });
  };

  const fma = (a: number, b: number, c: number, out: number) => {
    for (const hi of [false, true]) {
      emit(promote(a, hi), set(T.a), promote(b, hi), set(T.b), promote(c, hi), set(T.c));
      emit(get(T.a), get(T.b), simd(SIMD.f64x2Mul), set(T.p)); // exact
      emit(get(T.p), get(T.c), simd(SIMD.f64x2Add), set(T.s)); // s = fl64(p + c)
      // TwoSum: e = (p − (s − bv)) + (c − bv), bv = s − p; s + e = p + c exactly.
      emit(get(T.s), get(T.p), simd(SIMD.f64x2Sub), set(T.bv));
      emit(get(T.p), get(T.s), get(T.bv), simd(SIMD.f64x2Sub), simd(SIMD.f64x2Sub));
      emit(get(T.c), get(T.bv), simd(SIMD.f64x2Sub), simd(SIMD.f64x2Add), set(T.e));
      // Round to odd: where e ≠ 0 (NaN e, from infinite s, counts as 0) and s's last bit is even.
      emit(get(T.e), get(K.zero), simd(SIMD.f64x2Gt), get(T.e), get(K.zero), simd(SIMD.f64x2Lt), simd(SIMD.v128Or));
      emit(get(T.s), get(K.oneI64), simd(SIMD.v128And), get(K.zero), simd(SIMD.i64x2Eq), simd(SIMD.v128And), set(T.m));
      // One ulp towards the exact sum: +1 on the bits when e and s have the same sign, −1 otherwise.
      emit(get(T.e), get(T.s), simd(SIMD.v128Xor), [OP.i32Const, ...sleb(63)], simd(SIMD.i64x2ShrS));
      emit([OP.i32Const, ...sleb(1)], simd(SIMD.i64x2Shl), get(K.oneI64), simd(SIMD.v128Or), get(T.m), simd(SIMD.v128And));
      emit(get(T.s), simd(SIMD.i64x2Add), simd(SIMD.f32x4DemoteF64x2Zero), set(hi ? T.hi : T.lo));
    }
    joinHalves(out);
  };

  // The check, on values the unflushed body has just computed: per checked item (read vectors and cuts),
  // its masked bits − 1 (0 wraps above every window) into its group's min, its masked bits into the max.
  const checkCode = () => {
    for (const c of checked) {
      const g = groupOf(c.group);
      // |x| for the signed group; the raw bits (a negative is then above every window) for the other.
      emit(get(L(c.node)), ...(c.group === 'signed' ? [get(K.absMask), simd(SIMD.v128And)] : []), set(T.a));
      emit(get(g.min), get(T.a), get(oneI32), simd(SIMD.i32x4Sub), simd(SIMD.i32x4MinU), set(g.min));
      emit(get(g.max), get(T.a), simd(SIMD.i32x4MaxU), set(g.max));
    }
  };
  // The graph's code for the vector at byte offset `at` (a local), then the outputs' stores.
  const elementCode = (at = I, guard = false) => {
    fastRsqrt = guard;
    for (const n of graph.nodes) {
      const out = L(n);
      if (emitLanewise(emit, 'f32x4', n, L, out)) continue;
      switch (n.op) {
        case 'scalar':
          break;
        case 'input':
          emit(get(base(n.name)), get(at), [OP.i32Add, ...simd(SIMD.v128Load)], memarg(4), set(out));
          // The guarded pass keeps what it is about to overwrite: SCRATCH + (at − BLOCK_START) + k blocks.
          if (guard && saved.includes(n.name)) {
            emit(get(SCRATCH), get(at), [OP.i32Add], get(out), simd(SIMD.v128Store), memarg(4, saved.indexOf(n.name) * GUARD_BLOCK_VECTORS * 16));
          }
          break;
        case 'rsqrt':
          rsqrt(L(n.args[0]), out);
          break;
        case 'flush': {
          const x = L(n.args[0]);
          if (alias.has(n) || unflushed) break;
          // x AND (normal ? all ones : sign bit): the integer compare on |x|'s bits (non-negative, so
          // signed is fine) is cheaper than abs + f32x4.lt + bitselect and keeps fewer constants live.
          emit(get(x), get(K.absMask), simd(SIMD.v128And), get(K.maxSubnormal), simd(SIMD.i32x4GtS));
          emit(get(K.sign), simd(SIMD.v128Or), get(x), simd(SIMD.v128And), set(out));
          break;
        }
        case 'fma':
          if (options.madd === 'fused') emit(get(L(n.args[0])), get(L(n.args[1])), get(L(n.args[2])), simd(SIMD.f32x4RelaxedMadd), set(out));
          else fma(L(n.args[0]), L(n.args[1]), L(n.args[2]), out);
          break;
        default:
          throw new Error(`step graph: no SIMD code for op ${n.op}`);
      }
    }
    if (guard) checkCode();
    emitOutputStores(emit, graph, base, L, at);
  };

  // The guard's scratch: right after this job's table, 64-byte aligned (guardScratchBytes).
  const prologue = () => {
    if (guarded) emit(get(TABLE_END), [OP.i32Const, ...sleb(63), OP.i32Add, OP.i32Const, ...sleb(-64), OP.i32And], set(SCRATCH_BASE));
  };
  // Elements [I, limit) with one body, in steps of one vector.
  const elementLoop = (limit: number) => {
    emit([OP.block, TYPE.blockEmpty, OP.loop, TYPE.blockEmpty]);
    emit(get(I), get(limit), [OP.i32GeU, OP.brIf, 1]);
    elementCode(I, unflushed && guarded);
    emit(get(I), [OP.i32Const, ...sleb(16), OP.i32Add], set(I), [OP.br, 0, OP.end, OP.end]);
  };
  const guardedSegment = () => {
    const blockBytes = GUARD_BLOCK_VECTORS * 16;
    emit(get(GUARD_ON), [OP.if, TYPE.blockEmpty]);
    // Per block of GUARD_BLOCK_VECTORS vectors, one pass: the body without flushes, which saves the
    // vectors it overwrites and checks its inputs and cuts as it goes (no second trip through memory).
    // If any checked lane left its window, the block's saved vectors are put back and it runs again with
    // every flush. Both give the reference's bits.
    emit([OP.block, TYPE.blockEmpty, OP.loop, TYPE.blockEmpty]);
    emit(get(I), get(END), [OP.i32GeU, OP.brIf, 1]);
    emit(get(I), set(BLOCK_START), get(I), [OP.i32Const, ...sleb(blockBytes), OP.i32Add], set(BLOCK_END));
    emit(get(END), get(BLOCK_END), get(BLOCK_END), get(END), [OP.i32GtU, OP.select], set(BLOCK_END));
    // SCRATCH + I addresses the scratch copy of the vector at I (the sum wraps back into range).
    emit(get(SCRATCH_BASE), get(I), [OP.i32Sub], set(SCRATCH));
    for (const g of groups) if (g.used) emit(get(allOnes), set(g.min), get(K.zero), set(g.max));
    if (rsqrtLocals) emit(get(K.zero), set(rsqrtFailed));
    unflushed = true;
    elementLoop(BLOCK_END);
    unflushed = false;
    emit(get(allOnes));
    for (const g of groups) {
      if (!g.used) continue;
      emit(get(g.min), get(g.lo), simd(SIMD.i32x4GeU), simd(SIMD.v128And));
      emit(get(g.max), get(g.hi), simd(SIMD.i32x4LeU), simd(SIMD.v128And));
    }
    emit(simd(SIMD.i32x4AllTrue));
    if (rsqrtLocals) emit(get(rsqrtFailed), simd(SIMD.v128AnyTrue), [OP.i32Eqz, OP.i32And]);
    emit([OP.i32Eqz, OP.if, TYPE.blockEmpty]);
    // Put the block back, then run it flushed.
    emit(get(BLOCK_START), set(J), [OP.block, TYPE.blockEmpty, OP.loop, TYPE.blockEmpty]);
    emit(get(J), get(BLOCK_END), [OP.i32GeU, OP.brIf, 1]);
    saved.forEach((name, k) => {
      emit(get(base(name)), get(J), [OP.i32Add], get(SCRATCH), get(J), [OP.i32Add, ...simd(SIMD.v128Load)], memarg(4, k * blockBytes));
      emit(simd(SIMD.v128Store), memarg(4));
    });
    emit(get(J), [OP.i32Const, ...sleb(16), OP.i32Add], set(J), [OP.br, 0, OP.end, OP.end]);
    emit(get(BLOCK_START), set(I));
    elementLoop(BLOCK_END);
    emit([OP.end]);
    emit([OP.br, 0, OP.end, OP.end]);
    emit([OP.else]);
    elementLoop(END);
    emit([OP.end]);
  };
  emitSegmentWalk(emit, { vectorCount, firstBase: FIRST_BASE, prologue }, () => (guarded ? guardedSegment() : elementLoop(END)));
  return assembleKernel(memory, body, FIRST_V128, next);
}
