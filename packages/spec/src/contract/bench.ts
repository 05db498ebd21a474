/**
 * The shape every `bench` module shares: `pnpm bench` (the private bench package) passes a BenchContext
 * to each backend's `runBench` (`@isostep/<backend>/bench`) and prints the BenchRows they return next to
 * its own. The types live in the spec so that a backend never imports the bench.
 */
export interface BenchContext {
  /**
   * Streaming-triad bandwidth measured in this process, GB/s: the "100% of memory speed" line, i.e. the
   * fastest of the triads in `triad` (rows compute triadFraction = gbps / triadGbps).
   */
  readonly triadGbps: number;
  /** Each triad measured (JS; WebAssembly SIMD on 1 and all threads, copy and in place); absent in tests. */
  readonly triad?: TriadResult;
  readonly quick: boolean;
  /** Parameter counts to measure. */
  readonly sizes: readonly number[];
}

export type TriadKind = 'js1t' | 'wasm1t' | 'wasmAll' | 'wasmAllInPlace';

/** The streaming triads of one run (measured in triad.ts). */
export interface TriadResult {
  /** GB/s (1e9 bytes/s, STREAM-counted: 3 arrays × element size per element), a = b + s·c, JS float64. */
  readonly js1t: number;
  /** The same in WebAssembly SIMD f32x4 on one thread; 0 when the runtime has none (see `skipped`). */
  readonly wasm1t: number;
  /** The same on all `threads`. */
  readonly wasmAll: number;
  /** a = a + s·c (read-modify-write, like a step's p and slots) on all `threads`. */
  readonly wasmAllInPlace: number;
  /** Threads wasmAll ran on (the arena pool plus the caller). */
  readonly threads: number;
  /** Which triad the fractions are relative to: the highest. */
  readonly basis: TriadKind;
  readonly skipped?: string;
}

export interface BenchRow {
  /** Who ran it: 'isostep-fast', 'pytorch-2t', 'tfjs-wasm', 'triad', ... */
  readonly system: string;
  /** What ran: preset and form, e.g. 'torch plain', 'tfjs centered+momentum'. */
  readonly variant: string;
  readonly params: number;
  /** How many tensors the params are split into (1 = one large tensor). */
  readonly tensors: number;
  readonly dtype: 'float32' | 'float64';
  readonly nsPerElement: number;
  /** Bytes the step must move (bytesPerElement × params) per second, 1e9 bytes/s. */
  readonly gbps: number;
  /** gbps / the same run's fastest triad (BenchContext.triadGbps); null where not meaningful. */
  readonly triadFraction: number | null;
  /** Bytes read + written per parameter per step (plain float32 RMSprop: p, g, v read; p, v written = 20). */
  readonly bytesPerElement: number;
  readonly peakRssMiB?: number;
  readonly stateBytesPerParam?: number;
  readonly note?: string;
  /** For rows that time a whole job (an MNIST epoch): its wall seconds. */
  readonly epochSeconds?: number;
  /** Speed-up of this row over each peer row of the same math, size and dtype (their time / ours). */
  readonly speedupVs?: Readonly<Record<string, number>>;
  /** Set when the row did not run; the reason. Timing fields are then NaN. */
  readonly skipped?: string;
}

/** A row that did not run, with the reason. */
export function skippedRow(base: Pick<BenchRow, 'system' | 'variant' | 'params' | 'tensors' | 'dtype'>, reason: string): BenchRow {
  return { ...base, nsPerElement: Number.NaN, gbps: Number.NaN, triadFraction: null, bytesPerElement: Number.NaN, skipped: reason };
}

/** Fills the timing fields of a row from the median seconds of one step. */
export function timedRow(
  base: Omit<BenchRow, 'nsPerElement' | 'gbps' | 'triadFraction'>,
  seconds: number,
  triadGbps: number,
): BenchRow {
  const gbps = (base.bytesPerElement * base.params) / seconds / 1e9;
  return { ...base, nsPerElement: (seconds * 1e9) / base.params, gbps, triadFraction: triadGbps > 0 ? gbps / triadGbps : null };
}

/** Bytes an elementwise step moves per parameter: p, g and each slot read; p and each slot written. */
export function stepBytesPerElement(slots: number, dtype: 'float32' | 'float64'): number {
  return (3 + 2 * slots) * (dtype === 'float32' ? 4 : 8);
}
