/**
 * The browser test page: the WebGPU backend and the conformance runner, bundled. The page gets a device
 * from `navigator.gpu` (Chromium's SwiftShader here) and runs the traces it is given, returning the same
 * result records as `isostep conform --json`.
 */
import { parseTrace, runTrace, summarize, type ConformResult, type Mode } from '@isostep/conformance';
import { webgpuBackend } from '../../src/conformance-backend.js';
import { contextFromGpu } from '../../src/device/gpu-context.js';

export interface BrowserRun {
  readonly adapter: string;
  readonly userAgent: string;
  readonly results: ConformResult[];
  readonly summary: ReturnType<typeof summarize>;
}

async function runConformance(traces: { file: string; text: string }[], modes: Mode[]): Promise<BrowserRun> {
  const backend = webgpuBackend('webgpu', async () =>
    navigator.gpu ? contextFromGpu(navigator.gpu) : 'navigator.gpu is undefined (WebGPU disabled in this browser)',
  );
  const results: ConformResult[] = [];
  for (const t of traces) {
    const trace = parseTrace(t.text, t.file);
    for (const mode of modes) results.push(await runTrace(trace, backend, mode));
  }
  const adapter = await backend.describe();
  await backend.close?.();
  return { adapter, userAgent: navigator.userAgent, results, summary: summarize(results) };
}

(globalThis as { runConformance?: typeof runConformance }).runConformance = runConformance;
