/**
 * The fast CPU path (`FastOptimizer`: WebAssembly SIMD + threads, f32x4 and f64x2; a compiled JS loop for
 * float64 graphs with fused sites where f64x2.relaxed_madd is not proved fused) as a conformance backend:
 * `cpu-fast`. It claims the reference's accuracy (every operation correctly rounded, fma exact), so the
 * traces hold it to the same bits as `cpu-f32`/`cpu-f64`.
 * Node only (worker threads): exported from `@isostep/reference-cpu/node`.
 */
import { CORRECTLY_ROUNDED, type ConformanceBackend } from '@isostep/spec';
import { FastArena } from '../fast/arena.js';
import { createFastOptimizer } from '../fast/fast-optimizer.js';
import { probeRelaxedMadd } from '../fast/madd-probe.js';
import { OptimizerSession } from './optimizer-session.js';
import { runtimeName } from './runtime.js';

export function cpuFastBackend(): ConformanceBackend {
  // One arena (memory + worker threads) for every session of a run; started on first use.
  let arena: Promise<FastArena> | undefined;
  return {
    name: 'cpu-fast',
    describe: async () => {
      const threads = arena ? (await arena).threads : 0;
      // The fused-site paths the kernels take here (all exact; the probe decides, see madd-probe.ts).
      const probe = await probeRelaxedMadd();
      const fma = probe.float32 ? 'fma: f32x4.relaxed_madd, proved fused at start-up' : `fma: f64x2 emulation (relaxed_madd not proved fused: ${probe.reason})`;
      const f64 = probe.float64 ? 'WebAssembly SIMD, fma: f64x2.relaxed_madd, proved fused at start-up' : 'WebAssembly SIMD without fused sites; with them compiled JS, error-free fma';
      return `@isostep/reference-cpu FastOptimizer (${threads} thread(s); float32: WebAssembly SIMD, ${fma}; float64: ${f64}) on ${runtimeName()}`;
    },
    unsupported: async () => null,
    // Same claim as the exact reference: every operation correctly rounded, fma exact.
    accuracy: () => CORRECTLY_ROUNDED,
    open: async (spec, dtype) => {
      arena ??= FastArena.create();
      const opt = await createFastOptimizer(spec, { dtype, arena: await arena });
      return new OptimizerSession(opt, opt);
    },
    close: async () => {
      if (arena) (await arena).dispose();
      arena = undefined;
    },
  };
}
