/**
 * Is WebAssembly relaxed SIMD's `relaxed_madd` a FUSED multiply-add on this host? Proved at start-up,
 * before any kernel uses it.
 *
 * The relaxed SIMD proposal lets `f32x4.relaxed_madd(a, b, c)` be either fma(a, b, c) (one rounding) or
 * a·b + c (two roundings), host's choice. V8 emits vfmadd on x64 with FMA3 and fmla on arm64, and a
 * multiply then an add elsewhere. Only the fused form equals the spec's exact `fmaF32`/`fmaF64`, so a
 * kernel may use it only when this probe has seen the fused result on inputs where the two forms differ:
 *  - a product whose rounding error is all of the result (1+u)(1−u) − 1;
 *  - products that are exact ties of the target format, broken either way by a tiny addend;
 *  - the float64-then-float32 double-rounding tie (what an "fma in float64" would get wrong);
 *  - subnormal results, subnormal operands (no DAZ), a product that overflows alone, and −0 from a
 *    product that underflows to −0 plus +0;
 * each in every lane and with mirrored signs. If any lane of any case differs from the exact fma, the
 * probe says "emulated" with the first difference. `checkMadd` is the pure part (tests feed it a
 * simulated unfused implementation); `probeRelaxedMadd` runs it on real wasm.
 */
import { fmaF32, fmaF64, type Dtype } from '@isostep/spec';
import { assembleModule, memarg, OP, SIMD, simd, sleb, TYPE } from './wasm-encoding.js';

export type MaddCase = readonly [a: number, b: number, c: number];

/** Cases where fused and unfused (and float64-then-float32) results differ; see the file comment. */
export const MADD_CASES: Readonly<Record<Dtype, readonly MaddCase[]>> = {
  float32: [
    [1 + 2 ** -23, 1 - 2 ** -23, -1], // exact −2⁻⁴⁶; unfused 0
    [2 ** 12 + 1, 2 ** 12 + 1, 0.25], // product 2²⁴+2¹³+1 is a float32 tie; the addend breaks it up
    [2 ** 12 + 1, 2 ** 12 + 1, -0.25], // … and down
    [2 ** 12 + 1, 2 ** 12 + 3, 0.25],
    [2 ** 12 + 1, 2 ** 12 + 3, -0.25],
    [1 + 2 ** -20, 2 ** -24 - 2 ** -44, 1 + 2 ** -23], // float64 rounding makes a float32 tie: fused 1+2⁻²³
    [2 ** -52 * (1 + 2 ** -23), 2 ** -51 * (1 - 2 ** -23), -(2 ** -103)], // subnormal result −2⁻¹⁴⁹; unfused 0
    [3 * 2 ** -149, 2 ** 100 * (1 + 2 ** -23), -3 * 2 ** -49], // subnormal operand: 3·2⁻⁷²; DAZ gives 3·2⁻⁴⁹
    [2 ** 64, 2 ** 64, -1.5 * 2 ** 127], // product overflows alone: fused 2¹²⁶, unfused +∞
    [-(2 ** -80), 2 ** -80, 0], // −2⁻¹⁶⁰ + 0 rounds to −0; unfused (−0) + (+0) = +0
  ],
  float64: [
    [1 + 2 ** -52, 1 - 2 ** -52, -1],
    [2 ** 26 + 1, 2 ** 27 + 1, 0.25], // 2⁵³+2²⁷+2²⁶+1: a float64 tie
    [2 ** 26 + 1, 2 ** 27 + 1, -0.25],
    [2 ** 26 + 1, 2 ** 27 + 3, 0.25],
    [2 ** 26 + 1, 2 ** 27 + 3, -0.25],
    [2 ** -485 * (1 + 2 ** -52), 2 ** -485 * (1 - 2 ** -52), -(2 ** -970)], // subnormal result −2⁻¹⁰⁷⁴
    [3 * 2 ** -1074, 2 ** 900 * (1 + 2 ** -52), -3 * 2 ** -174], // subnormal operand
    [2 ** 512, 2 ** 512, -1.5 * 2 ** 1023], // fused 2¹⁰²², unfused +∞
    [-(2 ** -600), 2 ** -600, 0],
  ],
};

/** Every case, with mirrored signs, placed in every lane of a vector (4 float32 or 2 float64 lanes). */
export function maddProbeInputs(dtype: Dtype): { a: number[]; b: number[]; c: number[] } {
  const lanes = dtype === 'float32' ? 4 : 2;
  const cases = MADD_CASES[dtype].flatMap(([a, b, c]): MaddCase[] => [
    [a, b, c],
    [-a, b, -c],
    [a, -b, -c],
  ]);
  const a: number[] = [];
  const b: number[] = [];
  const c: number[] = [];
  // Rotations: case k sits in lane (k + r) mod lanes of vector r, so every case meets every lane.
  for (let r = 0; r < lanes; r++) {
    const rotated = cases.map((_, k) => cases[(k + r) % cases.length]!);
    for (const [x, y, z] of rotated) {
      a.push(x);
      b.push(y);
      c.push(z);
    }
  }
  while (a.length % lanes !== 0) {
    a.push(0);
    b.push(0);
    c.push(0);
  }
  return { a, b, c };
}

export type MaddImplementation = (a: readonly number[], b: readonly number[], c: readonly number[]) => ArrayLike<number>;

/** null when `madd` gives the exact fma on every probe input, else the first difference. */
export function checkMadd(dtype: Dtype, madd: MaddImplementation): string | null {
  const { a, b, c } = maddProbeInputs(dtype);
  const got = madd(a, b, c);
  const exact = dtype === 'float32' ? fmaF32 : fmaF64;
  for (let i = 0; i < a.length; i++) {
    const want = exact(a[i]!, b[i]!, c[i]!);
    if (!Object.is(got[i], want)) return `${dtype} relaxed_madd(${a[i]}, ${b[i]}, ${c[i]}) = ${got[i]}, fused is ${want}`;
  }
  return null;
}

const RELAXED = { float32: SIMD.f32x4RelaxedMadd, float64: SIMD.f64x2RelaxedMadd } as const;

/** A module whose `step(a, b, c, bytes)` writes relaxed_madd(a, b, c) over `bytes` to a (byte offsets). */
export function compileMaddProbe(dtype: Dtype): Uint8Array<ArrayBuffer> {
  const [A, B, C, BYTES, I] = [0, 1, 2, 3, 4];
  const get = (l: number) => [OP.localGet, l];
  const at = (base: number) => [...get(base), ...get(I), OP.i32Add];
  const body = [
    [OP.block, TYPE.blockEmpty, OP.loop, TYPE.blockEmpty],
    [...get(I), ...get(BYTES), OP.i32GeU, OP.brIf, 1],
    at(A),
    [...at(A), ...simd(SIMD.v128Load), ...memarg(4)],
    [...at(B), ...simd(SIMD.v128Load), ...memarg(4)],
    [...at(C), ...simd(SIMD.v128Load), ...memarg(4)],
    [...simd(RELAXED[dtype]), ...simd(SIMD.v128Store), ...memarg(4)],
    [...get(I), OP.i32Const, ...sleb(16), OP.i32Add, OP.localSet, I],
    [OP.br, 0, OP.end, OP.end],
  ].flat();
  return assembleModule({ minPages: 1, maxPages: 1 }, { params: [TYPE.i32, TYPE.i32, TYPE.i32, TYPE.i32], locals: [[1, TYPE.i32]], body, exportName: 'step' });
}

export interface MaddProbeResult {
  /** Whether `f32x4.relaxed_madd` / `f64x2.relaxed_madd` are proved fused here. */
  readonly float32: boolean;
  readonly float64: boolean;
  /** Why not, when either is not (no relaxed SIMD, or the first unfused result). */
  readonly reason: string | null;
}

/**
 * Turns on V8's relaxed SIMD where it sits behind a flag (Node 20: `--experimental-wasm-relaxed-simd`).
 * V8 flags are process-wide, so the worker threads started later (or already running) see it too; the
 * kernels are compiled once on this thread and their Module is shared with the workers, so they run the
 * same machine code the probe ran. (A Worker's `execArgv` cannot carry it: Node 20 rejects V8 flags there
 * with ERR_WORKER_INVALID_EXEC_ARGV, and `resourceLimits` has no such knob.) Setting a flag after start-up
 * works for wasm feature flags: they are read when a module is validated/compiled. The bit-identity tests
 * run the fused kernel on the worker threads too. Returns whether relaxed SIMD validates now.
 */
export async function enableRelaxedSimd(): Promise<boolean> {
  const probe = compileMaddProbe('float32');
  if (WebAssembly.validate(probe)) return true;
  try {
    const v8 = await import('node:v8');
    v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  } catch {
    return false; // not Node: relaxed SIMD is either shipped (Chromium) or absent
  }
  return WebAssembly.validate(probe);
}

let cached: Promise<MaddProbeResult> | undefined;

/** The probe, once per process: enables relaxed SIMD and runs both widths on real wasm. */
export function probeRelaxedMadd(): Promise<MaddProbeResult> {
  cached ??= runProbe();
  return cached;
}

async function runProbe(): Promise<MaddProbeResult> {
  if (!(await enableRelaxedSimd())) return { float32: false, float64: false, reason: 'WebAssembly relaxed SIMD is not available in this runtime' };
  const reasons: string[] = [];
  const result = { float32: false, float64: false };
  for (const dtype of ['float32', 'float64'] as const) {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    const step = new WebAssembly.Instance(new WebAssembly.Module(compileMaddProbe(dtype)), { env: { memory } }).exports.step as (
      a: number,
      b: number,
      c: number,
      bytes: number,
    ) => void;
    const Arr = dtype === 'float32' ? Float32Array : Float64Array;
    // Run it often enough to be re-run by the optimizing tier too (V8 compiles wasm with Liftoff first,
    // then TurboFan for hot functions); every run is checked.
    let bad: string | null = null;
    for (let round = 0; round < 200 && bad === null; round++) {
      bad = checkMadd(dtype, (a, b, c) => {
        const bytes = a.length * Arr.BYTES_PER_ELEMENT;
        const view = (k: number) => new Arr(memory.buffer, k * bytes, a.length);
        view(0).set(a);
        view(1).set(b);
        view(2).set(c);
        step(0, bytes, 2 * bytes, bytes);
        return view(0).slice();
      });
    }
    if (bad === null) result[dtype] = true;
    else reasons.push(bad);
  }
  return { ...result, reason: reasons.length > 0 ? reasons.join('; ') : null };
}
