import type { Random } from '../data/random.js';
import { mlpParamNames } from './layer-sizes.js';

/**
 * PyTorch's default `nn.Linear` initialization, reproduced from its definition rather than its RNG:
 * weight ~ kaiming_uniform(a = √5) = U(−1/√fan_in, 1/√fan_in) (gain √(2/(1+5)) = 1/√3, bound √3·gain/√fan_in),
 * bias ~ U(−1/√fan_in, 1/√fan_in).
 *
 * Draw order (the Python parity generator repeats it): for each layer, every weight in [out, in] row-major
 * order, then every bias; each value is (2u − 1)·bound in float64, rounded once to float32.
 */
export function initMlpParams(sizes: readonly number[], random: Random): Map<string, Float32Array> {
  const params = new Map<string, Float32Array>();
  const names = mlpParamNames(sizes.length - 1);
  for (let layer = 0; layer + 1 < sizes.length; layer++) {
    const fanIn = sizes[layer]!;
    const fanOut = sizes[layer + 1]!;
    const bound = 1 / Math.sqrt(fanIn);
    const weight = new Float32Array(fanOut * fanIn);
    for (let i = 0; i < weight.length; i++) weight[i] = (2 * random.nextFloat64() - 1) * bound;
    const bias = new Float32Array(fanOut);
    for (let i = 0; i < bias.length; i++) bias[i] = (2 * random.nextFloat64() - 1) * bound;
    params.set(names[2 * layer]!, weight);
    params.set(names[2 * layer + 1]!, bias);
  }
  return params;
}
