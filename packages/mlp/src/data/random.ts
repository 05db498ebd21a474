/**
 * A small seeded PRNG (xoshiro128**, seeded through splitmix32) for initialization and shuffling.
 *
 * Why not Math.random: runs must be reproducible from `--seed` alone, and the PyTorch parity generator
 * (`torch_mlp_parity.py`) re-implements these few lines in Python so both sides start from bit-identical
 * weights. Keep the two in step: any change here changes every seeded run.
 */

export interface Random {
  /** Next 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform double in [0, 1) with 53 random bits. */
  nextFloat64(): number;
  /** Uniform integer in [0, n), n ≤ 2^32, without modulo bias. */
  nextInt(n: number): number;
}

/** splitmix32 expands the user seed into xoshiro's 128-bit state (it must not be all zero). */
function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** A generator seeded by a non-negative integer below 2^32. */
export function createRandom(seed: number): Random {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`seed must be an integer in [0, 2^32), got ${seed}`);
  }
  const mix = splitmix32(seed);
  return createRandomFromState(mix(), mix(), mix(), mix());
}

/** A generator from raw xoshiro128** state words (for known-answer tests; not all zero). */
export function createRandomFromState(s0: number, s1: number, s2: number, s3: number): Random {
  let a = s0 >>> 0;
  let b = s1 >>> 0;
  let c = s2 >>> 0;
  let d = s3 >>> 0;

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c = (c ^ a) >>> 0;
    d = (d ^ b) >>> 0;
    b = (b ^ c) >>> 0;
    a = (a ^ d) >>> 0;
    c = (c ^ t) >>> 0;
    d = rotl(d, 11);
    return result;
  };

  return {
    nextUint32,
    nextFloat64() {
      // 27 high bits + 26 high bits = 53 bits, the same recipe as the Python port.
      const hi = nextUint32() >>> 5;
      const lo = nextUint32() >>> 6;
      return (hi * 67108864 + lo) / 9007199254740992;
    },
    nextInt(n) {
      if (!Number.isInteger(n) || n <= 0 || n > 0x100000000) {
        throw new RangeError(`nextInt needs an integer bound in [1, 2^32], got ${n}`);
      }
      // Rejection sampling: draw below the largest multiple of n that fits in 32 bits.
      const limit = 0x100000000 - (0x100000000 % n);
      for (;;) {
        const x = nextUint32();
        if (x < limit) return x % n;
      }
    },
  };
}
