/**
 * "Port my optimizer": a framework's RMSprop arguments, as typed, mapped to the spec config; then the
 * same arguments carried to every other preset, with the flags that differ and what 20 steps on a fixed
 * quadratic do differently.
 */
import {
  FRAMEWORK_PRESETS,
  FrameworkArgumentError,
  ReferenceOptimizer,
  configFromFrameworkArgs,
  rmsprop,
  rmspropPreset,
  rmspropPresets,
  ulpDistance,
  validateConfig,
  type PresetName,
  type RmspropConfig,
  type RmspropHyperparameters,
} from './isostep.js';

export type ArgValue = number | boolean | null;

/**
 * Reads `name=value, name=value` (Python keyword arguments) or `{ name: value }` (a JS object literal).
 * Values: numbers, True/False/true/false, None/null. A value that is none of these is an error naming it.
 */
export function parseArguments(framework: string, text: string): Record<string, ArgValue> {
  const body = text.trim().replace(/^\{/, '').replace(/\}$/, '').trim();
  const out: Record<string, ArgValue> = {};
  if (body === '') return out;
  for (const part of body.split(',')) {
    if (part.trim() === '') continue;
    const m = /^\s*['"]?([A-Za-z_][A-Za-z0-9_]*)['"]?\s*[=:]\s*(.*?)\s*$/.exec(part);
    if (m === null) throw new FrameworkArgumentError(framework, '(argument list)', part.trim(), 'name=value or name: value');
    const [, name, raw] = m as unknown as [string, string, string];
    out[name] = parseValue(framework, name, raw);
  }
  return out;
}

function parseValue(framework: string, name: string, raw: string): ArgValue {
  if (raw === 'True' || raw === 'true') return true;
  if (raw === 'False' || raw === 'false') return false;
  if (raw === 'None' || raw === 'null') return null;
  const n = raw.trim() === '' ? Number.NaN : Number(raw);
  if (Number.isNaN(n)) throw new FrameworkArgumentError(framework, name, raw, 'a number, true/false or null/None');
  return n;
}

/** Hyperparameters a user can carry from one framework to another, with the flag they imply. */
const CARRIED: readonly (keyof RmspropHyperparameters | 'centered')[] = ['lr', 'rho', 'eps', 'momentum', 'weightDecay', 'centered'];

export interface PortTarget {
  readonly preset: PresetName;
  readonly title: string;
  /** The config the same numbers give under this preset, or why they cannot be typed there. */
  readonly config: RmspropConfig | null;
  readonly error: string | null;
  /** Fields the target framework has no argument for: they stay at its defaults. */
  readonly notExposed: readonly string[];
  /** Every config flag or value (and profile choice) that differs from the source. */
  readonly differences: readonly { field: string; source: string; target: string }[];
  /** Params after 20 steps on the quadratic, and their largest difference from the source's. */
  readonly params: readonly number[] | null;
  readonly maxAbsDiff: number | null;
  readonly maxUlp: number | null;
}

export interface PortResult {
  readonly preset: PresetName;
  readonly config: RmspropConfig;
  readonly params: readonly number[];
  readonly targets: readonly PortTarget[];
}

/** The fixed quadratic: f(p) = Σ ½·cᵢ·pᵢ², gradient cᵢ·pᵢ, from P0. */
export const QUADRATIC = { coeffs: [0.5, 1, 2.5, 10], start: [1.5, -0.75, 0.3, 2], steps: 20 } as const;

export function runQuadratic(preset: PresetName, config: RmspropConfig): number[] {
  const opt = new ReferenceOptimizer(rmsprop(preset, config), { dtype: 'float32' });
  const p = Float32Array.from(QUADRATIC.start);
  const params = new Map([['p', p]]);
  const state = opt.init(params);
  for (let k = 0; k < QUADRATIC.steps; k++) {
    const g = Float32Array.from(p, (v, i) => QUADRATIC.coeffs[i]! * v);
    opt.step(params, new Map([['p', g]]), state);
  }
  return Array.from(p);
}

const show = (v: unknown): string => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v));

function differences(source: PresetName, a: RmspropConfig, target: PresetName, b: RmspropConfig) {
  const out: { field: string; source: string; target: string }[] = [];
  for (const k of Object.keys(a) as (keyof RmspropConfig)[]) {
    if (!Object.is(a[k], b[k])) out.push({ field: k, source: show(a[k]), target: show(b[k]) });
  }
  const pa = rmspropPreset(source).profile;
  const pb = rmspropPreset(target).profile;
  for (const k of ['lrSite', 'root', 'meanGradUpdate', 'subnormals'] as const) {
    if (pa[k] !== pb[k]) out.push({ field: `profile.${k}`, source: show(pa[k]), target: show(pb[k]) });
  }
  const fa = JSON.stringify(pa.fused);
  const fb = JSON.stringify(pb.fused);
  if (fa !== fb) out.push({ field: 'profile.fused', source: fa, target: fb });
  return out;
}

/** The same numbers typed into `target`: its defaults, overridden by each carried field it has an argument for. */
function carry(source: RmspropConfig, target: PresetName): { config: RmspropConfig; notExposed: string[] } {
  const p = rmspropPreset(target);
  const cfg: Record<string, unknown> = { ...p.defaults };
  const notExposed: string[] = [];
  for (const k of CARRIED) {
    if (Object.is(source[k], p.defaults[k])) continue;
    if (p.args[k] === undefined) notExposed.push(k);
    else cfg[k] = source[k];
  }
  return { config: validateConfig(cfg as unknown as RmspropConfig), notExposed };
}

/** Throws the spec's FrameworkArgumentError / InvalidConfigError for bad input; computes nothing then. */
export function port(framework: string, text: string): PortResult {
  const args = parseArguments(framework, text);
  const config = configFromFrameworkArgs(framework, args);
  const preset = FRAMEWORK_PRESETS[framework]!;
  const params = runQuadratic(preset, config);
  const targets = rmspropPresets()
    .filter((p) => p.name !== preset)
    .map((p): PortTarget => {
      let carried: { config: RmspropConfig; notExposed: string[] };
      try {
        carried = carry(config, p.name);
      } catch (e) {
        return { preset: p.name, title: p.title, config: null, error: (e as Error).message, notExposed: [], differences: [], params: null, maxAbsDiff: null, maxUlp: null };
      }
      const theirs = runQuadratic(p.name, carried.config);
      let maxAbsDiff = 0;
      let maxUlp = 0;
      theirs.forEach((v, i) => {
        maxAbsDiff = Math.max(maxAbsDiff, Math.abs(v - params[i]!));
        maxUlp = Math.max(maxUlp, ulpDistance('float32', v, params[i]!));
      });
      return {
        preset: p.name,
        title: p.title,
        config: carried.config,
        error: null,
        notExposed: carried.notExposed,
        differences: differences(preset, config, p.name, carried.config),
        params: theirs,
        maxAbsDiff,
        maxUlp,
      };
    });
  return { preset, config, params, targets };
}

export const PORT_FRAMEWORKS = Object.keys(FRAMEWORK_PRESETS);
