export { Mlp, type LossTarget } from './mlp.js';
export { parseLayerSizes, mlpParamNames, LayerSpecError } from './layer-sizes.js';
export { initMlpParams } from './init.js';
export { softmaxCrossEntropy, meanSquaredError, meanAbsoluteError, type LossKind } from './losses.js';
export { denseForward, denseParamGrad, denseInputGrad, DenseScratch } from './dense-kernels.js';
export { type MlpOptions } from './mlp.js';
export { type DenseOps, JsDenseOps } from './dense-ops.js';
export { ArenaDenseOps } from './arena-dense-ops.js';
