import { specLabel, type OptimizerSpec } from '@isostep/spec';
import { firstLine, isNotFound, MissingPeerError } from '../peers/missing-peer-error.js';
import type { StepBackend } from './step-backend.js';
import { TrainBackendError } from './train-backend-error.js';

/**
 * `--backend webgpu`: `WebGpuOptimizer` on a Node device (Dawn). `@isostep/webgpu` is an optional peer,
 * imported here by its literal name, so bundlers and the package manager see it and the CPU path loads none of it.
 */
export async function webgpuStepBackend(spec: OptimizerSpec): Promise<StepBackend> {
  let gpu: typeof import('@isostep/webgpu');
  let node: typeof import('@isostep/webgpu/node');
  try {
    gpu = await import('@isostep/webgpu');
    node = await import('@isostep/webgpu/node');
  } catch (e) {
    if (isNotFound(e, '@isostep/webgpu')) throw new TrainBackendError('webgpu', new MissingPeerError('@isostep/webgpu', 'the optimizer step on WebGPU').message);
    throw new TrainBackendError('webgpu', `@isostep/webgpu could not be loaded: ${firstLine(e)}`);
  }
  let context: Awaited<ReturnType<typeof node.createNodeGpuContext>>;
  try {
    context = await node.createNodeGpuContext();
  } catch (e) {
    throw new TrainBackendError('webgpu', `no WebGPU device: ${firstLine(e)}`);
  }
  try {
    const optimizer = new gpu.WebGpuOptimizer(context, spec);
    return {
      optimizer,
      description: `optimizer step on WebGPU (${context.adapterName}): ${specLabel(spec)} with params and slots on the GPU, gradients uploaded and params read back every step; forward/backward on the CPU MLP`,
      async dispose() {
        await optimizer.dispose();
        context.close();
      },
    };
  } catch (e) {
    context.close();
    throw e;
  }
}
