/**
 * The row shape `pnpm bench` collects from every package (declared in @isostep/conformance's
 * bench/bench-types.ts, which that package does not export); structurally the same type.
 */
export interface BenchContext {
  readonly triadGbps: number;
  readonly quick: boolean;
  readonly sizes: readonly number[];
}

export interface BenchRow {
  readonly system: string;
  readonly variant: string;
  readonly params: number;
  readonly tensors: number;
  readonly dtype: 'float32' | 'float64';
  readonly nsPerElement: number;
  readonly gbps: number;
  readonly triadFraction: number | null;
  readonly bytesPerElement: number;
  readonly note?: string;
  readonly skipped?: string;
}
