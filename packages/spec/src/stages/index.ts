export * from './gradient.js';
export * from './moving-average.js';
export * from './bias-correction.js';
export * from './momentum.js';
