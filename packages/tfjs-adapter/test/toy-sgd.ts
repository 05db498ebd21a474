/**
 * A test-only optimizer that the spec does not ship: SGD with heavy-ball momentum, slot `velocity`
 * allocated only when momentum > 0. It exists to show that the adapter is generic: this descriptor
 * reaches `IsostepOptimizer` through `makeSpec` and runs with no line of the adapter knowing about it.
 *
 *   v ← μ·v + g;  p ← p − lr·v        (no slot when μ = 0: p ← p − lr·g)
 */
import {
  CORRECTLY_ROUNDED,
  FINITE_NON_NEGATIVE,
  UNIT_INTERVAL,
  checkFields,
  makeSpec,
  type Arith,
  type ElementValues,
  type NumericsProfile,
  type OptimizerDescriptor,
  type OptimizerSpec,
  type Preset,
  type StepScalarValues,
} from '@isostep/spec';

export interface ToySgdConfig {
  readonly lr: number;
  readonly momentum: number;
}

type Slot = 'velocity';

const PROFILE: NumericsProfile = {
  fused: {},
  float32Scalars: [],
  subnormals: 'preserve',
  accuracy: { float32: CORRECTLY_ROUNDED, float64: CORRECTLY_ROUNDED },
};

const PRESET: Preset<ToySgdConfig, Slot> = {
  optimizer: 'toy-sgd',
  name: 'plain',
  title: 'Toy SGD',
  provenance: { kind: 'source', repository: '(test)', file: 'test/toy-sgd.ts' },
  defaults: { lr: 0.1, momentum: 0 },
  args: { lr: 'lr', momentum: 'momentum' },
  slotNames: { velocity: 'velocity' },
  profile: PROFILE,
  notes: [],
};

export const TOY_SGD: OptimizerDescriptor<ToySgdConfig, Slot> = {
  name: 'toy-sgd',
  title: 'Toy SGD',
  slotOrder: ['velocity'],
  scalarNames: ['lr', 'momentum'],
  configKeys: ['lr', 'momentum'],
  validate: (config) => Object.freeze({ ...(checkFields('Toy SGD', config, { lr: FINITE_NON_NEGATIVE, momentum: UNIT_INTERVAL }) as unknown as ToySgdConfig) }),
  validateProfile: (profile) => profile,
  compile: (config) => ({
    slots: config.momentum > 0 ? ['velocity'] : [],
    initialValue: () => 0,
    scalars: (A, lr) => ({ lr: A.const(lr), momentum: A.const(config.momentum) }),
    element<T>(A: Arith<T>, s: StepScalarValues<T>, e: ElementValues<T, Slot>) {
      if (config.momentum > 0) {
        e.velocity = A.add(A.mul(s.momentum!, e.velocity), e.g);
        e.p = A.sub(e.p, A.mul(s.lr!, e.velocity));
      } else {
        e.p = A.sub(e.p, A.mul(s.lr!, e.g));
      }
    },
  }),
  presets: { plain: PRESET },
  frameworks: {},
  algorithmMarkdown: 'v ← μ·v + g; p ← p − lr·v',
  numericsMarkdown: 'correctly rounded, unfused',
};

/** A toy SGD spec with the preset's profile (the registry does not know this optimizer: `makeSpec` directly). */
export function toySgd(config: Partial<ToySgdConfig> = {}): OptimizerSpec<ToySgdConfig, Slot> {
  return makeSpec(TOY_SGD, TOY_SGD.validate({ ...PRESET.defaults, ...config }), PROFILE, PRESET);
}
