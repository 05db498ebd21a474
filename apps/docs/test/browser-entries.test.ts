/**
 * The entry points the docs bundle for the browser must not load Node built-ins (node:fs, worker_threads,
 * ...): a browser build of the site would fail, or worse, fail only when an example runs. Walks each
 * entry's module graph through the sources, following value imports (static, re-exports and literal
 * dynamic `import()`s; `import type` is erased by TypeScript and not followed), as a bundler would.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const BUILTINS = new Set(builtinModules);

/** Workspace package name → its directory and its exports map. */
const workspace = new Map(
  readdirSync(join(root, 'packages')).flatMap((dir) => {
    const file = join(root, 'packages', dir, 'package.json');
    if (!existsSync(file)) return [];
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name: string; exports: Record<string, { source: string }> };
    return [[pkg.name, { dir: join(root, 'packages', dir), exports: pkg.exports }] as const];
  }),
);

/** The source file of a workspace specifier such as `@isostep/conformance/node`, or null for a third-party package. */
function workspaceSource(specifier: string): string | null {
  const [scope, name, ...rest] = specifier.split('/');
  const pkg = workspace.get(`${scope}/${name}`);
  if (pkg === undefined) return null;
  const subpath = rest.length === 0 ? '.' : `./${rest.join('/')}`;
  const entry = pkg.exports[subpath];
  if (entry === undefined) throw new Error(`${specifier}: ${scope}/${name} exports no "${subpath}"`);
  return join(pkg.dir, entry.source);
}

/** Module specifiers a file loads at run time. */
function valueImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteralLike(arg)) out.push(arg.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** Every Node built-in reachable from `entry`, each with the chain of files that loads it. */
function nodeBuiltinsReachable(entry: string): string[] {
  const start = workspaceSource(entry);
  if (start === null) throw new Error(`${entry} is not a workspace package`);
  const found: string[] = [];
  const seen = new Set<string>();
  const walk = (file: string, chain: readonly string[]): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const here = [...chain, file.slice(root.length + 1)];
    for (const spec of valueImports(file)) {
      if (spec.startsWith('.')) {
        walk(resolve(dirname(file), spec).replace(/\.js$/, '.ts'), here);
      } else if (spec.startsWith('node:') || BUILTINS.has(spec)) {
        found.push(`${spec} via ${here.join(' → ')}`);
      } else {
        const next = workspaceSource(spec);
        if (next !== null) walk(next, here);
      }
    }
  };
  walk(start, []);
  return found;
}

describe('browser entry points load no Node built-ins', () => {
  for (const entry of ['@isostep/spec', '@isostep/reference-cpu', '@isostep/mlp', '@isostep/conformance', '@isostep/webgpu']) {
    it(entry, () => {
      expect(nodeBuiltinsReachable(entry)).toEqual([]);
    });
  }

  it('the check sees Node built-ins where they are (the /node entries)', () => {
    const reference = nodeBuiltinsReachable('@isostep/reference-cpu/node');
    expect(reference.some((f) => f.startsWith('node:worker_threads via'))).toBe(true);
    expect(nodeBuiltinsReachable('@isostep/conformance/node').some((f) => f.startsWith('node:fs/promises via'))).toBe(true);
    // The IDX/MNIST file readers moved with the MLP: node:fs is reached through @isostep/mlp/node now.
    expect(nodeBuiltinsReachable('@isostep/mlp/node').some((f) => f.startsWith('node:fs via'))).toBe(true);
  });
});
