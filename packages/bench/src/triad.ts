/**
 * The streaming triad: the memory speed this machine streams at, the "100%" line of every row's
 * triadFraction. Measured in the same process as the rows, four ways:
 *  - js1t:           a = b + s·c in plain JavaScript over float64 arrays, one thread (what a JS loop gets);
 *  - wasm1t:         a = b + s·c in WebAssembly SIMD (f32x4) in the fast arena's shared memory, one thread;
 *  - wasmAll:        the same kernel split over all threads of the arena's pool, the way Isostep's float32
 *                    step runs;
 *  - wasmAllInPlace: a = a + s·c with that kernel on all threads: a read-modify-write stream.
 *
 * Bytes are counted the STREAM way (3 arrays × element size; 24 or 12 B per element).
 *
 * triadFraction divides by the best (highest) triad of the run, and the report names which one it was.
 * A fraction says how close a step comes to the machine's streaming bandwidth, so the denominator must be
 * the fastest streaming this process was seen to do: the JS triad alone is one thread of scalar JS, which
 * the threaded SIMD step outruns (fractions of 1.2–3 that meant nothing). The in-place triad is there
 * because the step updates p and its slots in place: a = b + s·c writes a stream it never reads, and a
 * cache that allocates on write reads each line of a before overwriting it, so the hardware moves 16 B
 * per element where STREAM counts 12. An update in place pays no such read, so on such a machine it
 * streams ~4/3 as many counted bytes per second, and the step (counted the same way: bytes read + bytes
 * written) does too. Without it the best "streaming" rows came out at ~145% of the copy triad.
 *
 * Arrays are 64 MiB each in the full run (3 × 64 MiB: far beyond the caches, ≥ 4× a 32 MiB last level).
 */
import { FastArena } from '@isostep/reference-cpu/node';
import { skippedRow, type BenchRow, type TriadKind, type TriadResult } from '@isostep/spec';
import { medianSeconds } from './measure.js';
import { WasmTriad } from './wasm-triad.js';

export type { TriadKind, TriadResult };

export const TRIAD_KINDS: readonly TriadKind[] = ['js1t', 'wasm1t', 'wasmAll', 'wasmAllInPlace'];

const threadsText = (n: number) => `${n} thread${n === 1 ? '' : 's'}`;
export const TRIAD_LABELS: Readonly<Record<TriadKind, (threads: number) => string>> = {
  js1t: () => 'a = b + s·c, JS float64, 1 thread',
  wasm1t: () => 'a = b + s·c, wasm SIMD f32x4, 1 thread',
  wasmAll: (n) => `a = b + s·c, wasm SIMD f32x4, ${threadsText(n)}`,
  wasmAllInPlace: (n) => `a = a + s·c in place, wasm SIMD f32x4, ${threadsText(n)}`,
};

/** Bytes per element as STREAM counts them: three arrays, each read or written once. */
export const TRIAD_BYTES: Readonly<Record<TriadKind, number>> = { js1t: 24, wasm1t: 12, wasmAll: 12, wasmAllInPlace: 12 };

/** Elements per array: 64 MiB each in the full run, 4 MiB with --quick (a smoke test). */
export function triadElements(kind: TriadKind, quick: boolean): number {
  const bytes = quick ? 4 << 20 : 64 << 20;
  return bytes / (TRIAD_BYTES[kind] / 3);
}

export function bestTriad(t: Pick<TriadResult, TriadKind>): { readonly kind: TriadKind; readonly gbps: number } {
  const kind = TRIAD_KINDS.reduce((best, k) => (t[k] > t[best] ? k : best));
  return { kind, gbps: t[kind] };
}

export function measureJsTriadGbps(quick: boolean): number {
  const n = triadElements('js1t', quick);
  const a = new Float64Array(n);
  const b = new Float64Array(n).fill(1);
  const c = new Float64Array(n).fill(2);
  const s = 3;
  const seconds = medianSeconds(() => {
    for (let i = 0; i < n; i++) a[i] = b[i]! + s * c[i]!;
  }, quick);
  return (24 * n) / seconds / 1e9;
}

/** All the triads; `threads` defaults to the arena's default (os.availableParallelism()). */
export async function measureTriads(quick: boolean, threads?: number): Promise<TriadResult> {
  const js1t = measureJsTriadGbps(quick);
  const arena = await FastArena.create({ threads });
  try {
    const triad = await WasmTriad.create(arena, triadElements('wasm1t', quick));
    if (triad === null) {
      const skipped = 'WebAssembly SIMD with shared memory is not available in this runtime';
      return { js1t, wasm1t: 0, wasmAll: 0, wasmAllInPlace: 0, threads: arena.threads, basis: 'js1t', skipped };
    }
    try {
      const gbps = (n: number, inPlace: boolean) => triad.bytesPerPass / medianSeconds(() => triad.run(n, inPlace), quick) / 1e9;
      const wasm1t = gbps(1, false);
      const wasmAll = arena.threads > 1 ? gbps(arena.threads, false) : wasm1t;
      const wasmAllInPlace = gbps(arena.threads, true);
      const t = { js1t, wasm1t, wasmAll, wasmAllInPlace };
      return { ...t, threads: arena.threads, basis: bestTriad(t).kind };
    } finally {
      triad.release();
    }
  } finally {
    arena.dispose();
  }
}

/** One row per triad; each row's triadFraction is its share of the fastest. */
export function triadRows(triad: TriadResult, quick: boolean): BenchRow[] {
  const best = bestTriad(triad).gbps;
  return TRIAD_KINDS.map((kind) => {
    const bytes = TRIAD_BYTES[kind];
    const base = { system: 'triad', variant: TRIAD_LABELS[kind](triad.threads), params: triadElements(kind, quick), tensors: 3 };
    const dtype = kind === 'js1t' ? 'float64' : 'float32';
    if (triad[kind] === 0 && triad.skipped) return skippedRow({ ...base, dtype }, triad.skipped);
    const note = kind === triad.basis ? 'the triad every triad% is relative to (the fastest)' : undefined;
    return { ...base, dtype, nsPerElement: bytes / triad[kind], gbps: triad[kind], triadFraction: triad[kind] / best, bytesPerElement: bytes, ...(note ? { note } : {}) };
  });
}
