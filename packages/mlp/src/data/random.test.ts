import { describe, expect, it } from 'vitest';
import { createRandom, createRandomFromState } from './random.js';
import { seededPermutation } from './shuffle.js';

describe('createRandom', () => {
  it('follows xoshiro128** from a known state', () => {
    // By hand from the reference algorithm with s = {1, 2, 3, 4}: result = rotl(s1·5, 7)·9 = rotl(10, 7)·9 = 11520;
    // the state becomes {7, 0, 1026, 12288}, so the next result is rotl(0·5, 7)·9 = 0.
    const random = createRandomFromState(1, 2, 3, 4);
    expect(random.nextUint32()).toBe(11520);
    expect(random.nextUint32()).toBe(0);
  });

  it('is deterministic per seed and differs between seeds', () => {
    const a = createRandom(7);
    const b = createRandom(7);
    const fromA = Array.from({ length: 8 }, () => a.nextUint32());
    expect(Array.from({ length: 8 }, () => b.nextUint32())).toEqual(fromA);
    const c = createRandom(8);
    expect(Array.from({ length: 8 }, () => c.nextUint32())).not.toEqual(fromA);
  });

  it('draws doubles in [0, 1) with mean ½ and variance 1/12', () => {
    const random = createRandom(1);
    const n = 100_000;
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const u = random.nextFloat64();
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
      sumSq += u * u;
    }
    const mean = sum / n;
    // Standard error of the mean is √(1/12/n) ≈ 0.0009; 5 standard errors.
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.0046);
    expect(Math.abs(sumSq / n - mean * mean - 1 / 12)).toBeLessThan(0.002);
  });

  it('draws integers below the bound, every value reachable', () => {
    const random = createRandom(3);
    const counts = new Array<number>(7).fill(0);
    for (let i = 0; i < 7000; i++) counts[random.nextInt(7)]! += 1;
    // Each count is Binomial(7000, 1/7): mean 1000, sd ≈ 29; 6 sd.
    for (const count of counts) expect(Math.abs(count - 1000)).toBeLessThan(175);
  });

  it('rejects bad seeds and bounds', () => {
    expect(() => createRandom(-1)).toThrow(/seed/);
    expect(() => createRandom(1.5)).toThrow(/seed/);
    expect(() => createRandom(2 ** 32)).toThrow(/seed/);
    expect(() => createRandom(0).nextInt(0)).toThrow(/bound/);
  });
});

describe('seededPermutation', () => {
  it('returns every index once, in a seed-dependent order', () => {
    const p = seededPermutation(1000, createRandom(0));
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect([...p]).not.toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect([...seededPermutation(1000, createRandom(0))]).toEqual([...p]);
    expect([...seededPermutation(1000, createRandom(1))]).not.toEqual([...p]);
  });
});
