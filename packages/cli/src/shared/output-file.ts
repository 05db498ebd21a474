/**
 * Output files, checked before any data is read and written atomically: a run that cannot write its
 * result stops at once naming the flag (not after an hour of training with `ENOENT`), and a reader never
 * sees half a file: the bytes go to a temporary file beside the target, renamed over it when complete.
 */
import { accessSync, constants, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** An output path that cannot be written; `option` is the flag that named it. */
export class OutputFileError extends Error {
  override readonly name = 'OutputFileError';
  constructor(
    readonly option: string,
    readonly file: string,
    reason: string,
  ) {
    super(`${option} ${file}: ${reason}`);
  }
}

function statOrNull(path: string) {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    // ENOTDIR: a component of the path is a file.
    if (code === 'ENOTDIR') return 'not-a-directory' as const;
    throw error;
  }
}

/** Checks that `path` can be created or replaced as a file; throws OutputFileError naming `option`. */
export function checkOutputFile(path: string, option: string): void {
  if (typeof path !== 'string' || path.trim() === '') throw new OutputFileError(option, String(path), 'needs a file path');
  if (path.endsWith('/') || path.endsWith('\\')) throw new OutputFileError(option, path, 'is a directory path; give a file name');
  const target = statOrNull(path);
  if (target === 'not-a-directory') throw new OutputFileError(option, path, 'a part of the path is a file, not a directory');
  if (target !== null && target.isDirectory()) throw new OutputFileError(option, path, 'is a directory; give a file name');
  if (target !== null && !target.isFile()) throw new OutputFileError(option, path, 'exists and is not a regular file');
  const dir = dirname(resolve(path));
  const parent = statOrNull(dir);
  if (parent === null) throw new OutputFileError(option, path, `the directory ${dir} does not exist`);
  if (parent === 'not-a-directory' || !parent.isDirectory()) throw new OutputFileError(option, path, `${dir} is not a directory`);
  try {
    // The temporary file is created in the directory, then renamed over the target: both need write access there.
    accessSync(dir, constants.W_OK);
  } catch {
    throw new OutputFileError(option, path, `the directory ${dir} is not writable`);
  }
}

/** Writes `bytes` to `path` through a temporary file in the same directory and a rename. */
export function writeFileAtomic(path: string, bytes: Uint8Array | string): void {
  const temporary = join(dirname(resolve(path)), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, bytes);
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // Nothing was created.
    }
    throw error;
  }
}
