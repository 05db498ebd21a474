export { TraceFormatError, type TraceFormatErrorDetails } from './trace-format-error.js';
export { parseTrace } from './parse-trace.js';
export { collectTraceFiles, readTraceFile } from './read-trace.js';
export {
  GOLDEN_TRACE_FORMAT,
  type GoldenTrace,
  type GoldenTraceFormat,
  type TraceCase,
  type TraceDtype,
  type TraceGradient,
  type TraceStep,
} from './types.js';
