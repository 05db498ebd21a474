/**
 * What the float32 and float64 step kernels share: the signature `step(table, count, scalars)`, the walk
 * over the segment table (`segments.ts`: per segment one byte offset per graph vector, then the number of
 * 16-byte vectors), the ops that are one IEEE instruction in either lane shape, and the module around the
 * body. They differ only in what else they emit per segment.
 */
import type { GraphNode, StepGraph } from '@isostep/spec';
import { assembleModule, memarg, OP, SIMD, simd, sleb, TYPE, uleb } from './wasm-encoding.js';

// The params, then the i32 locals the frame owns; a kernel numbers its own from FRAME_LOCALS.
export const TABLE = 0;
export const COUNT = 1;
export const SCALARS = 2;
export const TABLE_END = 3;
/** The byte offset of the current vector within its segment. */
export const I = 4;
/** The segment's length in bytes. */
export const END = 5;
export const FRAME_LOCALS = 6;

export const get = (l: number) => [OP.localGet, ...uleb(l)];
export const set = (l: number) => [OP.localSet, ...uleb(l)];

/** The local holding a graph vector's base address in the current segment (they start at `firstBase`). */
export function vectorBase(graph: StepGraph, firstBase: number): (name: string) => number {
  return (name) => {
    const k = graph.vectors.indexOf(name);
    if (k < 0) throw new Error(`step graph: ${JSON.stringify(name)} is not one of its vectors`);
    return firstBase + k;
  };
}

/** Bytes of one segment of the table: an i32 offset per vector, then the count. */
export function segmentStride(vectorCount: number): number {
  return (vectorCount + 1) * 4;
}

/**
 * TABLE_END = table + count·stride, then `prologue` (once per call), then per segment: each vector's base
 * into the locals from `firstBase`, END, I = 0, and `segment()`, which walks I to END.
 */
export function emitSegmentWalk(
  emit: (...code: number[][]) => void,
  shape: { readonly vectorCount: number; readonly firstBase: number; readonly prologue?: () => void },
  segment: () => void,
): void {
  const stride = segmentStride(shape.vectorCount);
  emit(get(TABLE), get(COUNT), [OP.i32Const, ...sleb(stride), OP.i32Mul, OP.i32Add], set(TABLE_END));
  shape.prologue?.();
  emit([OP.block, TYPE.blockEmpty, OP.loop, TYPE.blockEmpty]);
  emit(get(TABLE), get(TABLE_END), [OP.i32GeU, OP.brIf, 1]);
  for (let k = 0; k < shape.vectorCount; k++) emit(get(TABLE), [OP.i32Load], memarg(2, k * 4), set(shape.firstBase + k));
  emit(get(TABLE), [OP.i32Load], memarg(2, shape.vectorCount * 4), [OP.i32Const, ...sleb(4), OP.i32Shl], set(END));
  emit([OP.i32Const, 0], set(I));
  segment();
  emit(get(TABLE), [OP.i32Const, ...sleb(stride), OP.i32Add], set(TABLE), [OP.br, 0, OP.end, OP.end]);
}

/** The module: the body with i32 locals up to `firstV128` and v128 locals up to `next`. */
export function assembleKernel(memory: { minPages: number; maxPages: number }, body: number[], firstV128: number, next: number): Uint8Array<ArrayBuffer> {
  return assembleModule(memory, {
    params: [TYPE.i32, TYPE.i32, TYPE.i32],
    locals: [
      [firstV128 - 3, TYPE.i32],
      [next - firstV128, TYPE.v128],
    ],
    body,
    exportName: 'step',
  });
}

/**
 * The graph ops that are one correctly rounded wasm instruction per lane shape, as the reference computes
 * them: fround(a ∘ b) for float32 and a ∘ b for float64. max is exact, propagates NaN and orders −0 below
 * +0, like the reference's Math.max.
 */
const LANEWISE = {
  f32x4: { neg: SIMD.f32x4Neg, sqrt: SIMD.f32x4Sqrt, add: SIMD.f32x4Add, sub: SIMD.f32x4Sub, mul: SIMD.f32x4Mul, div: SIMD.f32x4Div, max: SIMD.f32x4Max },
  f64x2: { neg: SIMD.f64x2Neg, sqrt: SIMD.f64x2Sqrt, add: SIMD.f64x2Add, sub: SIMD.f64x2Sub, mul: SIMD.f64x2Mul, div: SIMD.f64x2Div, max: SIMD.f64x2Max },
} as const;
type LanewiseOp = keyof (typeof LANEWISE)['f32x4'];

/**
 * Emits `n` into local `out` if it is one instruction in this lane shape (its operands' locals from
 * `local`) and returns true; false for every other op (input, scalar, rsqrt, flush, fma: the kernel's own).
 */
export function emitLanewise(emit: (...code: number[][]) => void, lanes: keyof typeof LANEWISE, n: GraphNode, local: (n: GraphNode) => number, out: number): boolean {
  if (!(n.op in LANEWISE[lanes]) || !('args' in n)) return false;
  emit(...n.args.map((a) => get(local(a))), simd(LANEWISE[lanes][n.op as LanewiseOp]), set(out));
  return true;
}

/** The stores of the graph's outputs for the vector at byte offset `at` (a local) of the segment. */
export function emitOutputStores(emit: (...code: number[][]) => void, graph: StepGraph, base: (name: string) => number, local: (n: GraphNode) => number, at: number): void {
  for (const [name, n] of graph.outputs) emit(get(base(name)), get(at), [OP.i32Add], get(local(n)), simd(SIMD.v128Store), memarg(4));
}
