/**
 * `@isostep/webgpu/bench`: rows for `pnpm bench`. Each adapter is measured in its own child process
 * (the Vulkan driver is chosen by VK_ICD_FILENAMES before Dawn starts, and a driver crash cannot take
 * the bench down): Mesa's lavapipe, and Chromium's SwiftShader when Chromium is installed. Both are
 * CPU emulations of a GPU, so GB/s is compared with the host's triad bandwidth; no real GPU is here to
 * compare with its memory bandwidth.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { skippedRow, type BenchContext, type BenchRow } from '@isostep/spec';
import { VARIANT, type AdapterRun } from './bench/measure-adapter.js';

const ADAPTERS = [
  { label: 'lavapipe (Mesa, Vulkan on CPU)', icd: '/usr/share/vulkan/icd.d/lvp_icd.json', steps: 10 },
  { label: 'SwiftShader (Chromium, Vulkan on CPU)', icd: '/usr/lib/chromium/vk_swiftshader_icd.json', steps: 5 },
] as const;

const SIXTEEN_M = 1 << 24;
const TENSORS = 64;

function skipped(label: string, n: number, system: string, reason: string): BenchRow {
  return skippedRow({ system, variant: VARIANT, params: n, tensors: TENSORS, dtype: 'float32' }, `${label}: ${reason}`);
}

function worker(): string {
  const ts = import.meta.url.endsWith('.ts');
  return fileURLToPath(new URL(ts ? './bench/bench-worker.ts' : './bench/bench-worker.js', import.meta.url));
}

function runChild(run: AdapterRun, icd: string): Promise<BenchRow[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, worker(), JSON.stringify(run)], {
      env: { ...process.env, VK_ICD_FILENAMES: icd },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => {
      const at = out.lastIndexOf('@@ROWS@@');
      if (code === 0 && at >= 0) resolve(JSON.parse(out.slice(at + 8)) as BenchRow[]);
      else reject(new Error(`exit ${code}: ${err.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('Warning:') && !l.startsWith('Node.js')).slice(-4).join(' ')}`));
    });
  });
}

export async function runBench(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const sizes = ctx.quick ? [1 << 20] : [...new Set([...ctx.sizes.filter((n) => n <= SIXTEEN_M), SIXTEEN_M])].sort((a, b) => a - b);
  for (const a of ADAPTERS) {
    if (!existsSync(a.icd)) {
      for (const n of sizes) for (const s of ['isostep-webgpu', 'tfjs-webgpu']) rows.push(skipped(a.label, n, s, `no Vulkan driver at ${a.icd}`));
      continue;
    }
    try {
      rows.push(...(await runChild({ label: a.label, sizes, tensors: TENSORS, steps: a.steps, triadGbps: ctx.triadGbps }, a.icd)));
    } catch (e) {
      for (const n of sizes) for (const s of ['isostep-webgpu', 'tfjs-webgpu']) rows.push(skipped(a.label, n, s, (e as Error).message));
    }
  }
  return rows;
}
