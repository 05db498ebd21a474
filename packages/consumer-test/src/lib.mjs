// Helpers of the consumer test: processes, tarballs, README parsing, sizes.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const PACKAGES_DIR = join(ROOT, 'packages');
/** The repository URL every published manifest and README link points at (a placeholder until it exists). */
export const REPOSITORY = 'https://github.com/isostep/isostep';

/** Runs a command; throws with its output when it fails (unless `allowFail`). */
export function run(cmd, args, { cwd = ROOT, env = {}, allowFail = false, timeout = 600_000, input } = {}) {
  const started = Date.now();
  const r = spawnSync(cmd, args, {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout,
    input,
    maxBuffer: 256 * 1024 * 1024,
  });
  const result = { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', seconds: (Date.now() - started) / 1000 };
  if (!allowFail && r.status !== 0) {
    const why = r.error ? String(r.error) : `exit ${r.status ?? r.signal}`;
    throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed: ${why}\n${tail(result.stdout)}\n${tail(result.stderr)}`);
  }
  return result;
}

export function tail(text, lines = 40) {
  return text.split('\n').slice(-lines).join('\n');
}

/** The public (non-private) workspace packages under packages/, in a dependency-respecting order. */
export function publicPackages() {
  const all = readdirSync(PACKAGES_DIR)
    .map((name) => join(PACKAGES_DIR, name))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter((p) => p.manifest.private !== true);
  const byName = new Map(all.map((p) => [p.manifest.name, p]));
  const ordered = [];
  const visit = (p) => {
    if (ordered.includes(p)) return;
    for (const dep of Object.keys(p.manifest.dependencies ?? {})) if (byName.has(dep)) visit(byName.get(dep));
    ordered.push(p);
  };
  for (const p of all) visit(p);
  return ordered;
}

/** Every file in a .tgz, with its bytes (npm tarballs: ustar, paths under `package/`). */
export function untar(tgzPath, into) {
  mkdirSync(into, { recursive: true });
  run('tar', ['xzf', tgzPath, '-C', into]);
  return join(into, 'package');
}

export function listFiles(dir, prefix = '') {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const rel = prefix ? `${prefix}/${name}` : name;
    if (statSync(path).isDirectory()) out.push(...listFiles(path, rel));
    else out.push(rel);
  }
  return out;
}

/** Bytes on disk of a directory tree (apparent size, as `du -sb`). */
export function duBytes(dir) {
  const r = run('du', ['-sb', dir]);
  return Number(r.stdout.split(/\s/)[0]);
}

export function formatBytes(n) {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} kB`;
  return `${n} B`;
}

/**
 * The README's tested blocks. `<!-- consumer-test: install -->` above a ```sh block: the packages its
 * `npm install` / `npm i` lines name are what the consumer test installs. `<!-- consumer-test: example -->`
 * above a ```js block (run as an ES module by Node) or ```sh block (run by bash, node_modules/.bin on PATH):
 * the example, run in that project. The README is the only copy of each.
 */
export function readmeBlocks(readme) {
  const blocks = [];
  const re = /<!--\s*consumer-test:\s*(install|example)\s*-->\s*\n```(\w+)[^\n]*\n([\s\S]*?)\n```/g;
  for (const m of readme.matchAll(re)) blocks.push({ kind: m[1], lang: m[2], code: m[3] });
  return blocks;
}

/** Package names on the `npm install` / `npm i` lines of a shell block (flags and comments dropped). */
export function installedNames(code) {
  const names = [];
  for (const line of code.split('\n')) {
    const words = line.replace(/#.*/, '').trim().split(/\s+/);
    if (words[0] !== 'npm' || !['install', 'i', 'add'].includes(words[1] ?? '')) continue;
    for (const w of words.slice(2)) if (!w.startsWith('-')) names.push(w);
  }
  return names;
}

/** Relative link targets in markdown (`[x](target)`, images too), without anchors; absolute URLs and anchors skipped. */
export function relativeLinks(markdown) {
  const out = [];
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, '');
  for (const m of withoutCode.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = m[1];
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue;
    out.push(target.replace(/#.*$/, ''));
  }
  return out;
}

/** Export targets of an `exports` map, with the condition path that leads to each. */
export function exportTargets(exports, path = []) {
  if (typeof exports === 'string') return [{ path, target: exports }];
  if (exports === null || typeof exports !== 'object') return [];
  return Object.entries(exports).flatMap(([k, v]) => exportTargets(v, [...path, k]));
}

export function writeJson(path, value) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(value, null, 2) + '\n');
}

export function normalizeJoin(base, rel) {
  return posix.normalize(posix.join(base, rel));
}
