import * as ort from 'onnxruntime-node';
import { INPUT_NAME, OUTPUT_NAME } from './export-mlp.js';

/** Runs an exported MLP in onnxruntime-node (CPU) on `batch` rows of `input`; returns the float32 logits. */
export async function runOnnxLogits(model: Uint8Array, input: Float32Array, batch: number): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(model, { executionProviders: ['cpu'] });
  try {
    const features = input.length / batch;
    const feeds = { [INPUT_NAME]: new ort.Tensor('float32', input, [batch, features]) };
    const result = await session.run(feeds);
    const logits = result[OUTPUT_NAME];
    if (logits === undefined) throw new Error(`the model has no output named ${OUTPUT_NAME}`);
    return logits.data as Float32Array;
  } finally {
    await session.release();
  }
}
