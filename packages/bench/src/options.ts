/** `pnpm bench` options: parsed with commander; anything that does not parse is the usage and exit 1. */
import { Command, CommanderError } from 'commander';
import { parseSize } from './variants.js';

export const SYSTEMS = ['triad', 'isostep', 'pytorch', 'tfjs', 'external', 'epoch', 'binary-trace'] as const;
/** What runs without --only: binary-trace writes a 1.2 GB trace and takes minutes, so it runs when asked for. */
export const DEFAULT_SYSTEMS = SYSTEMS.filter((s) => s !== 'binary-trace');
export type SystemGroup = (typeof SYSTEMS)[number];

export interface BenchOptions {
  readonly sizes: readonly number[];
  readonly quick: boolean;
  readonly json: boolean;
  readonly only: ReadonlySet<SystemGroup>;
  /** Interleaved rounds per system (rounds.ts); the report gives each row's median and min–max. */
  readonly rounds: number;
  /** Where the plot (GB/s by size per system, with the triad line) is written: an SVG and an HTML beside it. */
  readonly plot: string | null;
}

export const DEFAULT_SIZES = [1024, 65536, 1 << 20, 1 << 24, 1 << 26];
export const QUICK_SIZES = [1024, 16384];

export class BenchUsageError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
  }
}

function program(): Command {
  return new Command('pnpm bench')
    .description('RMSprop (every preset, plain and centered+momentum) and Adam step speed: Isostep fast/exact CPU paths vs PyTorch and TF.js, and the targets at 16M, in one run')
    .option('--sizes <list>', 'comma-separated parameter counts (1k, 64k, 16M, ...)', '1k,64k,1M,16M,64M')
    .option('--quick', 'small sizes and short timings (a smoke test)', false)
    .option('--json', 'print one JSON document instead of the table', false)
    .option('--only <systems>', `comma-separated subset of: ${SYSTEMS.join(', ')}`)
    .option('--rounds <n>', 'interleaved rounds per system (A B C, C B A, …); rows report the median and min–max', '3')
    .option('--plot <file.svg>', 'write the GB/s-by-size plot here (SVG, and HTML beside it); "none" to skip', 'bench-plot.svg')
    .exitOverride()
    .configureOutput({ writeErr: () => {}, writeOut: () => {} })
    .allowExcessArguments(false);
}

/** Parses argv (without node and script); throws BenchUsageError with the usage text on bad input. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions | 'help' {
  const cmd = program();
  const usage = cmd.helpInformation();
  try {
    cmd.parse([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError && (e.code === 'commander.helpDisplayed' || e.code === 'commander.help')) return 'help';
    throw new BenchUsageError((e as Error).message, usage);
  }
  const o = cmd.opts<{ sizes: string; quick: boolean; json: boolean; only?: string; rounds: string; plot: string }>();
  try {
    const explicitSizes = argv.some((a) => a === '--sizes' || a.startsWith('--sizes='));
    const sizes = o.quick && !explicitSizes ? QUICK_SIZES : o.sizes.split(',').map(parseSize);
    const only = new Set<SystemGroup>();
    for (const s of (o.only ?? DEFAULT_SYSTEMS.join(',')).split(',')) {
      const name = s.trim();
      if (!(SYSTEMS as readonly string[]).includes(name)) throw new RangeError(`--only: "${name}" is not one of ${SYSTEMS.join(', ')}`);
      only.add(name as SystemGroup);
    }
    const explicitRounds = argv.some((a) => a === '--rounds' || a.startsWith('--rounds='));
    const rounds = o.quick && !explicitRounds ? 2 : Number(o.rounds);
    if (!(Number.isInteger(rounds) && rounds >= 1 && rounds <= 50)) throw new RangeError(`--rounds: "${o.rounds}" is not an integer in [1, 50]`);
    return { sizes, quick: o.quick, json: o.json, only, rounds, plot: o.plot === 'none' ? null : o.plot };
  } catch (e) {
    throw new BenchUsageError((e as Error).message, usage);
  }
}
