/**
 * `--plot <file>` of `isostep race`: the quadratic race's trajectories over the contour of x² + y², or the
 * linear race's loss curves (MSE and L1 side by side), drawn by Vega-Lite compiled to Vega and rendered
 * headless to SVG (no browser, no canvas). `.svg` writes the SVG; `.html` a page holding it.
 * Vega and Vega-Lite are optional peer dependencies of the CLI, loaded only when a plot is asked for.
 */
import type { LinearRace, QuadraticRace } from '@isostep/mlp';
import { importOptional } from '../backends/missing-package.js';

export type PlotFormat = 'svg' | 'html';

/** The format a --plot path asks for, by its extension; null for anything else. */
export function plotFormat(path: string): PlotFormat | null {
  if (/\.svg$/i.test(path)) return 'svg';
  if (/\.html?$/i.test(path)) return 'html';
  return null;
}

type Spec = Record<string, unknown>;

/** Level sets of x² + y² are circles: drawn as polylines, radius 10, 20, … out to the start's distance. */
function contourPoints(maxRadius: number): { level: string; order: number; x: number; y: number }[] {
  const points = [];
  const ring = 10;
  for (let r = ring; r <= Math.ceil(maxRadius / ring) * ring; r += ring) {
    for (let i = 0; i <= 180; i++) {
      const a = (2 * Math.PI * i) / 180;
      points.push({ level: `f = ${r * r}`, order: i, x: r * Math.cos(a), y: r * Math.sin(a) });
    }
  }
  return points;
}

export function quadraticPlotSpec(race: QuadraticRace): Spec {
  const paths = race.lanes.flatMap((lane) =>
    lane.skipped !== undefined ? [] : lane.positions.map(([x, y], step) => ({ optimizer: `${lane.optimizer} (lr ${lane.lr})`, step, x, y })),
  );
  const xs = paths.map((p) => p.x).filter(Number.isFinite);
  const ys = paths.map((p) => p.y).filter(Number.isFinite);
  const pad = 5;
  const x = { domain: [Math.min(...xs) - pad, Math.max(...xs) + pad] };
  const y = { domain: [Math.min(...ys) - pad, Math.max(...ys) + pad] };
  // Same units on both axes, so the circles look like circles.
  const width = 720;
  const height = Math.max(160, Math.round((width * (y.domain[1]! - y.domain[0]!)) / (x.domain[1]! - x.domain[0]!)));
  const axis = (field: 'x' | 'y', scale: { domain: number[] }) => ({ field, type: 'quantitative', scale: { ...scale, nice: false, zero: false } });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `isostep race quadratic: x² + y² from (${race.start.join(', ')}), ${race.preset} optimizers, ${race.steps} steps (float32)`,
    width,
    height,
    layer: [
      {
        data: { values: contourPoints(Math.hypot(...race.start)) },
        mark: { type: 'line', clip: true, strokeWidth: 0.6, color: '#bbbbbb' },
        encoding: { x: axis('x', x), y: axis('y', y), detail: { field: 'level' }, order: { field: 'order', type: 'quantitative' } },
      },
      {
        data: { values: paths },
        mark: { type: 'line', point: { size: 14 }, clip: true, strokeWidth: 1.5 },
        encoding: {
          x: axis('x', x),
          y: axis('y', y),
          color: { field: 'optimizer', type: 'nominal', title: 'optimizer' },
          order: { field: 'step', type: 'quantitative' },
        },
      },
    ],
  };
}

export function linearPlotSpec(race: LinearRace): Spec {
  const values = race.lanes.flatMap((lane) => lane.losses.map((loss, step) => ({ racer: lane.racer, loss: lane.loss.toUpperCase(), step, value: loss })));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `isostep race linear: Linear(20, 20, bias=False), ${race.preset} optimizers, lr ${race.lr}, ${race.count} examples`,
    data: { values },
    facet: { column: { field: 'loss', type: 'nominal', title: null } },
    spec: {
      width: 420,
      height: 300,
      mark: { type: 'line', point: { size: 12 } },
      encoding: {
        x: { field: 'step', type: 'quantitative', title: 'step' },
        y: { field: 'value', type: 'quantitative', title: 'loss', scale: { zero: false } },
        color: { field: 'racer', type: 'nominal', title: 'optimizer', sort: race.lanes.map((l) => l.racer) },
      },
    },
    resolve: { scale: { y: 'independent' } },
  };
}

/** Renders a Vega-Lite spec to SVG in Node. */
export async function renderSvg(spec: Spec): Promise<string> {
  const [vega, vegaLite] = await importOptional('--plot', () => Promise.all([import('vega'), import('vega-lite')]));
  const compiled = vegaLite.compile(spec as never).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export function plotDocument(svg: string, format: PlotFormat, title: string): string {
  if (format === 'svg') return svg;
  const escaped = title.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<!doctype html>\n<meta charset="utf-8">\n<title>${escaped}</title>\n${svg}\n`;
}
