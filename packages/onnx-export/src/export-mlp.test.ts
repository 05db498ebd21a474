import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { customOptimizer, fromPreset, getPreset } from '@isostep/spec';
import { describe, expect, it } from 'vitest';
import { exportMlpToOnnx, IR_VERSION, OPSET_VERSION } from './export-mlp.js';
import { OnnxExportError } from './onnx-export-error.js';
import { modelProtoType } from './onnx-schema.js';
import { runOnnxLogits } from './run-onnx.js';

const SIZES = [20, 16, 8, 5];
const U32 = 2 ** -24;
const OPTIONS = { spec: fromPreset('rmsprop', 'torch', { lr: 0.02 }) };

function metadata(bytes: Uint8Array): Record<string, string> {
  const model = modelProtoType().toObject(modelProtoType().decode(bytes)) as { metadataProps: { key: string; value: string }[] };
  return Object.fromEntries(model.metadataProps.map((m) => [m.key, m.value]));
}

/** Deterministic values in (−scale, scale) without sharing code with any package under test. */
function values(n: number, seed: number, scale: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return ((s / 2 ** 32) * 2 - 1) * scale;
  });
}

function params(sizes = SIZES): Map<string, Float32Array> {
  const map = new Map<string, Float32Array>();
  for (let i = 0; i + 1 < sizes.length; i++) {
    map.set(`layer${i}.weight`, values(sizes[i + 1]! * sizes[i]!, 10 + i, 1 / Math.sqrt(sizes[i]!)));
    map.set(`layer${i}.bias`, values(sizes[i + 1]!, 20 + i, 0.1));
  }
  return map;
}

/** Float64 forward and the propagated γ_n error bound of any float32 evaluation (see the conformance parity bound). */
function oracle(p: Map<string, Float32Array>, x: Float32Array, batch: number): { logits: number[]; bound: number[] } {
  const logits: number[] = [];
  const bound: number[] = [];
  for (let r = 0; r < batch; r++) {
    let h = Array.from(x.subarray(r * SIZES[0]!, (r + 1) * SIZES[0]!));
    let err = new Array<number>(h.length).fill(0);
    for (let l = 0; l + 1 < SIZES.length; l++) {
      const [inF, outF] = [SIZES[l]!, SIZES[l + 1]!];
      const w = p.get(`layer${l}.weight`)!;
      const b = p.get(`layer${l}.bias`)!;
      const nh: number[] = [];
      const ne: number[] = [];
      for (let o = 0; o < outF; o++) {
        let s = b[o]!;
        let abs = Math.abs(s);
        let carried = 0;
        for (let k = 0; k < inF; k++) {
          s += h[k]! * w[o * inF + k]!;
          abs += Math.abs(h[k]! * w[o * inF + k]!);
          carried += Math.abs(w[o * inF + k]!) * err[k]!;
        }
        nh.push(l + 2 < SIZES.length ? Math.max(0, s) : s);
        ne.push(((inF + 1) * U32 / (1 - (inF + 1) * U32)) * abs + carried);
      }
      h = nh;
      err = ne;
    }
    logits.push(...h);
    bound.push(...err);
  }
  return { logits, bound };
}

describe('exportMlpToOnnx', () => {
  it('writes opset 17 Gemm(transB=1)/Relu with a dynamic batch, raw initializers and optimizer metadata', () => {
    const bytes = exportMlpToOnnx(SIZES, params(), OPTIONS);
    const model = modelProtoType().toObject(modelProtoType().decode(bytes), { longs: Number, bytes: Buffer }) as any;
    expect(model.irVersion).toBe(IR_VERSION);
    expect(model.opsetImport).toEqual([{ domain: '', version: OPSET_VERSION }]);
    const graph = model.graph;
    expect(graph.node.map((n: any) => n.opType)).toEqual(['Gemm', 'Relu', 'Gemm', 'Relu', 'Gemm']);
    for (const gemm of graph.node.filter((n: any) => n.opType === 'Gemm')) {
      expect(gemm.attribute).toEqual([{ name: 'transB', type: 2, i: 1 }]);
    }
    expect(graph.input[0].name).toBe('input');
    expect(graph.input[0].type.tensorType.shape.dim).toEqual([{ dimParam: 'batch' }, { dimValue: 20 }]);
    expect(graph.output[0].name).toBe('logits');
    expect(graph.output[0].type.tensorType.shape.dim).toEqual([{ dimParam: 'batch' }, { dimValue: 5 }]);
    const w1 = graph.initializer.find((t: any) => t.name === 'layer1.weight');
    expect(w1.dims).toEqual([8, 16]);
    expect(w1.dataType).toBe(1);
    expect(new Float32Array(new Uint8Array(w1.rawData).buffer)).toEqual(params().get('layer1.weight'));
    const meta = metadata(bytes);
    expect(meta['isostep.optimizer']).toBe('rmsprop');
    expect(meta['isostep.preset']).toBe('torch');
    expect(JSON.parse(meta['isostep.config']!)).toEqual(OPTIONS.spec.config);
    expect(JSON.parse(meta['isostep.config']!).lr).toBe(0.02);
  });

  it('records a custom config without a preset name', () => {
    const custom = customOptimizer('rmsprop', { ...getPreset('rmsprop', 'keras3').defaults, lr: 0.3 }, getPreset('rmsprop', 'keras3').profile);
    const meta = metadata(exportMlpToOnnx(SIZES, params(), { spec: custom }));
    expect(meta['isostep.optimizer']).toBe('rmsprop');
    expect('isostep.preset' in meta).toBe(false);
    expect(JSON.parse(meta['isostep.config']!)).toEqual(custom.config);
  });

  it('runs in onnxruntime-node within the float32 forward-error bound of a float64 oracle, at two batch sizes', async () => {
    const p = params();
    const bytes = exportMlpToOnnx(SIZES, p, OPTIONS);
    for (const batch of [1, 7]) {
      const x = values(batch * 20, 99 + batch, 1);
      const logits = await runOnnxLogits(bytes, x, batch);
      const { logits: exact, bound } = oracle(p, x, batch);
      expect(logits.length).toBe(batch * 5);
      exact.forEach((v, i) => expect(Math.abs(logits[i]! - v)).toBeLessThanOrEqual(bound[i]!));
    }
  });

  it('names the layer when shapes do not chain or weights are not finite', () => {
    const wrong = params();
    wrong.set('layer1.weight', new Float32Array(16 * 9));
    expect(() => exportMlpToOnnx(SIZES, wrong, OPTIONS)).toThrow(/layer1: layer1.weight has 144 values, shape \[8, 16\] needs 128/);
    const missing = params();
    missing.delete('layer2.bias');
    expect(() => exportMlpToOnnx(SIZES, missing, OPTIONS)).toThrow(/layer2: layer2.bias is missing/);
    const nan = params();
    nan.get('layer0.bias')![3] = Number.NaN;
    const error = (() => {
      try {
        exportMlpToOnnx(SIZES, nan, OPTIONS);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(OnnxExportError);
    expect((error as OnnxExportError).layer).toBe('layer0');
    expect((error as OnnxExportError).message).toMatch(/layer0.bias\[3\] is NaN/);
    const inf = params();
    inf.get('layer2.weight')![0] = Number.POSITIVE_INFINITY;
    expect(() => exportMlpToOnnx(SIZES, inf, OPTIONS)).toThrow(/layer2.*Infinity/);
    const extra = params();
    extra.set('layer3.weight', new Float32Array(1));
    expect(() => exportMlpToOnnx(SIZES, extra, OPTIONS)).toThrow(/layer3.weight do not belong/);
  });
});

const VENV_PYTHON = resolve(import.meta.dirname, '../../../.venv/bin/python');
const pythonHasOnnx =
  existsSync(VENV_PYTHON) && spawnSync(VENV_PYTHON, ['-c', 'import onnx, onnxruntime'], { encoding: 'utf8' }).status === 0;

describe('Python onnx tooling', () => {
  it.skipIf(!pythonHasOnnx)(
    'onnx.checker (full check) accepts the file and Python onnxruntime gives the same logits [skipped when the repository .venv lacks onnx/onnxruntime]',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'onnx-'));
      const file = join(dir, 'mlp.onnx');
      const p = params();
      writeFileSync(file, exportMlpToOnnx(SIZES, p, OPTIONS));
      const x = values(3 * 20, 5, 1);
      const script = [
        'import sys, json, numpy as np, onnx, onnxruntime as ort',
        'm = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True)',
        's = ort.InferenceSession(sys.argv[1], providers=["CPUExecutionProvider"])',
        'x = np.array(json.loads(sys.argv[2]), dtype=np.float32).reshape(3, 20)',
        'print(json.dumps([float(v) for v in s.run(["logits"], {"input": x})[0].ravel()]))',
      ].join('\n');
      const out = spawnSync(VENV_PYTHON, ['-c', script, file, JSON.stringify(Array.from(x))], { encoding: 'utf8' });
      expect(out.stderr).toBe('');
      expect(out.status).toBe(0);
      const logits = JSON.parse(out.stdout) as number[];
      const { logits: exact, bound } = oracle(p, x, 3);
      exact.forEach((v, i) => expect(Math.abs(logits[i]! - v)).toBeLessThanOrEqual(bound[i]!));
    },
  );
});
