export { GOLDEN_DIR, describeConformance, type ConformanceSuiteOptions } from './conformance-suite.js';
