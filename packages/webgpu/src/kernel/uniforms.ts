/**
 * The uniform block of the generated shader (`struct Step` in `wgsl-from-graph.ts`): the element count and
 * the row stride of the 2-D dispatch grid, then the scalar block (the step scalars, then the graph's
 * constants) as rows of vec4<f32>, which std140-style uniform layout packs without padding between them.
 * The values are the spec's own (`stepScalarBlock`: hyperparameters cast to float32, ρᵗ correctly rounded,
 * flushed where the profile flushes), so the shader does no arithmetic on constants.
 */
import { SCALARS_OFFSET } from './wgsl-from-graph.js';

export function encodeUniforms(bytes: number, count: number, rowStride: number, block: readonly number[]): ArrayBuffer {
  if (SCALARS_OFFSET + 4 * block.length > bytes) throw new Error(`scalar block of ${block.length} values does not fit ${bytes} uniform bytes`);
  const buf = new ArrayBuffer(bytes);
  const view = new DataView(buf);
  view.setUint32(0, count, true);
  view.setUint32(4, rowStride, true);
  block.forEach((x, k) => view.setFloat32(SCALARS_OFFSET + 4 * k, x, true));
  return buf;
}
