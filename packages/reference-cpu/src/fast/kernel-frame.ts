/**
 * What the float32 and float64 step kernels share: the signature `step(table, count, scalars)`, the walk
 * over the segment table (`segments.ts`: per segment one byte offset per graph vector, then the number of
 * 16-byte vectors) and the module around the body. They differ only in what they emit per segment.
 */
import type { StepGraph } from '@isostep/spec';
import { assembleModule, memarg, OP, sleb, TYPE, uleb } from './wasm-encoding.js';

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
