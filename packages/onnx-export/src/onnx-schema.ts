import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

/**
 * The ONNX protobuf schema, read from `proto/onnx.proto` as shipped in the `onnx` 1.23.1 wheel on PyPI
 * (onnx/onnx.proto; IR_VERSION 0x0E is its newest). Messages are encoded by protobufjs from this schema,
 * never by hand, so field numbers and wire types come from ONNX itself.
 */
export const ONNX_PROTO_PATH = fileURLToPath(new URL('../proto/onnx.proto', import.meta.url));

let root: protobuf.Root | undefined;

/** The `onnx.ModelProto` message type (the schema is parsed on first use, not on import). */
export function modelProtoType(): protobuf.Type {
  root ??= protobuf.loadSync(ONNX_PROTO_PATH);
  return root.lookupType('onnx.ModelProto');
}

/** Enum values used here, as numbered in onnx.proto. */
export const TENSOR_FLOAT = 1; // TensorProto.DataType.FLOAT
export const ATTRIBUTE_INT = 2; // AttributeProto.AttributeType.INT
