/** The bench report: speed-ups against the peers, a human table, and the JSON document. */
import type { BenchRow, TriadResult } from '@isostep/spec';
import type { AggregatedRow } from './rounds.js';
import type { DividerTimes } from './divider-ceiling.js';
import { TRIAD_KINDS, TRIAD_LABELS } from './triad.js';
import { TORCH_IMPLS, torchSystem } from './torch-bench.js';
import { targetsText, type TargetCheck } from './targets.js';
import { formatSize, sameVariant } from './variants.js';

export interface BenchReport {
  readonly node: string;
  readonly cpus: number;
  /** The triad every triadFraction is relative to: the fastest of `triad`. */
  readonly triadGbps: number;
  readonly triad: TriadResult;
  /** One f32x4.sqrt and f32x4.div's time per thread, all threads busy (divider-ceiling.ts); null if not measured. */
  readonly divider: DividerTimes | null;
  readonly quick: boolean;
  readonly sizes: readonly number[];
  /** Interleaved rounds each row is the median of (rounds.ts). */
  readonly rounds: number;
  /** Which fma path the fast float32 rows took on this host (the relaxed_madd probe's verdict). */
  readonly fmaPaths: string;
  readonly seconds: number;
  readonly results: readonly AggregatedRow[];
  /** The issue's speed targets, checked on this run's medians at 16M (targets.ts). */
  readonly targets: readonly TargetCheck[];
}

const PEERS = [...TORCH_IMPLS.flatMap((impl) => [1, 2].map((t) => torchSystem(impl, t))), 'tfjs-wasm', 'tfjs-cpu', 'tfjs-webgpu'];

/**
 * Adds speedupVs to Isostep's rows: the peer's time per element over ours, same math (optimizer, preset
 * and form: torch rows against PyTorch, tfjs rows against TF.js), size, layout and dtype.
 */
export function withSpeedups<R extends BenchRow>(rows: readonly R[]): R[] {
  return rows.map((r) => {
    if (!r.system.startsWith('isostep-fast') || r.skipped) return r;
    const vs: Record<string, number> = {};
    for (const peer of PEERS) {
      const match = rows.find(
        (o) => o.system === peer && !o.skipped && sameVariant(o.variant, r.variant) && o.params === r.params && o.tensors === r.tensors && o.dtype === r.dtype,
      );
      if (match) vs[peer] = match.nsPerElement / r.nsPerElement;
    }
    // The fastest PyTorch row of the same math (any implementation, any thread count): the bar to beat.
    const torch = Object.entries(vs).filter(([k]) => k.startsWith('pytorch-'));
    if (torch.length > 0) vs['pytorch-best'] = Math.min(...torch.map(([, v]) => v));
    return Object.keys(vs).length > 0 ? { ...r, speedupVs: vs } : r;
  });
}

const fmt = (x: number | null | undefined, digits = 2) => (x === null || x === undefined || Number.isNaN(x) ? '-' : x.toFixed(digits));

export function tableText(report: BenchReport): string {
  const head = ['system', 'variant', 'dtype', 'params', 'tensors', 'ns/elem', 'GB/s', 'GB/s min–max', 'triad%', 'speed-up vs peers', 'RSS MiB', 'state B/p', 'note'];
  const body = report.results.map((r) => [
    r.system,
    r.variant,
    r.dtype,
    formatSize(r.params),
    String(r.tensors),
    fmt(r.nsPerElement, 3),
    fmt(r.gbps),
    r.runs > 1 && Number.isFinite(r.gbpsMin) ? `${fmt(r.gbpsMin)}–${fmt(r.gbpsMax)}` : r.epochSecondsMin !== undefined && r.runs > 1 ? `${fmt(r.epochSecondsMin)}–${fmt(r.epochSecondsMax)} s` : '',
    r.triadFraction === null ? '-' : `${(r.triadFraction * 100).toFixed(0)}%`,
    r.speedupVs ? Object.entries(r.speedupVs).map(([k, v]) => `${k} ×${v.toFixed(1)}`).join(', ') : '',
    fmt(r.peakRssMiB, 0),
    r.stateBytesPerParam === undefined ? '-' : String(r.stateBytesPerParam),
    r.skipped ? `SKIPPED: ${r.skipped}` : (r.note ?? ''),
  ]);
  const widths = head.map((h, k) => Math.min(k === head.length - 1 ? 200 : 40, Math.max(h.length, ...body.map((b) => b[k]!.length))));
  const line = (cells: string[]) => cells.map((c, k) => c.padEnd(widths[k]!)).join('  ').trimEnd();
  return [
    `pnpm bench: Node ${report.node}, ${report.cpus} CPUs, ${report.seconds.toFixed(0)} s${report.quick ? ' (--quick)' : ''}; ${report.rounds} interleaved round(s), medians`,
    report.fmaPaths,
    triadHeader(report.triad, report.triadGbps),
    ...(report.divider ? [dividerHeader(report.divider)] : []),
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...body.map(line),
    '',
    targetsText(report.targets),
  ].join('\n');
}

/** The three triads, and which one (the fastest) the triad% column divides by. */
export function triadHeader(t: TriadResult, basisGbps: number): string {
  const each = TRIAD_KINDS.map((k) => `${TRIAD_LABELS[k](t.threads)}: ${t[k] > 0 ? t[k].toFixed(2) : '-'} GB/s`);
  return (
    `streaming triads (STREAM-counted bytes): ${each.join('; ')}${t.skipped ? ` (wasm: ${t.skipped})` : ''}\n` +
    `triad% = GB/s ÷ the fastest triad: ${TRIAD_LABELS[t.basis](t.threads)}, ${basisGbps.toFixed(2)} GB/s`
  );
}

/** The divider's measured throughput, which the targets' ceilings are computed from. */
export function dividerHeader(d: DividerTimes): string {
  return (
    `divider (in cache, ${d.threads} thread${d.threads === 1 ? '' : 's'} busy): f32x4.sqrt ${d.sqrtNs.toFixed(3)} ns, f32x4.div ${d.divNs.toFixed(3)} ns per instruction per thread; ` +
    `a step's divider ceiling is threads × 4 elements per (its sqrts × sqrt + its divs × div)`
  );
}

export function jsonText(report: BenchReport): string {
  // NaN is not JSON: timing fields of skipped rows become null.
  return JSON.stringify(report, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2);
}
