import { cpuBackend } from '@isostep/reference-cpu';
import { describeConformance } from '../src/vitest/index.js';

// The exact reference against every committed trace: float32 traces on cpu-f32, float64 on cpu-f64
// (each backend skips the other dtype with its reason).
describeConformance('cpu-f32', async () => cpuBackend('float32'));
describeConformance('cpu-f64', async () => cpuBackend('float64'));
