import { argmax, decodeFloat32, gamma, loadMnist, Mlp, mnistDataDir, readMlpParityGolden } from '@isostep/mlp/node';
import { fromPreset } from '@isostep/spec';
import { describe, expect, it } from 'vitest';
import { exportMlpToOnnx } from '../src/export-mlp.js';
import { runOnnxLogits } from '../src/run-onnx.js';

/**
 * The exported model in onnxruntime-node vs the JS forward on the whole MNIST test set, using a trained
 * model: the weights PyTorch reached in the parity run of `@isostep/mlp` (784-32-10, 50 RMSprop steps).
 *
 * Bound per logit: each float32 evaluation (JS sequential sums, MLAS blocked FMA sums) is within
 * E = γ_{785}·(Σ|x w| + |b|) carried through |W₁| plus γ_{33}·(Σ|h w| + |b|) of the exact logit, so two of
 * them are within 2E; E is evaluated per example in float64.
 */
describe('ONNX export on MNIST', () => {
  it('onnxruntime logits equal the JS forward within 2E and give the identical accuracy on 10k test images', async () => {
    const golden = readMlpParityGolden();
    const params = new Map(Object.entries(golden.float32.finalParams).map(([k, v]) => [k, decodeFloat32(v)]));
    const mlp = new Mlp(golden.sizes, params);
    const test = loadMnist(mnistDataDir(), { train: 1 }).test;
    const bytes = exportMlpToOnnx(golden.sizes, mlp.params, { spec: fromPreset('rmsprop', golden.preset, golden.hyperparameters) });
    const ortLogits = await runOnnxLogits(bytes, test.images, test.count);
    const jsLogits = mlp.forward(test.images, test.count).slice();
    const [inF, hidden, out] = golden.sizes as [number, number, number];
    const w0 = params.get('layer0.weight')!;
    const b0 = params.get('layer0.bias')!;
    const w1 = params.get('layer1.weight')!;
    const b1 = params.get('layer1.bias')!;
    let worstRatio = 0;
    let jsCorrect = 0;
    let ortCorrect = 0;
    const h = new Float64Array(hidden);
    const e = new Float64Array(hidden);
    for (let r = 0; r < test.count; r++) {
      const x = test.images.subarray(r * inF, (r + 1) * inF);
      for (let o = 0; o < hidden; o++) {
        let s = b0[o]!;
        let abs = Math.abs(s);
        for (let k = 0; k < inF; k++) {
          s += x[k]! * w0[o * inF + k]!;
          abs += Math.abs(x[k]! * w0[o * inF + k]!);
        }
        h[o] = Math.max(0, s);
        e[o] = gamma(inF + 1) * abs;
      }
      for (let c = 0; c < out; c++) {
        let abs = Math.abs(b1[c]!);
        let carried = 0;
        for (let o = 0; o < hidden; o++) {
          abs += Math.abs(h[o]! * w1[c * hidden + o]!);
          carried += Math.abs(w1[c * hidden + o]!) * e[o]!;
        }
        const bound = 2 * (gamma(hidden + 1) * abs + carried);
        const diff = Math.abs(ortLogits[r * out + c]! - jsLogits[r * out + c]!);
        worstRatio = Math.max(worstRatio, diff / bound);
      }
      if (argmax(jsLogits, r * out, out) === test.labels[r]) jsCorrect++;
      if (argmax(ortLogits, r * out, out) === test.labels[r]) ortCorrect++;
    }
    expect(worstRatio).toBeLessThanOrEqual(1);
    expect(ortCorrect).toBe(jsCorrect);
    // A trained model, not a constant one: 50 steps reach well above chance.
    expect(jsCorrect / test.count).toBeGreaterThan(0.8);
  });
});
