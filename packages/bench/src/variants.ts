/** The configurations every system is measured on, so rows compare the same math. */
import { adam, rmsprop, type OptimizerSpec } from '@isostep/spec';

export type Form = 'plain' | 'centered+momentum';
export const FORMS: readonly Form[] = ['plain', 'centered+momentum'];

export type BenchOptimizer = 'rmsprop' | 'adam';
/** The framework presets the bench measures (RMSprop and Adam share these names). */
export const BENCH_PRESETS = ['torch', 'keras3', 'tf1', 'tfjs', 'optax'] as const;
export type BenchPreset = (typeof BENCH_PRESETS)[number];

export interface Variant {
  readonly optimizer: BenchOptimizer;
  /**
   * 'torch' is compared with PyTorch, 'tfjs' with TF.js: each preset is its peer's exact math. 'keras3'
   * RMSprop is the brief's plain step exactly: 20 bytes per element (read p, g, v; write p, v) and no
   * fused sites, so it shows the memory-bound kernel without torch's emulated fma.
   */
  readonly preset: BenchPreset;
  /** RMSprop: 'plain' (the preset's defaults) or 'centered+momentum' (centered: true, momentum: 0.9); Adam: 'plain'. */
  readonly form: Form;
  /** `<optimizer> <preset> <form>`, e.g. 'rmsprop torch plain', 'adam keras3 plain'. */
  readonly label: string;
  /** The preset's config (with the form's overrides) and its numerics profile: what every system computes. */
  readonly spec: OptimizerSpec;
}

export function variant(optimizer: BenchOptimizer, preset: BenchPreset, form: Form = 'plain'): Variant {
  const label = `${optimizer} ${preset} ${form}`;
  if (optimizer === 'adam') {
    if (form !== 'plain') throw new RangeError(`bench variant ${label}: Adam is measured in its 'plain' form only`);
    return { optimizer, preset, form, label, spec: adam(preset) };
  }
  const overrides = form === 'plain' ? {} : { centered: true, momentum: 0.9 };
  return { optimizer, preset, form, label, spec: rmsprop(preset, overrides) };
}

/** Every RMSprop preset in both forms, then every Adam preset plain: the float32 fast rows, at every layout. */
export const FLOAT32_VARIANTS: readonly Variant[] = [
  ...BENCH_PRESETS.flatMap((p) => FORMS.map((f) => variant('rmsprop', p, f))),
  ...BENCH_PRESETS.map((p) => variant('adam', p)),
];

/** What the PyTorch subprocess runs: torch.optim.RMSprop in both forms and torch.optim.Adam's defaults. */
export const TORCH_VARIANTS: readonly Variant[] = [...FORMS.map((f) => variant('rmsprop', 'torch', f)), variant('adam', 'torch')];

export interface VariantKey {
  readonly optimizer: string;
  readonly preset: string;
  readonly form: string;
}

/**
 * Reads a row's variant label back into optimizer, preset and form. Labels of other packages' bench
 * modules that name no optimizer ('tfjs plain') are RMSprop, the only optimizer they measured.
 */
export function parseVariant(label: string): VariantKey {
  const words = label.split(' ');
  const optimizer = words[0] === 'rmsprop' || words[0] === 'adam' ? words.shift()! : 'rmsprop';
  return { optimizer, preset: words[0] ?? '', form: words.slice(1).join(' ') };
}

/** Same optimizer, preset and form: rows of the same math (layout and dtype are compared separately). */
export function sameVariant(a: string, b: string): boolean {
  const x = parseVariant(a);
  const y = parseVariant(b);
  return x.optimizer === y.optimizer && x.preset === y.preset && x.form === y.form;
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
