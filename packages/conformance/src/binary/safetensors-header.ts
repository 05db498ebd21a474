/**
 * A strict reader of the safetensors header (https://github.com/huggingface/safetensors, "Format"):
 *
 *   8 bytes   N, an unsigned little-endian 64-bit integer: the size of the header
 *   N bytes   a UTF-8 JSON object { "<tensor name>": { "dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end] },
 *             …, "__metadata__": { "<key>": "<string>" } (optional) }, possibly padded with trailing spaces
 *   the rest  the byte buffer: each tensor's little-endian, row-major data at [begin, end) of it
 *
 * Why our own reader: npm has no maintained safetensors package (the name `safetensors` is a 0.0.1
 * placeholder; Hugging Face's JS libraries read headers over HTTP from the Hub, not local files), and the
 * header is a documented JSON object of three fields. This reader enforces the same rules as the Rust
 * library's `SafeTensors::read_metadata`: the header is a JSON object, at most 100 MB, each entry has a
 * known dtype, a shape of non-negative integers and offsets whose length is shape × dtype size, and the
 * tensors cover the byte buffer exactly, without holes or overlaps. Pure (no file system): the file
 * reader is safetensors-file.ts.
 */

/** The dtypes a golden trace can hold, with their element size. Other safetensors dtypes are rejected. */
export const SAFETENSORS_DTYPES = { F32: 4, F64: 8 } as const;
export type SafetensorsDtype = keyof typeof SAFETENSORS_DTYPES;

/** The safetensors library refuses larger headers, so a writer never produces one. */
export const MAX_HEADER_BYTES = 100_000_000;

export interface SafetensorsEntry {
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
  /** Byte offsets into the data buffer (after the header). */
  readonly begin: number;
  readonly end: number;
}

export interface SafetensorsHeader {
  /** Where the data buffer starts in the file: 8 + N. */
  readonly dataStart: number;
  readonly tensors: ReadonlyMap<string, SafetensorsEntry>;
  readonly metadata: Readonly<Record<string, string>>;
}

/** A file that is not a valid safetensors file, or holds what a golden trace cannot (another dtype). */
export class SafetensorsFormatError extends Error {
  override readonly name = 'SafetensorsFormatError';
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: not a valid safetensors file for a golden trace: ${detail}`);
  }
}

/** N from the first 8 bytes; `fileSize` bounds it. */
export function headerLength(first8: Uint8Array, fileSize: number, file: string): number {
  if (first8.length < 8 || fileSize < 8) throw new SafetensorsFormatError(file, `the file has ${fileSize} bytes, fewer than the 8-byte header size`);
  const n = new DataView(first8.buffer, first8.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER_BYTES)) throw new SafetensorsFormatError(file, `the header size ${n} exceeds ${MAX_HEADER_BYTES} bytes`);
  if (Number(n) + 8 > fileSize) throw new SafetensorsFormatError(file, `the header size ${n} runs past the end of the file (${fileSize} bytes)`);
  return Number(n);
}

/** Parses and checks the N header bytes of a file of `fileSize` bytes. */
export function parseSafetensorsHeader(headerBytes: Uint8Array, fileSize: number, file: string): SafetensorsHeader {
  const bad = (detail: string): never => {
    throw new SafetensorsFormatError(file, detail);
  };
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(headerBytes));
  } catch (e) {
    bad(`the header is not UTF-8 JSON (${(e as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) bad('the header is not a JSON object');
  const dataStart = 8 + headerBytes.length;
  const dataBytes = fileSize - dataStart;
  const tensors = new Map<string, SafetensorsEntry>();
  let metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(json as Record<string, unknown>)) {
    if (name === '__metadata__') {
      metadata = parseMetadata(value, bad);
      continue;
    }
    tensors.set(name, parseEntry(name, value, bad));
  }
  // The buffer must be covered exactly: sorted by offset, each tensor starts where the previous ended.
  const sorted = [...tensors].sort(([, a], [, b]) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  for (const [name, e] of sorted) {
    if (e.begin !== at) bad(`tensor ${JSON.stringify(name)} starts at byte ${e.begin} of the data, expected ${at} (no holes or overlaps)`);
    at = e.end;
  }
  if (at !== dataBytes) bad(`the tensors cover ${at} bytes of data, the file holds ${dataBytes} after the header`);
  return { dataStart, tensors, metadata };
}

function parseMetadata(value: unknown, bad: (d: string) => never): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bad('__metadata__ is not an object');
  for (const [k, v] of Object.entries(value as object)) if (typeof v !== 'string') bad(`__metadata__.${k} is not a string`);
  return { ...(value as Record<string, string>) };
}

function parseEntry(name: string, value: unknown, bad: (d: string) => never): SafetensorsEntry {
  const where = `tensor ${JSON.stringify(name)}`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bad(`${where} is not an object`);
  const { dtype, shape, data_offsets: offsets } = value as Record<string, unknown>;
  if (typeof dtype !== 'string' || !Object.hasOwn(SAFETENSORS_DTYPES, dtype)) {
    bad(`${where} has dtype ${JSON.stringify(dtype)}; a golden trace holds ${Object.keys(SAFETENSORS_DTYPES).join(' or ')}`);
  }
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) bad(`${where} has a shape that is not an array of non-negative integers`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) || offsets[0] > offsets[1]) {
    bad(`${where} has data_offsets that are not [begin, end] with 0 <= begin <= end`);
  }
  const size = SAFETENSORS_DTYPES[dtype as SafetensorsDtype];
  const elements = (shape as number[]).reduce((n, d) => n * d, 1);
  const [begin, end] = offsets as [number, number];
  if (end - begin !== elements * size) bad(`${where}: data_offsets span ${end - begin} bytes, shape [${(shape as number[]).join(', ')}] of ${dtype} needs ${elements * size}`);
  return { dtype: dtype as SafetensorsDtype, shape: Object.freeze([...(shape as number[])]), begin, end };
}
