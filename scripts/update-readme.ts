/**
 * Regenerates the generated blocks of README.md from the spec (`pnpm readme`). With `--check`, exits 1
 * when README.md is out of date instead of writing it (the tests run this).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { ALGORITHM_MARKDOWN, OPTIMIZERS, familyMarkdown, variantsTableMarkdown } from '@isostep/spec';

const README = new URL('../README.md', import.meta.url);

const blocks: Record<string, string> = {
  'variants-table': variantsTableMarkdown(),
  algorithm: ALGORITHM_MARKDOWN.trim(),
  family: familyMarkdown(OPTIMIZERS.filter((o) => o.name !== 'rmsprop')),
};

export function renderReadme(text: string): string {
  let out = text;
  for (const [name, body] of Object.entries(blocks)) {
    const re = new RegExp(`(<!-- generated:${name} -->)[\\s\\S]*?(<!-- /generated:${name} -->)`);
    if (!re.test(out)) throw new Error(`README.md has no <!-- generated:${name} --> block`);
    out = out.replace(re, `$1\n${body}\n$2`);
  }
  return out;
}

const current = readFileSync(README, 'utf8');
const next = renderReadme(current);
if (process.argv.includes('--check')) {
  if (next !== current) {
    process.stderr.write('README.md is out of date with the spec: run `pnpm readme`\n');
    process.exit(1);
  }
} else {
  writeFileSync(README, next);
}
