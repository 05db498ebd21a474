/** Issue 15 #11: `exportMlpToOnnx` given a plain object (the shape JSON gives) names the problem instead of a TypeError. */
import { fromPreset } from '@isostep/spec';
import { describe, expect, it } from 'vitest';
import { exportMlpToOnnx } from './export-mlp.js';
import { OnnxExportError } from './onnx-export-error.js';

describe('exportMlpToOnnx input checks', () => {
  const params = { 'layer0.weight': new Float32Array(4), 'layer0.bias': new Float32Array(2) };
  it('refuses params that are not a Map, sizes that are not a list, a missing spec', () => {
    expect(() => exportMlpToOnnx([2, 2], params as never, { spec: fromPreset('rmsprop', 'torch') })).toThrow(OnnxExportError);
    expect(() => exportMlpToOnnx([2, 2], params as never, { spec: fromPreset('rmsprop', 'torch') })).toThrow(/params must be a Map .*new Map\(Object.entries\(params\)\)/);
    expect(() => exportMlpToOnnx('2-2' as never, new Map(Object.entries(params)), { spec: fromPreset('rmsprop', 'torch') })).toThrow(OnnxExportError);
    expect(() => exportMlpToOnnx([2, 2], new Map(Object.entries(params)), {} as never)).toThrow(/options.spec/);
    expect(exportMlpToOnnx([2, 2], new Map(Object.entries(params)), { spec: fromPreset('rmsprop', 'torch') }).length).toBeGreaterThan(0);
  });
});
