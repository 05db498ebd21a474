import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { IdxFormatError, parseIdx, type IdxTensor } from './idx.js';

/** Reads an IDX file from disk, gunzipping it first when it is gzip (`*.gz` downloads of MNIST are). */
export function readIdxFile(path: string): IdxTensor {
  let bytes: Uint8Array = readFileSync(path);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      throw new IdxFormatError(path, 0, `gzip data does not decompress: ${(error as Error).message}`);
    }
  }
  return parseIdx(bytes, path);
}
