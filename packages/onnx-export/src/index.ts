export {
  exportMlpToOnnx,
  OPSET_VERSION,
  IR_VERSION,
  INPUT_NAME,
  OUTPUT_NAME,
  BATCH_DIM,
  METADATA_CONFIG,
  METADATA_OPTIMIZER,
  METADATA_PRESET,
  type ExportMlpOptions,
} from './export-mlp.js';
export { mlpLayers, type DenseLayer } from './mlp-layers.js';
export { OnnxExportError } from './onnx-export-error.js';
export { modelProtoType, ONNX_PROTO_PATH } from './onnx-schema.js';
export { MissingOnnxRuntimeError, ONNX_RUNTIME_PACKAGE, runOnnxLogits } from './run-onnx.js';
