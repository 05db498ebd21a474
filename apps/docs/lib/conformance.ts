/**
 * The golden traces, run in the reader's browser: the same runner and acceptance intervals as
 * `pnpm isostep conform`, against the exact CPU reference and against WebGPU.
 */
import {
  cpuBackend,
  parseTrace,
  runTrace,
  webgpuBackend,
  type ConformResult,
  type ConformanceBackend,
  type GpuContext,
  type GoldenTrace,
} from './isostep.js';

/** The CPU reference, labelled for the page (the package's own `describe` names the full user agent). */
export function browserCpuBackend(dtype: 'float32' | 'float64'): ConformanceBackend {
  return { ...cpuBackend(dtype), describe: async () => `@isostep/reference-cpu exact ${dtype} (in this browser)` };
}

/** WebGPU in this browser: the webgpu package's own conformance backend, given this page's device. */
export function browserWebGpuBackend(ctx: GpuContext): ConformanceBackend {
  return webgpuBackend('webgpu', async () => ctx);
}

/** The served list of golden trace files (written at build time next to the copies). */
export async function fetchTraceList(base: string): Promise<string[]> {
  const res = await fetch(`${base}golden/index.json`);
  if (!res.ok) throw new Error(`golden/index.json: HTTP ${res.status}`);
  return (await res.json()) as string[];
}

export async function fetchTrace(base: string, file: string): Promise<GoldenTrace> {
  const res = await fetch(`${base}golden/${file}`);
  if (!res.ok) throw new Error(`golden/${file}: HTTP ${res.status}`);
  return parseTrace(await res.text(), file);
}

export async function runOne(trace: GoldenTrace, backend: ConformanceBackend): Promise<ConformResult> {
  return runTrace(trace, backend, 'resync');
}
