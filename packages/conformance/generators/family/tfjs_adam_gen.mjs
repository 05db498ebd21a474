// Golden traces (isostep-golden/2) for @tensorflow/tfjs `tf.train.adam` on the pure-JS `cpu` backend
// (float32 only). Slots: m, v (read back through optimizer.getWeights(): `${variable}/m`, `${variable}/v`).
// The beta powers accBeta1, accBeta2 are optimizer-wide float32 scalars, not slots. TF.js has no amsgrad,
// nesterov or weight decay, and no AdamW: only the Adam regimes without those features are recorded.
//
// Inputs come from inputs/adam_cases.json, written by adam_cases.py with the same seeded helpers as the
// Python generators. Run: node packages/conformance/generators/family/tfjs_adam_gen.mjs
// Writes ../../golden/tfjs/tfjs_adam_<regime>.json.

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// @tensorflow/tfjs is a dependency of the TF.js adapter (not of this package): resolve it from there.
const adapterRequire = createRequire(join(here, '..', '..', '..', 'tfjs-adapter', 'package.json'));
const tf = await import(pathToFileURL(adapterRequire.resolve('@tensorflow/tfjs')).href);
const goldenDir = resolve(process.env.ISOSTEP_GOLDEN_DIR ?? join(here, '..', '..', 'golden'));
const inputsPath = join(here, 'inputs', 'adam_cases.json');
const tfjsVersion = adapterRequire('@tensorflow/tfjs/package.json').version;

// Numbers: the shortest decimal that Math.fround() maps back to the same float32; non-finite as strings.
function f32(x) {
  const v = Math.fround(x);
  if (Number.isNaN(v)) return '"NaN"';
  if (v === Infinity) return '"Infinity"';
  if (v === -Infinity) return '"-Infinity"';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0';
  for (let p = 1; p <= 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return String(Number(s)).replace('e+', 'e');
  }
  throw new Error(`no round trip for ${v}`);
}
const f64 = (x) => (x === null ? 'null' : typeof x === 'boolean' ? String(x) : String(x).replace('e+', 'e'));
const list32 = (a) => '[' + Array.from(a, f32).join(', ') + ']';
const obj = (entries) => '{ ' + entries.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(', ') + ' }';

const NAMES = { lr: 'learningRate', beta1: 'beta1', beta2: 'beta2', eps: 'epsilon' };

async function runCase(c, versions) {
  const name = `tfjs_adam_${c.regime}`;
  const hp = Object.fromEntries(Object.entries(c.hp).map(([k, v]) => [NAMES[k], v]));
  const opt = tf.train.adam(hp.learningRate, hp.beta1, hp.beta2, hp.epsilon);
  const vars = c.params.map((p) => ({
    p,
    varName: `${name}__${p.name}`,
    variable: tf.variable(tf.tensor(Float32Array.from(p.init), p.shape.length ? p.shape : [], 'float32'), true, `${name}__${p.name}`),
  }));
  const slotsOf = async () => {
    const ws = await opt.getWeights();
    const out = Object.fromEntries(vars.map((v) => [v.p.name, {}]));
    for (const w of ws) {
      if (w.name === 'iter') continue;
      const owner = vars.find((v) => w.name.startsWith(v.varName + '/'));
      if (!owner) throw new Error(`unexpected weight ${w.name}`);
      if (w.tensor.dtype !== 'float32') throw new Error(`${w.name} is ${w.tensor.dtype}`);
      out[owner.p.name][w.name.slice(owner.varName.length + 1)] = w.tensor.dataSync().slice();
    }
    return out;
  };
  let params = Object.fromEntries(vars.map((v) => [v.p.name, Float32Array.from(v.p.init)]));
  const steps = [];
  for (let i = 0; i < c.steps; i++) {
    const grads = {};
    for (const v of vars) {
      const n = v.p.init.length;
      if (c.grad_list) grads[v.p.name] = Float32Array.from(c.grad_list[i][v.p.name]);
      else {
        // (2c)·p in float32 with one rounding (2c exact; a product of two float32 is exact in float64)
        const g = new Float32Array(n);
        for (let j = 0; j < n; j++) g[j] = Math.fround(Math.fround(2 * Math.fround(v.p.coeffs[j])) * params[v.p.name][j]);
        grads[v.p.name] = g;
      }
    }
    let lr = null;
    if (c.lr_schedule) {
      lr = c.lr_schedule[i];
      opt.learningRate = lr; // read by applyGradients as -this.learningRate at every step
    }
    const gts = Object.fromEntries(vars.map((v) => [v.varName, tf.tensor(grads[v.p.name], v.p.shape.length ? v.p.shape : [], 'float32')]));
    opt.applyGradients(gts);
    Object.values(gts).forEach((t) => t.dispose());
    params = Object.fromEntries(vars.map((v) => [v.p.name, v.variable.dataSync().slice()]));
    steps.push({ grads, params, state: await slotsOf(), lr });
  }
  const slots = Object.keys(steps[0].state[vars[0].p.name]);
  const names = vars.map((v) => v.p.name);
  const L = [];
  L.push('{');
  L.push('  "format": "isostep-golden/2",');
  L.push('  "case": {');
  L.push(`    "name": "${name}",`);
  L.push('    "framework": "tfjs",');
  L.push('    "optimizer": "adam",');
  L.push('    "dtype": "float32",');
  L.push(`    "hyperparameters": ${obj(Object.entries(hp).map(([k, v]) => [k, f64(v)]))},`);
  L.push(`    "options": ${obj([['backend', JSON.stringify(tf.getBackend())], ['backend_epsilon', f64(tf.backend().epsilon())]])},`);
  L.push('    "params": [');
  L.push(vars.map((v) => `      { "name": "${v.p.name}", "shape": ${JSON.stringify(v.p.shape)}, "init": ${list32(v.p.init)} }`).join(',\n'));
  L.push('    ],');
  if (c.grad_list) L.push('    "gradient": { "kind": "list" },');
  else L.push(`    "gradient": { "kind": "quadratic", "coeffs": ${obj(vars.map((v) => [v.p.name, list32(v.p.coeffs)]))} },`);
  L.push(`    "lr_schedule": "${c.lr_schedule ? 'recorded' : 'constant'}",`);
  L.push(`    "steps": ${c.steps}`);
  L.push('  },');
  L.push(`  "versions": ${obj(Object.entries(versions).map(([k, v]) => [k, JSON.stringify(v)]))},`);
  L.push(`  "state_slots": ${JSON.stringify(slots)},`);
  L.push(`  "initial_state": ${obj(names.map((k) => [k, obj(slots.map((s) => [s, list32(new Float32Array(params[k].length))]))]))},`); // zerosLike at the first apply
  L.push('  "steps": [');
  L.push(
    steps
      .map((s, i) =>
        [
          '    {',
          `      "step": ${i + 1},`,
          ...(s.lr === null ? [] : [`      "lr": ${f64(s.lr)},`]),
          `      "grads": ${obj(names.map((k) => [k, list32(s.grads[k])]))},`,
          `      "params": ${obj(names.map((k) => [k, list32(s.params[k])]))},`,
          `      "state": ${obj(names.map((k) => [k, obj(slots.map((sl) => [sl, list32(s.state[k][sl])]))]))}`,
          '    }',
        ].join('\n'),
      )
      .join(',\n'),
  );
  L.push('  ]');
  L.push('}');
  const text = L.join('\n') + '\n';
  JSON.parse(text);
  const dir = join(goldenDir, 'tfjs');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), text);
  opt.dispose();
  vars.forEach((v) => v.variable.dispose());
  console.log(`  wrote ${name}.json`);
}

async function main() {
  await tf.setBackend('cpu');
  await tf.ready();
  if (tf.getBackend() !== 'cpu') throw new Error(`backend is ${tf.getBackend()}`);
  const versions = { '@tensorflow/tfjs': tfjsVersion, '@tensorflow/tfjs-core': tf.version['tfjs-core'], node: process.versions.node };
  const inputs = JSON.parse(readFileSync(inputsPath, 'utf8'));
  for (const c of inputs.cases) await runCase(c, versions);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
