/**
 * The spec's element step as a graph, recorded by running `elementStep` over symbolic arithmetic.
 *
 * The fast kernels are not a second copy of the formula: they are compiled from this graph, which is
 * what the spec's own code does for one config and profile. Every node is one operation of the exact
 * reference (`exactArith`), in its order, with its fused sites and — when the profile flushes
 * subnormals — a `flush` node wherever `exactArith`'s flushing wrapper applies one. So a kernel that
 * evaluates each node with the same correctly rounded operation reproduces the reference bit for bit.
 */
import {
  elementStep,
  exactArith,
  planStep,
  stepScalars,
  type Arith,
  type Dtype,
  type ElementValues,
  type NumericsProfile,
  type RmspropConfig,
  type StepScalars,
} from '@isostep/spec';

export type InputName = 'p' | 'g' | 'v' | 'm' | 'b';

/** Scalars of a step, in the order the kernel reads them from its scalar block. */
export const SCALAR_NAMES = [
  'lr',
  'negLr',
  'rho',
  'oneMinusRho',
  'oneMinusRhoMinusOne',
  'eps',
  'momentum',
  'weightDecay',
  'biasCorrection',
] as const;
export type ScalarName = (typeof SCALAR_NAMES)[number];

export type GraphNode =
  | { readonly id: number; readonly op: 'input'; readonly name: InputName }
  /** Index into the scalar block: a step scalar, or a constant of the formula (after the named ones). */
  | { readonly id: number; readonly op: 'scalar'; readonly index: number }
  | { readonly id: number; readonly op: 'neg' | 'sqrt' | 'rsqrt' | 'flush'; readonly args: readonly [GraphNode] }
  | { readonly id: number; readonly op: 'add' | 'sub' | 'mul' | 'div'; readonly args: readonly [GraphNode, GraphNode] }
  | { readonly id: number; readonly op: 'fma'; readonly args: readonly [GraphNode, GraphNode, GraphNode] };

export interface StepGraph {
  readonly dtype: Dtype;
  readonly flush: boolean;
  /** Every node the outputs need, operands before users. */
  readonly nodes: readonly GraphNode[];
  /** Which inputs the step reads (a slot that is not read is still written when allocated). */
  readonly inputs: readonly InputName[];
  /** The values to store, per allocated slot (p and v always). */
  readonly outputs: Readonly<Partial<Record<InputName, GraphNode>>>;
  /** Constants the formula uses (e.g. the 1 of 1/d), already rounded (and flushed) as `exactArith` would. */
  readonly constants: readonly number[];
}

/** Values of the scalar block for one step: the named scalars, then the graph's constants. */
export function scalarBlock(graph: StepGraph, s: StepScalars<number>): number[] {
  return [...SCALAR_NAMES.map((n) => s[n]), ...graph.constants];
}

export function buildStepGraph(config: RmspropConfig, profile: NumericsProfile, dtype: Dtype): StepGraph {
  const flush = profile.subnormals === 'flush';
  const real = exactArith(dtype, profile.subnormals);
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
  const input = (name: InputName) => make(`in:${name}`, (id) => ({ id, op: 'input', name }), false);
  const scalar = (index: number) => make(`s:${index}`, (id) => ({ id, op: 'scalar', index }), true);
  // exactArith's flushing wrapper flushes every operand and every result; flushing twice changes nothing.
  const z = (a: GraphNode): GraphNode =>
    !flush || flushed.has(a) ? a : make(`flush:${a.id}`, (id) => ({ id, op: 'flush', args: [a] }), true);
  const un = (op: 'sqrt' | 'rsqrt', a: GraphNode) => z(make(`${op}:${z(a).id}`, (id) => ({ id, op, args: [z(a)] }), false));
  const bin = (op: 'add' | 'sub' | 'mul' | 'div', a: GraphNode, b: GraphNode) => {
    const [x, y] = [z(a), z(b)];
    return z(make(`${op}:${x.id},${y.id}`, (id) => ({ id, op, args: [x, y] }), false));
  };

  const A: Arith<GraphNode> = {
    const: (x) => {
      const value = real.const(x);
      let i = constants.findIndex((c) => Object.is(c, value));
      if (i < 0) i = constants.push(value) - 1;
      return scalar(SCALAR_NAMES.length + i);
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
  };

  const plan = planStep(config, profile);
  // The branch of torch's lerp depends only on ρ: take it from the real scalars.
  const { lerpFromStart } = stepScalars(real, config, profile, config.lr, 1);
  const symbolic = Object.fromEntries(SCALAR_NAMES.map((n, i) => [n, scalar(i)])) as Record<ScalarName, GraphNode>;
  const s: StepScalars<GraphNode> = { ...symbolic, lerpFromStart };
  const e: ElementValues<GraphNode> = { p: input('p'), g: input('g'), v: input('v'), m: input('m'), b: input('b') };
  elementStep(A, plan, s, e);

  const outputs: Partial<Record<InputName, GraphNode>> = { p: e.p, v: e.v };
  if (config.centered) outputs.m = e.m;
  if (plan.hasMomentum) outputs.b = e.b;
  const live = reachable(Object.values(outputs));
  const kept = nodes.filter((n) => live.has(n));
  const inputs = kept.flatMap((n) => (n.op === 'input' ? [n.name] : []));
  return { dtype, flush, nodes: kept, inputs, outputs, constants };
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
