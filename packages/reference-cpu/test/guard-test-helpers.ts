/** Test helpers shared by the FTZ-guard and guarded-kernel tests. */
import { fmaF32, type GraphNode, type StepGraph } from '@isostep/spec';
import type { Window } from '../src/fast/ftz-guard.js';

/** The graph evaluated in float32 with every flush as the identity: each node's value. */
export function evaluate(graph: StepGraph, scalars: readonly number[], inputs: Readonly<Record<string, number>>): Map<GraphNode, number> {
  const v = new Map<GraphNode, number>();
  const a = (n: GraphNode, k: number) => v.get((n as { readonly args: readonly GraphNode[] }).args[k]!)!;
  const f = Math.fround;
  for (const n of graph.nodes) {
    let x: number;
    switch (n.op) {
      case 'input': x = inputs[n.name]!; break;
      case 'scalar': x = scalars[n.index]!; break;
      case 'flush': x = a(n, 0); break;
      case 'neg': x = -a(n, 0); break;
      case 'sqrt': x = f(Math.sqrt(a(n, 0))); break;
      case 'rsqrt': x = f(1 / Math.sqrt(a(n, 0))); break;
      case 'max': x = Math.max(a(n, 0), a(n, 1)); break;
      case 'add': x = f(a(n, 0) + a(n, 1)); break;
      case 'sub': x = f(a(n, 0) - a(n, 1)); break;
      case 'mul': x = f(a(n, 0) * a(n, 1)); break;
      case 'div': x = f(a(n, 0) / a(n, 1)); break;
      case 'fma': x = fmaF32(a(n, 0), a(n, 1), a(n, 2)); break;
    }
    v.set(n, x);
  }
  return v;
}

export const inWindow = (x: number, w: Window) =>
  w.nonNegative ? Object.is(x, 0) || (x >= w.lo && x <= w.hi) : x === 0 || (Math.abs(x) >= w.lo && Math.abs(x) <= w.hi);

/** A deterministic generator (xorshift) so a failure reproduces. */
export function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/** Bit-for-bit equality (any NaN matches any NaN), naming the first element that differs. */
export function bitsEqual(a: Float32Array, b: Float32Array, what: string): void {
  const ia = new Int32Array(a.buffer, a.byteOffset, a.length);
  const ib = new Int32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < a.length; i++) {
    if (ia[i] !== ib[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) throw new Error(`${what}[${i}]: ${a[i]} (0x${(ia[i]! >>> 0).toString(16)}) vs reference ${b[i]} (0x${(ib[i]! >>> 0).toString(16)})`);
  }
}
