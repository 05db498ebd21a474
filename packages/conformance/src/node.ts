/** `@isostep/conformance/node`: everything in the main entry plus what needs Node's file system. */
export * from './index.js';
export { collectTraceFiles, readTraceFile } from './trace/read-trace.js';
export { runAll, type RunAllOptions } from './runner/run-all.js';
export { BinaryTraceSource, type BinaryFileRef } from './binary/binary-trace-source.js';
export { openTrace, type OpenedTrace } from './binary/open-trace.js';
export { SafetensorsFile } from './binary/safetensors-file.js';
export { writeSafetensors, type TensorToWrite } from './binary/safetensors-writer.js';
export { BinaryTraceWriter, jsonTraceToBinary, MANIFEST_FILE, type BinaryStepValues, type BinaryTraceHeader } from './binary/binary-trace-writer.js';
export { junitReport } from './report/junit-report.js';
export { writeSyntheticBinaryTrace, type SyntheticTraceOptions } from './binary/synthetic-trace.js';
export { writeTraceFile } from './record/write-trace-file.js';
