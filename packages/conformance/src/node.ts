/** `@isostep/conformance/node`: everything in the main entry plus what needs Node's file system. */
export * from './index.js';
export { collectTraceFiles, readTraceFile } from './trace/read-trace.js';
export { runAll, type RunAllOptions } from './runner/run-all.js';
