/**
 * `@isostep/reference-cpu/node`: everything in the main entry plus the modules that need Node.
 *
 * - `readIdxFile`, `loadMnist`: read files (node:fs, node:zlib).
 * - The fast path (`FastRmsprop`, `FastArena`): its arena starts worker threads (node:worker_threads) and
 *   the calling thread blocks in `Atomics.wait` while they run, which a browser's main thread may not do.
 *   Its float64 / `kernel: 'js'` form would run anywhere, but the module graph still loads the worker
 *   pool, so the whole fast path lives here; in a browser, `ReferenceRmsprop` gives the same bits.
 */
export * from './index.js';
export { readIdxFile } from './data/read-idx-file.js';
export { loadMnist } from './data/load-mnist.js';
export * from './fast/index.js';
