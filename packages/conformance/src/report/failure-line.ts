/**
 * The one line that says why a run failed: the first value outside its interval — where (step,
 * parameter, slot, flat index), expected and actual as exact decimals, their distance in ulps and as an
 * absolute error (ulps alone mislead near zero: 9.5e-7 is 897,581,056 float32 ulps from 0), and the bound
 * with its interval — or the error that stopped the run.
 */
import type { ConformResult } from '../runner/result.js';
import { caseLabel, formatAbs, formatUlp } from './format-numbers.js';

export function failureLines(r: ConformResult): string[] {
  const where = `${caseLabel(r)} [${r.backend}, ${r.mode}]`;
  const out: string[] = [];
  if (r.error !== null) out.push(`${where}: ${r.error}`);
  const f = r.firstFailure;
  if (f !== null) {
    out.push(
      `${where}: step ${f.step}, parameter ${f.param}, ${f.slot}[${f.index}]: expected ${f.expected}, actual ${f.actual}, ` +
        `${formatUlp(f.ulpDistance)} ulp, |error| ${formatAbs(f.absError)}; bound ${formatUlp(f.bound)} ulp, ` +
        `interval [${f.interval[0]}, ${f.interval[1]}]${f.intervalAllowsNaN ? ' or NaN' : ''}; outside: ${outsideText(f.outside)}`,
    );
  }
  return out;
}

function outsideText(outside: 'actual' | 'expected' | 'both'): string {
  if (outside === 'actual') return 'actual (the backend departs from the spec)';
  if (outside === 'expected') return 'expected (the spec does not describe what the framework recorded)';
  return 'both';
}
