/**
 * The arrows of ARCHITECTURE.md, checked on the sources: every package imports (at run time or for its
 * types, which end up in its published .d.ts) only packages its package.json declares as a dependency or
 * peer, backends never import the runner, the CLI, the bench or the MLP, and the spec imports no other
 * Isostep package. A new import that breaks a rule fails here, naming the file.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PACKAGES = fileURLToPath(new URL('../../', import.meta.url));
const ROOT = join(PACKAGES, '..');

/** The packages whose `src/` is published; private packages (bench, integration) are not checked for deps. */
function publishedPackages(): { dir: string; manifest: Record<string, any> }[] {
  return readdirSync(PACKAGES)
    .map((name) => join(PACKAGES, name))
    .filter((dir) => statSync(join(dir, 'package.json'), { throwIfNoEntry: false })?.isFile())
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter((p) => p.manifest.private !== true);
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|mts)$/.test(name) && !/\.test\.ts$/.test(name)) out.push(path);
  }
  return out;
}

/** Bare specifiers imported by a file: static imports/exports, dynamic import(), and /// <reference types>. */
function importedPackages(text: string): string[] {
  const specs = [
    ...text.matchAll(/\bfrom\s+['"]([^'"]+)['"]/g),
    ...text.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
    ...text.matchAll(/\/\/\/\s*<reference\s+types="([^"]+)"/g),
  ].map((m) => m[1]!);
  return specs
    .filter((s) => !s.startsWith('.') && !s.startsWith('node:') && !builtinModules.includes(s))
    .map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!));
}

const BACKENDS = ['@isostep/spec', '@isostep/reference-cpu', '@isostep/webgpu', '@isostep/tfjs-adapter'];
const ABOVE_BACKENDS = ['@isostep/conformance', '@isostep/cli', '@isostep/bench', '@isostep/mlp', '@isostep/onnx-export'];

describe('the package graph points one way', () => {
  const packages = publishedPackages();

  it('finds the published packages', () => {
    expect(packages.map((p) => p.manifest.name)).toEqual(expect.arrayContaining([...BACKENDS, '@isostep/conformance', '@isostep/cli', '@isostep/mlp']));
  });

  for (const { dir, manifest } of packages) {
    it(`${manifest.name} imports only what its package.json declares (dependencies or peers)`, () => {
      const declared = new Set([manifest.name, ...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
      const undeclared: string[] = [];
      for (const file of sourceFiles(join(dir, 'src'))) {
        for (const pkg of importedPackages(readFileSync(file, 'utf8'))) {
          if (!declared.has(pkg)) undeclared.push(`${relative(ROOT, file)} imports ${pkg}`);
        }
      }
      expect(undeclared).toEqual([]);
    });
  }

  for (const backend of BACKENDS) {
    it(`${backend} imports no package above the backends (runner, CLI, bench, MLP)`, () => {
      const pkg = packages.find((p) => p.manifest.name === backend)!;
      const deps = { ...pkg.manifest.dependencies, ...pkg.manifest.peerDependencies };
      expect(Object.keys(deps).filter((d) => ABOVE_BACKENDS.includes(d))).toEqual([]);
      const offending = sourceFiles(join(pkg.dir, 'src')).flatMap((file) =>
        importedPackages(readFileSync(file, 'utf8'))
          .filter((d) => ABOVE_BACKENDS.includes(d))
          .map((d) => `${relative(ROOT, file)} imports ${d}`),
      );
      expect(offending).toEqual([]);
    });
  }

  it('the spec imports no other Isostep package', () => {
    const spec = packages.find((p) => p.manifest.name === '@isostep/spec')!;
    const isostep = sourceFiles(join(spec.dir, 'src')).flatMap((file) =>
      importedPackages(readFileSync(file, 'utf8')).filter((d) => d.startsWith('@isostep/') && d !== '@isostep/spec'),
    );
    expect(isostep).toEqual([]);
  });
});
