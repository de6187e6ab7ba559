import { linearRegression } from 'simple-statistics';
import { downsample, mannKendall, theilSen, trend } from '../src/analyse/stats.js';
import { seededGaussian, seededRandom } from './helpers/seeded.js';

/** Integers 0..n-1, used as cycle numbers. */
function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** y = intercept + slope * x + noiseSd * N(0, 1) with seeded noise. */
function noisyLine(n: number, slope: number, intercept: number, noiseSd: number, seed: number): { xs: number[]; ys: number[] } {
  const gaussian = seededGaussian(seed);
  const xs = range(n);
  return { xs, ys: xs.map((x) => intercept + slope * x + noiseSd * gaussian()) };
}

describe('mannKendall', () => {
  // Hand computation for [3, 1, 4, 4, 5] (n = 5, one tie group of size 2):
  //   i=0 (3): vs 1 -> -1, vs 4 -> +1, vs 4 -> +1, vs 5 -> +1  => +2
  //   i=1 (1): vs 4, 4, 5 -> +1 each                            => +3
  //   i=2 (4): vs 4 -> 0, vs 5 -> +1                            => +1
  //   i=3 (4): vs 5 -> +1                                       => +1
  //   S = 7
  //   Var(S) = (5*4*15 - 2*1*9) / 18 = (300 - 18) / 18 = 282 / 18 = 15.6667
  //   z = (7 - 1) / sqrt(15.6667) = 1.5159;  p = 1 - Phi(1.5159) = 0.0648
  //   (without the tie correction Var(S) = 16.667, z = 1.4697 and p = 0.0708: the p tells them apart)
  // Strictly increasing 0..9 (n = 10, no ties):
  //   S = 45, Var(S) = 10*9*25/18 = 125, z = 44/sqrt(125) = 3.9355, p = 4.15e-5
  it.each([
    { what: 'a small series with one tie pair matches the hand-computed p, with the tie-corrected variance', values: [3, 1, 4, 4, 5], pIncreasing: 0.0648 },
    { what: 'a strictly increasing series of ten has the maximal S and a tiny p', values: range(10), pIncreasing: 4.15e-5 },
    { what: 'a strictly decreasing series has negative S and p near 1', values: range(10).reverse(), pIncreasing: 1 - 4.15e-5 },
    { what: 'a constant series (all ties) has zero variance and p 1', values: [7, 7, 7, 7, 7, 7], pIncreasing: 1 },
    { what: 'a two-point series is too short for the test and gives p 1', values: [1, 2], pIncreasing: 1 },
    { what: 'an empty series gives p 1 and no trend', values: [] as number[], pIncreasing: 1 },
  ])('$what', ({ values, pIncreasing }) => {
    expect(mannKendall(values).pIncreasing).toBeCloseTo(pIncreasing, 4);
  });

  it.each([
    { what: 'a linear series with seeded noise and slope 0.05 per cycle has a significant increasing trend', seed: 21, slope: 0.05, expectedMaxP: 1e-6 },
    { what: 'a decreasing series with seeded noise has pIncreasing near 1', seed: 22, slope: -0.7, expectedMinP: 0.999 },
  ])('$what', ({ seed, slope, expectedMaxP, expectedMinP }) => {
    const { ys } = noisyLine(100, slope, 100, 1, seed);
    const { pIncreasing } = mannKendall(ys);
    if (expectedMaxP !== undefined) expect(pIncreasing).toBeLessThan(expectedMaxP);
    if (expectedMinP !== undefined) expect(pIncreasing).toBeGreaterThan(expectedMinP);
  });
});

describe('theilSen', () => {
  // Hand computation for xs 1..5, ys [1, 3, 2, 5, 4], confidence 0.8:
  //   pairwise slopes sorted: -1, -1, 1/3, 0.5, 0.75, 1, 1, 4/3, 2, 3   (N = 10)
  //   slope = (0.75 + 1) / 2 = 0.875
  //   Var(S) = 5*4*15/18 = 16.667, C = z_0.9 * sqrt(16.667) = 1.2816 * 4.0825 = 5.232
  //   M1 = (10 - 5.232)/2 = 2.384 -> rank 2 -> -1;  M2 + 1 = (10 + 5.232)/2 + 1 = 8.616 -> rank 9 -> 2
  it.each([
    {
      what: 'a small textbook series matches the hand-computed slope and Sen interval',
      xs: [1, 2, 3, 4, 5],
      ys: [1, 3, 2, 5, 4],
      confidence: 0.8,
      expected: { slope: 0.875, lower: -1, upper: 2 },
    },
    {
      what: 'an exact linear series recovers the slope exactly with a zero-width interval',
      xs: range(50),
      ys: range(50).map((x) => 3 + 2 * x),
      confidence: 0.95,
      expected: { slope: 2, lower: 2, upper: 2 },
    },
    {
      what: 'a constant series has slope 0 and a zero-width interval at 0',
      xs: range(20),
      ys: range(20).map(() => 42),
      confidence: 0.95,
      expected: { slope: 0, lower: 0, upper: 0 },
    },
    {
      what: 'a series with a single distinct x has slope 0 and bounds 0',
      xs: [5, 5, 5],
      ys: [1, 2, 3],
      confidence: 0.95,
      expected: { slope: 0, lower: 0, upper: 0 },
    },
    { what: 'an empty series has slope 0 and bounds 0', xs: [] as number[], ys: [] as number[], confidence: 0.95, expected: { slope: 0, lower: 0, upper: 0 } },
  ])('$what', ({ xs, ys, confidence, expected }) => {
    const result = theilSen(xs, ys, confidence);
    expect(result.slope).toBeCloseTo(expected.slope, 10);
    expect(result.lower).toBeCloseTo(expected.lower, 10);
    expect(result.upper).toBeCloseTo(expected.upper, 10);
  });

  it.each([
    {
      what: 'a linear series plus gaussian noise (seed 11) gives a slope near the truth with a positive lower bound',
      seed: 11,
      trueSlope: 0.5,
      noiseSd: 2,
      tolerance: 0.03,
    },
    {
      what: 'a linear series plus gaussian noise (seed 12) gives a slope near the truth with a positive lower bound',
      seed: 12,
      trueSlope: 0.5,
      noiseSd: 2,
      tolerance: 0.03,
    },
    {
      what: 'a linear series plus gaussian noise (seed 13) gives a slope near the truth with a positive lower bound',
      seed: 13,
      trueSlope: 0.5,
      noiseSd: 2,
      tolerance: 0.03,
    },
    { what: 'a slow leak buried in large noise is still bracketed by the interval', seed: 14, trueSlope: 0.1, noiseSd: 3, tolerance: 0.05 },
  ])('$what', ({ seed, trueSlope, noiseSd, tolerance }) => {
    const { xs, ys } = noisyLine(100, trueSlope, 5, noiseSd, seed);
    const result = theilSen(xs, ys);
    expect(Math.abs(result.slope - trueSlope)).toBeLessThan(tolerance);
    expect(result.lower).toBeGreaterThan(0);
    expect(result.lower).toBeLessThanOrEqual(trueSlope);
    expect(result.upper).toBeGreaterThanOrEqual(trueSlope);
    expect(result.lower).toBeLessThanOrEqual(result.slope);
    expect(result.slope).toBeLessThanOrEqual(result.upper);
  });

  it.each([
    { what: 'a few huge spikes near the end barely move the Theil–Sen slope but drag the least-squares slope', spikeAt: [45, 52, 58], spikeHeight: 1000 },
    { what: 'huge spikes at the start barely move the Theil–Sen slope but drag the least-squares slope', spikeAt: [0, 3, 7], spikeHeight: 1000 },
  ])('$what', ({ spikeAt, spikeHeight }) => {
    const trueSlope = 1;
    const { xs, ys } = noisyLine(60, trueSlope, 10, 0.5, 31);
    for (const i of spikeAt) ys[i] = (ys[i] as number) + spikeHeight;
    const robust = theilSen(xs, ys);
    const leastSquares = linearRegression(xs.map((x, i) => [x, ys[i] as number])).m;
    expect(Math.abs(robust.slope - trueSlope)).toBeLessThan(0.1);
    expect(Math.abs(leastSquares - trueSlope)).toBeGreaterThan(1);
  });

  it('handles 400 points (about 80k pairs) quickly', () => {
    const { xs, ys } = noisyLine(400, 0.25, 0, 1, 41);
    const started = performance.now();
    const result = theilSen(xs, ys);
    const elapsedMs = performance.now() - started;
    expect(Math.abs(result.slope - 0.25)).toBeLessThan(0.01);
    // Generous bound: it takes a few milliseconds; this only catches accidental O(n^3) work.
    expect(elapsedMs).toBeLessThan(1000);
  });
});

describe('flat series with noise', () => {
  it.each(
    [1, 2, 3, 4, 5].map((seed) => ({
      what: `a flat series with seeded noise (seed ${seed}) has no significant increasing trend and its interval contains 0`,
      seed,
    })),
  )('$what', ({ seed }) => {
    const { xs, ys } = noisyLine(100, 0, 50, 1, seed);
    expect(mannKendall(ys).pIncreasing).toBeGreaterThan(0.05);
    const fit = theilSen(xs, ys);
    expect(fit.lower).toBeLessThanOrEqual(0);
    expect(fit.upper).toBeGreaterThanOrEqual(0);
    const result = trend(xs, ys);
    expect(result.pIncreasing).toBeGreaterThan(0.05);
    expect(Math.abs(result.slopePerX)).toBeLessThan(0.02);
  });
});

describe('trend', () => {
  it.each([
    {
      what: 'an exact linear series has an exact slope and a tiny p',
      xs: range(80),
      ys: range(80).map((x) => 10 + 1.5 * x),
      expected: { slopePerX: 1.5, lowerSlopePerX: 1.5, tailSlopePerX: 1.5, maxP: 1e-10 },
    },
    {
      what: 'a staircase leak of 1 unit every 5 points has slope about 0.2 that continues in the tail',
      xs: range(100),
      ys: range(100).map((x) => Math.floor(x / 5)),
      expected: { slopePerX: 0.2, lowerSlopePerX: 0.2, tailSlopePerX: 0.2, maxP: 1e-10 },
    },
  ])('$what', ({ xs, ys, expected }) => {
    const result = trend(xs, ys);
    expect(result.n).toBe(xs.length);
    expect(result.slopePerX).toBeCloseTo(expected.slopePerX, 2);
    expect(result.lowerSlopePerX).toBeCloseTo(expected.lowerSlopePerX, 2);
    expect(result.upperSlopePerX).toBeGreaterThanOrEqual(result.slopePerX);
    expect(result.tailSlopePerX).toBeCloseTo(expected.tailSlopePerX, 2);
    expect(result.pIncreasing).toBeLessThan(expected.maxP);
  });

  it.each([
    { what: 'a step early in the series (fills, then flat) has a zero tail slope', xs: range(60), ys: range(60).map((x) => Math.min(x, 10)) },
    {
      what: 'a cache that fills over the first fifth then stays flat has a zero tail slope',
      xs: range(200),
      ys: range(200).map((x) => 1000 + 8 * Math.min(x, 40)),
    },
  ])('$what', ({ xs, ys }) => {
    const result = trend(xs, ys);
    expect(result.tailSlopePerX).toBe(0);
  });

  it.each([
    { what: 'a constant series has slope 0 and p 1', xs: range(30), ys: range(30).map(() => 512), expected: { slopePerX: 0, pIncreasing: 1 } },
    { what: 'an empty series has slope 0 and p 1', xs: [] as number[], ys: [] as number[], expected: { slopePerX: 0, pIncreasing: 1 } },
    { what: 'a one-point series has slope 0 and p 1', xs: [3], ys: [99], expected: { slopePerX: 0, pIncreasing: 1 } },
  ])('$what', ({ xs, ys, expected }) => {
    const result = trend(xs, ys);
    expect(result.n).toBe(xs.length);
    expect(result.slopePerX).toBe(expected.slopePerX);
    expect(result.lowerSlopePerX).toBe(0);
    expect(result.upperSlopePerX).toBe(0);
    expect(result.tailSlopePerX).toBe(0);
    expect(result.pIncreasing).toBe(expected.pIncreasing);
  });

  it.each([
    {
      what: 'a decreasing series with seeded noise has pIncreasing near 1 and a negative slope',
      slope: -0.7,
      seed: 51,
      expected: { minP: 0.999, slopeTolerance: 0.05 },
    },
    {
      what: 'a long noisy leak (1000 points, downsampled) keeps its slope and reports the original n',
      slope: 0.3,
      seed: 52,
      n: 1000,
      expected: { maxP: 1e-10, slopeTolerance: 0.01 },
    },
  ])('$what', ({ slope, seed, n, expected }) => {
    const pointCount = n ?? 100;
    const { xs, ys } = noisyLine(pointCount, slope, 100, 2, seed);
    const result = trend(xs, ys);
    expect(result.n).toBe(pointCount);
    expect(Math.abs(result.slopePerX - slope)).toBeLessThan(expected.slopeTolerance);
    if (expected.minP !== undefined) expect(result.pIncreasing).toBeGreaterThan(expected.minP);
    if (expected.maxP !== undefined) expect(result.pIncreasing).toBeLessThan(expected.maxP);
  });

  it('puts unordered points in x order before testing', () => {
    const xs = range(40);
    const ys = xs.map((x) => 2 * x);
    const permutation = [...xs].reverse();
    const result = trend(
      permutation.map((i) => xs[i] as number),
      permutation.map((i) => ys[i] as number),
    );
    expect(result.slopePerX).toBeCloseTo(2, 10);
    expect(result.pIncreasing).toBeLessThan(1e-6);
  });
});

describe('downsample', () => {
  it.each([
    { what: 'a 1000-point series reduced to 200 points keeps length at most 200', n: 1000, maxPoints: 200 },
    { what: 'a 1001-point series reduced to 200 points keeps length at most 200', n: 1001, maxPoints: 200 },
    { what: 'a 7-point series reduced to 3 points keeps length at most 3', n: 7, maxPoints: 3 },
    { what: 'a 5000-point series reduced to 1 point keeps length 1', n: 5000, maxPoints: 1 },
  ])('$what and preserves a linear slope', ({ n, maxPoints }) => {
    const xs = range(n);
    const ys = xs.map((x) => 4 - 0.75 * x);
    const reduced = downsample(xs, ys, maxPoints);
    expect(reduced.xs.length).toBeLessThanOrEqual(maxPoints);
    expect(reduced.ys.length).toBe(reduced.xs.length);
    reduced.xs.forEach((x, i) => {
      expect(reduced.ys[i]).toBeCloseTo(4 - 0.75 * x, 9);
    });
    if (reduced.xs.length >= 2) expect(theilSen(reduced.xs, reduced.ys).slope).toBeCloseTo(-0.75, 9);
  });

  it.each([
    { what: 'a series shorter than maxPoints is returned unchanged as copies', n: 10, maxPoints: 200 },
    { what: 'a series exactly maxPoints long is returned unchanged as copies', n: 200, maxPoints: 200 },
  ])('$what', ({ n, maxPoints }) => {
    const xs = range(n);
    const ys = xs.map((x) => x * x);
    const reduced = downsample(xs, ys, maxPoints);
    expect(reduced.xs).toEqual(xs);
    expect(reduced.ys).toEqual(ys);
    expect(reduced.xs).not.toBe(xs);
    expect(reduced.ys).not.toBe(ys);
  });

  it('takes the median of each bin, so bins are contiguous and differ in size by at most one', () => {
    // 10 points into 4 bins: boundaries floor(k*10/4) = 0, 2, 5, 7, 10 -> sizes 2, 3, 2, 3.
    const xs = range(10);
    const ys = [0, 100, 5, 6, 1000, 9, 9, -50, 3, 4];
    expect(downsample(xs, ys, 4)).toEqual({ xs: [0.5, 3, 5.5, 8], ys: [50, 6, 9, 3] });
  });
});

describe('argument validation', () => {
  it.each([
    { what: 'theilSen with mismatched lengths throws naming both lengths', call: () => theilSen([1, 2, 3], [1, 2]), message: /xs\.length=3.*ys\.length=2/ },
    { what: 'trend with mismatched lengths throws naming both lengths', call: () => trend([1, 2], [1, 2, 3, 4]), message: /xs\.length=2.*ys\.length=4/ },
    { what: 'downsample with mismatched lengths throws naming both lengths', call: () => downsample([1], [], 10), message: /xs\.length=1.*ys\.length=0/ },
    { what: 'a NaN value throws naming the argument, index and value', call: () => theilSen([1, 2, 3], [1, Number.NaN, 3]), message: /ys\[1\].*NaN/ },
    {
      what: 'an infinite value in mannKendall throws naming the argument and value',
      call: () => mannKendall([1, Number.POSITIVE_INFINITY]),
      message: /values\[1\].*Infinity/,
    },
    { what: 'an infinite x throws naming the argument and value', call: () => trend([0, Number.NEGATIVE_INFINITY], [1, 2]), message: /xs\[1\].*-Infinity/ },
    { what: 'a confidence outside (0, 1) throws naming the value', call: () => theilSen([1, 2], [1, 2], 1.5), message: /confidence.*1\.5/ },
    { what: 'a non-positive maxPoints throws naming the value', call: () => downsample([1, 2], [1, 2], 0), message: /maxPoints.*0/ },
    { what: 'a tailFraction above 1 throws naming the value', call: () => trend([1, 2], [1, 2], { tailFraction: 2 }), message: /tailFraction.*2/ },
  ])('$what', ({ call, message }) => {
    expect(call).toThrow(message);
  });
});

describe('seeded generators', () => {
  it.each([
    { what: 'the same seed gives the same uniform sequence', make: seededRandom },
    { what: 'the same seed gives the same gaussian sequence', make: seededGaussian },
  ])('$what', ({ make }) => {
    const a = make(1234);
    const b = make(1234);
    const c = make(1235);
    const seqA = range(20).map(() => a());
    const seqB = range(20).map(() => b());
    const seqC = range(20).map(() => c());
    expect(seqA).toEqual(seqB);
    expect(seqA).not.toEqual(seqC);
  });

  it('the uniform generator stays in [0, 1) with a mean near 0.5', () => {
    const random = seededRandom(7);
    const draws = range(10000).map(() => random());
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    const mean = draws.reduce((sum, v) => sum + v, 0) / draws.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.02);
  });

  it('the gaussian generator has mean near 0 and standard deviation near 1', () => {
    const gaussian = seededGaussian(8);
    const draws = range(20000).map(() => gaussian());
    const mean = draws.reduce((sum, v) => sum + v, 0) / draws.length;
    const sd = Math.sqrt(draws.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (draws.length - 1));
    expect(draws.every(Number.isFinite)).toBe(true);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
  });
});
