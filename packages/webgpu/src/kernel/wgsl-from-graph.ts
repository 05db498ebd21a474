/**
 * The optimizer step as WGSL, generated from the spec's step graph (`buildStepGraph`): one `let` per graph
 * node, in graph order, so the shader performs exactly the operations of the spec's element step for
 * this config and profile, with its fused sites (`fma`), its root (`sqrt` or `inverseSqrt`) and, for
 * FTZ/DAZ profiles, its flushes. Nothing in this file knows an optimizer: the vectors, scalars and
 * constants all come from the graph.
 *
 * One invocation per element of the packed vectors: a model's tensors are concatenated, so one dispatch
 * steps the whole model. The shader is generated per config, so it binds exactly the vectors the config
 * allocates (no dummy buffers, no override constants).
 */
import type { GraphNode, StepGraph } from '@isostep/spec';

export const WORKGROUP_SIZE = 256;

/** One storage binding of the generated shader: a packed vector of the graph (`p`, `g` or a slot). */
export interface VectorBinding {
  readonly binding: number;
  /** The graph's vector name ('p', 'g' or a slot name). */
  readonly vector: string;
  /** Only the gradient is read-only; params and slots are written back. */
  readonly access: 'read-only-storage' | 'storage';
}

export interface StepShader {
  readonly code: string;
  /** Binding 0 is the uniform block; then one storage binding per `graph.vectors` entry, in that order. */
  readonly vectors: readonly VectorBinding[];
  /** Length of the scalar block (step scalars, then the graph's constants). */
  readonly scalarCount: number;
  /** Size of the uniform buffer in bytes (see `uniforms.ts` for the layout). */
  readonly uniformBytes: number;
}

/** The gradient is the only vector a step never writes. */
const READ_ONLY = new Set(['g']);

/** Offset of the scalar block in the uniform struct: after count and rowStride, at vec4 alignment. */
export const SCALARS_OFFSET = 16;

export function uniformBytesFor(scalarCount: number): number {
  return SCALARS_OFFSET + 16 * Math.max(1, Math.ceil(scalarCount / 4));
}

/** WGSL source for a float32 step graph. */
export function wgslFromGraph(graph: StepGraph): StepShader {
  if (graph.dtype !== 'float32') throw new Error(`WGSL has no f64: a step graph of ${graph.dtype} cannot be compiled to WGSL`);
  const scalarCount = graph.scalarNames.length + graph.constants.length;
  const rows = Math.max(1, Math.ceil(scalarCount / 4));
  const vectors: VectorBinding[] = graph.vectors.map((vector, k) => ({
    binding: k + 1,
    vector,
    access: READ_ONLY.has(vector) ? 'read-only-storage' : 'storage',
  }));
  // Buffer identifiers are positional: slot names are the descriptor's, not necessarily WGSL identifiers.
  const buffer = new Map(vectors.map((v) => [v.vector, `buf${v.binding}`]));
  const name = (n: GraphNode) => `n${n.id}`;
  const scalarName = (index: number) =>
    index < graph.scalarNames.length ? graph.scalarNames[index]! : `constant ${graph.constants[index - graph.scalarNames.length]}`;

  const expr = (n: GraphNode): string => {
    switch (n.op) {
      case 'input':
        return `${buffer.get(n.name)!}[i]`;
      case 'scalar':
        return `u.scalars[${n.index >> 2}][${n.index & 3}]`;
      case 'neg':
        return `-${name(n.args[0])}`;
      case 'sqrt':
        return `sqrt(${name(n.args[0])})`;
      case 'rsqrt':
        return `inverseSqrt(${name(n.args[0])})`;
      case 'flush':
        return `flushSubnormal(${name(n.args[0])})`;
      case 'fma':
        return `fma(${n.args.map(name).join(', ')})`;
      case 'max':
        return `max(${name(n.args[0])}, ${name(n.args[1])})`;
      case 'add':
      case 'sub':
      case 'mul':
      case 'div': {
        const sym = { add: '+', sub: '-', mul: '*', div: '/' }[n.op];
        return `${name(n.args[0])} ${sym} ${name(n.args[1])}`;
      }
    }
  };
  const comment = (n: GraphNode) =>
    n.op === 'scalar' ? ` // ${scalarName(n.index)}` : n.op === 'input' ? ` // ${n.name}` : '';

  // A vector whose output is its own unchanged input needs no store.
  const stores = [...graph.outputs].filter(([vector, n]) => !(n.op === 'input' && n.name === vector));

  const code = [
    `// Generated from the spec's step graph (${graph.nodes.length} nodes${graph.flush ? ', FTZ/DAZ' : ''}); do not edit.`,
    'struct Step {',
    '  count: u32,',
    '  rowStride: u32,',
    `  // the scalar block, four per row: ${[...graph.scalarNames, ...graph.constants.map((c) => `constant ${c}`)].join(', ')}`,
    `  scalars: array<vec4<f32>, ${rows}>,`,
    '}',
    '',
    '@group(0) @binding(0) var<uniform> u: Step;',
    ...vectors.map(
      (v) => `@group(0) @binding(${v.binding}) var<storage, ${v.access === 'storage' ? 'read_write' : 'read'}> ${buffer.get(v.vector)!}: array<f32>; // ${v.vector}`,
    ),
    '',
    ...(graph.flush ? FLUSH_FN : []),
    `@compute @workgroup_size(${WORKGROUP_SIZE})`,
    'fn step(@builtin(global_invocation_id) id: vec3u) {',
    '  let i = id.y * u.rowStride + id.x;',
    '  if (i >= u.count) { return; }',
    ...graph.nodes.map((n) => `  let ${name(n)} = ${expr(n)};${comment(n)}`),
    ...stores.map(([vector, n]) => `  ${buffer.get(vector)!}[i] = ${name(n)};`),
    '}',
    '',
  ].join('\n');
  return { code, vectors, scalarCount, uniformBytes: uniformBytesFor(scalarCount) };
}

/**
 * FTZ/DAZ as the spec's `exactArith` does it: a value below the smallest normal becomes zero of the same
 * sign. Tested on the bits (exponent field 0 means zero or subnormal) rather than with `abs(x) < 2^-126`,
 * so the test cannot itself be flushed or reordered by the compiler; the sign bit is kept by masking.
 */
const FLUSH_FN = [
  'fn flushSubnormal(x: f32) -> f32 {',
  '  let bits = bitcast<u32>(x);',
  '  return select(x, bitcast<f32>(bits & 0x80000000u), (bits & 0x7f800000u) == 0u);',
  '}',
  '',
];
