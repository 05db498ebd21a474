// Browser-safe: the readers of files on disk (read-idx-file.ts, load-mnist.ts) are exported by ../node.ts.
export { createRandom, createRandomFromState, type Random } from './random.js';
export { seededPermutation } from './shuffle.js';
export { parseIdx, IdxFormatError, type IdxTensor, type IdxDtype, type IdxData } from './idx.js';
export { labelledImagesFromIdx, MNIST_FILES, type Mnist, type LabelledImages } from './mnist.js';
