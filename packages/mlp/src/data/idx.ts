/**
 * IDX file parser (the MNIST container format, http://yann.lecun.com/exdb/mnist/).
 *
 * Layout: two zero bytes, a dtype code, the number of dimensions n, then n big-endian uint32 sizes, then the
 * data, big-endian, row-major. Every check names the file and the byte offset where the file went wrong,
 * because "RangeError: offset out of bounds" on a 47 MB download is not something a user can act on.
 */

export type IdxDtype = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface IdxTensor {
  readonly dtype: IdxDtype;
  readonly dims: readonly number[];
  readonly data: IdxData;
}

/** The IDX type codes (third magic byte) and their element sizes. */
const DTYPES: ReadonlyMap<number, { dtype: IdxDtype; bytes: number }> = new Map([
  [0x08, { dtype: 'uint8', bytes: 1 }],
  [0x09, { dtype: 'int8', bytes: 1 }],
  [0x0b, { dtype: 'int16', bytes: 2 }],
  [0x0c, { dtype: 'int32', bytes: 4 }],
  [0x0d, { dtype: 'float32', bytes: 4 }],
  [0x0e, { dtype: 'float64', bytes: 8 }],
]);

export class IdxFormatError extends Error {
  override readonly name = 'IdxFormatError';
  constructor(
    readonly file: string,
    readonly offset: number,
    detail: string,
  ) {
    super(`${file}: invalid IDX at byte ${offset}: ${detail}`);
  }
}

const HEADER_BYTES = 4;

/** Parses a whole IDX file. `file` is only used in error messages. */
export function parseIdx(bytes: Uint8Array, file: string): IdxTensor {
  if (bytes.length < HEADER_BYTES) {
    throw new IdxFormatError(file, bytes.length, `file ends inside the 4-byte magic number (${bytes.length} bytes)`);
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    const hint = bytes[0] === 0x1f && bytes[1] === 0x8b ? ' (this is gzip data: decompress it first)' : '';
    throw new IdxFormatError(file, 0, `magic number must start with two zero bytes${hint}`);
  }
  const code = bytes[2]!;
  const type = DTYPES.get(code);
  if (type === undefined) {
    throw new IdxFormatError(file, 2, `unknown dtype code 0x${code.toString(16).padStart(2, '0')}`);
  }
  const rank = bytes[3]!;
  if (rank === 0) throw new IdxFormatError(file, 3, 'number of dimensions is 0');

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dataStart = HEADER_BYTES + 4 * rank;
  if (bytes.length < dataStart) {
    throw new IdxFormatError(file, bytes.length, `file ends inside the ${rank} dimension sizes (need ${dataStart} header bytes)`);
  }
  const dims: number[] = [];
  let count = 1;
  for (let i = 0; i < rank; i++) {
    const size = view.getUint32(HEADER_BYTES + 4 * i, false);
    dims.push(size);
    count *= size;
  }
  const expected = dataStart + count * type.bytes;
  if (bytes.length < expected) {
    throw new IdxFormatError(
      file,
      bytes.length,
      `truncated: dims [${dims.join(', ')}] of ${type.dtype} need ${expected} bytes, file has ${bytes.length}`,
    );
  }
  if (bytes.length > expected) {
    throw new IdxFormatError(file, expected, `${bytes.length - expected} unexpected bytes after the data`);
  }
  return { dtype: type.dtype, dims, data: readData(view, dataStart, count, type.dtype) };
}

function readData(view: DataView, start: number, count: number, dtype: IdxDtype): IdxData {
  switch (dtype) {
    case 'uint8':
      return new Uint8Array(view.buffer.slice(view.byteOffset + start, view.byteOffset + start + count));
    case 'int8':
      return new Int8Array(view.buffer.slice(view.byteOffset + start, view.byteOffset + start + count));
    case 'int16': {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(start + 2 * i, false);
      return out;
    }
    case 'int32': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(start + 4 * i, false);
      return out;
    }
    case 'float32': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(start + 4 * i, false);
      return out;
    }
    case 'float64': {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(start + 8 * i, false);
      return out;
    }
  }
}
