/** `--only binary-trace` selects the streamed-trace row; a plain `pnpm bench` leaves it out (it writes 1.2 GB and takes minutes). */
import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from './options.js';

describe('binary-trace bench option', () => {
  it('runs only when asked for', () => {
    const all = parseBenchArgs([]);
    if (all === 'help') throw new Error('unexpected help');
    expect(all.only.has('binary-trace')).toBe(false);
    const only = parseBenchArgs(['--only', 'binary-trace']);
    if (only === 'help') throw new Error('unexpected help');
    expect([...only.only]).toEqual(['binary-trace']);
  });
});
