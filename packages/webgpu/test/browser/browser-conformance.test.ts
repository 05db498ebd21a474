/** The golden traces in Chromium (SwiftShader's WebGPU): same runner, same intervals, results as JSON. */
import { describe, expect, it } from 'vitest';
import { browserUnavailable, runBrowserConformance } from './browser-conformance.js';

describe('conformance in Chromium', () => {
  it('runs every float32 golden trace in both modes in the browser, and all pass', async (ctx) => {
    const reason = browserUnavailable();
    if (reason !== null) return ctx.skip(reason);
    const run = await runBrowserConformance({ modes: ['resync', 'free'] });
    if (run.adapter.startsWith('unavailable')) return ctx.skip(`Chromium has no WebGPU adapter: ${run.adapter}`);
    const failures = run.results.filter((r) => !r.skipped && !r.pass).map((r) => `${r.case} [${r.mode}]: ${r.error ?? JSON.stringify(r.firstFailure)}`);
    expect(failures).toEqual([]);
    const ran = run.results.filter((r) => !r.skipped);
    expect(ran.length).toBeGreaterThan(0);
    // Only float64 traces may be skipped (WGSL has no f64), and every run names the browser's adapter.
    for (const r of run.results.filter((x) => x.skipped)) expect(r.dtype).toBe('float64');
    for (const r of ran) expect(r.device).toBe(run.adapter);
  }, 300_000);
});
