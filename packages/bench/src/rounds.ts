/**
 * Repeated, interleaved measurement: every system runs once per round, rounds alternate the system order
 * (A B C, C B A, A B C, …), so the box's bandwidth drift (other processes, thermal, THP compaction) hits
 * every system alike instead of whichever ran last. A row of the report is the median of its rounds,
 * with the min–max of its GB/s (or epoch seconds) beside it.
 */
import type { BenchRow, TriadResult } from '@isostep/spec';

/** A bench row over rounds: the median round's timing, and the spread. */
export interface AggregatedRow extends BenchRow {
  /** Rounds this row was measured in. */
  readonly runs: number;
  /** Lowest and highest GB/s over the rounds (NaN for rows without a speed). */
  readonly gbpsMin: number;
  readonly gbpsMax: number;
  /** Lowest and highest epoch seconds over the rounds (epoch rows). */
  readonly epochSecondsMin?: number;
  readonly epochSecondsMax?: number;
}

/** The identity of a row: two rows with the same key measure the same thing (and must not both be printed). */
export function rowKey(r: Pick<BenchRow, 'system' | 'variant' | 'dtype' | 'params' | 'tensors'>): string {
  return `${r.system}|${r.variant}|${r.dtype}|${r.params}|${r.tensors}`;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The order of the systems in round `round` (0-based): forwards on even rounds, backwards on odd. */
export function roundOrder<T>(systems: readonly T[], round: number): T[] {
  return round % 2 === 0 ? [...systems] : [...systems].reverse();
}

/**
 * Rows of all rounds → one row per key, in first-seen order. The median round is chosen by time per
 * element (or epoch seconds); triadFraction is recomputed against the median triad basis of the run.
 */
export function aggregateRounds(rounds: readonly (readonly BenchRow[])[], triadGbps: number): AggregatedRow[] {
  const groups = new Map<string, BenchRow[]>();
  for (const rows of rounds) {
    for (const r of rows) {
      const k = rowKey(r);
      const g = groups.get(k);
      if (g) g.push(r);
      else groups.set(k, [r]);
    }
  }
  return [...groups.values()].map((g) => {
    const ran = g.filter((r) => !r.skipped);
    if (ran.length === 0) return { ...g[0]!, runs: 0, gbpsMin: Number.NaN, gbpsMax: Number.NaN };
    const byTime = (r: BenchRow) => (Number.isFinite(r.nsPerElement) ? r.nsPerElement : (r.epochSeconds ?? Number.NaN));
    const sorted = [...ran].sort((a, b) => byTime(a) - byTime(b));
    const mid = sorted[(sorted.length - 1) >> 1]!;
    const gbps = ran.map((r) => r.gbps).filter(Number.isFinite);
    const epochs = ran.flatMap((r) => (r.epochSeconds === undefined ? [] : [r.epochSeconds]));
    const epochSeconds = epochs.length > 0 ? median(epochs) : undefined;
    return {
      ...mid,
      ...(epochSeconds === undefined ? {} : { epochSeconds, epochSecondsMin: Math.min(...epochs), epochSecondsMax: Math.max(...epochs) }),
      triadFraction: mid.triadFraction === null || !Number.isFinite(mid.gbps) ? mid.triadFraction : mid.gbps / triadGbps,
      runs: ran.length,
      gbpsMin: gbps.length > 0 ? Math.min(...gbps) : Number.NaN,
      gbpsMax: gbps.length > 0 ? Math.max(...gbps) : Number.NaN,
    };
  });
}

/** The median of each triad over the rounds (basis: the fastest median). */
export function medianTriad(triads: readonly TriadResult[]): TriadResult {
  const t0 = triads[0]!;
  const kinds = ['js1t', 'wasm1t', 'wasmAll', 'wasmAllInPlace'] as const;
  const m = Object.fromEntries(kinds.map((k) => [k, median(triads.map((t) => t[k]))])) as Record<(typeof kinds)[number], number>;
  const basis = kinds.reduce((best, k) => (m[k] > m[best] ? k : best), kinds[0]);
  return { ...t0, ...m, basis };
}
