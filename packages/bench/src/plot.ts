/**
 * The bench's plot: GB/s by parameter count, one line per system and variant (one-tensor layouts,
 * float32 and float64 apart), min–max as error bars, and the run's triad as a horizontal rule. Written
 * by Vega-Lite (compiled to Vega, rendered headless to SVG: no browser, no canvas) as an SVG, and as an
 * HTML page holding the same SVG beside it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { BenchReport } from './report.js';
import { TRIAD_LABELS } from './triad.js';

export interface PlotPoint {
  readonly series: string;
  readonly dtype: string;
  readonly params: number;
  readonly gbps: number;
  readonly gbpsMin: number;
  readonly gbpsMax: number;
}

/** The points the plot draws: every one-tensor row that ran and has a speed (triad rows are the rule). */
export function plotPoints(report: BenchReport): PlotPoint[] {
  return report.results
    .filter((r) => !r.skipped && r.tensors === 1 && Number.isFinite(r.gbps) && r.system !== 'triad')
    .map((r) => ({
      series: `${r.system} ${r.variant}`,
      dtype: r.dtype,
      params: r.params,
      gbps: r.gbps,
      gbpsMin: Number.isFinite(r.gbpsMin) ? r.gbpsMin : r.gbps,
      gbpsMax: Number.isFinite(r.gbpsMax) ? r.gbpsMax : r.gbps,
    }));
}

export function plotSpec(report: BenchReport): TopLevelSpec {
  const points = plotPoints(report);
  const triadLabel = `triad: ${TRIAD_LABELS[report.triad.basis](report.triad.threads)}, ${report.triadGbps.toFixed(1)} GB/s`;
  const x = { field: 'params', type: 'quantitative', scale: { type: 'log', base: 2 }, title: 'parameters (one tensor)' } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `pnpm bench: GB/s by size (median of ${report.rounds} interleaved rounds; bars: min–max)`,
    data: { values: points as unknown as Record<string, unknown>[] },
    facet: { row: { field: 'dtype', type: 'nominal', title: null } },
    spec: {
      width: 720,
      height: 340,
      layer: [
        {
          mark: { type: 'line', point: true },
          encoding: {
            x,
            y: { field: 'gbps', type: 'quantitative', title: 'GB/s (bytes the step must move)' },
            color: { field: 'series', type: 'nominal', title: 'system, variant', legend: { labelLimit: 400 } },
          },
        },
        {
          mark: { type: 'rule' },
          encoding: { x, y: { field: 'gbpsMin', type: 'quantitative' }, y2: { field: 'gbpsMax' }, color: { field: 'series', type: 'nominal' } },
        },
        {
          data: { values: [{ triad: report.triadGbps, label: triadLabel }] },
          layer: [
            { mark: { type: 'rule', strokeDash: [6, 4], color: 'black' }, encoding: { y: { field: 'triad', type: 'quantitative' } } },
            { mark: { type: 'text', align: 'left', dx: 4, dy: -6, x: 0 }, encoding: { y: { field: 'triad', type: 'quantitative' }, text: { field: 'label' } } },
          ],
        },
      ],
    },
    resolve: { scale: { y: 'independent' } },
  } as TopLevelSpec;
}

export async function plotSvg(report: BenchReport): Promise<string> {
  const view = new vega.View(vega.parse(compile(plotSpec(report)).spec), { renderer: 'none' });
  return view.toSVG();
}

/** Writes `file` (SVG) and the same plot as an HTML page beside it; returns both paths. */
export async function writePlot(report: BenchReport, file: string): Promise<string[]> {
  const svg = await plotSvg(report);
  const svgPath = resolve(file);
  const htmlPath = svgPath.replace(/\.svg$/i, '') + '.html';
  mkdirSync(dirname(svgPath), { recursive: true });
  writeFileSync(svgPath, svg);
  writeFileSync(htmlPath, `<!doctype html>\n<meta charset="utf-8">\n<title>pnpm bench</title>\n<p>${report.fmaPaths}; Node ${report.node}, ${report.cpus} CPUs</p>\n${svg}\n`);
  return [svgPath, htmlPath];
}
