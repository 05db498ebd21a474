// Browser-safe: the file-system shell (read-trace.ts: readTraceFile, collectTraceFiles) is exported by ../node.ts.
export { TraceFormatError, type TraceFormatErrorDetails } from './trace-format-error.js';
export { parseTrace } from './parse-trace.js';
export { V1_PARAM } from './parse-v1.js';
export {
  GOLDEN_TRACE_FORMAT,
  GOLDEN_TRACE_FORMAT_V1,
  GOLDEN_TRACE_FORMATS,
  type GoldenTrace,
  type GoldenTraceFormat,
  type LrSchedule,
  type PerParam,
  type TraceCase,
  type TraceDtype,
  type TraceGradient,
  type TraceHyperparameter,
  type TraceParam,
  type TraceSlots,
  type TraceStep,
} from './types.js';
