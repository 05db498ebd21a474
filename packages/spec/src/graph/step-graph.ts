/**
 * An optimizer's element step as a graph, recorded by running its `StepProgram.element` over symbolic
 * arithmetic. The fast CPU kernels (WebAssembly SIMD, JS) and the WGSL shader are compiled from this
 * graph, so none of them is a second copy of any formula: the graph is what the spec's own code does for
 * one config and profile.
 *
 * Every node is one operation of the exact reference (`exactArith`), in its order, with its fused sites
 * and — when the profile flushes subnormals — a `flush` node wherever `exactArith`'s flushing wrapper
 * applies one. A kernel that evaluates each node with the same correctly rounded operation reproduces
 * the reference bit for bit.
 */
import type { Dtype } from '../contract/dtype.js';
import type { ElementValues, StepScalarValues } from '../contract/descriptor.js';
import type { OptimizerSpec } from '../contract/optimizer-spec.js';
import { exactArith, type Arith } from '../numerics/arith.js';

export type GraphNode =
  /** `name` is 'p', 'g' or a slot name. */
  | { readonly id: number; readonly op: 'input'; readonly name: string }
  /** Index into the scalar block: a step scalar (`scalarNames` order), or a constant of the formula after them. */
  | { readonly id: number; readonly op: 'scalar'; readonly index: number }
  | { readonly id: number; readonly op: 'neg' | 'sqrt' | 'rsqrt' | 'flush'; readonly args: readonly [GraphNode] }
  | { readonly id: number; readonly op: 'add' | 'sub' | 'mul' | 'div' | 'max'; readonly args: readonly [GraphNode, GraphNode] }
  | { readonly id: number; readonly op: 'fma'; readonly args: readonly [GraphNode, GraphNode, GraphNode] };

export interface StepGraph {
  readonly dtype: Dtype;
  readonly flush: boolean;
  /** The vectors a kernel binds, in order: 'p', 'g', then the allocated slots in canonical order. */
  readonly vectors: readonly string[];
  /** Every node the outputs need, operands before users. */
  readonly nodes: readonly GraphNode[];
  /** Which vectors the step reads (an allocated slot that is not read is still written). */
  readonly inputs: readonly string[];
  /** The values to store: 'p' and every allocated slot. */
  readonly outputs: ReadonlyMap<string, GraphNode>;
  /** Names of the step scalars (the first entries of the scalar block). */
  readonly scalarNames: readonly string[];
  /** Constants the formula uses (e.g. the 1 of 1/d), already rounded (and flushed) as `exactArith` would. */
  readonly constants: readonly number[];
}

/** Values of the scalar block for one step: the named scalars, then the graph's constants. */
export function scalarBlock(graph: StepGraph, s: StepScalarValues<number>): number[] {
  return [...graph.scalarNames.map((n) => s[n]!), ...graph.constants];
}

/** The scalar block of step t at learning rate lr, computed as the exact reference computes it. */
export function stepScalarBlock(graph: StepGraph, spec: OptimizerSpec, lr: number, t: number): number[] {
  return scalarBlock(graph, spec.program.scalars(exactArith(graph.dtype, spec.profile.subnormals), lr, t));
}

export function buildStepGraph(spec: OptimizerSpec, dtype: Dtype): StepGraph {
  const flush = spec.profile.subnormals === 'flush';
  const real = exactArith(dtype, spec.profile.subnormals);
  const scalarNames = spec.optimizer.scalarNames;
  const nodes: GraphNode[] = [];
  const byKey = new Map<string, GraphNode>();
  const flushed = new Set<GraphNode>();
  const constants: number[] = [];

  // Hash-consing: the same operation on the same operands is one node (IEEE operations are deterministic).
  function make(key: string, build: (id: number) => GraphNode, isFlushed: boolean): GraphNode {
    let n = byKey.get(key);
    if (n === undefined) {
      n = build(nodes.length);
      nodes.push(n);
      byKey.set(key, n);
      if (isFlushed) flushed.add(n);
    }
    return n;
  }
  const input = (name: string) => make(`in:${name}`, (id) => ({ id, op: 'input', name }), false);
  const scalar = (index: number) => make(`s:${index}`, (id) => ({ id, op: 'scalar', index }), true);
  // exactArith's flushing wrapper flushes every operand and every result; flushing twice changes nothing.
  const z = (a: GraphNode): GraphNode =>
    !flush || flushed.has(a) ? a : make(`flush:${a.id}`, (id) => ({ id, op: 'flush', args: [a] }), true);
  const un = (op: 'sqrt' | 'rsqrt', a: GraphNode) => z(make(`${op}:${z(a).id}`, (id) => ({ id, op, args: [z(a)] }), false));
  const bin = (op: 'add' | 'sub' | 'mul' | 'div' | 'max', a: GraphNode, b: GraphNode) => {
    const [x, y] = [z(a), z(b)];
    return z(make(`${op}:${x.id},${y.id}`, (id) => ({ id, op, args: [x, y] }), false));
  };

  const A: Arith<GraphNode> = {
    const: (x) => {
      const value = real.const(x);
      let i = constants.findIndex((c) => Object.is(c, value));
      if (i < 0) i = constants.push(value) - 1;
      return scalar(scalarNames.length + i);
    },
    add: (a, b) => bin('add', a, b),
    sub: (a, b) => bin('sub', a, b),
    mul: (a, b) => bin('mul', a, b),
    div: (a, b) => bin('div', a, b),
    sqrt: (a) => un('sqrt', a),
    rsqrt: (a) => un('rsqrt', a),
    fma: (a, b, c) => {
      const [x, y, w] = [z(a), z(b), z(c)];
      return z(make(`fma:${x.id},${y.id},${w.id}`, (id) => ({ id, op: 'fma', args: [x, y, w] }), false));
    },
    pow: () => {
      throw new Error('pow is a per-step scalar (bias correction), never an element operation');
    },
    // exactArith negates without flushing; a flushed value stays flushed when negated.
    neg: (a) => make(`neg:${a.id}`, (id) => ({ id, op: 'neg', args: [a] }), flushed.has(a)),
    max: (a, b) => bin('max', a, b),
  };

  const slots = spec.program.slots;
  const s: StepScalarValues<GraphNode> = Object.fromEntries(scalarNames.map((n, i) => [n, scalar(i)]));
  const e = { p: input('p'), g: input('g') } as ElementValues<GraphNode>;
  for (const slot of slots) e[slot] = input(slot);
  spec.program.element(A, s, e);

  const outputs = new Map<string, GraphNode>([['p', e.p!]]);
  for (const slot of slots) outputs.set(slot, e[slot]!);
  const live = reachable([...outputs.values()]);
  const kept = nodes.filter((n) => live.has(n));
  const inputs = kept.flatMap((n) => (n.op === 'input' ? [n.name] : []));
  return { dtype, flush, vectors: ['p', 'g', ...slots], nodes: kept, inputs, outputs, scalarNames, constants };
}

function reachable(roots: readonly GraphNode[]): Set<GraphNode> {
  const seen = new Set<GraphNode>();
  const stack = [...roots];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    if ('args' in n) stack.push(...n.args);
  }
  return seen;
}
