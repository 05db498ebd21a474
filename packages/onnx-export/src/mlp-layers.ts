import { mlpParamNames } from '@isostep/mlp';
import { OnnxExportError } from './onnx-export-error.js';

/** One dense layer as exported: y = x·Wᵀ + b, W [outFeatures, inFeatures] row-major (torch's nn.Linear layout). */
export interface DenseLayer {
  readonly name: string;
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly weight: Float32Array;
  readonly bias: Float32Array;
}

/**
 * Checks an MLP's named parameters (`mlpParamNames` of @isostep/mlp: `layer{i}.weight` / `layer{i}.bias`)
 * against its layer sizes and turns them into layers. Throws before anything is encoded, naming the layer,
 * when a parameter is missing, has the wrong length, or holds NaN/±Infinity (an ONNX file would carry them
 * silently and every consumer would produce NaN).
 */
export function mlpLayers(sizes: readonly number[], params: ReadonlyMap<string, Float32Array>): DenseLayer[] {
  if (!Array.isArray(sizes) || sizes.length < 2 || sizes.some((s) => !Number.isSafeInteger(s) || s < 1)) {
    const shown = Array.isArray(sizes) ? `[${sizes.join(', ')}]` : String(sizes);
    throw new OnnxExportError(`layer sizes must be at least two positive integers, got ${shown}`);
  }
  // A plain object of params (the shape JSON gives) would fail deep inside with "params.get is not a function".
  if (!(params instanceof Map)) {
    const what = params === null || typeof params !== 'object' ? String(params) : `a ${(params as object).constructor?.name ?? 'prototype-less object'}`;
    throw new OnnxExportError(`params must be a Map from parameter name (${mlpParamNames(1).join(', ')}, …) to Float32Array, got ${what}; use new Map(Object.entries(params))`);
  }
  const names = mlpParamNames(sizes.length - 1);
  const layers: DenseLayer[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const name = `layer${i}`;
    const inFeatures = sizes[i]!;
    const outFeatures = sizes[i + 1]!;
    const weight = tensor(params, name, names[2 * i]!, outFeatures * inFeatures, `[${outFeatures}, ${inFeatures}]`);
    const bias = tensor(params, name, names[2 * i + 1]!, outFeatures, `[${outFeatures}]`);
    layers.push({ name, inFeatures, outFeatures, weight, bias });
  }
  const expected = new Set(names);
  const extra = [...params.keys()].filter((key) => !expected.has(key));
  if (extra.length > 0) {
    throw new OnnxExportError(`parameters ${extra.join(', ')} do not belong to a ${sizes.length - 1}-layer MLP`, extra[0]);
  }
  return layers;
}

function tensor(params: ReadonlyMap<string, Float32Array>, layer: string, key: string, length: number, shape: string): Float32Array {
  const value = params.get(key);
  if (value === undefined) throw new OnnxExportError(`${layer}: ${key} is missing`, layer);
  if (!(value instanceof Float32Array)) throw new OnnxExportError(`${layer}: ${key} must be a Float32Array`, layer);
  if (value.length !== length) {
    throw new OnnxExportError(`${layer}: ${key} has ${value.length} values, shape ${shape} needs ${length}`, layer);
  }
  for (let i = 0; i < value.length; i++) {
    if (!Number.isFinite(value[i]!)) throw new OnnxExportError(`${layer}: ${key}[${i}] is ${value[i]}, not finite`, layer);
  }
  return value;
}
