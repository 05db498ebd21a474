/**
 * The SIMD kernel's work list: every tensor of a step cut into segments, the segments dealt out to the
 * threads in contiguous runs of near-equal size. A segment is what the kernel's table holds (see
 * `simd-kernel.ts`, `simd-kernel-f64.ts`): one byte offset per graph vector, in `graph.vectors` order,
 * then a count of 16-byte vectors (4 float32 or 2 float64 lanes).
 */

/** One parameter's vectors in the arena: a byte offset per graph vector, and its length in 16-byte vectors. */
export interface PlacedTensor {
  readonly offsets: readonly number[];
  readonly vectors: number;
}

/** Splits the tensors' 16-byte vectors into `parts` runs of near-equal size; each run is a list of segments. */
export function splitIntoSegments(tensors: readonly PlacedTensor[], total: number, parts: number): number[][][] {
  const out: number[][][] = Array.from({ length: parts }, () => []);
  let part = 0;
  let partEnd = Math.ceil(total / parts);
  let position = 0;
  for (const t of tensors) {
    let done = 0;
    while (done < t.vectors) {
      while (position >= partEnd && part < parts - 1) {
        part++;
        partEnd = Math.ceil(((part + 1) * total) / parts);
      }
      const take = Math.min(t.vectors - done, partEnd - position);
      out[part]!.push([...t.offsets.map((offset) => offset + done * 16), take]);
      done += take;
      position += take;
    }
  }
  return out;
}
