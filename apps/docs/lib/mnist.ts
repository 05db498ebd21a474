/**
 * The MNIST example: one 784-200-10 MLP trained twice, with ρ = 0.9 and ρ = 0.999, from the same
 * initial weights on the same batches. The forward and backward passes run on the CPU (the reference
 * MLP); the optimizer step runs on WebGPU when the browser has it, else on the CPU reference.
 */
import {
  Mlp,
  ReferenceOptimizer,
  WebGpuOptimizer,
  rmsprop,
  labelledImagesFromIdx,
  parseIdx,
  presetConfig,
  type GpuContext,
  type LabelledImages,
  type PresetName,
  type RmspropConfig,
} from './isostep.js';

export const MNIST_SIZES = [784, 200, 10] as const;
export const MNIST_PRESET: PresetName = 'torch';
export const MNIST_RHOS = [0.9, 0.999] as const;
export const MNIST_SEED = 7;

/** The served IDX bytes as the reference-cpu loader reads them (pixels as float32 p / 255, like torchvision's ToTensor()). */
export function mnistFromIdx(images: Uint8Array, labels: Uint8Array): LabelledImages {
  const names = { images: 'mnist images', labels: 'mnist labels' };
  return labelledImagesFromIdx(parseIdx(images, names.images), parseIdx(labels, names.labels), names);
}

/** Batch k: examples k·B … k·B + B − 1, wrapping around the subset (already in MNIST's shuffled order). */
export function batchAt(data: LabelledImages, k: number, batch: number): { x: Float32Array; y: Uint8Array } {
  const x = new Float32Array(batch * 784);
  const y = new Uint8Array(batch);
  for (let j = 0; j < batch; j++) {
    const i = (k * batch + j) % data.count;
    x.set(data.images.subarray(i * 784, (i + 1) * 784), j * 784);
    y[j] = data.labels[i]!;
  }
  return { x, y };
}

/** What steps the parameters: both keep `params` (the MLP's own arrays) up to date after each step. */
interface Stepper {
  step(grads: Map<string, Float32Array>): Promise<void>;
  dispose(): void;
}

function cpuStepper(config: RmspropConfig, params: Map<string, Float32Array>): Stepper {
  const opt = new ReferenceOptimizer(rmsprop(MNIST_PRESET, config), { dtype: 'float32' });
  const state = opt.init(params);
  return { step: async (grads) => opt.step(params, grads, state), dispose: () => {} };
}

function gpuStepper(ctx: GpuContext, config: RmspropConfig, params: Map<string, Float32Array>): Stepper {
  const opt = new WebGpuOptimizer(ctx, rmsprop(MNIST_PRESET, config));
  opt.load(params);
  return {
    async step(grads) {
      opt.step(grads);
      // The next gradient needs the new weights on the CPU: read them back every step.
      const snap = await opt.read();
      for (const [name, p] of snap.params) params.get(name)!.set(p);
    },
    dispose: () => void opt.dispose(),
  };
}

export function mnistConfig(rho: number, lr: number): RmspropConfig {
  return presetConfig(MNIST_PRESET, { rho, lr });
}

/** Trains one run; `onLoss` gets each step's mean batch loss (computed before that step's update). */
export async function trainRun(
  data: LabelledImages,
  config: RmspropConfig,
  opts: { steps: number; batch: number; gpu: GpuContext | null },
  onLoss: (step: number, loss: number) => void,
): Promise<number[]> {
  const mlp = Mlp.create(MNIST_SIZES, MNIST_SEED);
  const stepper = opts.gpu ? gpuStepper(opts.gpu, config, mlp.params) : cpuStepper(config, mlp.params);
  const losses: number[] = [];
  try {
    for (let k = 0; k < opts.steps; k++) {
      const { x, y } = batchAt(data, k, opts.batch);
      const loss = mlp.lossAndGradients(x, opts.batch, y);
      losses.push(loss);
      onLoss(k + 1, loss);
      await stepper.step(mlp.gradients);
    }
  } finally {
    stepper.dispose();
  }
  return losses;
}
