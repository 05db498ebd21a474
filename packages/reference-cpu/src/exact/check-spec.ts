/**
 * What an optimizer's constructor checks of its spec and dtype. A spec is made by the spec package
 * (`fromPreset`, `fromFrameworkArgs`, `customOptimizer`), already validated; this catches what TypeScript
 * cannot: a bare config passed where a spec belongs (the numerics would be missing, and nothing here may
 * fall back to a default profile), a spec whose config was edited after it was made, a misspelled dtype, and
 * a config whose hyperparameters leave their ranges once cast to the dtype (the spec's `checkConfigInDtype`).
 */
import { InvalidConfigError, checkConfigInDtype, checkDtype, type Dtype, type OptimizerSpec } from '@isostep/spec';

const MAKE_A_SPEC = "an OptimizerSpec, e.g. rmsprop('keras3', { lr: 0.1 }), fromPreset(...), fromFrameworkArgs(...) or customOptimizer(...)";

export function checkSpec(spec: OptimizerSpec, dtype: Dtype): void {
  const s = spec as Partial<OptimizerSpec> | null | undefined;
  if (typeof s !== 'object' || s === null || typeof s.optimizer?.validate !== 'function' || typeof s.program?.element !== 'function') {
    throw new InvalidConfigError('spec', spec, MAKE_A_SPEC);
  }
  // Re-validating is cheap and throws the spec's own error (naming the field) for an edited config.
  s.optimizer.validate(s.config);
  s.optimizer.validateProfile(s.profile!);
  checkDtype(dtype, 'dtype', s.optimizer.title);
  // The dtype is known now: a hyperparameter that leaves its range once cast (eps 1e-50 → 0 in float32) is refused.
  checkConfigInDtype(spec, dtype);
}
