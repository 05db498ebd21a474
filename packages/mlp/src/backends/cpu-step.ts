import { createFastOptimizer, type FastArena } from '@isostep/reference-cpu/node';
import { specLabel, type OptimizerSpec } from '@isostep/spec';
import type { StepBackend } from './step-backend.js';

/** `--backend cpu`: the fast optimizer, float32, on the MLP's arena when there is one (no copies). */
export async function cpuStepBackend(spec: OptimizerSpec, arena: FastArena | undefined): Promise<StepBackend> {
  const optimizer = await createFastOptimizer(spec, { dtype: 'float32', ...(arena ? { arena } : {}) });
  return {
    optimizer,
    description: `optimizer step on the CPU: fast ${specLabel(spec)} (${optimizer.kernel === 'simd' ? 'WebAssembly SIMD' : 'JS'}, bit-identical to the float32 reference)`,
    dispose: async () => optimizer.dispose(),
  };
}
