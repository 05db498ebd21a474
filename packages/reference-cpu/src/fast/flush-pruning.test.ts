/**
 * Flush pruning is sound: it removes only flushes whose operand cannot be subnormal, and the kernels
 * stay bit-identical either way (the bit-identity suite runs every flushing preset). Here: what it
 * prunes and what it must keep, on real step graphs.
 */
import { describe, expect, it } from 'vitest';
import { buildStepGraph, rmsprop, type GraphNode } from '@isostep/spec';
import { prunableFlushes } from './flush-pruning.js';

const opOf = (n: GraphNode) => n.op;

describe('prunableFlushes', () => {
  it('prunes the flush after √ and keeps flushes after add, mul, div and of inputs (keras3)', () => {
    const g = buildStepGraph(rmsprop('keras3'), 'float32');
    const pruned = prunableFlushes(g);
    const prunedOps = [...pruned.values()].map(opOf);
    expect(prunedOps).toContain('sqrt');
    for (const n of g.nodes) {
      if (n.op !== 'flush') continue;
      if (['add', 'sub', 'mul', 'div', 'fma', 'input'].includes(n.args[0].op)) expect(pruned.has(n)).toBe(false);
    }
  });

  it('prunes nothing in a graph without flushes (torch)', () => {
    expect(prunableFlushes(buildStepGraph(rmsprop('torch'), 'float32')).size).toBe(0);
  });

  it('keeps the flush of an op kind it does not know', () => {
    const g = buildStepGraph(rmsprop('keras3'), 'float32');
    const x = g.nodes.find((n) => n.op === 'input')!;
    const unknown = { id: 1000, op: 'mystery', args: [x] } as unknown as GraphNode;
    const flush = { id: 1001, op: 'flush', args: [unknown] } as GraphNode;
    expect(prunableFlushes({ ...g, nodes: [...g.nodes, unknown, flush] }).has(flush)).toBe(false);
  });
});
