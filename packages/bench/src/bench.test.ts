/**
 * `pnpm bench` plumbing: options, the size guard, and the JSON shape of a --quick run. No timing is
 * asserted (speed is only ever reported by `pnpm bench`).
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const plotFile = join(tmpdir(), `isostep-bench-${process.pid}.svg`);
import { jsonText } from './report.js';
import { BenchUsageError, parseBenchArgs } from './options.js';
import { checkSizes, runBenchSuite } from './main.js';
import { BenchSizeError } from './memory-check.js';
import { parseSize } from './variants.js';

describe('bench options', () => {
  it('parses sizes with k/M suffixes, --quick and --only', () => {
    const o = parseBenchArgs(['--sizes', '1k,64K,16M,1000', '--only', 'isostep,triad', '--json']);
    expect(o).not.toBe('help');
    if (o === 'help') return;
    expect(o.sizes).toEqual([1024, 65536, 16 * 1024 * 1024, 1000]);
    expect([...o.only].sort()).toEqual(['isostep', 'triad']);
    expect(o.json).toBe(true);
    const quick = parseBenchArgs(['--quick']);
    expect(quick !== 'help' && quick.sizes.every((n) => n <= 1 << 16)).toBe(true);
  });

  it.each([['--sizes', '12x'], ['--only', 'pytorch,nope'], ['--bogus'], ['--sizes', '0'], ['extra']])('rejects %s with the usage text', (...argv) => {
    let err: unknown;
    try {
      parseBenchArgs(argv);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BenchUsageError);
    expect((err as BenchUsageError).usage).toContain('--sizes');
  });

  it('refuses a size that cannot fit before allocating, naming it', () => {
    expect(() => checkSizes([8 * 1024 ** 3])).toThrow(BenchSizeError);
    expect(() => checkSizes([8 * 1024 ** 3])).toThrow(/8589934592 parameters/);
    expect(() => parseSize('-5')).toThrow(/--sizes/);
  });
});

describe('a --quick run', () => {
  it('prints one JSON document whose results carry system, variant, params, gbps and triadFraction', async () => {
    const options = parseBenchArgs(['--quick', '--json', '--only', 'triad,isostep,pytorch,external,epoch', '--plot', plotFile]);
    if (options === 'help') throw new Error('unexpected help');
    const doc = JSON.parse(jsonText(await runBenchSuite(options))) as {
      triadGbps: number;
      triad: Record<string, unknown>;
      results: Record<string, unknown>[];
      targets: Record<string, unknown>[];
    };
    expect(doc.triadGbps).toBeGreaterThan(0);
    // Every triad is reported; the fractions' basis (triadGbps) is the fastest of them.
    const triads = ['js1t', 'wasm1t', 'wasmAll', 'wasmAllInPlace'].map((k) => doc.triad[k]);
    for (const g of triads) expect(typeof g === 'number' && g >= 0).toBe(true);
    expect(doc.triadGbps).toBe(Math.max(...(triads as number[])));
    expect(doc.triad[doc.triad.basis as string]).toBe(doc.triadGbps);
    expect(doc.results.length).toBeGreaterThan(10);
    for (const r of doc.results) {
      expect(typeof r.system).toBe('string');
      expect(typeof r.variant).toBe('string');
      expect(typeof r.params).toBe('number');
      expect('gbps' in r && 'triadFraction' in r).toBe(true);
      // A row either ran (finite speed) or says why it was skipped.
      if (r.skipped === undefined) expect(typeof r.gbps).toBe('number');
      else expect(typeof r.skipped).toBe('string');
    }
    const systems = new Set(doc.results.map((r) => r.system));
    expect(systems).toContain('triad');
    expect(systems).toContain('isostep-fast');
    // PyTorch either ran or is reported skipped with the reason, never silently missing.
    expect(systems).toContain('pytorch-foreach-2t');
    expect(systems).toContain('pytorch-single-tensor-1t');
    expect(systems).toContain('pytorch-fused-2t');
    // Every RMSprop preset in both forms and every Adam preset, float32, at every layout; Adam in PyTorch too.
    const fastVariants = new Set(doc.results.filter((r) => r.system === 'isostep-fast').map((r) => r.variant));
    for (const p of ['torch', 'keras3', 'tf1', 'tfjs', 'optax']) {
      for (const v of [`rmsprop ${p} plain`, `rmsprop ${p} centered+momentum`, `adam ${p} plain`]) expect(fastVariants).toContain(v);
    }
    for (const s of ['pytorch-foreach-1t', 'pytorch-single-tensor-2t', 'pytorch-fused-1t']) {
      expect(doc.results.some((r) => r.system === s && r.variant === 'adam torch plain')).toBe(true);
    }
    // --quick has no 16M: the targets are all there, each saying why it was not evaluated.
    expect(doc.targets.length).toBe(15);
    expect(doc.targets.every((t) => t.status === 'not evaluated' && /not in --sizes/.test(String(t.reason)))).toBe(true);
    // Interleaved rounds (--quick: 2), one row per thing measured: no two rows share a label.
    const keys = doc.results.map((r) => `${r.system}|${r.variant}|${r.dtype}|${r.params}|${r.tensors}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(doc.results.filter((r) => r.skipped === undefined && r.system === 'isostep-fast').every((r) => r.runs === 2)).toBe(true);
    // The plot was written by the plotting library: an SVG with the triad rule's label in it.
    const svg = readFileSync(plotFile, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('triad:');
    // The bench modules of the packages this one depends on load (a row may say a device is missing, but
    // never that the module could not be imported).
    expect(doc.results.filter((r) => /could not be loaded/.test(String(r.skipped)))).toEqual([]);
    const fast = doc.results.find((r) => r.system === 'isostep-fast' && r.tensors === 1)!;
    expect(fast.bytesPerElement).toBe(20);
    expect(fast.stateBytesPerParam).toBe(4);
  }, 120_000);
});
