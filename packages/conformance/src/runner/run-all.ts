/**
 * Runs trace files against backends and modes (Node: reads files). A JSON trace is parsed whole; a binary
 * trace (`isostep-golden/2+safetensors`) is streamed slice by slice (../binary/run-binary-trace.ts). An
 * unreadable or invalid file becomes one failed result per backend and mode, carrying the reader's error;
 * a run never crashes on a bad file. Shards of sharded training (one binary trace per rank) are reported
 * per rank, and a set of shards with a rank missing is reported as a failure: a missing rank is state no
 * check would read.
 */
import type { ConformanceBackend } from '@isostep/spec';
import { openTrace, type OpenedTrace } from '../binary/open-trace.js';
import { runBinaryTrace, type BinaryRunOptions } from '../binary/run-binary-trace.js';
import type { ConformResult, Mode } from './result.js';
import { runTrace } from './run-trace.js';

export interface RunAllOptions extends BinaryRunOptions {
  /** Called with each result as soon as it is known (progress display). */
  readonly onResult?: (r: ConformResult) => void;
}

/** Every file × backend × mode, in that order. Backends are not closed here: the caller owns them. */
export async function runAll(
  files: readonly string[],
  backends: readonly ConformanceBackend[],
  modes: readonly Mode[],
  options: RunAllOptions = {},
): Promise<ConformResult[]> {
  const results: ConformResult[] = [];
  const emit = (r: ConformResult) => {
    results.push(r);
    options.onResult?.(r);
  };
  for (const file of files) {
    let opened: OpenedTrace;
    try {
      opened = await openTrace(file);
    } catch (e) {
      for (const backend of backends) for (const mode of modes) emit(failed(file, file, backend.name, mode, (e as Error).message));
      continue;
    }
    if (opened.kind === 'json') {
      for (const backend of backends) for (const mode of modes) emit(await runTrace(opened.trace, backend, mode));
      continue;
    }
    try {
      for (const backend of backends) for (const mode of modes) emit(await runBinaryTrace(opened.source, backend, mode, options));
    } finally {
      await opened.source.close();
    }
  }
  for (const problem of shardProblems(results)) {
    for (const backend of backends) for (const mode of modes) emit(failed(problem.case, problem.file, backend.name, mode, problem.error));
  }
  return results;
}

/** Sets of shards (same case, same world size) with a rank missing or recorded twice. */
function shardProblems(results: readonly ConformResult[]): { case: string; file: string; error: string }[] {
  const sets = new Map<string, { case: string; worldSize: number; files: Map<number, Set<string>> }>();
  for (const r of results) {
    if (r.shard === null) continue;
    const key = `${r.case}\u0000${r.shard.worldSize}`;
    const set = sets.get(key) ?? { case: r.case, worldSize: r.shard.worldSize, files: new Map() };
    sets.set(key, set);
    const files = set.files.get(r.shard.rank) ?? new Set();
    files.add(r.file);
    set.files.set(r.shard.rank, files);
  }
  const problems: { case: string; file: string; error: string }[] = [];
  for (const set of sets.values()) {
    const missing = Array.from({ length: set.worldSize }, (_, rank) => rank).filter((rank) => !set.files.has(rank));
    const twice = [...set.files].filter(([, files]) => files.size > 1);
    const first = [...set.files.values()][0]!.values().next().value as string;
    if (missing.length > 0) {
      problems.push({ case: set.case, file: first, error: `sharded trace ${set.case}: rank(s) ${missing.join(', ')} of world size ${set.worldSize} missing (one manifest per rank)` });
    }
    for (const [rank, files] of twice) {
      problems.push({ case: set.case, file: first, error: `sharded trace ${set.case}: rank ${rank} recorded by ${files.size} manifests (${[...files].join(', ')})` });
    }
  }
  return problems;
}

function failed(name: string, file: string, backend: string, mode: Mode, error: string): ConformResult {
  return {
    case: name, file, framework: '?', optimizer: '?', dtype: '?', backend, device: '', mode, preset: null,
    pass: false, skipped: false, skipReason: null, error,
    maxUlp: null, slots: {}, maxAbsError: null, maxBound: null, firstFailure: null, steps: 0, elements: 0, shard: null,
  };
}
