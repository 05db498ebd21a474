/**
 * Writes one safetensors file (Node), as the Rust library does: the JSON header padded with spaces so the
 * data starts at a multiple of 8 bytes, tensors back to back in the order given, little-endian. Values are
 * converted and written in bounded pieces, so writing a large tensor needs no second copy of it.
 */
import { open } from 'node:fs/promises';
import { SAFETENSORS_DTYPES, type SafetensorsDtype } from './safetensors-header.js';

export interface TensorToWrite {
  readonly name: string;
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
  /** Exact values of the dtype (a Float64Array of float32 values is rounded by Math.fround, which keeps them). */
  readonly values: Float32Array | Float64Array;
}

const PIECE_ELEMENTS = 1 << 16;

export async function writeSafetensors(path: string, tensors: readonly TensorToWrite[], metadata: Readonly<Record<string, string>> = {}): Promise<void> {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const t of tensors) {
    const elements = t.shape.reduce((n, d) => n * d, 1);
    if (elements !== t.values.length) throw new Error(`tensor ${JSON.stringify(t.name)}: ${t.values.length} values for shape [${t.shape.join(', ')}]`);
    const bytes = elements * SAFETENSORS_DTYPES[t.dtype];
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8);
  const headerBytes = Buffer.from(json, 'utf8');
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(headerBytes.length));
  const handle = await open(path, 'w');
  try {
    await handle.write(prefix);
    await handle.write(headerBytes);
    for (const t of tensors) {
      for (let start = 0; start < t.values.length; start += PIECE_ELEMENTS) {
        const piece = t.values.subarray(start, Math.min(t.values.length, start + PIECE_ELEMENTS));
        const typed = t.dtype === 'F32' ? (piece instanceof Float32Array ? piece : Float32Array.from(piece)) : piece instanceof Float64Array ? piece : Float64Array.from(piece);
        await handle.write(new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength));
      }
    }
  } finally {
    await handle.close();
  }
}
