/**
 * Layer sizes of an MLP, written as in the CLI: "784-128-10" is input 784, one hidden layer of 128, output 10.
 */

export class LayerSpecError extends Error {
  override readonly name = 'LayerSpecError';
}

/** Parses "784-128-10"; at least an input and an output size, each a positive integer. */
export function parseLayerSizes(spec: string): number[] {
  const parts = spec.trim().split('-');
  if (parts.length < 2) {
    throw new LayerSpecError(`layer string "${spec}" needs at least two sizes, like 784-128-10`);
  }
  return parts.map((part, i) => {
    if (!/^[0-9]+$/.test(part)) {
      throw new LayerSpecError(`layer string "${spec}": size ${i + 1} ("${part}") is not a positive integer`);
    }
    const size = Number(part);
    if (size < 1 || !Number.isSafeInteger(size)) {
      throw new LayerSpecError(`layer string "${spec}": size ${i + 1} (${part}) must be a positive integer`);
    }
    return size;
  });
}

/** Parameter names in model order: layer0.weight, layer0.bias, layer1.weight, ... */
export function mlpParamNames(layerCount: number): string[] {
  const names: string[] = [];
  for (let i = 0; i < layerCount; i++) names.push(`layer${i}.weight`, `layer${i}.bias`);
  return names;
}
