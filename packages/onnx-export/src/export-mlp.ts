import type { OptimizerSpec } from '@isostep/spec';
import { mlpLayers } from './mlp-layers.js';
import { OnnxExportError } from './onnx-export-error.js';
import { ATTRIBUTE_INT, modelProtoType, TENSOR_FLOAT } from './onnx-schema.js';

/** The opset the graph is written for: Gemm and Relu have had their current definitions since 13 / 14. */
export const OPSET_VERSION = 17;
/** IR version 8 is the one that goes with opset 17 (ONNX 1.12); onnxruntime 1.23 reads it. */
export const IR_VERSION = 8;
export const INPUT_NAME = 'input';
export const OUTPUT_NAME = 'logits';
/** The symbolic (dynamic) batch dimension. */
export const BATCH_DIM = 'batch';
/** metadata_props keys: the optimizer's registry name (`rmsprop`), */
export const METADATA_OPTIMIZER = 'isostep.optimizer';
/** the preset the config started from (`torch`; absent for a custom config), */
export const METADATA_PRESET = 'isostep.preset';
/** and the validated config, as JSON: together, enough to rebuild the spec with `fromPreset`. */
export const METADATA_CONFIG = 'isostep.config';

export interface ExportMlpOptions {
  /** What the model was trained with: recorded in metadata_props (optimizer, preset, config). */
  readonly spec: OptimizerSpec;
  readonly graphName?: string;
  readonly producerVersion?: string;
}

/**
 * Encodes an MLP (dense layers, ReLU between them, raw logits out) as an ONNX ModelProto:
 * `input` [batch, in] → (Gemm transB=1 → Relu)* → Gemm transB=1 → `logits` [batch, out].
 * Weights are stored as [out, in] float initializers with raw little-endian data, Gemm's transB applying
 * the transpose, exactly the nn.Linear convention, so the file needs no layout conversion.
 */
export function exportMlpToOnnx(
  sizes: readonly number[],
  params: ReadonlyMap<string, Float32Array>,
  options: ExportMlpOptions,
): Uint8Array {
  const layers = mlpLayers(sizes, params);
  if (typeof options !== 'object' || options === null || typeof options.spec?.optimizer?.name !== 'string') {
    throw new OnnxExportError('options.spec must be the OptimizerSpec the model was trained with (fromPreset, fromFrameworkArgs or customOptimizer)');
  }
  const nodes: object[] = [];
  const initializers: object[] = [];
  let current = INPUT_NAME;
  layers.forEach((layer, i) => {
    const last = i === layers.length - 1;
    const gemmOut = last ? OUTPUT_NAME : `${layer.name}.linear`;
    initializers.push(floatInitializer(`${layer.name}.weight`, [layer.outFeatures, layer.inFeatures], layer.weight));
    initializers.push(floatInitializer(`${layer.name}.bias`, [layer.outFeatures], layer.bias));
    nodes.push({
      name: `${layer.name}.gemm`,
      opType: 'Gemm',
      input: [current, `${layer.name}.weight`, `${layer.name}.bias`],
      output: [gemmOut],
      attribute: [{ name: 'transB', type: ATTRIBUTE_INT, i: 1 }],
    });
    current = gemmOut;
    if (!last) {
      const reluOut = `${layer.name}.relu`;
      nodes.push({ name: `${layer.name}.relu`, opType: 'Relu', input: [current], output: [reluOut] });
      current = reluOut;
    }
  });
  const first = layers[0]!;
  const final = layers[layers.length - 1]!;
  const model = {
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET_VERSION }],
    producerName: 'isostep',
    producerVersion: options.producerVersion ?? '0.1.0',
    graph: {
      name: options.graphName ?? 'mlp',
      node: nodes,
      initializer: initializers,
      input: [valueInfo(INPUT_NAME, first.inFeatures)],
      output: [valueInfo(OUTPUT_NAME, final.outFeatures)],
    },
    metadataProps: trainingMetadata(options.spec),
  };
  const type = modelProtoType();
  const problem = type.verify(model);
  if (problem !== null) throw new Error(`internal: ModelProto does not verify: ${problem}`);
  return type.encode(type.fromObject(model)).finish();
}

function trainingMetadata(spec: OptimizerSpec): { key: string; value: string }[] {
  return [
    { key: METADATA_OPTIMIZER, value: spec.optimizer.name },
    ...(spec.preset ? [{ key: METADATA_PRESET, value: spec.preset.name }] : []),
    { key: METADATA_CONFIG, value: JSON.stringify(spec.config) },
  ];
}

function floatInitializer(name: string, dims: number[], values: Float32Array): object {
  const raw = Buffer.alloc(values.length * 4);
  for (let i = 0; i < values.length; i++) raw.writeFloatLE(values[i]!, 4 * i);
  return { name, dims, dataType: TENSOR_FLOAT, rawData: raw };
}

function valueInfo(name: string, features: number): object {
  return {
    name,
    type: { tensorType: { elemType: TENSOR_FLOAT, shape: { dim: [{ dimParam: BATCH_DIM }, { dimValue: features }] } } },
  };
}

