/**
 * File-system shell around parseTrace: reading one trace and finding the trace files under paths.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseTrace } from './parse-trace.js';
import type { GoldenTrace } from './types.js';

/** Reads and parses one trace file; the path as given names the file in errors. */
export async function readTraceFile(path: string): Promise<GoldenTrace> {
  return parseTrace(await readFile(path, 'utf8'), path);
}

/**
 * Expands each path: a file is kept as given (whatever its extension, since the user named it),
 * a directory becomes every `*.json` file below it, recursively. The result is sorted and without
 * duplicates, so runs over the same tree always visit traces in the same order.
 * Throws if a path does not exist.
 */
export async function collectTraceFiles(pathsOrDirs: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  for (const path of pathsOrDirs) {
    const info = await stat(path).catch((error: unknown) => {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      throw new Error(`${missing ? 'trace path does not exist' : 'cannot read trace path'}: ${path}`, { cause: error });
    });
    if (info.isDirectory()) {
      for (const file of await listJsonFiles(path)) found.add(file);
    } else {
      found.add(path);
    }
  }
  return [...found].sort(byCodePoint);
}

// Symbolic links inside a directory are not followed: that keeps the walk finite without cycle checks.
async function listJsonFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listJsonFiles(path)));
    else if (entry.isFile() && entry.name.endsWith('.json')) files.push(path);
  }
  return files;
}

// Code-point order, not localeCompare: the same order on every machine and locale.
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

