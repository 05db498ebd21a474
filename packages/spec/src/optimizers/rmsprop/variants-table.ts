/**
 * The variants table, generated from the presets (README and docs embed it; nothing is retyped).
 */
import { RMSPROP_PRESETS, type RmspropPreset as Preset } from './presets.js';

function eps(p: Preset): string {
  const c = p.defaults;
  const e = String(c.eps);
  if (c.epsPlacement === 'outside') return `√v + ε, ε = ${e}`;
  if (c.epsPlacement === 'inside') return `√(v + ε), ε = ${e}`;
  return `√(v + ε); centered √(v − (m̄² + ε)), ε = ${e}`;
}

function momentum(p: Preset): string {
  const c = p.defaults;
  const form = { 'lr-inside': 'lr inside', 'lr-outside': 'lr outside', 'optax-trace': 'lr inside, sign folded (trace)', graves: 'Graves: b ← μb − lr·g/d' }[c.momentumForm];
  return c.alwaysAllocateMomentum ? `${form}; slot always allocated` : form;
}

function fused(p: Preset): string {
  const f = Object.entries(p.profile.fused).filter(([, on]) => on).map(([k]) => k);
  if (p.profile.meanGradUpdate === 'lerp') f.push('meanGrad (lerp)');
  return f.length === 0 ? 'none' : f.join(', ');
}

function accuracy(p: Preset): string {
  const a = p.profile.accuracy.float32;
  const notes = (['sqrt', 'rsqrt', 'div', 'pow'] as const).filter((k) => a[k] > 0).map((k) => `${k} ≤ ${a[k]} ulp`);
  const base = notes.length === 0 ? 'correctly rounded' : notes.join(', ');
  return p.profile.subnormals === 'flush' ? `${base}; FTZ/DAZ` : base;
}

export function variantsTableMarkdown(): string {
  const head = [
    '| preset | framework | v₀ | eps | momentum | mean square | defaults lr, ρ | argument names (lr, ρ, ε) | weight decay | fused (fma) sites | declared accuracy | provenance |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  const rows = Object.values(RMSPROP_PRESETS).map((p) => {
    const c = p.defaults;
    const ms = c.meanSquareForm === 'ema' ? 'ρ·v + (1−ρ)·g²' : `v + (g² − v)·(1−ρ)${c.oneMinusRhoInDtype ? ', 1−ρ in float32' : ''}`;
    const names = [p.args.lr, p.args.rho, p.args.eps].map((n) => (n ? `\`${n}\`` : '—')).join(', ');
    const prov = p.provenance.kind === 'golden' ? `golden traces (\`${p.provenance.traceFramework}\`)` : `source: ${p.provenance.repository} \`${p.provenance.file}\``;
    return `| \`${p.name}\` | ${p.title} | ${c.initialMeanSquare} | ${eps(p)} | ${momentum(p)} | ${ms} | ${c.lr}, ${c.rho} | ${names} | ${c.weightDecayMode} | ${fused(p)} | ${accuracy(p)} | ${prov} |`;
  });
  return [...head, ...rows].join('\n');
}
