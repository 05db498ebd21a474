import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { IdxFormatError, parseIdx } from './idx.js';
import { readIdxFile } from './read-idx-file.js';

/** Builds an IDX file byte by byte: magic [0, 0, code, rank], big-endian uint32 dims, then raw payload bytes. */
function idx(code: number, dims: number[], payload: number[]): Uint8Array {
  const header = [0, 0, code, dims.length];
  for (const d of dims) header.push((d >>> 24) & 255, (d >>> 16) & 255, (d >>> 8) & 255, d & 255);
  return Uint8Array.from([...header, ...payload]);
}

function errorOf(fn: () => unknown): IdxFormatError {
  try {
    fn();
  } catch (error) {
    if (error instanceof IdxFormatError) return error;
    throw error;
  }
  throw new Error('expected an IdxFormatError');
}

describe('parseIdx', () => {
  it('reads uint8 images with big-endian dims', () => {
    const t = parseIdx(idx(0x08, [2, 2, 3], [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]), 'imgs');
    expect(t.dtype).toBe('uint8');
    expect(t.dims).toEqual([2, 2, 3]);
    expect([...t.data]).toEqual([0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);
  });

  it('reads a dimension size above 255 (multi-byte, big-endian)', () => {
    const t = parseIdx(idx(0x08, [300], new Array<number>(300).fill(9)), 'labels');
    expect(t.dims).toEqual([300]);
    expect(t.data.length).toBe(300);
  });

  it('reads int16, int32, float32 and float64 payloads big-endian', () => {
    expect([...parseIdx(idx(0x0b, [2], [0x01, 0x02, 0xff, 0xfe]), 'a').data]).toEqual([258, -2]);
    expect([...parseIdx(idx(0x0c, [1], [0xff, 0xff, 0xff, 0xfd]), 'b').data]).toEqual([-3]);
    // 1.5f = 0x3FC00000; -2.0 (double) = 0xC000000000000000.
    expect([...parseIdx(idx(0x0d, [1], [0x3f, 0xc0, 0, 0]), 'c').data]).toEqual([1.5]);
    expect([...parseIdx(idx(0x0e, [1], [0xc0, 0, 0, 0, 0, 0, 0, 0]), 'd').data]).toEqual([-2]);
    expect(parseIdx(idx(0x09, [1], [0xff]), 'e').data[0]).toBe(-1);
  });

  it('reports a truncated payload with the file name and the offset where it ends', () => {
    const bytes = idx(0x08, [2, 28, 28], new Array<number>(1000).fill(0));
    const error = errorOf(() => parseIdx(bytes, 'train-images-idx3-ubyte'));
    expect(error.file).toBe('train-images-idx3-ubyte');
    expect(error.offset).toBe(16 + 1000);
    expect(error.message).toMatch(/train-images-idx3-ubyte.*byte 1016.*truncated.*1584/);
  });

  it('reports a file cut inside the header', () => {
    expect(errorOf(() => parseIdx(Uint8Array.from([0, 0]), 'f')).offset).toBe(2);
    const cut = idx(0x08, [5, 5], []).subarray(0, 9);
    const error = errorOf(() => parseIdx(cut, 'g'));
    expect(error.offset).toBe(9);
    expect(error.message).toMatch(/dimension sizes/);
  });

  it('rejects a wrong magic number, naming gzip when it sees gzip', () => {
    const bad = idx(0x08, [1], [1]);
    bad[1] = 8;
    expect(errorOf(() => parseIdx(bad, 'h')).offset).toBe(0);
    const gz = gzipSync(idx(0x08, [1], [1]));
    expect(errorOf(() => parseIdx(gz, 'i.gz')).message).toMatch(/gzip/);
  });

  it('rejects an unknown dtype code at byte 2, a zero rank at byte 3, and trailing bytes', () => {
    const unknown = errorOf(() => parseIdx(idx(0x0a, [1], [1]), 'j'));
    expect(unknown.offset).toBe(2);
    expect(unknown.message).toMatch(/0x0a/);
    expect(errorOf(() => parseIdx(Uint8Array.from([0, 0, 8, 0]), 'k')).offset).toBe(3);
    const trailing = errorOf(() => parseIdx(idx(0x08, [2], [1, 2, 3]), 'l'));
    expect(trailing.offset).toBe(10);
  });
});

describe('readIdxFile', () => {
  it('reads plain and gzipped files, and names the path in errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'idx-'));
    const plain = join(dir, 'labels-idx1-ubyte');
    const gz = join(dir, 'labels-idx1-ubyte.gz');
    writeFileSync(plain, idx(0x08, [3], [7, 2, 1]));
    writeFileSync(gz, gzipSync(idx(0x08, [3], [7, 2, 1])));
    expect([...readIdxFile(plain).data]).toEqual([7, 2, 1]);
    expect([...readIdxFile(gz).data]).toEqual([7, 2, 1]);
    const broken = join(dir, 'broken.gz');
    writeFileSync(broken, gzipSync(idx(0x08, [3], [7, 2])));
    expect(() => readIdxFile(broken)).toThrow(new RegExp(`${broken}.*byte 10`));
  });
});
