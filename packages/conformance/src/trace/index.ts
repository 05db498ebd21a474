// Browser-safe: the file-system shell (read-trace.ts: readTraceFile, collectTraceFiles) is exported by ../node.ts.
export { TraceFormatError, type TraceFormatErrorDetails } from './trace-format-error.js';
export { parseTrace } from './parse-trace.js';
export {
  GOLDEN_TRACE_FORMAT,
  type GoldenTrace,
  type GoldenTraceFormat,
  type TraceCase,
  type TraceDtype,
  type TraceGradient,
  type TraceStep,
} from './types.js';
