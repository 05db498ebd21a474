import { describe, expect, it } from 'vitest';
import type { IdxTensor } from './idx.js';
import { labelledImagesFromIdx } from './mnist.js';

const names = { images: 'imgs', labels: 'labs' };

function images(n: number, pixels: number[]): IdxTensor {
  return { dtype: 'uint8', dims: [n, 2, 2], data: Uint8Array.from(pixels) };
}

describe('labelledImagesFromIdx', () => {
  it('scales bytes to float32 p/255 and flattens 2×2 images', () => {
    const set = labelledImagesFromIdx(images(2, [0, 51, 255, 1, 2, 3, 4, 5]), { dtype: 'uint8', dims: [2], data: Uint8Array.from([3, 9]) }, names);
    expect(set.count).toBe(2);
    expect(set.features).toBe(4);
    expect(set.images[0]).toBe(0);
    expect(set.images[1]).toBe(Math.fround(0.2));
    expect(set.images[2]).toBe(1);
    expect([...set.labels]).toEqual([3, 9]);
  });

  it('keeps only the first `limit` examples', () => {
    const set = labelledImagesFromIdx(images(2, [0, 0, 0, 0, 255, 0, 0, 0]), { dtype: 'uint8', dims: [2], data: Uint8Array.from([1, 2]) }, names, 1);
    expect(set.count).toBe(1);
    expect(set.images.length).toBe(4);
  });

  it('rejects label/image count mismatches and non-digit labels, naming the file', () => {
    const imgs = images(2, new Array<number>(8).fill(0));
    expect(() => labelledImagesFromIdx(imgs, { dtype: 'uint8', dims: [3], data: new Uint8Array(3) }, names)).toThrow(/labs.*3 labels.*imgs.*2 images/);
    expect(() => labelledImagesFromIdx(imgs, { dtype: 'uint8', dims: [2], data: Uint8Array.from([1, 10]) }, names)).toThrow(/labs.*byte 9.*label 10/);
    expect(() => labelledImagesFromIdx(imgs, { dtype: 'int32', dims: [2], data: new Int32Array(2) }, names)).toThrow(/labs/);
  });
});
