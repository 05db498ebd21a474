/**
 * A float64 step graph compiled to a WebAssembly SIMD loop (2 elements per iteration).
 *
 * Why it is exact: the reference's float64 arithmetic is JavaScript's (`exactArith('float64')`), and
 * wasm's f64x2 add, sub, mul, div and sqrt are the same IEEE operations rounded to nearest even, with
 * subnormals kept (wasm has no FTZ mode). The rest:
 *  - max: wasm's fmax propagates NaN and orders −0 below +0, which is Math.max;
 *  - rsqrt: the reference's 1 / Math.sqrt(x), two roundings, so f64x2.sqrt then a divide of 1 by it;
 *  - fma: only as `f64x2.relaxed_madd`, and only where `madd-probe.ts` proved it fused (one rounding, the
 *    reference's exact fma) on this host. There is no f64x2 emulation (the float32 one leans on float64
 *    being wider; nothing here is wider than float64), so the caller keeps the JS kernel for a graph with
 *    fma nodes when relaxed_madd is not proved fused, and this compiler refuses such a graph. One edge
 *    differs: the reference (spec `fmaF64`) returns the unfused fl(a·b) + c whenever an operand is not
 *    finite, which is the fused result except for finite a, b whose product overflows to the infinity
 *    opposite to an infinite c: NaN there, where a true fma gives c. So the unfused sum is computed too
 *    and taken where it is NaN (only then can the two differ; where it is not NaN they are equal);
 *  - flush (FTZ/DAZ profiles): |x| below the smallest normal becomes ±0, as a mask on the bits: |x|'s
 *    bits (non-negative as i64, NaN and ∞ included) above the largest subnormal's keep every bit, else
 *    only the sign. No guarded unflushed body as in float32: that exists to skip the flushes' cost, which
 *    here is three bit operations per flush against a float64 stream at memory speed.
 *
 * Same table as the float32 kernel (`segments.ts`): per segment one byte offset per graph vector, then
 * the number of 16-byte vectors (2 float64 lanes each). Scalars are float64, 8 bytes each.
 */
import type { GraphNode, StepGraph } from '@isostep/spec';
import { assembleKernel, emitLanewise, emitOutputStores, emitSegmentWalk, END, FRAME_LOCALS, vectorBase, get, I, SCALARS, set } from './kernel-frame.js';
import { memarg, OP, SIMD, simd, sleb, TYPE } from './wasm-encoding.js';

/** Bits of the largest float64 subnormal, (2⁵² − 1)·2⁻¹⁰⁷⁴: |x| at or below it is flushed. */
export const MAX_SUBNORMAL_F64_BITS = 0x000f_ffff_ffff_ffffn;

/**
 * Test-only: the threshold the flush nodes compile with, so a test can compile a wrong one and see its
 * bit-identity check fail (`test/simd-kernel-f64.test.ts`). Nothing else writes it.
 */
export const f64KernelTestHooks: { maxSubnormalBits: bigint } = { maxSubnormalBits: MAX_SUBNORMAL_F64_BITS };

export interface SimdKernelF64Options {
  /** 'fused': fma nodes as relaxed_madd (only where proved fused); 'none': the graph must have none. */
  readonly madd: 'fused' | 'none';
}

// Locals: the frame's (kernel-frame.ts), then one base address per vector, then v128 locals.
const FIRST_BASE = FRAME_LOCALS;

function splatI64(bits: bigint): number[] {
  const b = [...new Uint8Array(new BigUint64Array([bits]).buffer)];
  return [...simd(SIMD.v128Const), ...b, ...b];
}

export function compileSimdKernelF64(graph: StepGraph, memory: { minPages: number; maxPages: number }, options: SimdKernelF64Options): Uint8Array<ArrayBuffer> {
  if (graph.dtype !== 'float64') throw new Error('compileSimdKernelF64: the graph is not float64');
  if (options.madd !== 'fused' && graph.nodes.some((n) => n.op === 'fma')) {
    throw new Error('compileSimdKernelF64: fma nodes need f64x2.relaxed_madd proved fused (else use the JS kernel)');
  }
  const vectorCount = graph.vectors.length;
  const base = vectorBase(graph, FIRST_BASE);
  const FIRST_V128 = FIRST_BASE + vectorCount;
  let next = FIRST_V128;
  const local = new Map<GraphNode, number>();
  for (const n of graph.nodes) local.set(n, next++);
  const K = { one: next++, sign: next++, absMask: next++, maxSubnormal: next++, unfused: next++ };
  const L = (n: GraphNode) => local.get(n)!;
  const body: number[] = [];
  const emit = (...code: number[][]) => {
    for (const c of code) body.push(...c);
  };

  // Constants and step scalars, splatted once per call.
  emit(splatI64(BigInt(new BigUint64Array(new Float64Array([1]).buffer)[0]!)), set(K.one));
  emit(splatI64(0x8000_0000_0000_0000n), set(K.sign), splatI64(0x7fff_ffff_ffff_ffffn), set(K.absMask));
  emit(splatI64(f64KernelTestHooks.maxSubnormalBits), set(K.maxSubnormal));
  for (const n of graph.nodes) {
    if (n.op === 'scalar') emit(get(SCALARS), simd(SIMD.v128Load64Splat), memarg(3, n.index * 8), set(L(n)));
  }

  const elementCode = () => {
    for (const n of graph.nodes) {
      const out = L(n);
      if (emitLanewise(emit, 'f64x2', n, L, out)) continue;
      switch (n.op) {
        case 'scalar':
          break;
        case 'input':
          emit(get(base(n.name)), get(I), [OP.i32Add, ...simd(SIMD.v128Load)], memarg(4), set(out));
          break;
        case 'rsqrt':
          emit(get(K.one), get(L(n.args[0])), simd(SIMD.f64x2Sqrt), simd(SIMD.f64x2Div), set(out));
          break;
        case 'flush': {
          // x AND (|x| > largest subnormal ? all ones : sign bit); |x|'s bits are non-negative as i64.
          const x = L(n.args[0]);
          emit(get(x), get(K.absMask), simd(SIMD.v128And), get(K.maxSubnormal), simd(SIMD.i64x2GtS));
          emit(get(K.sign), simd(SIMD.v128Or), get(x), simd(SIMD.v128And), set(out));
          break;
        }
        case 'fma': {
          const [a, b, c] = n.args.map(L) as [number, number, number];
          emit(get(a), get(b), get(c), simd(SIMD.f64x2RelaxedMadd));
          emit(get(a), get(b), simd(SIMD.f64x2Mul), get(c), simd(SIMD.f64x2Add), set(K.unfused));
          emit(get(K.unfused), get(K.unfused), get(K.unfused), simd(SIMD.f64x2Eq), simd(SIMD.v128Bitselect), set(out));
          break;
        }
        default:
          throw new Error(`step graph: no SIMD code for op ${n.op}`);
      }
    }
    emitOutputStores(emit, graph, base, L, I);
  };

  // Per segment, one body per 16-byte vector.
  emitSegmentWalk(emit, { vectorCount, firstBase: FIRST_BASE }, () => {
    emit([OP.block, TYPE.blockEmpty, OP.loop, TYPE.blockEmpty]);
    emit(get(I), get(END), [OP.i32GeU, OP.brIf, 1]);
    elementCode();
    emit(get(I), [OP.i32Const, ...sleb(16), OP.i32Add], set(I), [OP.br, 0, OP.end, OP.end]);
  });
  return assembleKernel(memory, body, FIRST_V128, next);
}
