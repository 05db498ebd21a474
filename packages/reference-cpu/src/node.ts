/**
 * `@isostep/reference-cpu/node`: everything in the main entry plus the modules that need Node.
 *
 * - The fast path (`FastOptimizer`, `FastArena`): its arena starts worker threads (node:worker_threads)
 *   and the calling thread blocks in `Atomics.wait` while they run, which a browser's main thread may not
 *   do. Its float64 / `kernel: 'js'` form would run anywhere, but the module graph still loads the worker
 *   pool, so the whole fast path lives here; in a browser, `ReferenceOptimizer` gives the same bits.
 * - `cpuFastBackend`: the fast path as a conformance backend (`cpu-fast`).
 */
export * from './index.js';
export * from './fast/index.js';
export { cpuFastBackend } from './conformance/cpu-fast-backend.js';
