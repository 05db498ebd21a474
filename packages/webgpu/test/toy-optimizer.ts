/**
 * A test-only optimizer the WebGPU backend has never heard of: heavy-ball momentum through a chain of
 * `depth` buffers (b₁ ← μ·b₁ + g, bₖ ← μ·bₖ + bₖ₋₁, p ← p − lr·b_depth). It exists to show that a new
 * descriptor runs on WebGPU with no backend change: its slots, scalars and element step are all the
 * backend sees.
 */
import { IEEE, customOptimizer, type NumericsProfile, type OptimizerConfig, type OptimizerDescriptor, type OptimizerSpec } from '@isostep/spec';

export interface ToyConfig extends OptimizerConfig {
  readonly lr: number;
  readonly mu: number;
}

export const TOY_PROFILE: NumericsProfile = {
  fused: {},
  float32Scalars: [],
  subnormals: 'preserve',
  accuracy: { float32: IEEE, float64: IEEE },
};

export function toyDescriptor(depth: number): OptimizerDescriptor<ToyConfig, string> {
  const slots = Array.from({ length: depth }, (_, k) => `velocity${k + 1}`);
  return {
    name: `toy-momentum-${depth}`,
    title: `Toy momentum (${depth} buffers)`,
    slotOrder: slots,
    scalarNames: ['lr', 'mu'],
    configKeys: ['lr', 'mu'],
    validate: (config) => Object.freeze({ ...(config as ToyConfig) }),
    validateProfile: (profile) => profile,
    compile: (config) => ({
      slots,
      // Non-zero initial values, so a backend that ignored initialValue would show it.
      initialValue: (slot) => 0.25 * Number(slot.slice('velocity'.length)),
      scalars: (A, lr) => ({ lr: A.const(lr), mu: A.const(config.mu) }),
      element(A, s, e) {
        let feed = e.g!;
        for (const slot of slots) {
          e[slot] = A.add(A.mul(s.mu!, e[slot]!), feed);
          feed = e[slot]!;
        }
        e.p = A.sub(e.p!, A.mul(s.lr!, feed));
      },
    }),
    presets: {},
    frameworks: {},
    algorithmMarkdown: '',
    numericsMarkdown: '',
  };
}

export function toySpec(depth: number, config: ToyConfig = { lr: 0.01, mu: 0.9 }): OptimizerSpec {
  return customOptimizer(toyDescriptor(depth), config, TOY_PROFILE);
}
