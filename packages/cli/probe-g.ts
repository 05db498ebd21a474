import { Mlp, applyInputScale } from '@isostep/mlp';
import { loadMnist, mnistDataDir } from '@isostep/mlp/node';
import { SafetensorsFile } from '@isostep/conformance/node';
import { ReferenceOptimizer } from '@isostep/reference-cpu';
import { fromPreset } from '@isostep/spec';
import { readInitWeights } from './src/train/init-weights.js';
const STEP = Number(process.env.STEP ?? 0);
const init = await readInitWeights('../mlp/golden-mlp/torch-tutorial-mnist/init.safetensors', [784, 128, 64, 10]);
const data = loadMnist(mnistDataDir(), { train: 6400, test: 1 });
applyInputScale(data.train, 'symmetric');
const mlp = new Mlp([784, 128, 64, 10], new Map([...init].map(([k, v]) => [k, v.slice()])));
const opt = new ReferenceOptimizer(fromPreset('rmsprop', 'torch', { lr: 0.001 }), { dtype: 'float32' });
const st = opt.init(mlp.params);
for (let s = 0; s <= STEP; s++) {
  const x = data.train.images.subarray(s * 64 * 784, (s + 1) * 64 * 784);
  mlp.lossAndGradients(x, 64, data.train.labels.subarray(s * 64, (s + 1) * 64));
  if (s < STEP) opt.step(mlp.params, mlp.gradients, st);
}
const f = await SafetensorsFile.open('/tmp/dump.safetensors');
const names = ['0.weight', '0.bias', '2.weight', '2.bias', '4.weight', '4.bias'];
for (const [i, n] of names.entries()) {
  const ours = [...mlp.gradients.values()][i]!; const oursP = [...mlp.params.values()][i]!;
  const tg = await f.read('grad/' + n, 0, ours.length); const tp = await f.read('param/' + n, 0, ours.length);
  let maxG = 0, maxRel = 0, signDiff = 0, maxP = 0, zeroMismatch = 0;
  for (let k = 0; k < ours.length; k++) {
    const d = Math.abs(ours[k]! - tg[k]!); maxG = Math.max(maxG, d);
    if (Math.sign(ours[k]!) !== Math.sign(tg[k]!)) signDiff++;
    if ((ours[k] === 0) !== (tg[k] === 0)) zeroMismatch++;
    maxP = Math.max(maxP, Math.abs(oursP[k]! - tp[k]!));
  }
  console.log(n, 'max |dgrad|', maxG.toExponential(2), 'sign diffs', signDiff, 'zero mismatches', zeroMismatch, 'max |dparam|', maxP.toExponential(2));
}
