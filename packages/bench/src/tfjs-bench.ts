/**
 * TF.js rows, measured here with tf.train.rmsprop (the `tfjs` preset is its exact math) on the cpu and
 * wasm backends; used when `@isostep/tfjs-adapter/bench` does not provide them. TF.js has no float64.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { stepBytesPerElement, skippedRow, timedRow, type BenchContext, type BenchRow } from '@isostep/spec';
import type { Layout } from './fast-bench.js';
import { medianSeconds, peakRssMiB } from './measure.js';
import { FORMS, variant, type Form } from './variants.js';

/** Largest size per backend: TF.js's cpu backend runs at ~0.1 GB/s, one 16M step would take seconds. */
const CAP: Readonly<Record<string, number>> = { cpu: 1 << 20, wasm: 1 << 24 };

type Tf = typeof import('@tensorflow/tfjs');

export async function tfjsRows(ctx: BenchContext, layouts: readonly Layout[]): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const tf: Tf = await import('@tensorflow/tfjs');
  const wasmReady = await loadWasmBackend();
  for (const backend of ['cpu', 'wasm']) {
    const ready = backend === 'cpu' ? null : wasmReady;
    for (const { params, tensors } of layouts) {
      for (const form of FORMS) {
        const base = { system: `tfjs-${backend}`, variant: variant('rmsprop', 'tfjs', form).label, params, tensors, dtype: 'float32' as const };
        if (ready !== null) rows.push(skippedRow(base, ready));
        else if (params > CAP[backend]!) rows.push(skippedRow(base, `timed up to ${CAP[backend]} parameters on the ${backend} backend (too slow beyond)`));
        else {
          await tf.setBackend(backend);
          rows.push(timeTfjs(tf, ctx, base, form, params, tensors));
        }
      }
    }
  }
  rows.push(skippedRow({ system: 'tfjs-webgpu', variant: variant('rmsprop', 'tfjs', 'plain').label, params: 0, tensors: 1, dtype: 'float32' }, 'no WebGPU adapter in Node here (see @isostep/webgpu/bench rows when present)'));
  return rows;
}

/** Registers the wasm backend with its .wasm files from node_modules; returns why not, or null. */
async function loadWasmBackend(): Promise<string | null> {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const dist = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));
    wasm.setWasmPaths(join(dist, '/'));
    const tf: Tf = await import('@tensorflow/tfjs');
    return (await tf.setBackend('wasm')) ? null : 'tfjs-backend-wasm failed to initialize';
  } catch (e) {
    return `tfjs-backend-wasm unavailable: ${(e as Error).message.split('\n')[0]}`;
  }
}

function timeTfjs(tf: Tf, ctx: BenchContext, base: Parameters<typeof skippedRow>[0], form: Form, params: number, tensors: number): BenchRow {
  const size = Math.floor(params / tensors);
  const vars = Array.from({ length: tensors }, (_, k) => tf.variable(tf.randomNormal([k < params % tensors ? size + 1 : size]), true, `w${k}_${Date.now()}`));
  const grads = Object.fromEntries(vars.map((v) => [v.name, tf.mul(tf.randomNormal(v.shape), 0.1)]));
  const centered = form === 'centered+momentum';
  const opt = tf.train.rmsprop(1e-3, 0.9, centered ? 0.9 : 0, 1e-7, centered);
  try {
    const seconds = medianSeconds(() => opt.applyGradients(grads), ctx.quick);
    // TF.js always allocates the momentum slot (the `tfjs` preset's alwaysAllocateMomentum).
    const slots = centered ? 3 : 2;
    return timedRow(
      { ...base, bytesPerElement: stepBytesPerElement(centered ? 3 : 1, 'float32'), peakRssMiB: peakRssMiB(), stateBytesPerParam: slots * 4, note: `TF.js ${tf.version.tfjs} tf.train.rmsprop` },
      seconds,
      ctx.triadGbps,
    );
  } finally {
    opt.dispose();
    for (const g of Object.values(grads)) g.dispose();
    for (const v of vars) v.dispose();
  }
}
