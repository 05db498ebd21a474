/**
 * The detailed table (`isostep conform --details`): one row per trace × backend × mode, then the first
 * failure of each failed row. The default output is the summary matrix (summary-report.ts).
 */
import { summarize, type ConformResult } from '../runner/result.js';
import { failureLines } from './failure-line.js';
import { caseLabel, formatAbs, formatUlp as fmtUlp } from './format-numbers.js';

function status(r: ConformResult): string {
  if (r.skipped) return 'SKIP';
  return r.pass ? 'pass' : 'FAIL';
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

export function tableReport(results: readonly ConformResult[]): string {
  const header = ['case', 'framework', 'optimizer', 'dtype', 'backend', 'mode', 'result', 'max ulp', 'max abs err', 'bound', 'ulp per slot'];
  // The last column is free text (slots or a skip reason): it sets no width and gets no padding.
  const last = header.length - 1;
  const rows = results.map((r) => [
    caseLabel(r),
    r.framework,
    r.optimizer,
    String(r.dtype),
    r.backend,
    r.mode,
    status(r),
    fmtUlp(r.maxUlp),
    formatAbs(r.maxAbsError),
    fmtUlp(r.maxBound),
    r.skipped ? (r.skipReason ?? '') : Object.entries(r.slots).map(([k, v]) => `${k}=${fmtUlp(v)}`).join(' '),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (i === last ? 0 : row[i]!.length))));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i]!))).join('  ');
  const out = [line(header), line(widths.map((w, i) => (i === last ? '-'.repeat(12) : '-'.repeat(w))))];
  for (const row of rows) out.push(line(row));
  const failures = results.filter((r) => !r.skipped && !r.pass);
  if (failures.length > 0) {
    out.push('', 'Failures:');
    for (const r of failures) for (const line of failureLines(r)) out.push(`  ${line}`);
  }
  const s = summarize(results);
  out.push('', `${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`);
  return out.join('\n');
}
