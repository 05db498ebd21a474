/**
 * `@isostep/conformance`: runs anywhere (browsers included): parse a trace you already have, run it
 * against a backend, report. Reading trace files, the backend registry (dynamic imports of Node
 * backends), `runAll` over files and the fast CPU backend are in `@isostep/conformance/node`; the vitest
 * suite is `@isostep/conformance/vitest`.
 */
export * from './trace/index.js';
export type { BackendSession, ConformanceBackend, SlotValues } from './backends/backend.js';
export { cpuBackend } from './backends/cpu-backend.js';
export type { BenchContext, BenchRow } from './bench/bench-types.js';
export { runTrace } from './runner/run-trace.js';
export { traceSpec, TraceSpecMismatch, type TraceSpec } from './runner/trace-spec.js';
export { intervalStep, type IntervalState } from './runner/interval-step.js';
export { summarize, type ConformResult, type ConformSummary, type FirstFailure, type Mode } from './runner/result.js';
export { jsonReport } from './report/json-report.js';
export { tableReport } from './report/table-report.js';
