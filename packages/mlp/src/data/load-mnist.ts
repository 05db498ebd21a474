/** MNIST from the four IDX files on disk (Node only: node:fs); the bytes-to-dataset step is in mnist.ts. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MNIST_FILES, labelledImagesFromIdx, type LabelledImages, type Mnist } from './mnist.js';
import { readIdxFile } from './read-idx-file.js';

/** Loads MNIST from a directory holding the four IDX files (optionally with a `.gz` suffix). */
export function loadMnist(dir: string, limits: { train?: number; test?: number } = {}): Mnist {
  return {
    train: loadPair(join(dir, MNIST_FILES.trainImages), join(dir, MNIST_FILES.trainLabels), limits.train),
    test: loadPair(join(dir, MNIST_FILES.testImages), join(dir, MNIST_FILES.testLabels), limits.test),
  };
}

function loadPair(imagesName: string, labelsName: string, limit: number | undefined): LabelledImages {
  const imagesPath = withGzFallback(imagesName);
  const labelsPath = withGzFallback(labelsName);
  return labelledImagesFromIdx(readIdxFile(imagesPath), readIdxFile(labelsPath), { images: imagesPath, labels: labelsPath }, limit);
}

/** The plain file when it exists, else its `.gz` sibling when that exists, else the plain name (for the error). */
function withGzFallback(path: string): string {
  if (existsSync(path) || !existsSync(`${path}.gz`)) return path;
  return `${path}.gz`;
}
