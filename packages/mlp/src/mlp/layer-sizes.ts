/**
 * Layer sizes of an MLP, written as in the CLI: "784-128-10" is input 784, one hidden layer of 128, output 10.
 */

export class LayerSpecError extends Error {
  override readonly name = 'LayerSpecError';
}

/**
 * Limits that keep every buffer an MLP allocates (weights, gradients, optimizer slots, activations) within
 * what typed arrays and the 4 GiB WebAssembly arena can hold, so an oversized request is refused by name
 * instead of failing with a RangeError ("Invalid typed array length") after data was read.
 */
export const MAX_LAYER_SIZE = 1 << 20;
/** Weights and biases together: 64 Mi parameters are 256 MiB per float32 copy (params, grads, each slot). */
export const MAX_PARAMETERS = 1 << 26;

/** Weights and biases of an MLP with these layer sizes. */
export function parameterCount(sizes: readonly number[]): number {
  let n = 0;
  for (let i = 0; i + 1 < sizes.length; i++) n += sizes[i]! * sizes[i + 1]! + sizes[i + 1]!;
  return n;
}

/** Parses "784-128-10"; at least an input and an output size, each a positive integer, within the limits above. */
export function parseLayerSizes(spec: string): number[] {
  const parts = spec.trim().split('-');
  if (parts.length < 2) {
    throw new LayerSpecError(`layer string "${spec}" needs at least two sizes, like 784-128-10`);
  }
  const sizes = parts.map((part, i) => {
    if (!/^[0-9]+$/.test(part)) {
      throw new LayerSpecError(`layer string "${spec}": size ${i + 1} ("${part}") is not a positive integer`);
    }
    const size = Number(part);
    if (size < 1 || !Number.isSafeInteger(size)) {
      throw new LayerSpecError(`layer string "${spec}": size ${i + 1} (${part}) must be a positive integer`);
    }
    if (size > MAX_LAYER_SIZE) throw new LayerSpecError(`layer string "${spec}": size ${i + 1} (${part}) is above the limit of ${MAX_LAYER_SIZE}`);
    return size;
  });
  const total = parameterCount(sizes);
  if (total > MAX_PARAMETERS) throw new LayerSpecError(`layer string "${spec}": ${total} parameters, above the limit of ${MAX_PARAMETERS}`);
  return sizes;
}

/** Parameter names in model order: layer0.weight, layer0.bias, layer1.weight, ... */
export function mlpParamNames(layerCount: number): string[] {
  const names: string[] = [];
  for (let i = 0; i < layerCount; i++) names.push(`layer${i}.weight`, `layer${i}.bias`);
  return names;
}
