/**
 * A stand-in for a backend that could not be loaded here: it reports every trace as skipped with the
 * reason, so `isostep conform --backend cpu-f32,webgpu` still runs the CPU and says why WebGPU did not.
 */
import type { ConformanceBackend } from '@isostep/spec';

export function unavailableBackend(name: string, reason: string): ConformanceBackend {
  const fail = (): never => {
    throw new Error(reason);
  };
  return {
    name,
    describe: async () => `unavailable: ${reason}`,
    unsupported: async () => reason,
    // Never reached: the runner asks `unsupported` first and skips.
    accuracy: fail,
    open: async () => fail(),
  };
}
