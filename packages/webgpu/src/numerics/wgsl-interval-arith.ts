/**
 * Acceptance intervals for WGSL f32 arithmetic: the rules of the WGSL specification (quoted, with the
 * derivation, in the spec's WGSL_ACCURACY_MARKDOWN) as interval operations, the way the WebGPU CTS
 * builds its expectations. The conformance runner evaluates the spec's element step over these, so the
 * formula is still written once; this module only says what each WGSL operation may return.
 *
 * Beyond per-op accuracy, WGSL lets the compiler fuse a product into a sum and reassociate. To model that
 * op by op, each interval remembers the operation that produced it ("via"); a later op also evaluates the
 * fused or regrouped alternatives and returns the hull. Values crossing a step boundary go through
 * memory, so they are never regrouped: the step boundary is seen as the `pow` that an optimizer's
 * `program.scalars` evaluates once per step before any element (RMSprop's ρᵗ, computed whether or not bias
 * correction is on); an optimizer that calls no `pow` gets a model that is only wider, not wrong.
 *
 * Subnormals: the WebGPU backend's shader (generated from the step graph) flushes to signed zero exactly
 * where a flushing profile (TensorFlow, XLA) flushes, and keeps subnormals otherwise, where the device
 * may still flush them. Both are inside these intervals, which let every subnormal input and output be zero.
 */
import { NAN_ONLY, intervalArith, point, type Arith, type Dtype, type Interval, type OpAccuracy } from '@isostep/spec';
import { faithfulAdd, faithfulFma, faithfulMul } from './faithful.js';

const MIN_NORMAL = 2 ** -126;
const DIVISOR_RANGE = [2 ** -126, 2 ** 126] as const;
/** "an indeterminate value": anything, NaN included. */
const ANY: Interval = { lo: -Infinity, hi: Infinity, nan: true };

type Op = 'add' | 'sub' | 'mul' | 'div';
interface Node extends Interval {
  /** The operation that produced this value in the current step, for fusion and reassociation. */
  readonly via?: { readonly op: Op; readonly a: Node; readonly b: Node; readonly epoch: number };
}

const hasRange = (i: Interval) => i.lo <= i.hi;
const finite = (i: Interval) => !i.nan && hasRange(i) && Number.isFinite(i.lo) && Number.isFinite(i.hi);

function hull(xs: readonly Interval[]): Interval {
  let lo = Infinity;
  let hi = -Infinity;
  let nan = false;
  for (const x of xs) {
    if (x.lo < lo) lo = x.lo;
    if (x.hi > hi) hi = x.hi;
    nan ||= x.nan;
  }
  return { lo, hi, nan };
}

/** "Any inputs or outputs … may be flushed to zero": an interval holding a subnormal also holds 0. */
function mayFlush(i: Interval): Interval {
  if (!hasRange(i) || i.lo >= MIN_NORMAL || i.hi <= -MIN_NORMAL || (i.lo === 0 && i.hi === 0)) return i;
  return { lo: Math.min(i.lo, 0), hi: Math.max(i.hi, 0), nan: i.nan };
}

const ends = (i: Interval) => (i.lo === i.hi ? [i.lo] : [i.lo, i.hi]);
const widen = (lo: number, hi: number, r: readonly [number, number]): [number, number] => [Math.min(lo, r[0]), Math.max(hi, r[1])];

/** A monotone binary op over finite intervals, from its faithful result set at the corners. */
function corners(op: (a: number, b: number) => readonly [number, number]) {
  return (a: Interval, b: Interval): Interval => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const u of ends(a)) for (const v of ends(b)) [lo, hi] = widen(lo, hi, op(u, v));
    return { lo, hi, nan: false };
  };
}

/**
 * WGSL f32 interval arithmetic. `accuracy` is the runner's per-op table: the WGSL table (WGSL_F32)
 * combined with the framework's, so the framework's own values (e.g. XLA's 2-ulp rsqrt) are inside too.
 */
export function wgslIntervalArith(dtype: Dtype, accuracy: OpAccuracy): Arith<Interval> {
  if (dtype !== 'float32') throw new Error(`WGSL intervals are float32 only (WGSL has no f64); asked for ${dtype}`);
  // Declared per-op widening for ÷, √, inverseSqrt and pow; + − × and the fused a·b + c are rounded
  // "up or down" (faithful.ts), which is a point when the exact result is a float32.
  const widened = intervalArith('float32', accuracy);
  const base = {
    ...widened,
    add: corners(faithfulAdd),
    sub: corners((a, b) => faithfulAdd(a, -b)),
    mul: corners(faithfulMul),
    fma: (a: Interval, b: Interval, c: Interval) => {
      let lo = Infinity;
      let hi = -Infinity;
      for (const u of ends(a)) for (const v of ends(b)) for (const w of ends(c)) [lo, hi] = widen(lo, hi, faithfulFma(u, v, w));
      return { lo, hi, nan: false };
    },
  };
  // A framework's + − × and fma round to nearest (every table here declares them exact), which the
  // faithful candidates contain, so the table's add/sub/mul/fma entries add nothing.
  let epoch = 0;

  /** Finite-math assumption, then flushing of inputs and output around one base operation. */
  const guarded = (inputs: readonly Interval[], f: (...xs: Interval[]) => Interval): Interval => {
    if (!inputs.every(finite)) return ANY;
    const out = f(...inputs.map(mayFlush));
    return finite(out) ? mayFlush(out) : ANY;
  };
  const tag = (r: Interval, op: Op, a: Node, b: Node): Node => (r === ANY ? r : { ...r, via: { op, a, b, epoch } });
  const live = (x: Node, op: Op) => (x.via !== undefined && x.via.op === op && x.via.epoch === epoch ? x.via : undefined);

  const fused = (a: Interval, b: Interval, c: Interval) => guarded([a, b, c], base.fma);
  const neg = (x: Node): Node => {
    const r: Interval = { lo: -x.hi, hi: -x.lo, nan: x.nan };
    const m = live(x, 'mul') ?? live(x, 'div');
    // Negation is exact, so −(a·b) = (−a)·b keeps the product visible for fusion.
    return m ? { ...r, via: { ...m, a: neg(m.a) } } : r;
  };

  // depth 0: the op as written; its alternatives are evaluated at depth 1, which fuses but does not regroup again.
  function add(x: Node, y: Node, depth = 0): Node {
    const alts: Interval[] = [guarded([x, y], base.add)];
    const px = live(x, 'mul');
    const py = live(y, 'mul');
    if (px) alts.push(fused(px.a, px.b, y));
    if (py) alts.push(fused(py.a, py.b, x));
    if (depth === 0) {
      for (const [u, v] of [[x, y], [y, x]] as const) {
        const s = live(u, 'add');
        const d = live(u, 'sub');
        if (s) alts.push(add(s.a, add(s.b, v, 1), 1), add(add(s.a, v, 1), s.b, 1));
        if (d) alts.push(sub(d.a, sub(d.b, v, 1), 1), sub(add(d.a, v, 1), d.b, 1));
      }
    }
    return tag(hull(alts), 'add', x, y);
  }

  function sub(x: Node, y: Node, depth = 0): Node {
    const alts: Interval[] = [guarded([x, y], base.sub)];
    const px = live(x, 'mul');
    const py = live(y, 'mul');
    if (py) alts.push(fused(neg(py.a), py.b, x));
    if (px) alts.push(fused(px.a, px.b, neg(y)));
    if (depth === 0) {
      const ys = live(y, 'add');
      const yd = live(y, 'sub');
      const xs = live(x, 'add');
      const xd = live(x, 'sub');
      if (ys) alts.push(sub(sub(x, ys.a, 1), ys.b, 1));
      if (yd) alts.push(add(sub(x, yd.a, 1), yd.b, 1));
      if (xs) alts.push(add(xs.a, sub(xs.b, y, 1), 1), add(sub(xs.a, y, 1), xs.b, 1));
      if (xd) alts.push(sub(xd.a, add(xd.b, y, 1), 1), sub(sub(xd.a, y, 1), xd.b, 1));
    }
    return tag(hull(alts), 'sub', x, y);
  }

  function mul(x: Node, y: Node, depth = 0): Node {
    const alts: Interval[] = [guarded([x, y], base.mul)];
    if (depth === 0) {
      for (const [u, v] of [[x, y], [y, x]] as const) {
        const m = live(u, 'mul');
        const d = live(u, 'div');
        if (m) alts.push(mul(m.a, mul(m.b, v, 1), 1), mul(mul(m.a, v, 1), m.b, 1));
        if (d) alts.push(div(mul(d.a, v, 1), d.b, 1));
      }
    }
    return tag(hull(alts), 'mul', x, y);
  }

  function div(x: Node, y: Node, depth = 0): Node {
    // "2.5 ULP for |y| in the range [2^-126, 2^126]"; outside it the accuracy is undefined.
    const inRange = finite(y) && (y.lo >= DIVISOR_RANGE[0] || y.hi <= -DIVISOR_RANGE[0]) && Math.max(-y.lo, y.hi) <= DIVISOR_RANGE[1];
    const alts: Interval[] = [inRange ? guarded([x, y], base.div) : ANY];
    if (depth === 0) {
      const m = live(x, 'mul');
      const d = live(x, 'div');
      const ym = live(y, 'mul');
      if (m) alts.push(mul(m.a, div(m.b, y, 1), 1), mul(div(m.a, y, 1), m.b, 1));
      if (d) alts.push(div(d.a, mul(d.b, y, 1), 1));
      if (ym) alts.push(div(div(x, ym.a, 1), ym.b, 1));
    }
    return tag(hull(alts), 'div', x, y);
  }

  /** inverseSqrt: 2 ULP; no finite exact result for x ≤ 0, so anything there. */
  const rsqrt = (x: Interval): Interval => (finite(x) && x.lo > 0 ? guarded([x], base.rsqrt) : ANY);

  return {
    const: (v) => point(Math.fround(v)),
    add: (x, y) => add(x, y),
    sub: (x, y) => sub(x, y),
    mul: (x, y) => mul(x, y),
    div: (x, y) => div(x, y),
    // "Inherited from 1.0 / inverseSqrt(x)"; the hull with the declared per-op bound keeps the framework's root inside.
    sqrt: (x) => hull([div(point(1), rsqrt(x), 1), guarded([x], base.sqrt)]),
    rsqrt,
    // "Inherited from x * y + z", and fusing is allowed: the hull of both.
    fma: (a, b, c) => hull([fused(a, b, c), add(mul(a, b, 1), c, 1)]),
    pow: (a, n) => {
      epoch++; // stepScalars' ρᵗ: a new step begins (see the header)
      return hasRange(a) ? guarded([a], (x) => base.pow(x, n)) : NAN_ONLY;
    },
    neg,
    // WGSL max is exact on finite operands (NaN operands are indeterminate: `guarded` allows anything).
    max: (x, y) => guarded([x, y], base.max),
  };
}
