/**
 * Issue 15 #2, #5, #6 through the real command: exit codes 0/1/2 documented in --help; with --json one
 * JSON document on stdout on every path (usage errors included); train's option errors print train's
 * usage; --export is checked before anything runs.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isostep } from './run-isostep.js';

/** JSON.parse of the whole stdout: it throws unless stdout is exactly one document. */
const oneDocument = (stdout: string) => {
  const doc = JSON.parse(stdout);
  expect(typeof doc).toBe('object');
  return doc;
};

describe('--json: one JSON document on every path (issue 15 #5)', () => {
  const empty = mkdtempSync(join(tmpdir(), 'isostep-empty-'));
  it.each([
    ['a path that does not exist', ['conform', join(empty, 'nope'), '--json'], /trace path does not exist/],
    ['an empty directory', ['conform', empty, '--json'], /no trace files found/],
    ['an unknown option', ['conform', empty, '--bogus', '--json'], /unknown option '--bogus'/],
    ['a bad backend', ['conform', empty, '--backend', 'zz', '--json'], /unknown backend "zz"/],
    ['a missing argument', ['conform', '--json'], /missing required argument/],
  ])('%s: {"error": …} on stdout, nothing on stderr, exit 2', (_name, args, message) => {
    const r = isostep(...args);
    expect(r.code).toBe(2);
    const doc = oneDocument(r.stdout);
    expect(Object.keys(doc)).toEqual(['error']);
    expect(doc.error).toMatchObject({ exitCode: 2 });
    expect(doc.error.message).toMatch(message);
    expect(r.stderr).toBe('');
  });

  it('names the file and JSON path of a trace the spec refuses', () => {
    const file = join(empty, '..', `${Date.now()}-alpha.json`);
    writeFileSync(
      file,
      JSON.stringify({
        format: 'isostep-golden-rmsprop/1',
        case: { name: 'x', framework: 'torch', dtype: 'float32', hyperparameters: { alpha: 2 }, init_params: [1], gradient: { kind: 'list', values: [[1]] }, steps: 1 },
        versions: { torch: 'hand' },
        state_slots: ['square_avg'],
        initial_state: { square_avg: [0] },
        steps: [{ step: 1, grad: [1], params: [0], state: { square_avg: [1] } }],
      }),
    );
    const r = isostep('conform', file, '--json');
    const doc = oneDocument(r.stdout);
    const row = doc.results?.[0] ?? doc.error;
    expect(JSON.stringify(row)).toContain('$.case.hyperparameters.alpha');
  });
});

describe('exit codes (issue 15 #6)', () => {
  it('--help documents 0, 1, 2 and 130 for the program and each command', () => {
    for (const args of [['--help'], ['conform', '--help'], ['train', '--help']]) {
      const r = isostep(...args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Exit codes:\n\s+0 .*\n\s+1 .*\n\s+2 .*bad input.*\n\s+130 /);
    }
  });

  it('train: a parser error and an option error both exit 2, and print train’s usage, not the root one', () => {
    for (const args of [['train', '--bogus'], ['train', '--batch', 'x'], ['train', '--lr', '0x10']]) {
      const r = isostep(...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('Usage: isostep train');
    }
  });
});

describe('train --export is checked before any data is read (issue 15 #2)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'isostep-export-'));
  const file = join(dir, 'a-file');
  writeFileSync(file, 'x');
  it.each([
    ['a missing directory', join(dir, 'missing', 'model.onnx'), /does not exist/],
    ['a directory', dir, /is a directory/],
    ['a path under a file', join(file, 'model.onnx'), /is a file, not a directory|is not a directory/],
  ])('%s: exit 2 naming --export, nothing trained', (_name, path, reason) => {
    const r = isostep('train', '--export', path, '--epochs', '1', '--limit-train', '64');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`--export ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
    expect(r.stderr).toMatch(reason);
    expect(r.stdout).not.toMatch(/epoch/);
  });
});
