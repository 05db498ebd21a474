export { FastOptimizer, createFastOptimizer, FMA_PATH_TEXT, type FastOptimizerOptions, type FmaPath } from './fast-optimizer.js';
/** The start-up proof that relaxed_madd is fused here (also used by the MLP's GEMM kernels). */
export { probeRelaxedMadd, enableRelaxedSimd, type MaddProbeResult } from './madd-probe.js';
export { fmaF64Eft } from './fma64.js';
export { FastArena, ArenaFullError, MAX_ARENA_BYTES, type ArenaOptions } from './arena.js';
/** The worker pool an arena runs kernels on (`arena.pool`), typed for other kernels over the arena (the MLP's). */
export type { KernelJob, WorkerPool } from './worker-pool.js';
/** The hand assembler the kernels are built with, for other small kernels (e.g. `pnpm bench`'s triad). */
export * as wasmEncoding from './wasm-encoding.js';
