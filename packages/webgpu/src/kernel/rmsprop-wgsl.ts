/**
 * The RMSprop step as one WGSL compute kernel: a line-by-line translation of the spec's `elementStep`
 * (packages/spec/src/rmsprop/element-step.ts), same names, same op order. Every config flag and profile
 * choice is an override constant (see `overrides.ts`), so the pipeline compiler removes the branches a
 * preset does not take; the per-step scalars arrive in a uniform buffer (see `uniforms.ts`).
 *
 * One invocation per element of the packed parameter vector: all tensors of a model are concatenated,
 * so one dispatch steps the whole model. Slots a config does not allocate are bound to a 4-byte dummy
 * buffer and never touched (their reads sit behind a false override constant).
 */
export const WORKGROUP_SIZE = 256;

export const RMSPROP_WGSL = /* wgsl */ `
override MAXIMIZE: bool;
override WEIGHT_DECAY: u32;         // 0 none, 1 coupled, 2 decoupled (planStep: none when wd = 0)
override MEAN_SQUARE_INCREMENT: bool;
override CENTERED: bool;
override MEAN_GRAD_LERP: bool;
override LERP_FROM_START: bool;
override BIAS_CORRECTION: bool;
override EPS_PLACEMENT: u32;        // 0 outside, 1 inside, 2 inside-subtracted
override RECIPROCAL: bool;          // profile.root == 'rsqrt'
override LR_AFTER_NORMALIZE: bool;  // profile.lrSite == 'after-normalize'
override HAS_MOMENTUM: bool;
override MOMENTUM_FORM: u32;        // 0 lr-inside, 1 lr-outside, 2 optax-trace, 3 graves
override NESTEROV: bool;
override FUSE_WEIGHT_DECAY: bool;
override FUSE_MEAN_SQUARE: bool;
override FUSE_MEAN_GRAD: bool;
override FUSE_CENTERED_VARIANCE: bool;
override FUSE_MOMENTUM_APPLY: bool;

struct Scalars {
  lr: f32,
  negLr: f32,
  rho: f32,
  oneMinusRho: f32,
  oneMinusRhoMinusOne: f32,
  eps: f32,
  momentum: f32,
  weightDecay: f32,
  biasCorrection: f32,
  count: u32,
  rowStride: u32,
}

@group(0) @binding(0) var<uniform> s: Scalars;
@group(0) @binding(1) var<storage, read> grads: array<f32>;
@group(0) @binding(2) var<storage, read_write> params: array<f32>;
@group(0) @binding(3) var<storage, read_write> meanSquare: array<f32>;
@group(0) @binding(4) var<storage, read_write> meanGrad: array<f32>;
@group(0) @binding(5) var<storage, read_write> momentum: array<f32>;

fn centeredVariance(v: f32, m: f32) -> f32 {
  if (FUSE_CENTERED_VARIANCE) { return fma(-m, m, v); }
  return v - m * m;
}

@compute @workgroup_size(${WORKGROUP_SIZE})
fn step(@builtin(global_invocation_id) id: vec3u) {
  let i = id.y * s.rowStride + id.x;
  if (i >= s.count) { return; }
  var p = params[i];
  var g = grads[i];
  var v = meanSquare[i];
  var m = 0.0;
  var b = 0.0;
  if (CENTERED) { m = meanGrad[i]; }
  if (HAS_MOMENTUM) { b = momentum[i]; }

  // 1–2. gradient transforms
  if (MAXIMIZE) { g = -g; }
  if (WEIGHT_DECAY == 1u) {
    if (FUSE_WEIGHT_DECAY) { g = fma(p, s.weightDecay, g); } else { g = g + s.weightDecay * p; }
  } else if (WEIGHT_DECAY == 2u) {
    p = p - (p * s.weightDecay) * s.lr;
  }

  // 3. mean square
  if (!MEAN_SQUARE_INCREMENT) {
    if (FUSE_MEAN_SQUARE) { v = fma(s.oneMinusRho * g, g, v * s.rho); }
    else { v = s.rho * v + s.oneMinusRho * (g * g); }
  } else {
    let delta = g * g - v;
    if (FUSE_MEAN_SQUARE) { v = fma(delta, s.oneMinusRho, v); } else { v = v + delta * s.oneMinusRho; }
  }

  // 4. centered mean
  if (CENTERED) {
    if (MEAN_GRAD_LERP) {
      let diff = g - m;
      if (LERP_FROM_START) { m = fma(s.oneMinusRho, diff, m); } else { m = fma(s.oneMinusRhoMinusOne, diff, g); }
    } else if (!MEAN_SQUARE_INCREMENT) {
      m = s.rho * m + s.oneMinusRho * g;
    } else {
      let diff = g - m;
      if (FUSE_MEAN_GRAD) { m = fma(diff, s.oneMinusRho, m); } else { m = m + diff * s.oneMinusRho; }
    }
  }

  // 5. bias correction (optax)
  var vh = v;
  var mh = m;
  if (BIAS_CORRECTION) {
    vh = v / s.biasCorrection;
    if (CENTERED) { mh = m / s.biasCorrection; }
  }

  // 6. denominator d, or its reciprocal q (RECIPROCAL)
  var root: f32;
  if (EPS_PLACEMENT == 0u) {
    var variance = vh;
    if (CENTERED) { variance = centeredVariance(vh, mh); }
    let d = sqrt(variance) + s.eps;
    if (RECIPROCAL) { root = 1.0 / d; } else { root = d; }
  } else {
    var arg: f32;
    if (EPS_PLACEMENT == 2u && CENTERED) { arg = vh - (mh * mh + s.eps); }
    else if (CENTERED) { arg = centeredVariance(vh, mh) + s.eps; }
    else { arg = vh + s.eps; }
    if (RECIPROCAL) { root = inverseSqrt(arg); } else { root = sqrt(arg); }
  }

  // 7. the step: inc = lr·g/d in the profile's order
  var inc: f32;
  var gOverD: f32;
  if (RECIPROCAL) { gOverD = g * root; } else { gOverD = g / root; }
  if (LR_AFTER_NORMALIZE) { inc = gOverD * s.lr; }
  else if (RECIPROCAL) { inc = (g * s.lr) * root; }
  else { inc = (g * s.lr) / root; }

  if (MOMENTUM_FORM == 0u) {
    if (HAS_MOMENTUM) { b = b * s.momentum + inc; p = p - b; } else { p = p - inc; }
  } else if (MOMENTUM_FORM == 1u) {
    if (HAS_MOMENTUM) {
      b = b * s.momentum + gOverD;
      if (FUSE_MOMENTUM_APPLY) { p = fma(b, s.negLr, p); } else { p = p - s.lr * b; }
    } else { p = p - inc; }
  } else if (MOMENTUM_FORM == 2u) {
    let u = -inc;
    if (HAS_MOMENTUM) {
      b = u + s.momentum * b;
      if (NESTEROV) { p = p + (u + s.momentum * b); } else { p = p + b; }
    } else { p = p + u; }
  } else {
    if (HAS_MOMENTUM) { b = b * s.momentum - inc; p = p + b; } else { p = p - inc; }
  }

  params[i] = p;
  meanSquare[i] = v;
  if (CENTERED) { meanGrad[i] = m; }
  if (HAS_MOMENTUM) { momentum[i] = b; }
}
`;
