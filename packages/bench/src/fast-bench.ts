/**
 * Rows for Isostep's own CPU paths: the fast path (float32 WebAssembly SIMD + threads; float64 compiled
 * JS), and the exact reference at small sizes (the definition, not built for speed).
 */
import { FMA_PATH_TEXT, FastArena, createFastOptimizer, createOptimizer, probeRelaxedMadd } from '@isostep/reference-cpu/node';
import { skippedRow, stepBytesPerElement, timedRow, type BenchContext, type BenchRow, type Dtype, type Tensor } from '@isostep/spec';
import { medianSeconds, peakRssMiB } from './measure.js';
import { checkFits } from './memory-check.js';
import { FLOAT32_VARIANTS, FORMS, fillPattern, variant, type Variant } from './variants.js';

/** Largest size the exact reference is timed at (it runs at tens of ns per element). */
const EXACT_MAX = 1 << 20;
/** Largest float64 size in the default run (keeps `pnpm bench` near 5 minutes; pass --sizes to go further). */
export const FLOAT64_MAX = 1 << 24;

export interface Layout {
  readonly params: number;
  readonly tensors: number;
}

/** One large tensor per size, plus the many-small-tensors layout (1000 × 16k in the full run). */
export function layouts(ctx: BenchContext): Layout[] {
  const many: Layout = ctx.quick ? { params: 100 * 1024, tensors: 100 } : { params: 1000 * 16384, tensors: 1000 };
  return [...ctx.sizes.map((params) => ({ params, tensors: 1 })), many];
}

function split(params: number, tensors: number): number[] {
  const base = Math.floor(params / tensors);
  return Array.from({ length: tensors }, (_, k) => base + (k < params % tensors ? 1 : 0));
}

let probeText = 'relaxed_madd probe not run';

/** Which fma path the fast rows took on this host, for the report's header. */
export function fastPathsNote(): string {
  return probeText;
}

export async function fastRows(ctx: BenchContext, arena: FastArena): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const probe = await probeRelaxedMadd();
  probeText = probe.float32
    ? 'float32 fused sites: f32x4.relaxed_madd, proved fused by the start-up probe'
    : `float32 fused sites: exact f64x2 emulation (relaxed_madd not proved fused: ${probe.reason})`;
  for (const { params, tensors } of layouts(ctx)) {
    // float32: every RMSprop preset in both forms and every Adam preset (the targets cover these).
    for (const v of FLOAT32_VARIANTS) rows.push(await fastRow(ctx, arena, v, 'float32', params, tensors));
    // float64: RMSprop torch and tfjs only, to hold the run time.
    for (const form of FORMS) {
      for (const preset of ['torch', 'tfjs'] as const) {
        const v = variant('rmsprop', preset, form);
        if (params > FLOAT64_MAX) {
          rows.push(skippedRow({ system: 'isostep-fast', variant: v.label, params, tensors, dtype: 'float64' }, `float64 timed up to ${FLOAT64_MAX} parameters (run time)`));
          continue;
        }
        // float64: the f64x2 SIMD kernel; torch's fused sites there need f64x2.relaxed_madd proved fused, else
        // the JS loop with the error-free-transformation fma (fma64.ts). The row's note says which.
        rows.push(await fastRow(ctx, arena, v, 'float64', params, tensors));
      }
    }
    if (tensors === 1) rows.push(exactRow(ctx, variant('rmsprop', 'torch', 'plain'), params));
  }
  return rows;
}

async function fastRow(ctx: BenchContext, arena: FastArena, v: Variant, dtype: Dtype, params: number, tensors: number): Promise<BenchRow> {
  const slots = v.spec.program.slots.length;
  const bytes = dtype === 'float32' ? 4 : 8;
  // Both dtypes' SIMD kernels keep their tensors in the arena (4 GiB at most).
  checkFits(`isostep-fast ${v.label} ${dtype}`, params, 2 + slots, bytes, true);
  const opt = await createFastOptimizer(v.spec, { dtype, arena });
  // The system names the kernel: a float64 graph with fused sites where f64x2.relaxed_madd is not proved
  // fused runs the compiled JS loop.
  const base = { system: opt.kernel === 'simd' ? 'isostep-fast' : 'isostep-fast-js', variant: v.label, params, tensors, dtype };
  const lengths = split(params, tensors);
  const p = new Map<string, Tensor>();
  const g = new Map<string, Tensor>();
  lengths.forEach((n, k) => {
    const pt = opt.allocate(n);
    const gt = opt.allocate(n);
    fillPattern(pt, 1, k);
    fillPattern(gt, 0.1, k + 7);
    p.set(`w${k}`, pt);
    g.set(`w${k}`, gt);
  });
  const state = opt.init(p);
  try {
    const seconds = medianSeconds(() => opt.step(p, g, state), ctx.quick);
    const threads = opt.kernel === 'simd' ? arena.threads : 1;
    // Only the float32 SIMD kernel has the FTZ guard; the float64 one flushes at every flush node.
    const ftz = opt.kernel === 'simd' && dtype === 'float32' ? ', FTZ/DAZ (guarded: unflushed blocks where windows are proved)' : ', FTZ/DAZ';
    return timedRow(
      {
        ...base,
        bytesPerElement: stepBytesPerElement(slots, dtype),
        peakRssMiB: peakRssMiB(),
        stateBytesPerParam: slots * bytes,
        note: `${opt.kernel === 'simd' ? 'WebAssembly SIMD' : 'compiled JS loop'}, ${threads} thread(s), ${opt.fusedSites > 0 ? FMA_PATH_TEXT[opt.fmaPath] : 'no fused sites'}${v.spec.profile.subnormals === 'flush' ? ftz : ''}, bit-identical to the exact reference`,
      },
      seconds,
      ctx.triadGbps,
    );
  } finally {
    for (const t of [...p.values(), ...g.values()]) opt.release(t);
    opt.releaseState(state);
  }
}

function exactRow(ctx: BenchContext, v: Variant, params: number): BenchRow {
  const base = { system: 'isostep-exact', variant: v.label, params, tensors: 1, dtype: 'float32' as const };
  if (params > EXACT_MAX) return skippedRow(base, `the exact reference is timed up to ${EXACT_MAX} parameters (it is the definition, ~50× slower)`);
  const opt = createOptimizer(v.spec, { dtype: 'float32' });
  const pt = new Float32Array(params);
  const gt = new Float32Array(params);
  fillPattern(pt, 1, 0);
  fillPattern(gt, 0.1, 7);
  const p = new Map([['w', pt]]);
  const g = new Map([['w', gt]]);
  const state = opt.init(p);
  const seconds = medianSeconds(() => opt.step(p, g, state), ctx.quick);
  const slots = v.spec.program.slots.length;
  return timedRow({ ...base, bytesPerElement: stepBytesPerElement(slots, 'float32'), peakRssMiB: peakRssMiB(), stateBytesPerParam: slots * 4 }, seconds, ctx.triadGbps);
}
