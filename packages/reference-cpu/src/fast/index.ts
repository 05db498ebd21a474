export { FastRmsprop, createFastRmsprop, type FastRmspropOptions } from './fast-rmsprop.js';
export { FastArena, ArenaFullError, MAX_ARENA_BYTES, type ArenaOptions } from './arena.js';
export { buildStepGraph, type StepGraph, type GraphNode } from './step-graph.js';
/** The hand assembler the kernels are built with, for other small kernels (e.g. `pnpm bench`'s triad). */
export * as wasmEncoding from './wasm-encoding.js';
