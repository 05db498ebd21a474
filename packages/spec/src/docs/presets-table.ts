/**
 * A table of any optimizer's presets, generated from the descriptor alone (README and docs embed it;
 * nothing is retyped): per framework, its defaults under its own argument names, its slot names, the
 * sites it fuses, its declared accuracy, whether it flushes subnormals, and how we know.
 */
import type { OptimizerDescriptor, Preset } from '../contract/descriptor.js';

function value(v: unknown): string {
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'string') return `'${v}'`;
  return String(v);
}

/** The framework's arguments with their defaults, `name = value`, in the preset's argument order. */
function defaults(p: Preset): string {
  const d = p.defaults as unknown as Record<string, unknown>;
  const args = Object.entries(p.args as Record<string, string>);
  if (args.length === 0) return '—';
  return args.map(([field, name]) => `\`${name}\` = ${value(d[field])}`).join(', ');
}

function slots(p: Preset): string {
  const names = Object.values(p.slotNames as Record<string, string>);
  return names.length === 0 ? 'none' : names.map((n) => `\`${n}\``).join(', ');
}

function fused(p: Preset): string {
  const on = Object.entries(p.profile.fused).filter(([, f]) => f).map(([site]) => site);
  return on.length === 0 ? 'none' : on.join(', ');
}

function accuracy(p: Preset): string {
  const a = p.profile.accuracy.float32;
  const loose = (['add', 'sub', 'mul', 'div', 'sqrt', 'rsqrt', 'fma', 'pow'] as const).filter((k) => a[k] > 0).map((k) => `${k} ≤ ${a[k]} ulp`);
  const base = loose.length === 0 ? 'correctly rounded' : loose.join(', ');
  return p.profile.subnormals === 'flush' ? `${base}; FTZ/DAZ` : base;
}

function provenance(p: Preset): string {
  const v = p.provenance;
  return v.kind === 'golden' ? `golden traces (\`${v.traceFramework}\`)` : `source: ${v.repository} \`${v.file}\``;
}

export function presetsTableMarkdown(optimizer: OptimizerDescriptor<any, string, any>): string {
  const head = ['| preset | framework | defaults (its own argument names) | slots | fused (fma) sites | declared accuracy | provenance |', '|---|---|---|---|---|---|---|'];
  const rows = Object.values(optimizer.presets as Record<string, Preset>).map(
    (p) => `| \`${p.name}\` | ${p.title} | ${defaults(p)} | ${slots(p)} | ${fused(p)} | ${accuracy(p)} | ${provenance(p)} |`,
  );
  return [...head, ...rows].join('\n');
}

/** Every optimizer but RMSprop (which has its own, richer variants table): its formula and its presets. */
export function familyMarkdown(optimizers: readonly OptimizerDescriptor<any, string, any>[]): string {
  return optimizers
    .map((d) => [`### ${d.title} (\`${d.name}\`)`, '', d.algorithmMarkdown.trim().replace(/^## .*\n/, '').trim(), '', presetsTableMarkdown(d)].join('\n'))
    .join('\n\n');
}
