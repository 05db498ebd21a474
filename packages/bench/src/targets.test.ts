/** The targets section: computed from hand-made rows (no timing), PASS, FAIL and not evaluated. */
import { describe, expect, it } from 'vitest';
import { skippedRow, type BenchRow } from '@isostep/spec';
import { withSpeedups } from './report.js';
import { PYTORCH_TARGET_VARIANTS, TARGET_PARAMS, TRIAD_TARGET_VARIANTS, targetChecks, targetsText, type TargetCheck } from './targets.js';
import { parseVariant, sameVariant } from './variants.js';

const TRIAD = 10; // GB/s
const N = TARGET_PARAMS;

/** A timed float32 row at the target layout with `gbps` over 20 bytes per element. */
const row = (system: string, variant: string, gbps: number, extra: Partial<BenchRow> = {}): BenchRow => ({
  system,
  variant,
  params: N,
  tensors: 1,
  dtype: 'float32',
  nsPerElement: 20 / gbps,
  gbps,
  triadFraction: gbps / TRIAD,
  bytesPerElement: 20,
  ...extra,
});

const find = (checks: readonly TargetCheck[], target: TargetCheck['target'], variant: string) => checks.find((c) => c.target === target && c.variant === variant)!;

describe('variant labels', () => {
  it('name optimizer, preset and form; labels without an optimizer are RMSprop', () => {
    expect(parseVariant('adam keras3 plain')).toEqual({ optimizer: 'adam', preset: 'keras3', form: 'plain' });
    expect(parseVariant('rmsprop torch centered+momentum')).toEqual({ optimizer: 'rmsprop', preset: 'torch', form: 'centered+momentum' });
    expect(sameVariant('tfjs plain', 'rmsprop tfjs plain')).toBe(true);
    expect(sameVariant('adam torch plain', 'rmsprop torch plain')).toBe(false);
  });

  it('cover every RMSprop preset in both forms and Adam torch/keras3 for the triad, the torch rows for PyTorch', () => {
    expect(TRIAD_TARGET_VARIANTS.map((v) => v.label)).toEqual([
      ...['torch', 'keras3', 'tf1', 'tfjs', 'optax'].flatMap((p) => [`rmsprop ${p} plain`, `rmsprop ${p} centered+momentum`]),
      'adam torch plain',
      'adam keras3 plain',
    ]);
    expect(PYTORCH_TARGET_VARIANTS.map((v) => v.label)).toEqual(['rmsprop torch plain', 'rmsprop torch centered+momentum', 'adam torch plain']);
  });
});

describe('targetChecks', () => {
  // Ours: rmsprop torch plain at 8 GB/s (0.8 of triad), adam torch plain at 6 GB/s (0.6: FAIL).
  // PyTorch's best rmsprop torch plain: 3 GB/s (×2.67: PASS); adam: fused 4 GB/s beats foreach 2 GB/s (×1.5: FAIL).
  const rows: BenchRow[] = [
    row('isostep-fast', 'rmsprop torch plain', 8),
    row('isostep-fast', 'rmsprop torch centered+momentum', 7.5),
    row('isostep-fast', 'adam torch plain', 6),
    row('isostep-fast', 'adam keras3 plain', 7),
    // Another layout and another dtype: never confused with the target layout.
    row('isostep-fast', 'rmsprop keras3 plain', 9.9, { params: 1 << 20 }),
    row('isostep-fast', 'rmsprop keras3 plain', 1, { dtype: 'float64' }),
    skippedRow({ system: 'isostep-fast', variant: 'rmsprop optax plain', params: N, tensors: 1, dtype: 'float32' }, 'out of memory'),
    row('pytorch-foreach-1t', 'rmsprop torch plain', 2),
    row('pytorch-foreach-2t', 'rmsprop torch plain', 3),
    row('pytorch-single-tensor-2t', 'rmsprop torch plain', 2.5),
    row('pytorch-foreach-2t', 'adam torch plain', 2),
    row('pytorch-fused-2t', 'adam torch plain', 4),
    // The centered+momentum PyTorch rows all skipped.
    skippedRow({ system: 'pytorch-foreach-2t', variant: 'rmsprop torch centered+momentum', params: N, tensors: 1, dtype: 'float32' }, 'torch refused it'),
  ];
  const checks = targetChecks(withSpeedups(rows), [1 << 20, N], TRIAD);

  it('holds each row to 0.7 of the triad: PASS, FAIL, and not evaluated with the reason', () => {
    expect(find(checks, 'triad', 'rmsprop torch plain')).toMatchObject({ status: 'PASS', value: 0.8, threshold: 0.7 });
    expect(find(checks, 'triad', 'adam torch plain')).toMatchObject({ status: 'FAIL', value: 0.6 });
    expect(find(checks, 'triad', 'adam keras3 plain')).toMatchObject({ status: 'PASS', value: 0.7 });
    expect(find(checks, 'triad', 'rmsprop keras3 plain')).toMatchObject({ status: 'not evaluated', value: null, reason: expect.stringMatching(/no isostep-fast row/) });
    expect(find(checks, 'triad', 'rmsprop optax plain')).toMatchObject({ status: 'not evaluated', reason: 'isostep-fast row skipped: out of memory' });
    expect(checks.filter((c) => c.target === 'triad')).toHaveLength(12);
  });

  it('holds the torch rows to 2× the fastest same-math PyTorch row (the speedupVs pytorch-best)', () => {
    const plain = find(checks, 'pytorch', 'rmsprop torch plain');
    expect(plain).toMatchObject({ status: 'PASS', threshold: 2 });
    expect(plain.value).toBeCloseTo(8 / 3, 12);
    expect(plain.against).toMatch(/^pytorch-foreach-2t 3\.00 GB\/s/);
    const adam = find(checks, 'pytorch', 'adam torch plain');
    expect(adam).toMatchObject({ status: 'FAIL' });
    expect(adam.value).toBeCloseTo(1.5, 12);
    expect(adam.against).toMatch(/^pytorch-fused-2t/);
    // The same number withSpeedups puts in the table.
    const ours = withSpeedups(rows).find((r) => r.system === 'isostep-fast' && r.variant === 'adam torch plain')!;
    expect(ours.speedupVs?.['pytorch-best']).toBeCloseTo(adam.value!, 12);
    expect(find(checks, 'pytorch', 'rmsprop torch centered+momentum')).toMatchObject({ status: 'not evaluated', reason: 'no PyTorch rows (all skipped: torch refused it)' });
  });

  it('says no PyTorch rows when PyTorch was not measured', () => {
    const without = targetChecks(rows.filter((r) => !r.system.startsWith('pytorch-')), [N], TRIAD);
    expect(find(without, 'pytorch', 'rmsprop torch plain')).toMatchObject({ status: 'not evaluated', reason: 'no PyTorch rows (pytorch not measured in this run)' });
    expect(find(without, 'triad', 'rmsprop torch plain').status).toBe('PASS');
  });

  it('leaves the triad targets unevaluated in --quick (an in-cache triad), not the PyTorch ratios', () => {
    const quick = targetChecks(withSpeedups(rows), [N], TRIAD, true);
    expect(quick.filter((c) => c.target === 'triad').every((c) => c.status === 'not evaluated')).toBe(true);
    expect(find(quick, 'triad', 'rmsprop torch plain').reason).toMatch(/^--quick measures the triad on 4 MiB arrays/);
    expect(find(quick, 'pytorch', 'rmsprop torch plain').status).toBe('PASS');
  });

  it('is not evaluated at all when 16M is not in --sizes, and the text says why in one line', () => {
    const none = targetChecks(rows, [1 << 20], TRIAD);
    expect(none.length).toBe(15);
    expect(none.every((c) => c.status === 'not evaluated' && /16M not in --sizes/.test(c.reason!))).toBe(true);
    expect(targetsText(none)).toMatch(/^targets at 16M parameters, one tensor, float32 \(this run's medians\): not evaluated: 16M not in --sizes/);
    expect(targetsText(none).split('\n')).toHaveLength(1);
  });

  it('prints one line per check with the counts', () => {
    const text = targetsText(checks);
    expect(text.split('\n')[0]).toMatch(/: 4 PASS, 2 FAIL, 9 not evaluated$/);
    expect(text).toMatch(/PASS {2}isostep-fast rmsprop torch plain +triad fraction ≥ 0\.70 +0\.80 against triad 10\.00 GB\/s/);
    expect(text).toMatch(/FAIL {2}isostep-fast adam torch plain +vs PyTorch best ≥ ×2\.0 +×1\.50 against pytorch-fused-2t 4\.00 GB\/s/);
  });

  describe('the divider ceiling', () => {
    // 1 sqrt + 1 div per 4 elements on 2 threads at 0.6 + 0.4 ns: 8 elements per ns; at 20 B per element
    // 160 GB/s; the triad here is 10 GB/s, so scale the times up 20×: 8 GB/s = 0.8 of the triad.
    const divider = { sqrtNs: 12, divNs: 8, threads: 2 };
    const withCeiling = targetChecks(withSpeedups(rows), [N], TRIAD, false, divider);

    it('puts each triad check\'s ceiling beside it: threads × 4 elements per (sqrts·t_sqrt + divs·t_div), × bytes', () => {
      const torch = find(withCeiling, 'triad', 'rmsprop torch plain');
      expect(torch.ceilingGbps).toBeCloseTo(8, 12);
      expect(torch.ceilingFraction).toBeCloseTo(0.8, 12);
      // The verdict is the target's alone.
      expect(torch).toMatchObject({ status: 'PASS', value: 0.8 });
      // Adam torch divides twice per element (√v / √(1 − β₂ᵗ), then m / (that + ε)): 2·4/(12 + 2·8)·20 GB/s.
      expect(find(withCeiling, 'triad', 'adam torch plain').ceilingGbps).toBeCloseTo((8 / 28) * 20, 12);
      expect(withCeiling.filter((c) => c.target === 'pytorch').every((c) => c.ceilingGbps === undefined)).toBe(true);
    });

    it('says when the ceiling is below the threshold, so the FAIL is the host\'s divider', () => {
      const slow = targetChecks(withSpeedups(rows), [N], TRIAD, false, { sqrtNs: 16, divNs: 16, threads: 2 });
      const adam = find(slow, 'triad', 'adam torch plain');
      expect(adam.ceilingFraction).toBeCloseTo((8 / 48) * 20 / TRIAD, 12);
      const text = targetsText(slow);
      expect(text).toMatch(/FAIL {2}isostep-fast adam torch plain +triad fraction ≥ 0\.70 +0\.60 against triad 10\.00 GB\/s \(this row 6\.00 GB\/s\); divider ceiling 3\.3 GB\/s = 0\.33 of the triad: 0\.70 unattainable here/);
      expect(targetsText(withCeiling)).toMatch(/rmsprop torch plain .*; divider ceiling 8\.0 GB\/s = 0\.80 of the triad$/m);
    });
  });
});

