/**
 * The start-up proof that relaxed_madd is fused: it must reject every unfused implementation a host may
 * legally choose (a·b rounded then + c; the whole a·b + c in float64 then rounded once more), accept the
 * exact fma, and the real probe's verdict must match what the wasm instruction actually computes here.
 */
import { describe, expect, it } from 'vitest';
import { fmaF32, fmaF64, type Dtype } from '@isostep/spec';
import { checkMadd, compileMaddProbe, MADD_CASES, maddProbeInputs, probeRelaxedMadd, type MaddImplementation } from './madd-probe.js';

const round = (dtype: Dtype) => (dtype === 'float32' ? Math.fround : (x: number) => x);
const lanes = (f: (a: number, b: number, c: number) => number): MaddImplementation => (a, b, c) => a.map((x, i) => f(x, b[i]!, c[i]!));

describe.each<Dtype>(['float32', 'float64'])('the relaxed_madd probe (%s)', (dtype) => {
  const r = round(dtype);
  const exact = dtype === 'float32' ? fmaF32 : fmaF64;

  it('uses only inputs of the format (so the wasm lanes hold exactly these values)', () => {
    for (const [a, b, c] of MADD_CASES[dtype]) expect([r(a), r(b), r(c)]).toEqual([a, b, c]);
  });

  it('accepts the exact fma', () => {
    expect(checkMadd(dtype, lanes(exact))).toBeNull();
  });

  it('rejects a simulated unfused relaxed_madd (product rounded, then the sum rounded)', () => {
    expect(checkMadd(dtype, lanes((a, b, c) => r(r(a * b) + c)))).toMatch(/fused is/);
  });

  it('has cases that separate the two forms on their own (of a tie pair, the one against ties-to-even)', () => {
    const separates = ([a, b, c]: readonly [number, number, number]) => !Object.is(r(r(a * b) + c), exact(a, b, c));
    for (const k of MADD_CASES[dtype].keys()) {
      const x = MADD_CASES[dtype][k]!;
      const mirror = MADD_CASES[dtype].find((y, j) => j !== k && y[0] === x[0] && y[1] === x[1] && y[2] === -x[2]);
      expect(separates(x) || (mirror !== undefined && separates(mirror)), `${x.join(', ')}`).toBe(true);
    }
  });

  it('rejects an implementation that is right in all lanes but one', () => {
    const n = dtype === 'float32' ? 4 : 2;
    const oneLaneUnfused: MaddImplementation = (a, b, c) => a.map((x, i) => (i % n === n - 1 ? r(r(x * b[i]!) + c[i]!) : exact(x, b[i]!, c[i]!)));
    expect(checkMadd(dtype, oneLaneUnfused)).not.toBeNull();
  });

  it('puts every case in every lane', () => {
    const { a } = maddProbeInputs(dtype);
    const n = dtype === 'float32' ? 4 : 2;
    const perCase = MADD_CASES[dtype].length * 3;
    expect(a.length).toBe(perCase * n);
  });
});

describe('the float32 probe also rejects "fma in float64, then rounded to float32"', () => {
  it('catches the double-rounding tie', () => {
    expect(checkMadd('float32', lanes((a, b, c) => Math.fround(a * b + c)))).toMatch(/fused is/);
  });
});

describe('probeRelaxedMadd on this runtime', () => {
  it('agrees with what the instruction computes on a separating input', async () => {
    const probe = await probeRelaxedMadd();
    const bytes = compileMaddProbe('float32');
    if (!WebAssembly.validate(bytes)) {
      expect(probe.float32).toBe(false);
      return;
    }
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    const step = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports.step as (...x: number[]) => void;
    const f = new Float32Array(memory.buffer, 0, 12);
    f.set([1 + 2 ** -23, 1 + 2 ** -23, 1 + 2 ** -23, 1 + 2 ** -23, 1 - 2 ** -23, 1 - 2 ** -23, 1 - 2 ** -23, 1 - 2 ** -23, -1, -1, -1, -1]);
    step(0, 16, 32, 16);
    const fused = f[0] === -(2 ** -46);
    expect(probe.float32).toBe(fused);
    if (!fused) expect(probe.reason).toMatch(/relaxed_madd/);
  });
});
