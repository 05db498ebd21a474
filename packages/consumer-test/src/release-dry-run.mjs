#!/usr/bin/env node
/**
 * The release flow without releasing, in a throwaway copy of the tree (the working tree is never changed):
 * `changeset version` must bump every public package that has a pending changeset and write its
 * CHANGELOG.md, leave private packages alone, and consume the changesets; then `pnpm publish -r --dry-run`
 * must pack every public package with the new versions (workspace ranges replaced, no `source` condition).
 * Uses the dist/ folders already built (the consumer test builds them); without them the dry run still
 * checks the manifests.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publicPackages, ROOT, run, tail } from './lib.mjs';

const keep = process.argv.includes('--keep');
const started = Date.now();
const failures = [];
const fail = (m) => {
  failures.push(m);
  console.log(`  FAIL ${m}`);
};

const COPY = mkdtempSync(join(tmpdir(), 'isostep-release-'));
console.log(`release dry run in ${COPY}`);

// The tree as git sees it (tracked and untracked, ignored files left out), plus the built dist/ folders.
const files = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT }).stdout.split('\0').filter(Boolean);
for (const f of files) {
  if (!existsSync(join(ROOT, f))) continue; // deleted in the working tree
  cpSync(join(ROOT, f), join(COPY, f), { dereference: false, recursive: true });
}
const packages = publicPackages();
for (const p of packages) {
  const dist = join(p.dir, 'dist');
  if (existsSync(dist)) cpSync(dist, join(COPY, p.dir.slice(ROOT.length), 'dist'), { recursive: true });
}
// Tools resolve from the original install (changesets loads its changelog module from the copy's root).
symlinkSync(join(ROOT, 'node_modules'), join(COPY, 'node_modules'), 'dir');
const git = (...args) => run('git', ['-c', 'user.name=isostep-ci', '-c', 'user.email=ci@isostep.invalid', ...args], { cwd: COPY });
git('init', '-q', '-b', 'main');
git('add', '-A');
git('commit', '-q', '-m', 'release dry run base');

const pending = readdirSync(join(COPY, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md');
console.log(`  pending changesets: ${pending.join(', ') || 'none'}`);
const before = new Map(packages.map((p) => [p.manifest.name, p.manifest.version]));
const privateBefore = new Map(
  readdirSync(join(COPY, 'packages'))
    .map((d) => join(COPY, 'packages', d, 'package.json'))
    .filter((f) => existsSync(f))
    .map((f) => [f, readFileSync(f, 'utf8')])
    .filter(([, t]) => JSON.parse(t).private === true),
);

const changeset = join(ROOT, 'node_modules/.bin/changeset');
const version = run(changeset, ['version'], { cwd: COPY, allowFail: true });
if (version.code !== 0) fail(`changeset version failed:\n${tail(version.stdout + version.stderr, 20)}`);
else {
  for (const p of packages) {
    const dir = join(COPY, p.dir.slice(ROOT.length));
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const changelog = join(dir, 'CHANGELOG.md');
    const bumped = manifest.version !== before.get(manifest.name);
    if (pending.length && !bumped) fail(`${manifest.name}: not bumped (${manifest.version})`);
    if (bumped && !existsSync(changelog)) fail(`${manifest.name}: bumped to ${manifest.version} without a CHANGELOG.md`);
    if (bumped && existsSync(changelog) && !readFileSync(changelog, 'utf8').includes(`## ${manifest.version}`)) fail(`${manifest.name}: CHANGELOG.md has no ## ${manifest.version}`);
    console.log(`  ${manifest.name}: ${before.get(manifest.name)} → ${manifest.version}${existsSync(changelog) ? ', CHANGELOG.md' : ''}`);
  }
  for (const [file, text] of privateBefore) if (readFileSync(file, 'utf8') !== text) fail(`a private package changed: ${file.slice(COPY.length + 1)}`);
  const left = readdirSync(join(COPY, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md');
  if (left.length) fail(`changesets not consumed: ${left.join(', ')}`);
}

// pnpm replaces `workspace:` ranges from the installed links: link each package's @isostep dependencies
// to their folders in the copy (the copy has no install of its own).
const dirOf = new Map(packages.map((p) => [p.manifest.name, join(COPY, p.dir.slice(ROOT.length))]));
for (const [, dir] of dirOf) {
  const m = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  for (const field of ['dependencies', 'peerDependencies', 'devDependencies', 'optionalDependencies']) {
    for (const [dep, range] of Object.entries(m[field] ?? {})) {
      const link = join(dir, 'node_modules', dep);
      if (!String(range).startsWith('workspace:') || !dirOf.has(dep) || existsSync(link)) continue;
      mkdirSync(join(link, '..'), { recursive: true });
      symlinkSync(dirOf.get(dep), link, 'dir');
    }
  }
}

// pnpm packs each public package as it would publish it; --dry-run uploads nothing.
const publish = run('pnpm', ['publish', '-r', '--dry-run', '--no-git-checks', '--access', 'public'], { cwd: COPY, allowFail: true, env: { npm_config_loglevel: 'warn' } });
const out = publish.stdout + publish.stderr;
if (publish.code !== 0) fail(`pnpm publish -r --dry-run failed:\n${tail(out, 30)}`);
else {
  for (const p of packages) {
    const name = p.manifest.name;
    const m = JSON.parse(readFileSync(join(COPY, p.dir.slice(ROOT.length), 'package.json'), 'utf8'));
    const line = out.split('\n').find((l) => l.includes(`${name}@${m.version}`));
    if (!line) fail(`pnpm publish --dry-run did not pack ${name}@${m.version}`);
    else console.log(`  dry run: ${line.trim().replace(/^\S+\s+/, '')}`);
  }
}

if (!keep) rmSync(COPY, { recursive: true, force: true });
console.log(`\nrelease dry run ${failures.length ? 'FAILED' : 'passed'} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
if (failures.length) process.exit(1);

