/**
 * Nothing in the repository names a path of a particular machine: tracked text files are scanned for
 * absolute home, workspace and mount paths. (Paths of the project itself are written relative.)
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
// A machine's own places: home and user folders, this workplace's checkout and share, local package mirrors.
const MACHINE_PATH = /(?:^|[\s"'`(=:])(\/(?:home|Users|root|work|opt\/pypi|opt\/wheels)\/[\w.-]+|[A-Z]:\\\\Users\\\\)/;

describe('no absolute path of any machine in the repository', () => {
  it('finds none in tracked text files', () => {
    const files = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
    const hits: string[] = [];
    for (const file of files) {
      if (/\.(json|onnx|png|ico|woff2?|lock)$/.test(file) || file === 'pnpm-lock.yaml') continue;
      const text = readFileSync(join(ROOT, file), 'utf8');
      text.split('\n').forEach((line, i) => {
        if (MACHINE_PATH.test(line)) hits.push(`${file}:${i + 1}: ${line.trim().slice(0, 120)}`);
      });
    }
    expect(hits).toEqual([]);
  });
});
