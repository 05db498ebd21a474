/**
 * `@isostep/conformance`: runs anywhere (browsers included): parse a trace you already have, run it
 * against a backend, report. Reading trace files and `runAll` over files are in
 * `@isostep/conformance/node`; the vitest suite is `@isostep/conformance/vitest`.
 *
 * The backend contract (`ConformanceBackend`, `BackendSession`) lives in `@isostep/spec`, so that backends
 * never import this package; the CPU backends are `@isostep/reference-cpu`'s.
 */
export * from './trace/index.js';
export { runTrace } from './runner/run-trace.js';
export { traceSpec, TraceSpecMismatch, type TraceSlot, type TraceSpec } from './runner/trace-spec.js';
export { intervalStep, type IntervalState, type IntervalTensor } from './runner/interval-step.js';
export { summarize, type ConformResult, type ConformSummary, type FirstFailure, type Mode } from './runner/result.js';
export { jsonReport } from './report/json-report.js';
export { tableReport } from './report/table-report.js';
