/** Recorders: write `isostep-golden/2` traces of a run (TF.js `tf.train` optimizers, Isostep's own, or any code). */
export { TraceRecorder, type RecordedCase, type RecordedParam, type RecordedStep } from './trace-recorder.js';
export { recordTfOptimizer, type RecordingTfOptimizer, type TensorLike, type TfOptimizerLike, type TfRecordOptions } from './tf-optimizer-recorder.js';
export { recordOptimizer, type OptimizerRecordOptions, type RecordingOptimizer } from './optimizer-recorder.js';
export { traceNumber, traceVector } from './trace-numbers.js';
