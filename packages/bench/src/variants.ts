/** The configurations every system is measured on, so rows compare the same math. */
import { rmsprop, type OptimizerSpec } from '@isostep/spec';

export type Form = 'plain' | 'centered+momentum';
export const FORMS: readonly Form[] = ['plain', 'centered+momentum'];

export interface Variant {
  /**
   * 'torch' is compared with PyTorch, 'tfjs' with TF.js: each preset is its peer's exact math. 'keras3' is
   * the brief's plain step exactly: 20 bytes per element (read p, g, v; write p, v) and no fused sites,
   * so it shows the memory-bound kernel without torch's emulated fma.
   */
  readonly preset: 'torch' | 'tfjs' | 'keras3';
  readonly form: Form;
  readonly label: string;
  /** The preset's config (with the form's overrides) and its numerics profile: what every system computes. */
  readonly spec: OptimizerSpec;
}

export function variant(preset: Variant['preset'], form: Form): Variant {
  const overrides = form === 'plain' ? {} : { centered: true, momentum: 0.9 };
  return { preset, form, label: `${preset} ${form}`, spec: rmsprop(preset, overrides) };
}

/** Deterministic, cheap fill (filling 64M elements with Math.random would dominate the run). */
export function fillPattern(t: Float32Array | Float64Array, scale: number, seed: number): void {
  for (let i = 0; i < t.length; i++) t[i] = ((((i + seed) * 2654435761) >>> 0) / 2 ** 32 - 0.5) * scale;
}

/** Parses "1k", "64K", "16M", "1e6", "1000" into a positive integer. */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?(?:e\d+)?)([kKmMgG]?)$/.exec(text.trim());
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m?.[2] ?? '').toLowerCase()];
  const n = m && unit ? Number(m[1]) * unit : Number.NaN;
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`--sizes: "${text}" is not a size; use positive integers like 1000, 64k, 16M`);
  return n;
}

export function formatSize(n: number): string {
  for (const [unit, k] of [['G', 1024 ** 3], ['M', 1024 ** 2], ['k', 1024]] as const) if (n >= k && n % k === 0) return `${n / k}${unit}`;
  return String(n);
}
