/**
 * The issue's speed targets, checked on one run's own medians at the 16M one-tensor float32 layout:
 * every RMSprop preset (both forms) and Adam torch/keras3 at >= 0.7 of the same run's triad, and the
 * torch-preset rows at >= 2x the fastest PyTorch row of the same math (any implementation, any threads).
 * A target that cannot be checked from this run is 'not evaluated', with the reason; never silently absent.
 * Each triad check also carries the row's divider ceiling (divider-ceiling.ts) as a fraction of the same
 * triad: where that is below the threshold, the FAIL is this host's divider, not the kernel, and the line
 * says so. The verdict itself is the issue's, unchanged.
 */
import type { BenchRow } from '@isostep/spec';
import { dividerCeilingGbps, dividerOps, type DividerTimes } from './divider-ceiling.js';
import { FLOAT32_VARIANTS, TORCH_VARIANTS, formatSize, sameVariant, type Variant } from './variants.js';

/** The layout the targets are defined at: 16M parameters in one tensor, float32. */
export const TARGET_PARAMS = 1 << 24;
export const TRIAD_TARGET = 0.7;
export const PYTORCH_TARGET = 2.0;
const SYSTEM = 'isostep-fast';

export type TargetStatus = 'PASS' | 'FAIL' | 'not evaluated';

export interface TargetCheck {
  /** 'triad': the row's fraction of the run's triad; 'pytorch': its speed-up over PyTorch's fastest same-math row. */
  readonly target: 'triad' | 'pytorch';
  readonly system: string;
  readonly variant: string;
  readonly dtype: 'float32';
  readonly params: number;
  readonly tensors: number;
  /** PASS when value >= threshold. */
  readonly threshold: number;
  /**
   * triad: triadFraction. pytorch: the fastest PyTorch row's ns/element over ours (the speedupVs
   * 'pytorch-best' of withSpeedups; equal to our GB/s over its max GB/s, both count the same bytes).
   */
  readonly value: number | null;
  readonly status: TargetStatus;
  /** What the value was measured against, e.g. 'triad 12.30 GB/s' or 'pytorch-foreach-2t 3.21 GB/s'. */
  readonly against?: string;
  /** Why it was not evaluated. */
  readonly reason?: string;
  /**
   * triad checks, when the run measured the divider: the most a kernel whose √ and ÷ are f32x4.sqrt and
   * f32x4.div can reach here with this row's count of them (GB/s, over the row's bytes per element), and
   * that over the triad.
   */
  readonly ceilingGbps?: number;
  readonly ceilingFraction?: number;
}

/** The rows held to the triad target: all RMSprop presets in both forms, Adam torch and keras3. */
export const TRIAD_TARGET_VARIANTS: readonly Variant[] = FLOAT32_VARIANTS.filter((v) => v.optimizer === 'rmsprop' || v.preset === 'torch' || v.preset === 'keras3');
/** The rows held to the PyTorch target: the torch preset of each optimizer and form PyTorch runs. */
export const PYTORCH_TARGET_VARIANTS: readonly Variant[] = TORCH_VARIANTS;

/**
 * The checks, from the same run's aggregated rows. `sizes` is the run's --sizes; `triadGbps` the triad the
 * rows' triadFraction divides by. With `quick` (--quick) the triad ran on 4 MiB arrays, in cache, so the
 * triad targets are not evaluated; the PyTorch ratios (same sizes, same run) still are.
 */
export function targetChecks(rows: readonly BenchRow[], sizes: readonly number[], triadGbps: number, quick = false, divider: DividerTimes | null = null): TargetCheck[] {
  const base = (target: TargetCheck['target'], v: Variant) =>
    ({ target, system: SYSTEM, variant: v.label, dtype: 'float32', params: TARGET_PARAMS, tensors: 1, threshold: target === 'triad' ? TRIAD_TARGET : PYTORCH_TARGET }) as const;
  const notEvaluated = (b: ReturnType<typeof base>, reason: string): TargetCheck => ({ ...b, value: null, status: 'not evaluated', reason });
  const judged = (b: ReturnType<typeof base>, value: number, against: string): TargetCheck => ({ ...b, value, status: value >= b.threshold ? 'PASS' : 'FAIL', against });
  const atTarget = (r: BenchRow) => r.params === TARGET_PARAMS && r.tensors === 1 && r.dtype === 'float32';
  const sizeMissing = sizes.includes(TARGET_PARAMS) ? null : `${formatSize(TARGET_PARAMS)} not in --sizes (the targets are defined at ${TARGET_PARAMS} parameters in one tensor)`;

  /** Our row, or why there is none to judge. */
  const ours = (v: Variant): BenchRow | string => {
    if (sizeMissing) return sizeMissing;
    const r = rows.find((o) => o.system === SYSTEM && o.variant === v.label && atTarget(o));
    if (!r) return `no ${SYSTEM} row (isostep not measured in this run)`;
    if (r.skipped) return `${SYSTEM} row skipped: ${r.skipped}`;
    return r;
  };

  const triad = TRIAD_TARGET_VARIANTS.map((v) => {
    const b = base('triad', v);
    const r = ours(v);
    if (typeof r === 'string') return notEvaluated(b, r);
    if (quick) return notEvaluated(b, '--quick measures the triad on 4 MiB arrays (in cache, not memory bandwidth); run without --quick');
    if (r.triadFraction === null || !Number.isFinite(r.triadFraction)) return notEvaluated(b, 'no triad measured in this run');
    const check = judged(b, r.triadFraction, `triad ${triadGbps.toFixed(2)} GB/s (this row ${r.gbps.toFixed(2)} GB/s)`);
    if (!divider) return check;
    const ceilingGbps = dividerCeilingGbps(dividerOps(v.spec), r.bytesPerElement, divider);
    return { ...check, ceilingGbps, ceilingFraction: ceilingGbps / triadGbps };
  });

  const anyTorch = rows.some((o) => o.system.startsWith('pytorch-'));
  const pytorch = PYTORCH_TARGET_VARIANTS.map((v) => {
    const b = base('pytorch', v);
    const r = ours(v);
    if (typeof r === 'string') return notEvaluated(b, r);
    const peers = rows.filter((o) => o.system.startsWith('pytorch-') && sameVariant(o.variant, v.label) && atTarget(o));
    const ran = peers.filter((o) => !o.skipped && Number.isFinite(o.nsPerElement));
    if (ran.length === 0) {
      const why = !anyTorch
        ? 'pytorch not measured in this run'
        : peers.length === 0
          ? `none of ${v.label} at ${formatSize(TARGET_PARAMS)}`
          : `all skipped: ${peers[0]!.skipped}`;
      return notEvaluated(b, `no PyTorch rows (${why})`);
    }
    const best = ran.reduce((a, o) => (o.nsPerElement < a.nsPerElement ? o : a));
    return judged(b, best.nsPerElement / r.nsPerElement, `${best.system} ${best.gbps.toFixed(2)} GB/s (this row ${r.gbps.toFixed(2)} GB/s)`);
  });

  return [...triad, ...pytorch];
}

/** The report's "targets" section: one line per check, or one line when none could be evaluated for one reason. */
export function targetsText(checks: readonly TargetCheck[]): string {
  if (checks.length === 0) return 'targets: none computed';
  const head = `targets at ${formatSize(TARGET_PARAMS)} parameters, one tensor, float32 (this run's medians)`;
  const reasons = new Set(checks.map((c) => c.reason));
  if (checks.every((c) => c.status === 'not evaluated') && reasons.size === 1) return `${head}: not evaluated: ${[...reasons][0]}`;
  const count = (s: TargetStatus) => checks.filter((c) => c.status === s).length;
  const width = Math.max(...checks.map((c) => `${c.system} ${c.variant}`.length));
  const lines = checks.map((c) => {
    const what = c.target === 'triad' ? `triad fraction ≥ ${c.threshold.toFixed(2)}` : `vs PyTorch best ≥ ×${c.threshold.toFixed(1)}`;
    const value = c.value === null ? '' : c.target === 'triad' ? c.value.toFixed(2) : `×${c.value.toFixed(2)}`;
    const status = c.status === 'not evaluated' ? 'n/e ' : c.status;
    const detail = c.status === 'not evaluated' ? `not evaluated: ${c.reason}` : `${value} against ${c.against}${ceilingText(c)}`;
    return `  ${status}  ${`${c.system} ${c.variant}`.padEnd(width)}  ${what.padEnd(24)}  ${detail}`;
  });
  return [`${head}: ${count('PASS')} PASS, ${count('FAIL')} FAIL, ${count('not evaluated')} not evaluated`, ...lines].join('\n');
}

/** The divider ceiling after a triad check's value: its GB/s and share of the triad, and whether it is below the bar. */
function ceilingText(c: TargetCheck): string {
  if (c.ceilingGbps === undefined || c.ceilingFraction === undefined) return '';
  const below = c.ceilingFraction < c.threshold ? `: ${c.threshold.toFixed(2)} unattainable here` : '';
  return `; divider ceiling ${c.ceilingGbps.toFixed(1)} GB/s = ${c.ceilingFraction.toFixed(2)} of the triad${below}`;
}
