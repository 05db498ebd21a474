/**
 * The default human output of `isostep conform`: a matrix that fits a screen however many traces ran.
 * One row per framework × optimizer; one column group per backend, holding the runs that passed of those
 * that ran (every mode together), the largest ulp distance and the largest absolute error. Skipped runs
 * (a float64 trace on a float32-only backend) are counted, with their reasons grouped, not listed; each
 * failed run gets its first-failure line (the first MAX_FAILURE_LINES of them). `--details` prints the
 * per-trace table (table-report.ts).
 */
import { summarize, type ConformResult } from '../runner/result.js';
import { failureLines } from './failure-line.js';
import { formatAbs, formatUlp } from './format-numbers.js';

export const MAX_FAILURE_LINES = 10;

interface Cell {
  ran: number;
  passed: number;
  maxUlp: number | null;
  maxAbs: number | null;
}

const max = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

export function summaryReport(results: readonly ConformResult[]): string {
  const backends = unique(results.map((r) => r.backend));
  const modes = unique(results.map((r) => r.mode));
  const rowKeys = unique(results.map((r) => `${r.framework}\u0000${r.optimizer}`)).sort();
  const cells = new Map<string, Cell>();
  const skippedPerRow = new Map<string, number>();
  for (const r of results) {
    const row = `${r.framework}\u0000${r.optimizer}`;
    if (r.skipped) {
      skippedPerRow.set(row, (skippedPerRow.get(row) ?? 0) + 1);
      continue;
    }
    const key = `${row}\u0000${r.backend}`;
    const c = cells.get(key) ?? { ran: 0, passed: 0, maxUlp: null, maxAbs: null };
    c.ran++;
    if (r.pass) c.passed++;
    c.maxUlp = max(c.maxUlp, r.maxUlp);
    c.maxAbs = max(c.maxAbs, r.maxAbsError);
    cells.set(key, c);
  }

  const groupHeader = ['passed', 'max ulp', 'max abs err'];
  const header = ['framework', 'optimizer', ...backends.flatMap(() => groupHeader), 'skipped'];
  const rows = rowKeys.map((row) => {
    const [framework, optimizer] = row.split('\u0000') as [string, string];
    const groups = backends.flatMap((b) => {
      const c = cells.get(`${row}\u0000${b}`);
      return c === undefined ? ['-', '-', '-'] : [`${c.passed}/${c.ran}`, formatUlp(c.maxUlp), formatAbs(c.maxAbs)];
    });
    return [framework, optimizer, ...groups, String(skippedPerRow.get(row) ?? 0)];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  // Text columns left-aligned, numbers right-aligned.
  const cellText = (s: string, i: number) => (i < 2 ? s.padEnd(widths[i]!) : s.padStart(widths[i]!));
  const line = (cells: string[]) => cells.map(cellText).join('  ').trimEnd();
  // Backend names centred over their three columns.
  const groupWidth = (g: number) => widths.slice(2 + 3 * g, 5 + 3 * g).reduce((a, b) => a + b, 0) + 4;
  const top = [' '.repeat(widths[0]! + widths[1]! + 2), ...backends.map((b, g) => centre(b, groupWidth(g)))].join('  ').trimEnd();

  const s = summarize(results);
  const traces = unique(results.map((r) => `${r.file}`)).length;
  const out = [
    `${traces} trace${traces === 1 ? '' : 's'} × ${backends.length} backend${backends.length === 1 ? '' : 's'} × ${modes.length} mode${modes.length === 1 ? '' : 's'} (${modes.join(', ')}; counted together, --details for each run)`,
    '',
    top,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
  ];
  const reasons = countBy(results.filter((r) => r.skipped).map(skipText));
  if (reasons.size > 0) {
    out.push('', 'Skipped:');
    for (const [reason, n] of reasons) out.push(`  ${n} × ${reason}`);
  }
  const failures = results.filter((r) => !r.skipped && !r.pass);
  if (failures.length > 0) {
    out.push('', `First failures (${failures.length} failed run${failures.length === 1 ? '' : 's'}):`);
    for (const r of failures.slice(0, MAX_FAILURE_LINES)) for (const l of failureLines(r)) out.push(`  ${l}`);
    if (failures.length > MAX_FAILURE_LINES) out.push(`  … and ${failures.length - MAX_FAILURE_LINES} more (--details, --json or --junit list every one)`);
  }
  out.push('', `${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`);
  return out.join('\n');
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

function countBy(xs: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

function centre(s: string, width: number): string {
  const left = Math.max(0, Math.floor((width - s.length) / 2));
  return (' '.repeat(left) + s).padEnd(width);
}

/** The skip reason, prefixed with the backend unless the reason already names it. */
function skipText(r: ConformResult): string {
  const reason = r.skipReason ?? 'skipped';
  return reason.startsWith(r.backend) ? reason : `${r.backend}: ${reason}`;
}
