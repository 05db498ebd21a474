/** `@isostep/conformance/node`: everything in the main entry plus what needs Node (files, threads, dynamic backends). */
export * from './index.js';
export { collectTraceFiles, readTraceFile } from './trace/read-trace.js';
export { cpuFastBackend } from './backends/cpu-fast-backend.js';
export { BACKEND_NAMES, UnknownBackendError, loadBackend } from './backends/registry.js';
export { runAll, type RunAllOptions } from './runner/run-all.js';
