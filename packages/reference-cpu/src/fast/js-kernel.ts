/**
 * A step graph compiled to one JavaScript loop: no function call per operation, each node a local.
 *
 * Used for float64 (no SIMD needed to be exact: JS numbers are float64) and as the float32 fallback
 * where WebAssembly SIMD is missing. Each node is written as the exact reference evaluates it:
 * float32 results through Math.fround, fma through an exact fma (the spec's `fmaF32` for float32; for
 * float64 the error-free `fmaF64Eft`, which falls back to the spec's bigint `fmaF64` only at the range
 * edges), rsqrt as 1/√x rounded once.
 */
import { fmaF32, type GraphNode, type StepGraph, type Tensor } from '@isostep/spec';
import { fmaF64Eft } from './fma64.js';

/**
 * Steps elements [0, n) of one tensor in place. `vectors` are bound in `graph.vectors` order: p, g,
 * then each allocated slot.
 */
export type JsKernel = (vectors: readonly Tensor[], n: number, scalars: readonly number[]) => void;

const MIN_NORMAL = { float32: 2 ** -126, float64: 2 ** -1022 } as const;

export function compileJsKernel(graph: StepGraph): JsKernel {
  const f32 = graph.dtype === 'float32';
  // Vectors are named by position (V0 = p, V1 = g, …): slot names come from a descriptor and need not
  // be JavaScript identifiers, and no text of a descriptor ever reaches the generated source.
  const vector = (name: string) => {
    const k = graph.vectors.indexOf(name);
    if (k < 0) throw new Error(`step graph: ${JSON.stringify(name)} is not one of its vectors`);
    return `V${k}`;
  };
  const round = (x: string) => (f32 ? `fr(${x})` : x);
  const name = (n: GraphNode) => (n.op === 'scalar' ? `S${n.index}` : `n${n.id}`);
  const expr = (n: GraphNode): string => {
    switch (n.op) {
      case 'input':
        return `${vector(n.name)}[i]`;
      case 'scalar':
        return `S${n.index}`;
      case 'neg':
        return `-${name(n.args[0])}`;
      case 'sqrt':
        return round(`Math.sqrt(${name(n.args[0])})`);
      case 'rsqrt':
        return round(`1 / Math.sqrt(${name(n.args[0])})`);
      case 'flush':
        return `z(${name(n.args[0])})`;
      case 'max':
        // Exact (no rounding); Math.max propagates NaN and orders −0 below +0, like the reference.
        return `Math.max(${name(n.args[0])}, ${name(n.args[1])})`;
      case 'fma':
        return `fma(${n.args.map(name).join(', ')})`;
      default: {
        const sym = { add: '+', sub: '-', mul: '*', div: '/' }[n.op];
        return round(`${name(n.args[0])} ${sym} ${name(n.args[1])}`);
      }
    }
  };
  const scalarCount = Math.max(-1, ...graph.nodes.map((n) => (n.op === 'scalar' ? n.index : -1))) + 1;
  const lines = [
    ...graph.vectors.map((_, k) => `const V${k} = vectors[${k}];`),
    ...Array.from({ length: scalarCount }, (_, k) => `const S${k} = scalars[${k}];`),
    'for (let i = 0; i < n; i++) {',
    ...graph.nodes.filter((n) => n.op !== 'scalar').map((n) => `  const ${name(n)} = ${expr(n)};`),
    ...[...graph.outputs].map(([out, n]) => `  ${vector(out)}[i] = ${name(n)};`),
    '}',
  ];
  const min = MIN_NORMAL[graph.dtype];
  const z = (x: number) => (x !== 0 && Math.abs(x) < min ? (x < 0 ? -0 : 0) : x);
  // new Function keeps the loop monomorphic per config; the body is built from the graph's structure only.
  const factory = new Function('fr', 'fma', 'z', `return function kernel(vectors, n, scalars) {\n${lines.join('\n')}\n};`);
  return factory(Math.fround, f32 ? fmaF32 : fmaF64Eft, z) as JsKernel;
}
