/** `pnpm --filter @isostep/webgpu test:browser [out.json]`: the golden traces in Chromium, JSON on stdout (or to a file). */
import { writeFile } from 'node:fs/promises';
import { browserUnavailable, runBrowserConformance } from './browser-conformance.js';

const reason = browserUnavailable();
if (reason !== null) {
  process.stdout.write(`${JSON.stringify({ skipped: true, reason }, null, 2)}\n`);
} else {
  const run = await runBrowserConformance({ modes: ['resync', 'free'] });
  const json = JSON.stringify(run, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2);
  const out = process.argv[2];
  if (out) await writeFile(out, `${json}\n`);
  else process.stdout.write(`${json}\n`);
  process.stderr.write(`${run.adapter}: ${run.summary.passed} passed, ${run.summary.failed} failed, ${run.summary.skipped} skipped\n`);
  if (run.summary.failed > 0 || run.adapter.startsWith('unavailable')) process.exitCode = 1;
}
