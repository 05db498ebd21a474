/**
 * The WGSL generator, without a GPU: the shader's structure (bindings, uniform block, one `let` per graph
 * node, the profile's fused sites and flushes), and — by reading the generated statements back with
 * correctly rounded float32 semantics — that the text computes what the spec's exact reference computes,
 * bit for bit, for every preset and the flag variants its profile treats differently.
 */
import {
  allPresets,
  buildStepGraph,
  exactArith,
  fmaF32,
  fromPreset,
  rmspropPreset,
  stepScalarBlock,
  type OptimizerSpec,
  type StepGraph,
} from '@isostep/spec';
import { describe, expect, it } from 'vitest';
import { encodeUniforms } from './uniforms.js';
import { SCALARS_OFFSET, WORKGROUP_SIZE, wgslFromGraph } from './wgsl-from-graph.js';

function cases(): { label: string; spec: OptimizerSpec }[] {
  const out: { label: string; spec: OptimizerSpec }[] = [];
  for (const { name } of allPresets('rmsprop')) {
    const wd = rmspropPreset(name).defaults.weightDecayMode === 'none' ? {} : { weightDecay: 0.01 };
    out.push({ label: `${name} defaults`, spec: fromPreset('rmsprop', name) });
    out.push({ label: `${name} centered + momentum + wd`, spec: fromPreset('rmsprop', name, { centered: true, momentum: 0.9, ...wd }) });
  }
  out.push({ label: 'optax nesterov + bias correction', spec: fromPreset('rmsprop', 'optax', { momentum: 0.9, nesterov: true, biasCorrection: true }) });
  out.push({ label: 'torch maximize, rho 0.3', spec: fromPreset('rmsprop', 'torch', { maximize: true, rho: 0.3, centered: true }) });
  return out;
}

const count = (code: string, needle: string) => code.split(needle).length - 1;

describe('WGSL generated from the step graph', () => {
  it("puts the torch preset's fused sites in as fma, and nothing else", () => {
    // torch fuses weight decay, the mean square, the lerp of the mean gradient, the centered variance and
    // the momentum apply: with all of them switched on, five fma.
    const spec = fromPreset('rmsprop', 'torch', { centered: true, momentum: 0.9, weightDecay: 0.01 });
    const graph = buildStepGraph(spec, 'float32');
    const { code } = wgslFromGraph(graph);
    expect(graph.nodes.filter((n) => n.op === 'fma')).toHaveLength(5);
    expect(count(code, 'fma(')).toBe(5);
    expect(code).not.toContain('flushSubnormal');
    expect(code).toContain('sqrt(');
    expect(code).not.toContain('inverseSqrt(');
  });

  it('fuses nothing for keras3, and flushes subnormals (FTZ/DAZ) around every operation', () => {
    const graph = buildStepGraph(fromPreset('rmsprop', 'keras3'), 'float32');
    const { code } = wgslFromGraph(graph);
    expect(count(code, 'fma(')).toBe(0);
    const flushes = graph.nodes.filter((n) => n.op === 'flush').length;
    expect(flushes).toBeGreaterThan(0);
    // One call per flush node, plus the one function definition.
    expect(count(code, 'flushSubnormal(')).toBe(flushes + 1);
  });

  it('uses inverseSqrt where the profile takes the reciprocal root (optax)', () => {
    const { code } = wgslFromGraph(buildStepGraph(fromPreset('rmsprop', 'optax'), 'float32'));
    expect(count(code, 'inverseSqrt(')).toBe(1);
  });

  for (const { label, spec } of cases()) {
    it(`${label}: every node once, in graph order, one binding per vector, every output stored`, () => {
      const graph = buildStepGraph(spec, 'float32');
      const shader = wgslFromGraph(graph);
      const lets = [...shader.code.matchAll(/^ {2}let (n\d+) = /gm)].map((m) => m[1]);
      expect(lets).toEqual(graph.nodes.map((n) => `n${n.id}`));
      expect(shader.vectors.map((v) => v.vector)).toEqual(['p', 'g', ...spec.program.slots]);
      for (const v of shader.vectors) {
        const access = v.vector === 'g' ? 'read' : 'read_write';
        expect(shader.code).toContain(`@binding(${v.binding}) var<storage, ${access}> buf${v.binding}: array<f32>; // ${v.vector}`);
      }
      const stores = [...shader.code.matchAll(/^ {2}buf(\d+)\[i\] = (n\d+);$/gm)].map((m) => [shader.vectors[Number(m[1]) - 1]!.vector, m[2]]);
      expect(new Map(stores as [string, string][])).toEqual(new Map([...graph.outputs].map(([v, n]) => [v, `n${n.id}`])));
      expect(shader.code).toContain(`@workgroup_size(${WORKGROUP_SIZE})`);
      expect(shader.scalarCount).toBe(graph.scalarNames.length + graph.constants.length);
    });

    it(`${label}: the generated statements compute the exact reference, bit for bit`, () => {
      const graph = buildStepGraph(spec, 'float32');
      const run = evaluateWgsl(wgslFromGraph(graph).code, graph);
      const A = exactArith('float32', spec.profile.subnormals);
      for (const t of [1, 2, 7]) {
        const block = stepScalarBlock(graph, spec, spec.config.lr * t, t);
        const s = spec.program.scalars(A, spec.config.lr * t, t);
        for (let k = 0; k < 200; k++) {
          const vectors = new Map(graph.vectors.map((v, j) => [v, sample(k * 13 + j * 7 + t, v)]));
          const e: Record<string, number> = Object.fromEntries(vectors);
          spec.program.element(A, s, e as never);
          const got = run(vectors, block);
          for (const [vector, value] of got) {
            if (!Object.is(value, e[vector]) && !(Number.isNaN(value) && Number.isNaN(e[vector]))) {
              expect.fail(`${vector} = ${value}, reference ${e[vector]} (element ${k}, step ${t}, inputs ${JSON.stringify(Object.fromEntries(vectors))})`);
            }
          }
        }
      }
    });
  }

  it('lays out the uniform block as the shader declares it: count, rowStride, then the scalars from byte 16', () => {
    const shader = wgslFromGraph(buildStepGraph(fromPreset('rmsprop', 'optax'), 'float32'));
    expect(shader.uniformBytes % 16).toBe(0);
    const rows = Number(/scalars: array<vec4<f32>, (\d+)>/.exec(shader.code)![1]);
    expect(shader.uniformBytes).toBe(SCALARS_OFFSET + 16 * rows);
    const block = Array.from({ length: shader.scalarCount }, (_, k) => k + 0.5);
    const view = new DataView(encodeUniforms(shader.uniformBytes, 1000, 4096, block));
    expect(view.getUint32(0, true)).toBe(1000);
    expect(view.getUint32(4, true)).toBe(4096);
    for (let k = 0; k < block.length; k++) expect(view.getFloat32(SCALARS_OFFSET + 4 * k, true)).toBe(k + 0.5);
  });

  it('refuses a float64 graph (WGSL has no f64)', () => {
    expect(() => wgslFromGraph(buildStepGraph(fromPreset('rmsprop', 'torch'), 'float64'))).toThrow(/WGSL has no f64/);
  });
});

/** Values over many binades, both signs, zeros and subnormals; slot values non-negative where the math needs it. */
function sample(seed: number, vector: string): number {
  let x = (seed * 2654435761) >>> 0;
  x = (Math.imul(x ^ (x >>> 15), 2246822519) >>> 0) ^ (x >>> 13);
  const u = (x >>> 0) / 2 ** 32;
  const special = [0, -0, 2 ** -140, -(2 ** -135), 1e-38, 1];
  const v = seed % 9 === 0 ? special[seed % special.length]! : (u < 0.5 ? -1 : 1) * 10 ** (8 * u - 5);
  // The mean square is a square's average: never negative in a real state.
  return Math.fround(vector === 'meanSquare' ? Math.abs(v) : v);
}

/**
 * Reads the generated shader's statements back as float32 arithmetic with the WGSL built-ins' exact
 * meanings (correctly rounded + − × ÷ √, fma rounded once, inverseSqrt as 1/√x rounded once, the flush
 * function as written): a GPU is allowed to differ from this (see the interval model), the text is not.
 */
function evaluateWgsl(code: string, graph: StepGraph): (vectors: ReadonlyMap<string, number>, block: readonly number[]) => Map<string, number> {
  const buffers = new Map<string, string>();
  for (const m of code.matchAll(/var<storage, \w+> (buf\d+): array<f32>; \/\/ (\S+)/g)) buffers.set(m[1]!, m[2]!);
  const statements = [...code.matchAll(/^ {2}let (n\d+) = (.+);(?: \/\/.*)?$/gm)].map((m) => [m[1]!, m[2]!] as const);
  const stores = [...code.matchAll(/^ {2}(buf\d+)\[i\] = (n\d+);$/gm)].map((m) => [buffers.get(m[1]!)!, m[2]!] as const);
  expect(statements.length).toBe(graph.nodes.length);
  const f = Math.fround;
  const z = (x: number) => {
    const bits = new Uint32Array(new Float32Array([x]).buffer)[0]!;
    return (bits & 0x7f800000) === 0 ? (bits & 0x80000000 ? -0 : 0) : x;
  };
  return (vectors, block) => {
    const env = new Map<string, number>();
    const val = (name: string) => {
      const v = env.get(name);
      if (v === undefined) throw new Error(`${name} used before it is defined`);
      return v;
    };
    for (const [name, expr] of statements) {
      let m: RegExpExecArray | null;
      let v: number;
      if ((m = /^u\.scalars\[(\d+)\]\[(\d)\]$/.exec(expr))) v = f(block[4 * Number(m[1]) + Number(m[2])]!);
      else if ((m = /^(buf\d+)\[i\]$/.exec(expr))) v = vectors.get(buffers.get(m[1]!)!)!;
      else if ((m = /^-(n\d+)$/.exec(expr))) v = -val(m[1]!);
      else if ((m = /^sqrt\((n\d+)\)$/.exec(expr))) v = f(Math.sqrt(val(m[1]!)));
      else if ((m = /^inverseSqrt\((n\d+)\)$/.exec(expr))) v = f(1 / Math.sqrt(val(m[1]!)));
      else if ((m = /^flushSubnormal\((n\d+)\)$/.exec(expr))) v = z(val(m[1]!));
      else if ((m = /^fma\((n\d+), (n\d+), (n\d+)\)$/.exec(expr))) v = fmaF32(val(m[1]!), val(m[2]!), val(m[3]!));
      else if ((m = /^(n\d+) ([-+*/]) (n\d+)$/.exec(expr))) {
        const [a, b] = [val(m[1]!), val(m[3]!)];
        v = f(m[2] === '+' ? a + b : m[2] === '-' ? a - b : m[2] === '*' ? a * b : a / b);
      } else throw new Error(`unrecognised statement: let ${name} = ${expr}`);
      env.set(name, v);
    }
    return new Map(stores.map(([vector, name]) => [vector, val(name)]));
  };
}
