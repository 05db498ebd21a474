/**
 * Timing of one synchronous step with tinybench (warm-up, then samples until both a minimum time and a
 * minimum count are reached); the median is reported, so one slow sample (GC, another process) does not
 * move the row.
 */
import { Bench } from 'tinybench';

export function medianSeconds(step: () => void, quick: boolean): number {
  const bench = new Bench({ time: quick ? 20 : 250, iterations: quick ? 2 : 4, warmupTime: 0, warmupIterations: 1 });
  bench.add('step', step);
  bench.runSync();
  const result = bench.tasks[0]!.result;
  if (result === undefined || result.error) throw new Error(`the step failed while being timed: ${String(result?.error)}`);
  return (result.latency.p50 ?? result.latency.mean) / 1000;
}

export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}
