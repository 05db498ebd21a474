import { cpuFastBackend } from '@isostep/reference-cpu/node';
import { describeConformance } from '../src/vitest/index.js';

// The fast path (SIMD + threads for float32, compiled JS for float64) against every committed trace,
// both modes, held to the exact reference's accuracy claim (correctly rounded, exact fma).
describeConformance('cpu-fast', async () => cpuFastBackend());
