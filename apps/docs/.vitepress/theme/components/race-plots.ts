/**
 * The two plots both races draw (Plotly, in the browser only): the paths over the contour of x² + y², and
 * f per step on a log scale, each up to the current step. Only drawing: the lines come computed.
 */
import type { PlotlyModule } from './plotly.js';

export const RACE_COLORS = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#42d4f4', '#f032e6', '#9a6324', '#469990', '#800000', '#808000', '#000075'];

export interface RaceLine {
  readonly name: string;
  readonly xs: readonly number[];
  readonly ys: readonly number[];
  readonly losses: readonly number[];
}

export function drawRace(Plotly: PlotlyModule, contourEl: HTMLElement, lossEl: HTMLElement, lines: readonly RaceLine[], step: number, title: string): void {
  const grid = Array.from({ length: 161 }, (_, i) => i - 80);
  const k = step;
  const contour = {
    type: 'contour' as const,
    x: grid,
    y: grid,
    z: grid.map((y) => grid.map((x) => x * x + y * y)),
    colorscale: 'Greys',
    reversescale: true,
    showscale: false,
    contours: { coloring: 'lines' as const },
    hoverinfo: 'x+y' as const,
    name: 'f',
  };
  const paths = lines.map((t, i) => ({
    type: 'scatter' as const,
    mode: 'lines+markers' as const,
    name: t.name,
    x: t.xs.slice(0, k + 1),
    y: t.ys.slice(0, k + 1),
    line: { color: RACE_COLORS[i % RACE_COLORS.length], width: 1.5 },
    marker: { size: 4 },
  }));
  void Plotly.react(contourEl, [contour, ...paths], {
    title: { text: title },
    xaxis: { range: [-80, 80], title: { text: 'x' } },
    yaxis: { range: [-80, 80], title: { text: 'y' }, scaleanchor: 'x' },
    margin: { t: 40, r: 10, b: 40, l: 50 },
    height: 520,
    legend: { orientation: 'v' },
  });
  void Plotly.react(
    lossEl,
    lines.map((t, i) => ({
      type: 'scatter' as const,
      mode: 'lines' as const,
      name: t.name,
      x: t.losses.slice(0, k + 1).map((_, j) => j),
      y: t.losses.slice(0, k + 1),
      line: { color: RACE_COLORS[i % RACE_COLORS.length] },
    })),
    {
      title: { text: 'loss f(x, y)' },
      xaxis: { range: [0, Math.max(k, 10)], title: { text: 'step' } },
      yaxis: { type: 'log', title: { text: 'f' } },
      margin: { t: 40, r: 10, b: 40, l: 60 },
      height: 320,
      shapes: [{ type: 'line', x0: k, x1: k, yref: 'paper', y0: 0, y1: 1, line: { dash: 'dot', color: '#888' } }],
    },
  );
}

/** The shortest decimal that reads back as the same float32 (the full double goes in data attributes). */
export function fmt32(x: number): string {
  for (let digits = 1; digits < 9; digits++) {
    const s = x.toPrecision(digits);
    if (Math.fround(Number(s)) === x) return String(Number(s));
  }
  return String(Number(x.toPrecision(9)));
}
