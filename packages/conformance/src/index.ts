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
export { summarize, type ConformResult, type ConformSummary, type FirstFailure, type Mode, type ShardInfo } from './runner/result.js';
// The binary form's pure parts (manifest, safetensors header, the streaming runner over any TensorReader);
// reading its files is in ./node.
export {
  BINARY_TRACE_FORMAT,
  parseBinaryManifest,
  tensorName,
  type BinaryParam,
  type BinaryStep,
  type BinaryTraceCase,
  type BinaryTraceManifest,
} from './binary/binary-manifest.js';
export { parseSafetensorsHeader, SafetensorsFormatError, type SafetensorsHeader, type SafetensorsEntry } from './binary/safetensors-header.js';
export { runBinaryTrace, DEFAULT_CHUNK_ELEMENTS, type BinaryRunOptions, type TensorReader } from './binary/run-binary-trace.js';
export { jsonReport } from './report/json-report.js';
export { tableReport } from './report/table-report.js';
export { summaryReport } from './report/summary-report.js';
export { failureLines } from './report/failure-line.js';
export { formatAbs, formatUlp } from './report/format-numbers.js';
// Recorders writing isostep-golden/2 (TF.js tf.train by duck typing, Isostep's own optimizers, any code).
export * from './record/index.js';
