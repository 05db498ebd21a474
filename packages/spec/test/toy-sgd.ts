/**
 * A toy optimizer defined only here, in a test file of the spec: SGD with a heavy-ball buffer named
 * `velocity`, b ← μ·b + g, p ← p − lr·b (p ← p − lr·g without momentum). It uses no RMSprop name, slot
 * or scalar, so a backend that runs it (packages/integration) proves it is generic over the descriptor.
 */
import {
  BOOLEAN,
  FINITE_NON_NEGATIVE,
  IEEE,
  UNIT_INTERVAL,
  checkFields,
  customOptimizer,
  momentumUpdate,
  type ElementValues,
  type NumericsProfile,
  type OptimizerConfig,
  type OptimizerDescriptor,
  type OptimizerSpec,
} from '../src/index.js';

export interface ToySgdConfig extends OptimizerConfig {
  readonly lr: number;
  readonly momentum: number;
  readonly maximize: boolean;
}

const RULES = { lr: FINITE_NON_NEGATIVE, momentum: UNIT_INTERVAL, maximize: BOOLEAN };

export const TOY_PROFILE: NumericsProfile = {
  fused: {},
  float32Scalars: [],
  subnormals: 'preserve',
  accuracy: { float32: IEEE, float64: IEEE },
};

export const TOY_SGD: OptimizerDescriptor<ToySgdConfig, 'velocity'> = {
  name: 'toy-sgd',
  title: 'toy SGD',
  slotOrder: ['velocity'],
  scalarNames: ['stepSize', 'negStepSize', 'mu'],
  configKeys: ['lr', 'momentum', 'maximize'],
  validate: (config, names) => Object.freeze({ ...(checkFields('toy SGD', config, RULES, names) as unknown as ToySgdConfig) }),
  validateProfile: (profile) => profile,
  compile: (config) => ({
    slots: config.momentum > 0 ? ['velocity'] : [],
    initialValue: () => 0,
    scalars: (A, lr) => ({ stepSize: A.const(lr), negStepSize: A.const(-lr), mu: A.const(config.momentum) }),
    element<T>(A: Parameters<typeof momentumUpdate<T>>[0], s: Readonly<Record<string, T>>, e: ElementValues<T, 'velocity'>) {
      const g = config.maximize ? A.neg(e.g) : e.g;
      const next = momentumUpdate(
        A,
        { form: 'lr-outside', buffer: config.momentum > 0, nesterov: false, fusedApply: false },
        { p: e.p, b: e.velocity, lrTimesDirection: A.mul(s.stepSize!, g), direction: () => g },
        { momentum: s.mu!, lr: s.stepSize!, negLr: s.negStepSize! },
      );
      e.p = next.p;
      if (config.momentum > 0) e.velocity = next.b;
    },
  }),
  presets: {},
  frameworks: {},
  algorithmMarkdown: 'b ← μ·b + g; p ← p − lr·b',
  numericsMarkdown: 'IEEE, unfused.',
};

export function toySgd(config: ToySgdConfig): OptimizerSpec {
  return customOptimizer(TOY_SGD, config, TOY_PROFILE);
}
