import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { intervalStep, traceSpec, type IntervalState } from '@isostep/conformance';
import { readTraceFile } from '@isostep/conformance/node';
import { QUADRATIC_PARAM } from '@isostep/mlp';
import { combineAccuracy, contains, CORRECTLY_ROUNDED, intervalArith, point, type Interval } from '@isostep/spec';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerRaceCommand } from '../src/commands/race-command.js';
import type { QuadraticRaceDocument } from '../src/race/race-document.js';
import { isostep } from './run-isostep.js';

const GOLDEN = fileURLToPath(new URL('../../conformance/golden/torch/', import.meta.url));
const RACERS = ['sgd', 'adagrad', 'rmsprop', 'adadelta', 'adam', 'adamw'] as const;
const traceFile = (optimizer: string) => join(GOLDEN, `torch_${optimizer}_race_quadratic.json`);

function program(): Command {
  const p = new Command().exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  registerRaceCommand(p);
  return p;
}

/** Runs `isostep race …` in-process and returns what it printed on stdout. */
async function race(...args: string[]): Promise<string> {
  const out: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  await program().parseAsync(['race', ...args], { from: 'user' });
  vi.restoreAllMocks();
  return out.join('');
}

afterEach(() => vi.restoreAllMocks());

describe('isostep race quadratic --preset torch against torch (torch_race_gen.py traces)', () => {
  it('(a) isostep conform passes the six race traces on cpu-f32', () => {
    const r = isostep('conform', ...RACERS.map(traceFile), '--backend', 'cpu-f32', '--mode', 'resync,free', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { summary: { passed: number; failed: number; skipped: number } };
    expect(doc.summary).toEqual({ passed: 12, failed: 0, skipped: 0 });
  });

  it('(b) every --json position is torch’s, step by step: bit for bit where torch rounds correctly, else inside the spec’s interval', async () => {
    const doc = JSON.parse(await race('quadratic', '--preset', 'torch', '--json')) as QuadraticRaceDocument;
    expect(doc.steps).toBe(50);
    const bitIdentical: Record<string, number> = {};
    for (const optimizer of RACERS) {
      const lane = doc.lanes.find((l) => l.optimizer === optimizer)!;
      if (!('positions' in lane)) throw new Error(`${optimizer} was skipped`);
      const trace = await readTraceFile(traceFile(optimizer));
      expect(trace.steps).toHaveLength(doc.steps);
      expect(lane.positions[0]).toEqual(Array.from(trace.case.params[0]!.init));
      // Same optimizer and config as torch ran: the trace's own arguments, mapped by the spec, equal the race's.
      const { spec } = traceSpec(trace);
      expect(lane.config).toEqual({ ...spec.config });
      // The acceptance intervals of the race itself: torch's declared per-op accuracy over the whole free
      // trajectory from (−75, −10), with the race's gradient 2·p evaluated on the interval of p (not on
      // torch's recorded gradients, which the race never sees).
      const IA = intervalArith('float32', combineAccuracy(spec.profile.accuracy.float32, CORRECTLY_ROUNDED), spec.profile.subnormals);
      const initState = trace.initialState.get(QUADRATIC_PARAM)!;
      let carried: IntervalState = new Map([
        [
          QUADRATIC_PARAM,
          {
            params: Array.from(trace.case.params[0]!.init, point),
            slots: Object.fromEntries(spec.program.slots.map((s) => [s, Array.from(Object.values(initState)[0] ?? [0, 0], () => point(spec.program.initialValue(s)))])),
          },
        ],
      ]);
      let same = 0;
      trace.steps.forEach((step, k) => {
        const p = carried.get(QUADRATIC_PARAM)!.params;
        const grads = new Map([[QUADRATIC_PARAM, p.map((iv): Interval => ({ lo: 2 * iv.lo, hi: 2 * iv.hi, nan: iv.nan }))]]);
        carried = intervalStep(IA, spec.program, carried, grads, spec.config.lr, k + 1);
        const torch = Array.from(step.params.get(QUADRATIC_PARAM)!);
        const ours = lane.positions[k + 1]!;
        if (torch.every((v, i) => Object.is(v, ours[i]))) same++;
        carried.get(QUADRATIC_PARAM)!.params.forEach((iv, i) => {
          if (!contains(iv, torch[i]!) || !contains(iv, ours[i]!)) {
            throw new Error(`${optimizer} step ${k + 1} ${'xy'[i]}: torch ${torch[i]}, race ${ours[i]}, interval [${iv.lo}, ${iv.hi}]`);
          }
        });
      });
      bitIdentical[optimizer] = same;
    }
    // SGD, Adagrad and Adadelta are torch's bits at all 50 steps. RMSprop, Adam and AdamW differ by at most
    // 9.5e-7 on some steps because torch's vectorized sqrt is not correctly rounded (step 1 of RMSprop:
    // sqrt(3.9999998) is 1.9999999 correctly rounded, torch returns 2), which its preset declares (≤ 1 ulp).
    expect(bitIdentical).toMatchObject({ sgd: 50, adagrad: 50, adadelta: 50 });
    expect(bitIdentical.rmsprop! + bitIdentical.adam! + bitIdentical.adamw!).toBeGreaterThan(0);
  });
});

describe('isostep race', () => {
  it('quadratic prints a table of positions and loss per step, and skips what the framework lacks', async () => {
    const text = await race('quadratic', '--preset', 'tfjs', '--steps', '3');
    const lines = text.split('\n');
    expect(lines[0]).toBe('x² + y² from (-75, -10), tfjs optimizers, float32');
    expect(lines[1]).toMatch(/^step +sgd \(lr 0\.1\): x, y \| f +adagrad \(lr 1\)/);
    expect(lines[3]).toMatch(/^ +0 +-75\.0000, -10\.0000 \| 5725\.0000 /);
    // SGD at lr 0.1 on x² + y²: x ← 0.8·x, so step 1 is (−60, −8), f = 3664.
    expect(lines[4]).toMatch(/^ +1 +-60\.0000, -8\.0000 \| 3664\.0000 /);
    expect(lines).toHaveLength(4 + 3 + 1 + 1);
    expect(text).toContain('adamw: skipped, tfjs has no adamw');
  });

  it('linear races four optimizers with MSE and L1 for 40 steps, from a file or the seeded generator', async () => {
    const doc = JSON.parse(await race('linear', '--json')) as { steps: number; lanes: { racer: string; loss: string; losses: number[]; config: { momentum?: number } }[] };
    expect(doc.steps).toBe(40);
    expect(doc.lanes.map((l) => `${l.loss} ${l.racer}`)).toEqual(['mse sgd', 'mse momentum', 'mse adam', 'mse rmsprop', 'l1 sgd', 'l1 momentum', 'l1 adam', 'l1 rmsprop']);
    expect(doc.lanes[1]!.config.momentum).toBe(0.9);
    for (const lane of doc.lanes) {
      expect(lane.losses).toHaveLength(41);
      expect(lane.losses[40]!).toBeLessThan(lane.losses[0]!);
    }
    // A data file: two examples whose targets equal the inputs (W* = I).
    const dir = mkdtempSync(join(tmpdir(), 'race-'));
    const rows = [Array.from({ length: 20 }, (_, i) => i / 10), Array.from({ length: 20 }, (_, i) => 1 - i / 20)];
    writeFileSync(join(dir, 'data.json'), JSON.stringify({ inputs: rows, targets: rows }));
    const fromFile = await race('linear', '--data', join(dir, 'data.json'), '--steps', '5');
    expect(fromFile).toContain(`2 examples (${join(dir, 'data.json')})`);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ inputs: rows, targets: [rows[0]!.slice(1)] }));
    await expect(race('linear', '--data', join(dir, 'bad.json'))).rejects.toThrow(/bad\.json: \$\.targets\[0\]: expected an array of 20 numbers/);
  });

  it('--plot draws SVG or HTML through Vega; a bad path or preset stops before the race', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'race-plot-'));
    await race('quadratic', '--steps', '20', '--plot', join(dir, 'q.svg'));
    const svg = readFileSync(join(dir, 'q.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    // One legend entry per optimizer, and the contour's paths.
    for (const name of RACERS) expect(svg).toContain(`${name} (lr `);
    await race('linear', '--steps', '5', '--plot', join(dir, 'l.html'));
    expect(readFileSync(join(dir, 'l.html'), 'utf8')).toMatch(/^<!doctype html>[\s\S]*<svg/);
    await expect(race('quadratic', '--plot', join(dir, 'q.png'))).rejects.toThrow(/--plot .*q\.png: give a file ending in \.svg or \.html/);
    await expect(race('quadratic', '--plot', join(dir, 'missing', 'q.svg'))).rejects.toThrow(/does not exist/);
    expect(existsSync(join(dir, 'q.png'))).toBe(false);
    await expect(race('quadratic', '--preset', 'pytorch')).rejects.toThrow(/--preset: no racer has a preset "pytorch"/);
    await expect(race('linear', '--preset', 'caffe')).rejects.toThrow(/--preset: unknown preset "caffe" for the linear race/);
  });
});
