export { createRandom, createRandomFromState, type Random } from './random.js';
export { seededPermutation } from './shuffle.js';
export { parseIdx, IdxFormatError, type IdxTensor, type IdxDtype, type IdxData } from './idx.js';
export { readIdxFile } from './read-idx-file.js';
export { loadMnist, labelledImagesFromIdx, MNIST_FILES, type Mnist, type LabelledImages } from './mnist.js';
