// Golden traces (isostep-golden/2) for @tensorflow/tfjs tf.train.sgd / momentum / adagrad / adadelta on the
// pure-JS `cpu` backend (float32 only). Inputs: ../inputs/tfjs_classic_cases.json (tfjs_classic_gen.py).
// Slots, read back through optimizer.getWeights(): momentum (tf.train.momentum, allocated at the first
// apply even at momentum 0), accumulator (adagrad, starts at initialAccumulatorValue), accum_grad and
// accum_var (adadelta). A recorded schedule sets the learning rate before each step (setLearningRate for
// sgd/momentum, the learningRate field for adagrad/adadelta, which read it at every step).
// Run: node packages/conformance/generators/family/tfjs_classic_gen.mjs

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';

const here = dirname(fileURLToPath(import.meta.url));
const goldenDir = resolve(process.env.ISOSTEP_GOLDEN_DIR ?? join(here, '..', '..', 'golden'));
const inputsPath = process.argv[2] ?? join(here, '..', 'inputs', 'tfjs_classic_cases.json');
const require = createRequire(import.meta.url);
const tfjsVersion = require('@tensorflow/tfjs/package.json').version;

// Numbers: the shortest decimal that Math.fround() maps back to the same float32.
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
const f64 = (x) => (x === 0 ? (Object.is(x, -0) ? '-0.0' : '0') : String(x).replace('e+', 'e'));
const list32 = (a) => '[' + Array.from(a, f32).join(', ') + ']';
const hyper = (v) => (v === null ? 'null' : typeof v === 'boolean' ? String(v) : f64(v));
const obj = (entries) => '{ ' + entries.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(', ') + ' }';

function makeOptimizer(c) {
  const hp = c.hyperparameters;
  const has = (k) => Object.hasOwn(hp, k);
  switch (c.optimizer) {
    case 'sgd':
      return has('momentum') ? tf.train.momentum(hp.learningRate, hp.momentum, has('useNesterov') ? hp.useNesterov : false) : tf.train.sgd(hp.learningRate);
    case 'adagrad':
      return tf.train.adagrad(hp.learningRate, has('initialAccumulatorValue') ? hp.initialAccumulatorValue : undefined);
    case 'adadelta':
      return tf.train.adadelta(has('learningRate') ? hp.learningRate : undefined, has('rho') ? hp.rho : undefined, has('epsilon') ? hp.epsilon : undefined);
    default:
      throw new Error(`unknown optimizer ${c.optimizer}`);
  }
}

const SLOTS = { sgd: ['momentum'], adagrad: ['accumulator'], adadelta: ['accum_grad', 'accum_var'] };

async function runCase(c, versions) {
  const hp = c.hyperparameters;
  const opt = makeOptimizer(c);
  const slots = c.optimizer === 'sgd' && !Object.hasOwn(hp, 'momentum') ? [] : SLOTS[c.optimizer];
  const initSlot = (slot, n) => new Float32Array(n).fill(slot === 'accumulator' ? (hp.initialAccumulatorValue ?? 0.1) : 0);
  const vars = c.params.map((p) => ({ p, name: `${c.name}/${p.name}`, v: tf.variable(tf.tensor(Float32Array.from(p.init), p.shape.length ? p.shape : [], 'float32'), true, `${c.name}/${p.name}`) }));
  const readState = async () => {
    const ws = await opt.getWeights();
    const out = Object.fromEntries(vars.map(({ p }) => [p.name, {}]));
    for (const w of ws) {
      if (w.name === 'iter') continue;
      const owner = vars.find(({ name }) => w.name.startsWith(name + '/'));
      if (owner === undefined) throw new Error(`unexpected weight ${w.name}`);
      const slot = w.name.slice(owner.name.length + 1);
      if (!slots.includes(slot)) throw new Error(`unexpected slot ${slot}`);
      if (w.tensor.dtype !== 'float32') throw new Error(`slot ${slot} is ${w.tensor.dtype}`);
      out[owner.p.name][slot] = w.tensor.dataSync().slice();
    }
    return out;
  };
  let params = Object.fromEntries(vars.map(({ p }) => [p.name, Float32Array.from(p.init)]));
  const steps = [];
  for (let i = 0; i < c.steps; i++) {
    const grads = {};
    for (const { p } of vars) {
      const n = p.init.length;
      if (c.gradient.kind === 'quadratic') {
        // (2c)·p in float32 with one rounding: 2c is exact and a float32 product is exact in a double.
        const g = new Float32Array(n);
        for (let j = 0; j < n; j++) g[j] = Math.fround(Math.fround(2 * Math.fround(c.gradient.coeffs[p.name][j])) * params[p.name][j]);
        grads[p.name] = g;
      } else {
        grads[p.name] = Float32Array.from(c.gradient.values[i][p.name]);
      }
    }
    let lr = null;
    if (c.lr_schedule) {
      lr = c.lr_schedule[i];
      if (c.optimizer === 'sgd') opt.setLearningRate(lr);
      else opt.learningRate = lr;
    }
    const feed = {};
    const tensors = [];
    for (const { p, name } of vars) {
      const t = tf.tensor(grads[p.name], p.shape.length ? p.shape : [], 'float32');
      tensors.push(t);
      feed[name] = t;
    }
    opt.applyGradients(feed);
    tensors.forEach((t) => t.dispose());
    params = Object.fromEntries(vars.map(({ p, v }) => [p.name, v.dataSync().slice()]));
    // getWeights() hands out the live slot variables: read them now, before the next step.
    steps.push({ lr, grads, params, state: await readState() });
  }
  const eps = c.optimizer === 'sgd' ? [] : [['backend_epsilon', f64(tf.backend().epsilon())]];
  const L = [];
  L.push('{');
  L.push('  "format": "isostep-golden/2",');
  L.push('  "case": {');
  L.push(`    "name": "${c.name}",`);
  L.push('    "framework": "tfjs",');
  L.push(`    "optimizer": "${c.optimizer}",`);
  L.push('    "dtype": "float32",');
  L.push(`    "hyperparameters": ${Object.keys(hp).length ? obj(Object.entries(hp).map(([k, v]) => [k, hyper(v)])) : '{}'},`);
  L.push(`    "options": ${obj([['backend', `"${tf.getBackend()}"`], ...eps])},`);
  L.push('    "params": [');
  L.push(c.params.map((p) => `      { "name": "${p.name}", "shape": [${p.shape.join(', ')}], "init": ${list32(p.init)} }`).join(',\n'));
  L.push('    ],');
  if (c.gradient.kind === 'quadratic') {
    L.push(`    "gradient": { "kind": "quadratic", "coeffs": ${obj(c.params.map((p) => [p.name, list32(c.gradient.coeffs[p.name])]))} },`);
  } else {
    L.push('    "gradient": { "kind": "list" },');
  }
  L.push(`    "lr_schedule": "${c.lr_schedule ? 'recorded' : 'constant'}",`);
  L.push(`    "steps": ${c.steps}`);
  L.push('  },');
  L.push(`  "versions": ${obj(Object.entries(versions).map(([k, v]) => [k, JSON.stringify(v)]))},`);
  L.push(`  "state_slots": [${slots.map((s) => `"${s}"`).join(', ')}],`);
  const stateText = (st, pad) =>
    '{\n' + c.params.map((p) => `${pad}  "${p.name}": ${slots.length ? obj(slots.map((s) => [s, list32(st(p, s))])) : '{}'}`).join(',\n') + `\n${pad}}`;
  L.push(`  "initial_state": ${stateText((p, s) => initSlot(s, p.init.length), '  ')},`);
  L.push('  "steps": [');
  L.push(
    steps
      .map((s, i) =>
        [
          '    {',
          `      "step": ${i + 1},`,
          ...(s.lr === null ? [] : [`      "lr": ${f64(s.lr)},`]),
          `      "grads": ${obj(c.params.map((p) => [p.name, list32(s.grads[p.name])]))},`,
          `      "params": ${obj(c.params.map((p) => [p.name, list32(s.params[p.name])]))},`,
          `      "state": ${stateText((p, slot) => s.state[p.name][slot], '      ')}`,
          '    }',
        ].join('\n'),
      )
      .join(',\n'),
  );
  L.push('  ]');
  L.push('}');
  const text = L.join('\n') + '\n';
  JSON.parse(text); // must be valid JSON
  const dir = join(goldenDir, 'tfjs');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${c.name}.json`), text);
  opt.dispose();
  vars.forEach(({ v }) => v.dispose());
  const nonfinite = Object.values(params).reduce((n, a) => n + Array.from(a).filter((x) => !Number.isFinite(x)).length, 0);
  console.log(`  wrote ${c.name}.json  steps=${c.steps}  nonfinite_params_at_end=${nonfinite}`);
}

async function main() {
  await tf.setBackend('cpu');
  await tf.ready();
  if (tf.getBackend() !== 'cpu') throw new Error(`backend is ${tf.getBackend()}`);
  const versions = { '@tensorflow/tfjs': tfjsVersion, '@tensorflow/tfjs-core': tf.version['tfjs-core'], node: process.versions.node };
  console.log(`[tfjs classic] @tensorflow/tfjs ${tfjsVersion}, backend ${tf.getBackend()}, node ${process.version}`);
  const inputs = JSON.parse(readFileSync(inputsPath, 'utf8'));
  for (const c of inputs.cases) await runCase(c, versions);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
