/** The exact CPU reference as a conformance backend: `cpu-f32` and `cpu-f64`. Runs anywhere (browsers too). */
import { CORRECTLY_ROUNDED, checkDtype, type ConformanceBackend, type Dtype } from '@isostep/spec';
import { newTensor } from '../exact/dtype-arrays.js';
import { ReferenceOptimizer } from '../exact/reference-optimizer.js';
import { OptimizerSession } from './optimizer-session.js';
import { runtimeName } from './runtime.js';

export function cpuBackend(dtype: Dtype): ConformanceBackend {
  // 'float16' would otherwise name itself cpu-f64 and store float64 arrays.
  checkDtype(dtype, 'cpuBackend(dtype)');
  const name = dtype === 'float32' ? 'cpu-f32' : 'cpu-f64';
  const unsupported = (traceDtype: Dtype) => (traceDtype === dtype ? null : `${name} runs ${dtype} traces only; this trace is ${traceDtype}`);
  return {
    name,
    describe: async () => `@isostep/reference-cpu exact ${dtype} (${runtimeName()})`,
    unsupported: async (traceDtype) => unsupported(traceDtype),
    // Every operation correctly rounded, fma exact: the reference adds no error of its own.
    accuracy: () => CORRECTLY_ROUNDED,
    open: async (spec, traceDtype) => {
      const reason = unsupported(traceDtype);
      if (reason !== null) throw new Error(reason);
      return new OptimizerSession(new ReferenceOptimizer(spec, { dtype }), { allocate: (n) => newTensor(dtype, n), release: () => {} });
    },
  };
}
