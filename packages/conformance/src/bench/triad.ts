/**
 * The STREAM triad a[i] = b[i] + s·c[i] in plain JavaScript over float64 arrays: the memory speed one
 * JavaScript thread reaches on this machine. Every row's triadFraction is relative to this number.
 */
import { medianSeconds } from './measure.js';

export function measureTriadGbps(quick: boolean): number {
  const n = quick ? 1 << 20 : 1 << 23; // 3 × 64 MiB in the full run: far beyond the caches
  const a = new Float64Array(n);
  const b = new Float64Array(n).fill(1);
  const c = new Float64Array(n).fill(2);
  const s = 3;
  const seconds = medianSeconds(() => {
    for (let i = 0; i < n; i++) a[i] = b[i]! + s * c[i]!;
  }, quick);
  return (24 * n) / seconds / 1e9;
}
