/**
 * The races as text tables: one row per step, one column per lane, right-aligned, for a terminal.
 * The quadratic race's cell is the position and the loss; the linear race's cell is the loss.
 */
import type { LinearRace, QuadraticRace } from '@isostep/mlp';

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, c) => cell.padStart(widths[c]!)).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}

/** Enough digits to tell the lanes apart without printing float32's 9. */
const num = (x: number) => (Math.abs(x) >= 1e5 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(3) : x.toFixed(4));

export function quadraticRaceTable(race: QuadraticRace): string {
  const lanes = race.lanes.flatMap((l) => (l.skipped === undefined ? [l] : []));
  const header = ['step', ...lanes.map((l) => `${l.optimizer} (lr ${l.lr}): x, y | f`)];
  const rows: string[][] = [];
  for (let k = 0; k <= race.steps; k++) {
    rows.push([String(k), ...lanes.map((l) => `${num(l.positions[k]![0])}, ${num(l.positions[k]![1])} | ${num(l.losses[k]!)}`)]);
  }
  const skipped = race.lanes.flatMap((l) => (l.skipped !== undefined ? [`${l.optimizer}: skipped, ${l.skipped}\n`] : []));
  return `x² + y² from (${race.start.join(', ')}), ${race.preset} optimizers, float32\n` + table(header, rows) + skipped.join('');
}

export function linearRaceTable(race: LinearRace, data: string): string {
  const header = ['step', ...race.lanes.map((l) => `${l.loss} ${l.racer}`)];
  const rows: string[][] = [];
  for (let k = 0; k <= race.steps; k++) rows.push([String(k), ...race.lanes.map((l) => num(l.losses[k]!))]);
  return (
    `Linear(20, 20, bias=False), ${race.count} examples (${data}), full batch, ${race.preset} optimizers at lr ${race.lr} ` +
    `(momentum: SGD with momentum 0.9); loss after each step\n` +
    table(header, rows)
  );
}
