/**
 * The flush-to-zero guard: input windows under which a flushing step graph provably never meets a
 * subnormal, so a kernel may run the graph WITHOUT its flush nodes and still give the flushing
 * reference's bits.
 *
 * Why this is exact: a flush node changes only a subnormal value. If, evaluated without flushes, no
 * operand and no result of any node is subnormal, every flush is the identity and the flushed and
 * unflushed evaluations agree node by node. NaN and ±∞ are not subnormal, and an operation with a NaN or
 * infinite operand gives NaN, ±∞ or 0 — never a subnormal — so they need no bound.
 *
 * The kernel (simd-kernel.ts) checks, per block of elements, that every vector input x is 0, ±∞/NaN
 * excluded, or lo ≤ |x| ≤ hi for its window; it takes the unflushed body for the block only then, and
 * the fully flushed body otherwise. This file finds windows for one step's scalars by interval analysis
 * over the graph. For every node it bounds the magnitude of its finite non-zero values, [lo, hi], with
 * what is known of its sign and whether it can be zero; a node is safe when lo ≥ 2⁻¹²⁶.
 *
 *  - ×, ÷, √, 1/√: monotone bounds (lo_a·lo_b, lo_a/hi_b, …), each shrunk by a rounding margin.
 *  - a + b of one sign (e.g. ρ·v + (1−ρ)·g² with v ≥ 0 known only through g·g): |a + b| ≥ max(|a|, |b|).
 *  - a + b of unknown signs (cancellation): the exact sum is a multiple of the smaller operand's quantum
 *    (ulp spacing), so a non-zero result is ≥ min(q(a), q(b)); and a subnormal result needs |a| and |b|
 *    within 2⁻¹²⁶ of each other with the smaller below 2⁻¹⁰³ (above it its quantum is ≥ 2⁻¹²⁶), so the
 *    sum is safe when either operand is bounded below by 2⁻¹⁰².
 *  - fma(a, b, c): the exact product has quantum q(a)·q(b) ≥ |a·b|·2⁻⁴⁸, so the same argument makes it safe
 *    when |a·b| or |c| is bounded below by 2⁻⁷⁸; with c = 0 the result is a·b rounded once.
 * Bounds are computed in float64 (exact enough: a margin of 2⁻²⁰ per rounding covers float32's 2⁻²⁴ and
 * float64's own error). Nothing here assumes typical values: only the windows the kernel checks and the
 * step's exact scalars.
 */
import type { GraphNode, StepGraph } from '@isostep/spec';

const MIN_NORMAL = 2 ** -126;
/** Above this, an operand's quantum (ulp spacing) is ≥ 2⁻¹²⁶: a sum with it cannot be subnormal. */
const ADD_SAFE = 2 ** -102;
/** Above this, |a·b| has quantum ≥ 2⁻¹²⁶ (see fma above). */
const FMA_SAFE = 2 ** -78;
const SHRINK = 1 - 2 ** -20;
const GROW = 1 + 2 ** -20;
const FLT_MAX = 3.4028234663852886e38;

/**
 * A window of magnitudes: each element of the vector must be 0, or lo ≤ |x| ≤ hi (finite); with
 * `nonNegative`, +0 or lo ≤ x ≤ hi (the kernel then checks the raw bits, so a negative value or −0 fails).
 */
export interface Window {
  readonly lo: number;
  readonly hi: number;
  readonly nonNegative?: boolean;
}

/** Abstract value: bounds on |x| over its finite non-zero values; sign +1 (≥ 0), −1 (≤ 0) or 0 (unknown). */
export interface Range {
  readonly lo: number;
  readonly hi: number;
  readonly sign: -1 | 0 | 1;
  readonly zero: boolean;
  /** Always 0 (a zero scalar): lo and hi say nothing. */
  readonly onlyZero: boolean;
}

const ZERO: Range = { lo: Infinity, hi: 0, sign: 0, zero: true, onlyZero: true };

/** The quantum (spacing of representable float32 values) at magnitudes ≥ lo, lo normal. */
function quantum(lo: number): number {
  let e = Math.floor(Math.log2(lo));
  if (2 ** e > lo) e--;
  if (2 ** (e + 1) <= lo) e++;
  return 2 ** (e - 23);
}

const mulSign = (a: Range['sign'], b: Range['sign']): Range['sign'] => (a * b) as Range['sign'];

/** a + b given each operand's range (b already negated for a subtraction); `q` are the operands' quanta. */
function addRanges(a: Range, b: Range, qa: number, qb: number, safeAbove: number, roundA: number, roundB: number): Range {
  if (a.onlyZero) return b;
  if (b.onlyZero) return a;
  const sameSign = a.sign !== 0 && a.sign === b.sign;
  // Candidates for the smallest non-zero |result|: one operand is 0 (the result is the other, rounded
  // once when it is an exact product), or neither is.
  const candidates: number[] = [];
  if (a.zero) candidates.push(b.lo * roundB);
  if (b.zero) candidates.push(a.lo * roundA);
  if (sameSign) candidates.push(Math.max(a.lo, b.lo) * SHRINK);
  else {
    const q = Math.min(qa, qb);
    candidates.push(Math.max(a.lo, b.lo) >= safeAbove ? Math.max(q, MIN_NORMAL) : q);
  }
  return {
    lo: Math.min(...candidates),
    hi: (a.hi + b.hi) * GROW,
    sign: sameSign ? a.sign : 0,
    zero: sameSign ? a.zero && b.zero : true,
    onlyZero: false,
  };
}

const neg = (r: Range): Range => ({ ...r, sign: (-r.sign || 0) as Range['sign'] });

function mulRange(a: Range, b: Range, same: boolean): Range {
  if (a.onlyZero || b.onlyZero) return ZERO;
  return { lo: a.lo * b.lo * SHRINK, hi: a.hi * b.hi * GROW, sign: same ? 1 : mulSign(a.sign, b.sign), zero: a.zero || b.zero, onlyZero: false };
}

/**
 * Ranges of every node for these input windows and scalar values; null as soon as one node may be
 * subnormal (or a scalar is, or is not finite: then no window helps).
 */
export function analyze(
  graph: StepGraph,
  scalars: readonly number[],
  windows: ReadonlyMap<string, Window>,
  /** Told which node could not be proved (for tests and for explaining a window). */
  onFail?: (node: GraphNode, range: Range | undefined) => void,
): Map<GraphNode, Range> | null {
  const ranges = new Map<GraphNode, Range>();
  const R = (n: GraphNode) => ranges.get(n)!;
  for (const n of graph.nodes) {
    let r: Range;
    switch (n.op) {
      case 'input': {
        const w = windows.get(n.name)!;
        r = { lo: w.lo, hi: w.hi, sign: w.nonNegative ? 1 : 0, zero: true, onlyZero: false };
        break;
      }
      case 'scalar': {
        const v = scalars[n.index]!;
        if (!Number.isFinite(v)) return onFail?.(n, undefined), null;
        r = v === 0 ? ZERO : { lo: Math.abs(v), hi: Math.abs(v), sign: v > 0 ? 1 : -1, zero: false, onlyZero: false };
        break;
      }
      case 'flush':
        // The identity on a value that is never subnormal (checked below for every node).
        r = R(n.args[0]);
        break;
      case 'neg':
        r = neg(R(n.args[0]));
        break;
      case 'sqrt': {
        const a = R(n.args[0]);
        r = a.onlyZero ? ZERO : { lo: Math.sqrt(a.lo) * SHRINK, hi: Math.sqrt(a.hi) * GROW, sign: 1, zero: a.zero, onlyZero: false };
        break;
      }
      case 'rsqrt': {
        // 1/√0 = ∞ and 1/√(negative) = NaN are special values; finite results come from a finite non-zero operand.
        const a = R(n.args[0]);
        // An operand that may overflow to +∞ gives 1/√∞ = 0.
        r = a.onlyZero ? { lo: Infinity, hi: 0, sign: 1, zero: false, onlyZero: false } : { lo: SHRINK / Math.sqrt(a.hi), hi: GROW / Math.sqrt(a.lo), sign: 1, zero: a.hi >= FLT_MAX, onlyZero: false };
        break;
      }
      case 'max': {
        const [a, b] = [R(n.args[0]), R(n.args[1])];
        // The result is one operand, bit for bit.
        const parts = [a, b].filter((x) => !x.onlyZero);
        const sign = a.sign === 1 || b.sign === 1 ? 1 : a.sign === -1 && b.sign === -1 ? -1 : 0;
        r = { lo: Math.min(...parts.map((x) => x.lo)), hi: Math.max(0, ...parts.map((x) => x.hi)), sign, zero: a.zero || b.zero, onlyZero: a.onlyZero && b.onlyZero };
        break;
      }
      case 'mul':
        r = mulRange(R(n.args[0]), R(n.args[1]), n.args[0] === n.args[1]);
        break;
      case 'div': {
        const [a, b] = [R(n.args[0]), R(n.args[1])];
        // x/0 is ±∞ or NaN and x/±∞ is 0: finite non-zero results need both operands finite non-zero.
        // A divisor that may overflow to ±∞ makes the quotient 0.
        r = a.onlyZero ? ZERO : b.onlyZero ? { lo: Infinity, hi: 0, sign: 0, zero: false, onlyZero: false } : { lo: (a.lo / b.hi) * SHRINK, hi: (a.hi / b.lo) * GROW, sign: mulSign(a.sign, b.sign), zero: a.zero || b.hi >= FLT_MAX, onlyZero: false };
        break;
      }
      case 'add':
      case 'sub': {
        const a = R(n.args[0]);
        const b = n.op === 'sub' ? neg(R(n.args[1])) : R(n.args[1]);
        r = addRanges(a, b, a.onlyZero ? Infinity : quantum(a.lo), b.onlyZero ? Infinity : quantum(b.lo), ADD_SAFE, 1, 1);
        break;
      }
      case 'fma': {
        const [a, b, c] = n.args.map(R) as [Range, Range, Range];
        // The exact product (not rounded) and its quantum, then one rounding of product + c.
        const product = a.onlyZero || b.onlyZero ? ZERO : { lo: a.lo * b.lo, hi: a.hi * b.hi, sign: n.args[0] === n.args[1] ? 1 : mulSign(a.sign, b.sign), zero: a.zero || b.zero, onlyZero: false } satisfies Range;
        const qProduct = product.onlyZero ? Infinity : quantum(a.lo) * quantum(b.lo);
        r = addRanges(product, c, qProduct, c.onlyZero ? Infinity : quantum(c.lo), FMA_SAFE, SHRINK, 1);
        break;
      }
      default:
        // An op kind this analysis does not know: never guess.
        return onFail?.(n, undefined), null;
    }
    // A cut (cancellationCuts): the kernel computes this node in its check pass (its operands are proved
    // above) and checks it against its window, so the node and everything past it see only those values.
    const cut = n.op !== 'input' ? windows.get(cutKey(n)) : undefined;
    if (cut && !r.onlyZero) r = { ...r, lo: Math.max(r.lo, cut.lo), hi: Math.min(r.hi, cut.hi) };
    if (!r.onlyZero && !(r.lo >= MIN_NORMAL)) return onFail?.(n, r), null;
    ranges.set(n, r);
  }
  return ranges;
}

/** The key of a cut node's window (input windows are keyed by the vector's name). */
export const cutKey = (n: GraphNode): string => `#${n.id}`;

const throughSignOnly = (n: GraphNode): GraphNode => (n.op === 'flush' || n.op === 'neg' ? throughSignOnly(n.args[0]) : n);

/**
 * Cancellation sites worth checking: an add, sub or fma whose operands can have opposite signs (so its
 * result can be tiny however large they are) and whose value is then multiplied or divided (so a tiny
 * value would go on to underflow: (g − m)·(1 − ρ), or m'² in centered RMSprop). The kernel computes them
 * in its check pass and checks them against their own windows, which bounds everything past them; a
 * site that only reaches an output or a sum needs no check (the add rule bounds it). Signs come from
 * the optimizer's non-negative slots and a representative scalar block (any cut set is sound; this one
 * is the useful one).
 */
export function cancellationCuts(graph: StepGraph, scalars: readonly number[], nonNegative: ReadonlySet<string>): GraphNode[] {
  if (!graph.flush) return [];
  const sign = new Map<GraphNode, number>();
  const S = (n: GraphNode) => sign.get(n)!;
  const same = (a: number, b: number) => a !== 0 && a === b;
  const sites = new Set<GraphNode>();
  const multiplied = new Set<GraphNode>();
  for (const n of graph.nodes) {
    let v = 0;
    switch (n.op) {
      case 'input':
        v = nonNegative.has(n.name) ? 1 : 0;
        break;
      case 'scalar':
        v = Math.sign(scalars[n.index] ?? 0) || 0;
        break;
      case 'flush':
        v = S(n.args[0]);
        break;
      case 'neg':
        v = -S(n.args[0]) || 0;
        break;
      case 'sqrt':
      case 'rsqrt':
        v = 1;
        break;
      case 'max':
        v = S(n.args[0]) === 1 || S(n.args[1]) === 1 ? 1 : S(n.args[0]) === -1 && S(n.args[1]) === -1 ? -1 : 0;
        break;
      case 'mul':
      case 'div':
        v = n.args[0] === n.args[1] ? 1 : S(n.args[0]) * S(n.args[1]);
        for (const a of n.args) multiplied.add(throughSignOnly(a));
        break;
      case 'add':
      case 'sub': {
        const b = n.op === 'sub' ? -S(n.args[1]) : S(n.args[1]);
        v = same(S(n.args[0]), b) ? b : 0;
        if (!same(S(n.args[0]), b)) sites.add(n);
        break;
      }
      case 'fma': {
        const product = n.args[0] === n.args[1] ? 1 : S(n.args[0]) * S(n.args[1]);
        v = same(product, S(n.args[2])) ? product : 0;
        if (!same(product, S(n.args[2]))) sites.add(n);
        multiplied.add(throughSignOnly(n.args[0]));
        multiplied.add(throughSignOnly(n.args[1]));
        break;
      }
    }
    sign.set(n, v);
  }
  const candidates = graph.nodes.filter((n) => sites.has(n) && multiplied.has(n));
  return fewestCuts(graph, scalars, nonNegative, candidates);
}

/** Windows typical of training data (gradients and parameters to 2⁻⁶⁰, mean squares to 2⁻¹²⁰), for choosing cuts only. */
const PROBE = { signed: { lo: 2 ** -60, hi: 2 ** 40 }, nonNegative: { lo: 2 ** -120, hi: 2 ** 80, nonNegative: true } } as const;

/**
 * Each cut costs the kernel's check pass a few ops per vector, so only the candidates the analysis needs
 * at typical windows are kept: while it fails, cut the candidate nearest upstream of the failing node
 * (all candidates if none is upstream). Any subset is sound; this one is small.
 */
function fewestCuts(graph: StepGraph, scalars: readonly number[], nonNegative: ReadonlySet<string>, candidates: readonly GraphNode[]): GraphNode[] {
  const chosen = new Set<GraphNode>();
  const upstream = (n: GraphNode, of: GraphNode): boolean => n === of || ('args' in of && of.args.some((a) => upstream(n, a)));
  for (;;) {
    const windows = new Map<string, Window>(graph.inputs.map((name) => [name, nonNegative.has(name) ? PROBE.nonNegative : PROBE.signed]));
    for (const c of chosen) windows.set(cutKey(c), PROBE.signed);
    let failed: GraphNode | undefined;
    if (analyze(graph, scalars, windows, (n) => (failed = n)) !== null) break;
    const next = failed && [...candidates].reverse().find((c) => !chosen.has(c) && upstream(c, failed!));
    if (!next) return [...candidates];
    chosen.add(next);
  }
  return candidates.filter((c) => chosen.has(c));
}

/** Exponents of a window: [2^−lo, 2^hi], hi = 128 meaning every finite float32. */
const windowOf = (lo: number, hi: number, nonNegative: boolean): Window => ({ lo: 2 ** -lo, hi: hi >= 128 ? FLT_MAX : 2 ** hi, nonNegative });

/**
 * The items the kernel checks, in two groups that each share one window (and one pair of accumulators
 * in the kernel, which keeps its check pass in registers): 'signed' — the read vectors not declared
 * non-negative and every cut, checked on |x|; 'nonNegative' — the slots the optimizer declares never
 * negative (`nonNegativeSlots`: mean squares, accumulators), checked on the raw bits so a negative
 * value (or −0) fails. Sign-checked mean squares keep v + ε from looking like a cancellation.
 */
export function guardItems(graph: StepGraph, nonNegative: ReadonlySet<string>, cuts: readonly GraphNode[]): { key: string; group: GuardGroup }[] {
  return [
    ...[...new Set(graph.inputs)].map((name) => ({ key: name, group: nonNegative.has(name) ? ('nonNegative' as const) : ('signed' as const) })),
    ...cuts.map((n) => ({ key: cutKey(n), group: 'signed' as const })),
  ];
}
export type GuardGroup = 'signed' | 'nonNegative';
export const GUARD_GROUPS: readonly GuardGroup[] = ['signed', 'nonNegative'];

/**
 * Windows at these scalars, as wide as a greedy search finds: one window per group (guardItems). The
 * groups compete (a wider mean-square window can need a narrower gradient one), so the search is
 * balanced and ordered by what training data needs: each group's lower end is widened in turn by a step
 * (halved when no group can take it) with the upper ends at 2¹⁶, then the upper ends the same way. Small
 * magnitudes (decaying averages, tiny gradients) are common; magnitudes above 2¹⁶ are rare. The analysis
 * is monotone in the windows, so each accepted widening stays proved. Null when [2⁻⁴, 2¹⁶] cannot be
 * proved. The result maps every item's key to its group's window.
 */
export function guardWindows(
  graph: StepGraph,
  scalars: readonly number[],
  nonNegative: ReadonlySet<string> = new Set(),
  cuts: readonly GraphNode[] = [],
): Map<string, Window> | null {
  if (!graph.flush) return null;
  const items = guardItems(graph, nonNegative, cuts);
  const groups = GUARD_GROUPS.filter((gr) => items.some((i) => i.group === gr));
  const exps = new Map(groups.map((gr) => [gr, { lo: 4, hi: 16 }]));
  const windows = () => new Map(items.map((i) => [i.key, windowOf(exps.get(i.group)!.lo, exps.get(i.group)!.hi, i.group === 'nonNegative')]));
  const ok = () => analyze(graph, scalars, windows()) !== null;
  if (!ok()) return null;
  const LIMIT = { lo: 126, hi: 128 } as const;
  for (const side of ['lo', 'hi'] as const) {
    for (let step = 32; step >= 1; step >>= 1) {
      for (let progress = true; progress; ) {
        progress = false;
        for (const e of exps.values()) {
          if (e[side] + step > LIMIT[side]) continue;
          e[side] += step;
          if (ok()) progress = true;
          else e[side] -= step;
        }
      }
    }
  }
  // Back off from the edge found: windows proved with a little room keep holding when the scalars move a
  // little (Adam's bias corrections, an lr schedule), so later steps re-check them in one analysis
  // instead of searching again. Narrower windows are always still proved (monotone).
  for (const e of exps.values()) {
    e.lo = Math.max(4, e.lo - MARGIN_EXPONENTS);
    e.hi = Math.max(16, e.hi - MARGIN_EXPONENTS);
  }
  return windows();
}

/** Binary orders of magnitude given back at each widened window end (see guardWindows). */
const MARGIN_EXPONENTS = 2;

/** Whether `windows` (proved for earlier scalars) still hold at these: one analysis instead of a search. */
export function windowsHold(graph: StepGraph, scalars: readonly number[], windows: ReadonlyMap<string, Window>): boolean {
  return analyze(graph, scalars, windows) !== null;
}

/** The float32 bit pattern of a positive number (a window end, exactly representable or FLT_MAX). */
export function float32Bits(x: number): number {
  return new Int32Array(new Float32Array([x]).buffer)[0]!;
}
