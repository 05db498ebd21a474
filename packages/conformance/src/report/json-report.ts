/** `--json` output: exactly one JSON document; non-finite numbers as the strings the golden format uses. */
import { summarize, type ConformResult } from '../runner/result.js';

function finiteOrString(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  return value;
}

export function jsonReport(results: readonly ConformResult[]): string {
  return JSON.stringify({ results, summary: summarize(results) }, finiteOrString, 2);
}
