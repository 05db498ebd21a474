/**
 * Range analysis for flush-to-zero profiles: which `flush` nodes of a step graph can never change their
 * operand, so a kernel may skip them (the flush's value is its operand's value, bit for bit).
 *
 * A flush changes x only when x is subnormal (0 < |x| < the smallest normal). The analysis marks values
 * that can never be subnormal, from facts that hold for EVERY input (state, gradients and step scalars
 * are arbitrary floats, negative mean squares included), never from typical values:
 *  - a flush's result, and a scalar of a flushing graph (the scalar block is flushed when computed);
 *  - √x: 0, NaN, or ≥ √(2⁻¹⁴⁹) = 2⁻⁷⁴·⁵ (float32) / 2⁻⁵³⁷ (float64), both normal;
 *  - 1/√x: ≥ 1/√(max float) or ±∞/NaN;
 *  - −x and max(x, y) of values that cannot be subnormal (both are exact: the result is an operand);
 *  - x·c and x/c for a graph constant c (its value is known when the graph is built) with |c| ≥ 1 resp.
 *    |c| ≤ 1 (c ≠ 0) and x not subnormal: |x·c| ≥ |x| ≥ the smallest normal (rounding is monotone and the
 *    smallest normal is representable), or x = 0.
 * Anything else (add, sub, fma, products of two vectors or of unknown step scalars) may underflow.
 * Op kinds this file does not know are treated as "may be subnormal", so a new op is always flushed.
 */
import type { GraphNode, StepGraph } from '@isostep/spec';

/** The flush nodes a kernel may replace by their operand, mapped to that operand. */
export function prunableFlushes(graph: StepGraph): Map<GraphNode, GraphNode> {
  const normalOrZero = new Set<GraphNode>();
  const constant = (n: GraphNode): number | undefined => {
    if (n.op !== 'scalar') return undefined;
    const k = n.index - graph.scalarNames.length;
    return k >= 0 ? graph.constants[k] : undefined;
  };
  const safe = (n: GraphNode) => normalOrZero.has(n);
  const out = new Map<GraphNode, GraphNode>();
  for (const n of graph.nodes) {
    let ok = false;
    switch (n.op) {
      case 'scalar':
        ok = graph.flush;
        break;
      case 'flush':
        ok = true;
        if (safe(n.args[0])) out.set(n, n.args[0]);
        break;
      case 'sqrt':
      case 'rsqrt':
        ok = true;
        break;
      case 'neg':
        ok = safe(n.args[0]);
        break;
      case 'max':
        ok = safe(n.args[0]) && safe(n.args[1]);
        break;
      case 'mul': {
        const [a, b] = n.args;
        const ca = constant(a);
        const cb = constant(b);
        ok = (safe(a) && cb !== undefined && Math.abs(cb) >= 1) || (safe(b) && ca !== undefined && Math.abs(ca) >= 1);
        break;
      }
      case 'div': {
        const c = constant(n.args[1]);
        ok = safe(n.args[0]) && c !== undefined && c !== 0 && Math.abs(c) <= 1;
        break;
      }
      default:
        ok = false;
    }
    if (ok) normalOrZero.add(n);
  }
  return out;
}
