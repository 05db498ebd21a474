import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { specLabel, type OptimizerSpec } from '@isostep/spec';
import { firstLine, isNotFound, MissingPeerError } from '../peers/missing-peer-error.js';
import type { TfjsBackend } from '../train/train-options.js';
import type { StepBackend } from './step-backend.js';
import { TfjsResidentOptimizer } from './tfjs-resident-optimizer.js';
import { TrainBackendError } from './train-backend-error.js';

/**
 * `--backend tfjs`: `IsostepOptimizer` from `@isostep/tfjs-adapter` on TF.js cpu or wasm. TF.js, its
 * backends and the adapter are optional peers, imported here by literal names (see step-backend.ts).
 */
export async function tfjsStepBackend(spec: OptimizerSpec, which: TfjsBackend): Promise<StepBackend> {
  const label = `tfjs (${which})`;
  const missing = (e: unknown, name: string): never => {
    if (isNotFound(e, name)) throw new TrainBackendError(label, new MissingPeerError(name, 'the optimizer step on TF.js').message);
    throw new TrainBackendError(label, `${name} could not be loaded: ${firstLine(e)}`);
  };
  // The full bundle: TF.js core (the same instance the adapter steps) with the cpu backend registered.
  const tf = await import('@tensorflow/tfjs').catch((e: unknown) => missing(e, '@tensorflow/tfjs'));
  const adapter = await import('@isostep/tfjs-adapter').catch((e: unknown) => missing(e, '@isostep/tfjs-adapter'));
  if (which === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm').catch((e: unknown) => missing(e, '@tensorflow/tfjs-backend-wasm'));
    // In Node the .wasm binaries are read from disk: point the loader at the package's dist directory.
    const require = createRequire(import.meta.url);
    wasm.setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
  }
  let ok: boolean;
  try {
    ok = await tf.setBackend(which);
  } catch (e) {
    throw new TrainBackendError(label, `tf.setBackend('${which}') failed: ${firstLine(e)}`);
  }
  if (!ok) throw new TrainBackendError(label, `tf.setBackend('${which}') returned false: the backend could not initialise here`);
  const optimizer = new TfjsResidentOptimizer(tf, new adapter.IsostepOptimizer(spec));
  return {
    optimizer,
    description: `optimizer step on TF.js ${which}: ${specLabel(spec)} as IsostepOptimizer.applyGradients on tf.Variables mirroring the MLP params, read back every step (fused sites of the preset are unfused there, see tfjs-adapter ACCURACY.md); forward/backward on the CPU MLP`,
    dispose: async () => optimizer.dispose(),
  };
}
