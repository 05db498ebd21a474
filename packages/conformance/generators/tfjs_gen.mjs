// Golden traces for @tensorflow/tfjs `tf.train.rmsprop` on the pure-JS `cpu` backend (float32 only).
// Slots: rms, momentum (always allocated), mg (centered). Read back through optimizer.getWeights().
//
// Inputs (initial params, coefficients, gradient lists) come from inputs/tfjs_cases.json, written by
// tfjs_inputs.py with the same seeded helpers as the Python generators, so every framework sees the
// same numbers. Run: node packages/conformance/generators/tfjs_gen.mjs

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';

const here = dirname(fileURLToPath(import.meta.url));
const goldenDir = resolve(process.env.ISOSTEP_GOLDEN_DIR ?? join(here, '..', 'golden'));
const inputsPath = process.argv[2] ?? join(here, 'inputs', 'tfjs_cases.json');
const FORMAT = 'isostep-golden-rmsprop/1';
const require = createRequire(import.meta.url);
const tfjsVersion = require('@tensorflow/tfjs/package.json').version;

// ---------------------------------------------------------------------------------------------
// Numbers: shortest decimal that Math.fround() maps back to the same float32
// ---------------------------------------------------------------------------------------------
function f32(x) {
  const v = Math.fround(x);
  if (Number.isNaN(v)) return '"NaN"';
  if (v === Infinity) return '"Infinity"';
  if (v === -Infinity) return '"-Infinity"';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0'; // '-0' would parse as int 0 in Python
  for (let p = 1; p <= 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return tidy(String(Number(s)));
  }
  throw new Error(`no round trip for ${v}`);
}
function f64(x) {
  if (Number.isNaN(x)) return '"NaN"';
  if (x === Infinity) return '"Infinity"';
  if (x === -Infinity) return '"-Infinity"';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0';
  return tidy(String(x));
}
// JS prints 1e+21 / 1e-7: drop the '+' to match the Python generators' style (both are valid JSON).
const tidy = (s) => s.replace('e+', 'e');
const list32 = (a) => '[' + Array.from(a, f32).join(', ') + ']';
const hyper = (v) => (v === null ? 'null' : typeof v === 'boolean' ? String(v) : f64(v));

// ---------------------------------------------------------------------------------------------
async function runCase(c, versions) {
  const n = c.init_params.length;
  const hp = c.hyperparameters;
  const args = [
    hp.learningRate,
    'decay' in hp ? hp.decay : undefined,
    'momentum' in hp ? hp.momentum : undefined,
    'epsilon' in hp ? hp.epsilon : undefined,
    'centered' in hp ? hp.centered : undefined,
  ];
  const opt = tf.train.rmsprop(...args);
  const name = `p_${c.name}`;
  const init = Float32Array.from(c.init_params);
  const p = tf.variable(tf.tensor1d(init, 'float32'), true, name);
  const slotsOf = async () => {
    const ws = await opt.getWeights();
    const out = {};
    for (const w of ws) {
      if (w.name === 'iter') continue;
      const slot = w.name.slice(name.length + 1); // "<var>/rms" -> "rms"
      if (!w.name.startsWith(name + '/')) throw new Error(`unexpected weight ${w.name}`);
      if (w.tensor.dtype !== 'float32') throw new Error(`slot ${slot} is ${w.tensor.dtype}`);
      out[slot] = w.tensor.dataSync().slice();
    }
    return out;
  };
  let params = init.slice();
  const resolved = [];
  for (let i = 0; i < c.steps; i++) {
    let g;
    if (c.gradient.kind === 'quadratic') {
      // (2c)*p in float32 with one rounding: 2c is exact, the product of two float32 is exact in
      // float64, so a single Math.fround is the one float32 rounding
      g = new Float32Array(n);
      for (let j = 0; j < n; j++) g[j] = Math.fround(Math.fround(2 * Math.fround(c.gradient.coeffs[j])) * params[j]);
    } else {
      g = Float32Array.from(c.gradient.values[i]);
    }
    const gt = tf.tensor1d(g, 'float32');
    opt.applyGradients({ [name]: gt });
    gt.dispose();
    params = p.dataSync().slice();
    // getWeights() hands out the live slot variables: read them now, before the next step
    resolved.push({ g, params, state: await slotsOf() });
  }
  {
    const slots = Object.keys(resolved[0].state).sort();
    const initialState = Object.fromEntries(slots.map((k) => [k, new Float32Array(n)])); // zerosLike at first apply
    const lines = [];
    lines.push('{');
    lines.push(`  "format": "${FORMAT}",`);
    lines.push('  "case": {');
    lines.push(`    "name": "${c.name}",`);
    lines.push('    "framework": "tfjs",');
    lines.push('    "dtype": "float32",');
    lines.push(
      '    "hyperparameters": { ' +
        Object.entries(hp)
          .map(([k, v]) => `"${k}": ${hyper(v)}`)
          .join(', ') +
        ' },',
    );
    lines.push(`    "options": { "backend": "${tf.getBackend()}", "backend_epsilon": ${f64(tf.backend().epsilon())} },`);
    lines.push(`    "init_params": ${list32(init)},`);
    if (c.gradient.kind === 'quadratic') {
      lines.push(`    "gradient": { "kind": "quadratic", "coeffs": ${list32(c.gradient.coeffs)} },`);
    } else {
      lines.push('    "gradient": {');
      lines.push('      "kind": "list",');
      lines.push('      "values": [');
      lines.push(c.gradient.values.map((r) => '        ' + list32(r)).join(',\n'));
      lines.push('      ]');
      lines.push('    },');
    }
    lines.push(`    "steps": ${c.steps}`);
    lines.push('  },');
    lines.push(
      '  "versions": { ' +
        Object.entries(versions)
          .map(([k, v]) => `"${k}": "${v}"`)
          .join(', ') +
        ' },',
    );
    lines.push(`  "state_slots": [${slots.map((s) => `"${s}"`).join(', ')}],`);
    lines.push('  "initial_state": {');
    lines.push(slots.map((k) => `    "${k}": ${list32(initialState[k])}`).join(',\n'));
    lines.push('  },');
    lines.push('  "steps": [');
    const stepTexts = resolved.map((s, i) => {
      const st = slots.map((k) => `        "${k}": ${list32(s.state[k])}`).join(',\n');
      return [
        '    {',
        `      "step": ${i + 1},`,
        `      "grad": ${list32(s.g)},`,
        `      "params": ${list32(s.params)},`,
        '      "state": {',
        st,
        '      }',
        '    }',
      ].join('\n');
    });
    lines.push(stepTexts.join(',\n'));
    lines.push('  ]');
    lines.push('}');
    const dir = join(goldenDir, 'tfjs');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${c.name}.json`);
    const text = lines.join('\n') + '\n';
    JSON.parse(text); // must be valid JSON
    writeFileSync(path, text);
    opt.dispose();
    p.dispose();
    const last = resolved[resolved.length - 1].params;
    const nonfinite = Array.from(last).filter((x) => !Number.isFinite(x)).length;
    console.log(`  wrote ${c.name}.json  steps=${c.steps}  nonfinite_params_at_end=${nonfinite}`);
  }
}

async function main() {
  await tf.setBackend('cpu');
  await tf.ready();
  if (tf.getBackend() !== 'cpu') throw new Error(`backend is ${tf.getBackend()}`);
  const versions = { '@tensorflow/tfjs': tfjsVersion, '@tensorflow/tfjs-core': tf.version['tfjs-core'], node: process.versions.node };
  console.log(`[tfjs] @tensorflow/tfjs ${tfjsVersion}, backend ${tf.getBackend()}, node ${process.version}`);
  const inputs = JSON.parse(readFileSync(inputsPath, 'utf8'));
  for (const c of inputs.cases) await runCase(c, versions);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
