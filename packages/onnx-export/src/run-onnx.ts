import { INPUT_NAME, OUTPUT_NAME } from './export-mlp.js';

/** The package `runOnnxLogits` needs: an optional peer dependency, installed only to check exported models. */
export const ONNX_RUNTIME_PACKAGE = 'onnxruntime-node';

/** `runOnnxLogits` was called without `onnxruntime-node` installed (exporting needs nothing of it). */
export class MissingOnnxRuntimeError extends Error {
  override readonly name = 'MissingOnnxRuntimeError';
  readonly packageName = ONNX_RUNTIME_PACKAGE;
  constructor(cause?: unknown) {
    super(
      `running an exported model needs the package ${ONNX_RUNTIME_PACKAGE}, which is not installed ` +
        `(npm install ${ONNX_RUNTIME_PACKAGE}); exporting with exportMlpToOnnx does not need it`,
      cause === undefined ? undefined : { cause },
    );
  }
}

type OnnxRuntime = typeof import('onnxruntime-node');

async function loadOnnxRuntime(): Promise<OnnxRuntime> {
  try {
    return await import('onnxruntime-node');
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const message = error instanceof Error ? error.message : String(error);
    if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && message.includes(`'${ONNX_RUNTIME_PACKAGE}'`)) {
      throw new MissingOnnxRuntimeError(error);
    }
    throw error;
  }
}

/**
 * Runs an exported MLP in onnxruntime-node (CPU) on `batch` rows of `input`; returns the float32 logits.
 * `onnxruntime-node` is an optional peer dependency, loaded on the first call: without it this throws
 * `MissingOnnxRuntimeError`, naming the package to install.
 */
export async function runOnnxLogits(model: Uint8Array, input: Float32Array, batch: number): Promise<Float32Array> {
  const ort = await loadOnnxRuntime();
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
