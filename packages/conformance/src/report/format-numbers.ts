/** How reports print distances: ulps grouped by thousands, absolute errors to 3 significant digits. */

/** "0", "46,399", "897,581,056", "1.84e+19"; "inf" for an infinite distance (one value NaN or infinite); "-" for none. */
export function formatUlp(x: number | null): string {
  if (x === null) return '-';
  if (!Number.isFinite(x)) return 'inf';
  return x < 1e12 ? x.toLocaleString('en-US') : x.toExponential(2);
}

/** "0", "1.2e-38", "0.00391", "inf"; "-" for none. Three digits: enough to see the size of an error. */
export function formatAbs(x: number | null): string {
  if (x === null) return '-';
  if (!Number.isFinite(x)) return 'inf';
  if (x === 0) return '0';
  if (x >= 1e-3 && x < 1e6) return String(Number(x.toPrecision(3)));
  // "1.20e-38" → "1.2e-38": the exponent is what the eye needs; trailing zeros are noise.
  return x.toExponential(2).replace(/\.?0+e/, 'e');
}

/** A trace's name as reports show it: with the rank for a shard of sharded training. */
export function caseLabel(r: { readonly case: string; readonly shard: { readonly rank: number; readonly worldSize: number } | null }): string {
  return r.shard === null ? r.case : `${r.case} [rank ${r.shard.rank}/${r.shard.worldSize}]`;
}
