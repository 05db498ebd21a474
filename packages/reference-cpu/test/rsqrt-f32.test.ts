/**
 * The fast float32 rsqrt (src/fast/rsqrt-f32.ts) against the reference's `Math.fround(1 / Math.sqrt(x))`.
 *
 * The harness does per vector what the kernel does per block: the estimate flags lanes in a fail mask,
 * and flagged lanes take the reference's own chain (`emitRsqrtF32Exact`).
 * 1. Every float32 in [1, 4), all 2²⁴ mantissas of both exponent parities: every positive finite input
 *    (subnormals too) is one of these times an exact power of 4, for the fast path and the reference alike
 *    (see the module's comment), so this sweep decides every rounding case. It also counts the flagged
 *    lanes: some must be, and few.
 * 2. Edge inputs: each binade's ends, subnormals, zeros, negatives, infinities, NaNs with payloads; every
 *    special lane must be flagged rather than pass with some value.
 * 3. The sweep can fail: without the margin, or with the flags ignored, it finds the mismatches.
 * 4. The same for the fused f32x4 estimate (`emitRsqrtF32Fused`, failed lanes flagged rather than redone),
 *    where relaxed_madd is proved fused: unflagged lanes over [1, 4) and over the whole range without the
 *    scaling argument (binade ends, subnormals, the top, random patterns), special inputs flagged, and a
 *    mutation (no margin, no (3/8)e² term) that the sweeps catch.
 */
import { describe, expect, it } from 'vitest';
import { probeRelaxedMadd } from '../src/fast/madd-probe.js';
import {
  emitRsqrtConstants,
  emitRsqrtF32,
  emitRsqrtF32Exact,
  emitRsqrtF32Fused,
  emitRsqrtFusedConstants,
  type RsqrtEmitContext,
} from '../src/fast/rsqrt-f32.js';
import { assembleModule, memarg, OP, SIMD, simd, sleb, TYPE, uleb } from '../src/fast/wasm-encoding.js';

interface Variant {
  readonly exact?: boolean;
  readonly margin?: number;
  /** false (a mutation): keep the estimate in flagged lanes instead of the exact chain. */
  readonly redoFlagged?: boolean;
  /** x and out the same local. */
  readonly inPlace?: boolean;
}

const CHUNK = 1 << 20; // floats per call
const SRC = 0;
const DST = CHUNK * 4;
const COUNT_AT = 2 * CHUNK * 4;
const PAGES = Math.ceil((COUNT_AT + 16) / 65536);

/** A code buffer and the emit context over it; fresh locals are numbered from `firstTemp`. */
function emitContext(firstTemp: number): { ctx: RsqrtEmitContext; body: number[]; temps: () => number } {
  let next = firstTemp;
  const body: number[] = [];
  const ctx: RsqrtEmitContext = {
    emit: (...code) => code.forEach((c) => body.push(...c)),
    get: (l) => [OP.localGet, ...uleb(l)],
    set: (l) => [OP.localSet, ...uleb(l)],
    temp: () => next++,
  };
  return { ctx, body, temps: () => next - firstTemp };
}

/** `run(n)`: dst[i] = rsqrt(src[i]) for n floats; returns how many lanes were flagged. */
function instantiate(variant: Variant = {}): { src: Float32Array; dst: Float32Array; run: (n: number) => number } {
  const [SRC_P, DST_P, BYTES, COUNT_P, I] = [0, 1, 2, 3, 4];
  const { ctx, body, temps } = emitContext(5);
  const { emit, get, set } = ctx;
  const X = ctx.temp();
  const OUT = variant.inPlace ? X : ctx.temp();
  const COUNT = ctx.temp();
  const FAIL = ctx.temp();
  const EXACT = ctx.temp();
  const k = emitRsqrtConstants(ctx, variant.margin);
  emit(simd(SIMD.v128Const), new Array<number>(16).fill(0), set(COUNT));
  emit([OP.block, TYPE.blockEmpty, OP.loop, TYPE.blockEmpty], get(I), get(BYTES), [OP.i32GeU, OP.brIf, 1]);
  emit(get(SRC_P), get(I), [OP.i32Add], simd(SIMD.v128Load), memarg(4), set(X));
  if (variant.exact) emitRsqrtF32Exact(ctx, k, X, OUT);
  else {
    // The exact chain first (the estimate may overwrite x in place), then the estimate and its flags.
    emitRsqrtF32Exact(ctx, k, X, EXACT);
    emit(simd(SIMD.v128Const), new Array<number>(16).fill(0), set(FAIL));
    emitRsqrtF32(ctx, k, X, OUT, { failInto: FAIL });
    // Flagged lanes take the exact chain (the kernel redoes their block with it); the mask is −1 in a
    // flagged lane, so count − mask counts them.
    if (variant.redoFlagged !== false) emit(get(EXACT), get(OUT), get(FAIL), simd(SIMD.v128Bitselect), set(OUT));
    emit(get(COUNT), get(FAIL), simd(SIMD.i32x4Sub), set(COUNT));
  }
  emit(get(DST_P), get(I), [OP.i32Add], get(OUT), simd(SIMD.v128Store), memarg(4));
  emit(get(I), [OP.i32Const, ...sleb(16), OP.i32Add], set(I), [OP.br, 0, OP.end, OP.end]);
  emit(get(COUNT_P), get(COUNT), simd(SIMD.v128Store), memarg(4));
  const bytes = assembleModule(
    { minPages: PAGES, maxPages: PAGES },
    {
      params: [TYPE.i32, TYPE.i32, TYPE.i32, TYPE.i32],
      locals: [
        [1, TYPE.i32],
        [temps(), TYPE.v128],
      ],
      body,
      exportName: 'rsqrt',
    },
  );
  const memory = new WebAssembly.Memory({ initial: PAGES, maximum: PAGES, shared: true });
  const fn = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports.rsqrt as (...args: number[]) => void;
  const counts = new Int32Array(memory.buffer, COUNT_AT, 4);
  return {
    src: new Float32Array(memory.buffer, SRC, CHUNK),
    dst: new Float32Array(memory.buffer, DST, CHUNK),
    run: (n) => {
      if (n % 4 !== 0 || n > CHUNK) throw new RangeError(`run: ${n} floats`);
      fn(SRC, DST, n * 4, COUNT_AT);
      return counts.reduce((a, b) => a + b, 0);
    },
  };
}

const bitsOf = (x: number) => new Uint32Array(new Float32Array([x]).buffer)[0]!;
const fromBits = (b: number) => new Float32Array(new Uint32Array([b >>> 0]).buffer)[0]!;
const hex = (b: number) => `0x${(b >>> 0).toString(16).padStart(8, '0')}`;
const reference = (x: number) => Math.fround(1 / Math.sqrt(x));

/** All 2²⁴ float32 bit patterns from 1.0 (0x3f800000) up to 4.0: mismatches (the first few) and flagged lanes. */
function sweep(variant: Variant): { mismatches: number; examples: string[]; flaggedLanes: number } {
  const { src, dst, run } = instantiate(variant);
  const srcBits = new Uint32Array(src.buffer, src.byteOffset, CHUNK);
  const dstBits = new Uint32Array(dst.buffer, dst.byteOffset, CHUNK);
  // Storing into a Float32Array is the reference's fround.
  const want = new Float32Array(CHUNK);
  const wantBits = new Uint32Array(want.buffer);
  const examples: string[] = [];
  let mismatches = 0;
  let flaggedLanes = 0;
  for (let start = 0x3f800000; start < 0x40800000; start += CHUNK) {
    for (let i = 0; i < CHUNK; i++) srcBits[i] = start + i;
    flaggedLanes += run(CHUNK);
    for (let i = 0; i < CHUNK; i++) want[i] = 1 / Math.sqrt(src[i]!);
    for (let i = 0; i < CHUNK; i++) {
      if (dstBits[i] === wantBits[i]) continue;
      if (mismatches++ < 5) examples.push(`rsqrt(${hex(start + i)}) = ${hex(dstBits[i]!)}, reference ${hex(wantBits[i]!)}`);
    }
  }
  return { mismatches, examples, flaggedLanes };
}

/** Edge inputs as bit patterns (a multiple of 4 long). */
function edgeBits(): number[] {
  const out: number[] = [];
  for (let e = 0; e < 255; e++) {
    for (let m = 0; m < 4; m++) out.push((e << 23) | m, (e << 23) | (0x7fffff - m));
  }
  for (let m = 0; m < 0x800000; m += 997) out.push(m); // subnormals in a stride
  out.push(1, 2, 3, 0x7fffff, 0x400000, 0x00800000, 0x7f7fffff, 0x7f7ffffe, 0x3f800000, 0x40800000, 0x3f7fffff);
  const all = [...out, ...out.map((b) => (b | 0x80000000) >>> 0), ...SPECIALS];
  while (all.length % 4 !== 0) all.push(0x3f800000);
  return all;
}

/** Zeros, infinities, negatives, NaNs with payloads (quiet and signalling, both signs). */
const SPECIALS = [0, 0x80000000, 0x7f800000, 0xff800000, 0xbf800000, 0x80000001, 0xff7fffff, 0x7fc00000, 0xffc00000, 0x7fc12345, 0x7f800001, 0x7fbfffff, 0xff812345, 0xffffffff, 0xbf800000, 0x80800000];

describe('the fast float32 rsqrt', () => {
  it('gives the reference bits for every float32 in [1, 4), flagging some lanes and rarely', () => {
    const t0 = performance.now();
    const { examples, flaggedLanes } = sweep({});
    expect(examples).toEqual([]);
    expect(flaggedLanes).toBeGreaterThan(0);
    expect(flaggedLanes).toBeLessThan(2 ** 24 / 100);
    console.log(`rsqrt sweep: ${flaggedLanes} of 2^24 lanes flagged (${Math.round(performance.now() - t0)} ms)`);
  });

  it('gives the reference bits at binade ends, subnormals, zeros, negatives, infinities and NaNs (also in place)', () => {
    const bits = edgeBits();
    const exact = instantiate({ exact: true });
    for (const variant of [{}, { inPlace: true }]) {
      const fast = instantiate(variant);
      for (const m of [fast, exact]) {
        new Uint32Array(m.src.buffer, m.src.byteOffset, bits.length).set(bits);
        m.run(bits.length);
      }
      const got = new Uint32Array(fast.dst.buffer, fast.dst.byteOffset, bits.length);
      const chain = new Uint32Array(exact.dst.buffer, exact.dst.byteOffset, bits.length);
      const bad: string[] = [];
      bits.forEach((b, i) => {
        const want = reference(fromBits(b));
        const ok = Number.isNaN(want) ? Number.isNaN(fromBits(got[i]!)) : got[i] === bitsOf(want);
        // NaN bits are the host's; flagged lanes take the exact chain, so they must be that chain's.
        if (!ok || got[i] !== chain[i]) bad.push(`rsqrt(${hex(b)}) = ${hex(got[i]!)}, reference ${hex(bitsOf(want))}, f64 chain ${hex(chain[i]!)}`);
      });
      expect(bad.slice(0, 5)).toEqual([]);
    }
  });

  it('flags every lane with a special input (zeros, infinities, negatives, NaNs)', () => {
    const fast = instantiate();
    new Uint32Array(fast.src.buffer, fast.src.byteOffset, SPECIALS.length).set(SPECIALS);
    expect(fast.run(SPECIALS.length)).toBe(SPECIALS.length);
    // A vector of ordinary values does not.
    fast.src.set([1, 2, 0.5, 1e-30]);
    expect(fast.run(4)).toBe(0);
  });

  it('can fail: with no margin, or with the flags ignored, the sweep finds mismatches', () => {
    const noMargin = sweep({ margin: 0 });
    expect(noMargin.flaggedLanes).toBe(0);
    expect(noMargin.mismatches).toBeGreaterThan(0);
    const flagsIgnored = sweep({ redoFlagged: false });
    expect(flagsIgnored.mismatches).toBeGreaterThan(0);
    console.log(`rsqrt sweep mutations: ${noMargin.mismatches} mismatches with δ = 0, ${flagsIgnored.mismatches} with the flags ignored`);
  });
});

/** `run(n)`: dst[i] = the fused estimate of rsqrt(src[i]), flags[i] = −1 where its lane failed. */
function instantiateFused(margin?: number, secondOrder?: boolean): { src: Uint32Array; dst: Uint32Array; flags: Int32Array; run: (n: number) => void } {
  const [SRC_P, DST_P, FLAGS_P, BYTES, I] = [0, 1, 2, 3, 4];
  const { ctx, body, temps } = emitContext(5);
  const { emit, get, set } = ctx;
  const X = ctx.temp();
  const FAIL = ctx.temp();
  const k = emitRsqrtFusedConstants(ctx, margin);
  emit([OP.block, TYPE.blockEmpty, OP.loop, TYPE.blockEmpty], get(I), get(BYTES), [OP.i32GeU, OP.brIf, 1]);
  emit(get(SRC_P), get(I), [OP.i32Add], simd(SIMD.v128Load), memarg(4), set(X));
  emit(simd(SIMD.v128Const), new Array<number>(16).fill(0), set(FAIL));
  // In place (out = x), as the kernel may.
  emitRsqrtF32Fused(ctx, k, X, X, { failInto: FAIL, ...(secondOrder === undefined ? {} : { secondOrder }) });
  emit(get(DST_P), get(I), [OP.i32Add], get(X), simd(SIMD.v128Store), memarg(4));
  emit(get(FLAGS_P), get(I), [OP.i32Add], get(FAIL), simd(SIMD.v128Store), memarg(4));
  emit(get(I), [OP.i32Const, ...sleb(16), OP.i32Add], set(I), [OP.br, 0, OP.end, OP.end]);
  const pages = Math.ceil((3 * CHUNK * 4) / 65536);
  const bytes = assembleModule(
    { minPages: pages, maxPages: pages },
    { params: [TYPE.i32, TYPE.i32, TYPE.i32, TYPE.i32], locals: [[1, TYPE.i32], [temps(), TYPE.v128]], body, exportName: 'rsqrt' },
  );
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  const fn = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports.rsqrt as (...args: number[]) => void;
  return {
    src: new Uint32Array(memory.buffer, 0, CHUNK),
    dst: new Uint32Array(memory.buffer, CHUNK * 4, CHUNK),
    flags: new Int32Array(memory.buffer, 2 * CHUNK * 4, CHUNK),
    run: (n) => {
      if (n % 4 !== 0 || n > CHUNK) throw new RangeError(`run: ${n} floats`);
      fn(0, CHUNK * 4, 2 * CHUNK * 4, n * 4);
    },
  };
}

/** Runs the fused estimate over chunks of bit patterns (each filled into src, n a multiple of 4): mismatches on unflagged lanes and flagged lanes. */
function checkFused(
  margin: number | undefined,
  chunks: Iterable<(src: Uint32Array) => number>,
  secondOrder?: boolean,
): { mismatches: number; examples: string[]; flagged: number } {
  const fast = instantiateFused(margin, secondOrder);
  const want = new Float32Array(CHUNK);
  const wantBits = new Uint32Array(want.buffer);
  const srcF = new Float32Array(fast.src.buffer, fast.src.byteOffset, CHUNK);
  const examples: string[] = [];
  let mismatches = 0;
  let flagged = 0;
  for (const fill of chunks) {
    const n = fill(fast.src);
    fast.run(n);
    for (let i = 0; i < n; i++) want[i] = 1 / Math.sqrt(srcF[i]!);
    for (let i = 0; i < n; i++) {
      if (fast.flags[i] !== 0) flagged++;
      else if (fast.dst[i] !== wantBits[i] && mismatches++ < 5) examples.push(`rsqrt(${hex(fast.src[i]!)}) = ${hex(fast.dst[i]!)}, reference ${hex(wantBits[i]!)}`);
    }
  }
  return { mismatches, examples, flagged };
}

/** Every float32 in [1, 4), 2²⁰ at a time. */
function* allOneToFour(): Generator<(src: Uint32Array) => number> {
  for (let start = 0x3f800000; start < 0x40800000; start += CHUNK) {
    yield (src) => {
      for (let i = 0; i < CHUNK; i++) src[i] = start + i;
      return CHUNK;
    };
  }
}

/** Positive finite inputs that do not lean on the 4ᵏ scaling: binade ends, subnormals, the top, and 2²⁰ random patterns. */
function* wholeRange(): Generator<(src: Uint32Array) => number> {
  const edges = edgeBits().filter((b) => b > 0 && b < 0x7f800000);
  for (let b = 0x7f7fffff; b > 0x7f7fffff - 4096; b--) edges.push(b);
  while (edges.length % 4 !== 0) edges.push(0x3f800000);
  yield (src) => (src.set(edges), edges.length);
  let state = 0x9e3779b9;
  yield (src) => {
    for (let i = 0; i < CHUNK; i++) {
      // xorshift32, mapped onto 1 … 0x7f7fffff
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      src[i] = 1 + ((state >>> 0) % 0x7f7fffff);
    }
    return CHUNK;
  };
}

const probe = await probeRelaxedMadd();

describe('the fused float32 rsqrt estimate (f32x4, relaxed_madd)', () => {
  const needsFma = (ctx: { skip: (note?: string) => never }) => {
    if (!probe.float32) ctx.skip(`f32x4.relaxed_madd is not proved fused on this host: ${probe.reason}`);
  };

  it('gives the reference bits in every unflagged lane over [1, 4), flagging some lanes and rarely', (ctx) => {
    needsFma(ctx);
    const { examples, flagged } = checkFused(undefined, allOneToFour());
    expect(examples).toEqual([]);
    expect(flagged).toBeGreaterThan(0);
    expect(flagged).toBeLessThan(2 ** 24 / 100);
    console.log(`fused rsqrt sweep: ${flagged} of 2^24 lanes flagged`);
  });

  it('gives the reference bits in every unflagged lane at binade ends, subnormals, the top and random inputs', (ctx) => {
    needsFma(ctx);
    const { examples, flagged } = checkFused(undefined, wholeRange());
    expect(examples).toEqual([]);
    expect(flagged).toBeLessThan(CHUNK / 100);
    console.log(`fused rsqrt whole-range sweep: ${flagged} lanes flagged`);
  });

  it('flags every lane with a special input (zeros, infinities, negatives, NaNs), and not ordinary ones', (ctx) => {
    needsFma(ctx);
    const fast = instantiateFused();
    const bits = [...SPECIALS, ...[1, 2, 0.5, 1e-30].map(bitsOf)];
    fast.src.set(bits);
    fast.run(bits.length);
    expect([...fast.flags.subarray(0, SPECIALS.length)]).toEqual(SPECIALS.map(() => -1));
    expect([...fast.flags.subarray(SPECIALS.length, bits.length)]).toEqual([0, 0, 0, 0]);
  });

  it('can fail: with B = 0 and without the (3/8)e² term the sweeps find mismatches', (ctx) => {
    needsFma(ctx);
    // B = 0 alone finds none here (the estimate's real error stays below every input's distance to a
    // midpoint; B is what the proof needs), so the mutation also drops the second-order term.
    const noMargin = checkFused(0, allOneToFour());
    const unit = checkFused(0, allOneToFour(), false);
    const whole = checkFused(0, wholeRange(), false);
    expect(unit.flagged + whole.flagged).toBe(0);
    expect(unit.mismatches).toBeGreaterThan(0);
    expect(whole.mismatches).toBeGreaterThan(0);
    console.log(`fused rsqrt mutations: B = 0: ${noMargin.mismatches} mismatches in [1, 4); B = 0 and no (3/8)e²: ${unit.mismatches} in [1, 4), ${whole.mismatches} over the whole range`);
  });
});
