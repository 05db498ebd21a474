/**
 * `isostep race quadratic` and `isostep race linear`: the tutorials' optimizer races, run with the spec's
 * optimizers of one framework (`--preset`), printed as a table per step (or one JSON document with
 * `--json`), optionally plotted (`--plot file.svg|file.html`). The races themselves are in `@isostep/mlp`
 * (browser-safe, shared with the docs race page); this module only reads options, files and writes output.
 * Every option and the --plot path are checked before anything runs; the plot is written atomically.
 */
import { readFileSync } from 'node:fs';
import {
  generateLinearRaceData,
  LINEAR_DEFAULT_COUNT,
  LINEAR_DEFAULT_LR,
  LINEAR_DEFAULT_STEPS,
  linearRaceDataFromJson,
  LinearRaceDataError,
  MAX_LINEAR_COUNT,
  MAX_RACE_STEPS,
  QUADRATIC_DEFAULT_STEPS,
  RaceOptionError,
  runLinearRace,
  runQuadraticRace,
  type LinearRaceData,
} from '@isostep/mlp';
import { InvalidConfigError } from '@isostep/spec';
import { InvalidArgumentError, type Command } from 'commander';
import { linearRaceDocument, quadraticRaceDocument } from '../race/race-document.js';
import { linearPlotSpec, plotDocument, plotFormat, quadraticPlotSpec, renderSvg, type PlotFormat } from '../race/race-plot.js';
import { linearRaceTable, quadraticRaceTable } from '../race/race-table.js';
import { EXIT_BAD_INPUT } from '../shared/exit-codes.js';
import { checkOutputFile, OutputFileError, writeFileAtomic } from '../shared/output-file.js';

/** A whole number in [min, max], for commander's argParser (a bad one is a usage error, exit 2). */
function wholeIn(min: number, max: number): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (!/^[0-9]+$/.test(text.trim()) || value < min || value > max) throw new InvalidArgumentError(`"${text}" is not a whole number in [${min}, ${max}]`);
    return value;
  };
}

function positiveNumber(text: string): number {
  const value = Number(text);
  if (!/^[+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(text) || !(value > 0) || !Number.isFinite(value)) {
    throw new InvalidArgumentError(`"${text}" is not a finite number > 0`);
  }
  return value;
}

interface PlotTarget {
  readonly path: string;
  readonly format: PlotFormat;
}

/** Checks --plot before the race runs: a known extension, a writable place. */
function plotTarget(path: string | undefined): PlotTarget | undefined {
  if (path === undefined) return undefined;
  const format = plotFormat(path);
  if (format === null) throw new OutputFileError('--plot', path, 'give a file ending in .svg or .html');
  checkOutputFile(path, '--plot');
  return { path, format };
}

async function writePlot(target: PlotTarget | undefined, spec: Record<string, unknown>, json: boolean): Promise<void> {
  if (target === undefined) return;
  const svg = await renderSvg(spec);
  writeFileAtomic(target.path, plotDocument(svg, target.format, String(spec.title)));
  // With --json, stdout holds the one document; the note goes to stderr.
  (json ? process.stderr : process.stdout).write(`wrote ${target.path}\n`);
}

/** Runs `body`, turning the race's own option errors into usage errors of `command` (exit 2). */
async function asUsage(command: Command, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (error instanceof RaceOptionError || error instanceof OutputFileError || error instanceof LinearRaceDataError || error instanceof InvalidConfigError) {
      command.error(`error: ${error.message}`, { exitCode: EXIT_BAD_INPUT, code: 'isostep.invalidOption' });
    }
    throw error;
  }
}

interface QuadraticOptions {
  readonly preset: string;
  readonly steps: number;
  readonly json?: boolean;
  readonly plot?: string;
}

interface LinearOptions extends QuadraticOptions {
  readonly lr: number;
  readonly seed: number;
  readonly count: number;
  readonly data?: string;
}

export function registerRaceCommand(program: Command): Command {
  const race = program.command('race').description("the tutorials' optimizer races, with one framework's optimizers (--preset)");
  race
    .command('quadratic')
    .description('SGD (lr 0.1), Adagrad, RMSprop, Adadelta, Adam, AdamW (lr 1) on x² + y² from (−75, −10); the framework’s defaults otherwise')
    .option('--preset <name>', 'whose optimizers race: torch | keras3 | tf1 | tfjs | optax (a framework without AdamW races five)', 'torch')
    .option('--steps <n>', 'steps', wholeIn(1, MAX_RACE_STEPS), QUADRATIC_DEFAULT_STEPS)
    .option('--json', 'print one JSON document: every position and loss, and each optimizer’s full config')
    .option('--plot <file>', 'draw the trajectories over the contour: file.svg or file.html (needs vega and vega-lite)')
    .action((options: QuadraticOptions, command: Command) =>
      asUsage(command, async () => {
        const target = plotTarget(options.plot);
        const result = runQuadraticRace({ preset: options.preset, steps: options.steps });
        process.stdout.write(options.json ? `${JSON.stringify(quadraticRaceDocument(result))}\n` : quadraticRaceTable(result));
        await writePlot(target, quadraticPlotSpec(result), options.json === true);
      }),
    );
  race
    .command('linear')
    .description('bias-free Linear 20→20, full batch: SGD, momentum (SGD, momentum 0.9), Adam, RMSprop, with MSE and with L1')
    .option('--preset <name>', 'whose optimizers race: torch | keras3 | tf1 | tfjs | optax', 'torch')
    .option('--steps <n>', 'steps', wholeIn(1, MAX_RACE_STEPS), LINEAR_DEFAULT_STEPS)
    .option('--lr <x>', 'learning rate of every optimizer', positiveNumber, LINEAR_DEFAULT_LR)
    .option('--seed <n>', 'seed of the initial weights (and of the generated data)', wholeIn(0, 0xffffffff), 0)
    .option('--count <n>', 'examples the seeded generator draws', wholeIn(1, MAX_LINEAR_COUNT), LINEAR_DEFAULT_COUNT)
    .option('--data <file>', 'JSON data instead of the generator: {"inputs": [[20 numbers], …], "targets": [[20 numbers], …]}')
    .option('--json', 'print one JSON document: every lane’s loss per step and its full config')
    .option('--plot <file>', 'draw the loss curves: file.svg or file.html (needs vega and vega-lite)')
    .action((options: LinearOptions, command: Command) =>
      asUsage(command, async () => {
        const target = plotTarget(options.plot);
        const data = options.data === undefined ? generateLinearRaceData(options.seed, options.count) : readLinearData(options.data);
        const source = options.data ?? `seeded generator, seed ${options.seed}`;
        const result = runLinearRace({ data, preset: options.preset, seed: options.seed, steps: options.steps, lr: options.lr });
        process.stdout.write(options.json ? `${JSON.stringify(linearRaceDocument(result, options.data ?? 'seeded'))}\n` : linearRaceTable(result, source));
        await writePlot(target, linearPlotSpec(result), options.json === true);
      }),
    );
  return race;
}

/** The --data file: read and parsed here (Node), checked by the race module (browser-safe). */
function readLinearData(path: string): LinearRaceData {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new LinearRaceDataError(path, `cannot be read: ${(error as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new LinearRaceDataError(path, `is not JSON: ${(error as Error).message}`);
  }
  try {
    return linearRaceDataFromJson(doc);
  } catch (error) {
    if (error instanceof LinearRaceDataError) throw new LinearRaceDataError(`${path}: ${error.jsonPath}`, error.message.slice(error.jsonPath.length + 2));
    throw error;
  }
}
