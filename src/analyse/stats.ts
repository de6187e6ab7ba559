/**
 * Robust trend statistics for memory series: Mann–Kendall, Theil–Sen with Sen's interval and
 * median downsampling. Pure functions, no I/O. Each returns what the analysis reads, nothing more.
 */
import { median } from 'simple-statistics';

/** Result of a one-sided Mann–Kendall test for an increasing trend. */
export interface MannKendall {
  pIncreasing: number;
}

/** Theil–Sen slope with Sen's confidence interval (based on the Mann–Kendall variance). */
export interface TheilSen {
  slope: number;
  lower: number;
  upper: number;
}

/** Overall trend of a series, and of its last part, for deciding whether growth continues to the end. */
export interface Trend {
  n: number;
  slopePerX: number; // Theil–Sen slope over all points
  lowerSlopePerX: number; // lower confidence bound
  upperSlopePerX: number;
  pIncreasing: number; // Mann–Kendall one-sided p
  tailSlopePerX: number; // Theil–Sen slope over the last `tailFraction` of the points (at least 4 points, or all if fewer)
}

// The tail must hold enough points for a slope and a rank test to mean anything.
const MIN_TAIL_POINTS = 4;

function assertFinite(values: readonly number[], name: string, fn: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new Error(`${fn}: ${name}[${i}] must be a finite number, got ${String(v)}`);
    }
  }
}

function assertSeries(xs: readonly number[], ys: readonly number[], fn: string): void {
  if (xs.length !== ys.length) {
    throw new Error(`${fn}: xs and ys must have the same length, got xs.length=${xs.length} and ys.length=${ys.length}`);
  }
  assertFinite(xs, 'xs', fn);
  assertFinite(ys, 'ys', fn);
}

function assertConfidence(confidence: number, fn: string): void {
  if (!Number.isFinite(confidence) || confidence <= 0 || confidence >= 1) {
    throw new Error(`${fn}: confidence must be a number strictly between 0 and 1, got ${String(confidence)}`);
  }
}

/**
 * Complementary error function (Numerical Recipes `erfcc`, fractional error < 1.2e-7).
 * Used instead of 1 - erf so that tiny upper-tail p-values keep their precision, and instead of
 * simple-statistics' table lookup, which rounds z to 0.01 and saturates near |z| = 4.
 */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -1.26551223 +
    t *
      (1.00002368 +
        t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const ans = t * Math.exp(-z * z + poly);
  return x >= 0 ? ans : 2 - ans;
}

/** Upper tail of the standard normal, 1 - Phi(z). */
function normalUpperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/**
 * Standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9).
 * simple-statistics' probit uses a cruder closed form (error around 1e-3), which would shift
 * Sen's interval ranks for large N.
 */
function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  const pLow = 0.02425;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  if (p > 1 - pLow) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
}

/** Median of an already sorted typed array (non-empty). */
function medianOfSorted(sorted: Float64Array): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Mann–Kendall S variance with the tie correction; values must be finite. */
function mannKendallVariance(values: readonly number[]): number {
  const n = values.length;
  // Below 3 points the normal approximation is meaningless, so report no variance (no evidence).
  if (n < 3) return 0;
  const sorted = Float64Array.from(values).sort();
  let tieTerm = 0;
  let runStart = 0;
  for (let i = 1; i <= n; i++) {
    if (i === n || sorted[i] !== sorted[runStart]) {
      const t = i - runStart;
      if (t > 1) tieTerm += t * (t - 1) * (2 * t + 5);
      runStart = i;
    }
  }
  return (n * (n - 1) * (2 * n + 5) - tieTerm) / 18;
}

/** One-sided Mann–Kendall test for an increasing trend in `values` (taken in their given order). */
export function mannKendall(values: readonly number[]): MannKendall {
  assertFinite(values, 'values', 'mannKendall');
  const n = values.length;
  let s = 0;
  for (let i = 0; i < n - 1; i++) {
    const yi = values[i] as number;
    for (let j = i + 1; j < n; j++) {
      s += Math.sign((values[j] as number) - yi);
    }
  }
  const varianceS = mannKendallVariance(values);
  let z = 0;
  if (varianceS > 0) {
    // Continuity correction: S moves in steps of 2, so shift it one unit towards 0.
    if (s > 0) z = (s - 1) / Math.sqrt(varianceS);
    else if (s < 0) z = (s + 1) / Math.sqrt(varianceS);
  }
  return { pIncreasing: varianceS > 0 ? normalUpperTail(z) : 1 };
}

/** Theil–Sen slope of ys against xs with Sen's (1968) / Gilbert (1987) confidence interval. */
export function theilSen(xs: readonly number[], ys: readonly number[], confidence = 0.95): TheilSen {
  assertSeries(xs, ys, 'theilSen');
  assertConfidence(confidence, 'theilSen');
  const n = xs.length;
  // Typed array: up to ~80k pairs at n = 400, and numeric sort without a comparator.
  const slopesBuffer = new Float64Array((n * (n - 1)) / 2);
  let pairCount = 0;
  for (let i = 0; i < n - 1; i++) {
    const xi = xs[i] as number;
    const yi = ys[i] as number;
    for (let j = i + 1; j < n; j++) {
      const dx = (xs[j] as number) - xi;
      // Pairs at the same x carry no slope information.
      if (dx !== 0) slopesBuffer[pairCount++] = ((ys[j] as number) - yi) / dx;
    }
  }
  if (pairCount === 0) return { slope: 0, lower: 0, upper: 0 };
  const slopes = slopesBuffer.subarray(0, pairCount).sort();
  const slope = medianOfSorted(slopes);

  const zCritical = normalQuantile(1 - (1 - confidence) / 2);
  const c = zCritical * Math.sqrt(mannKendallVariance(ys));
  const m1 = (pairCount - c) / 2;
  const m2 = (pairCount + c) / 2;
  // Ranks are 1-based in Sen/Gilbert; round to the nearest rank and keep them inside the data.
  const clampRank = (rank: number): number => Math.min(pairCount, Math.max(1, Math.round(rank)));
  const lower = slopes[clampRank(m1) - 1] as number;
  const upper = slopes[clampRank(m2 + 1) - 1] as number;
  return { slope, lower, upper };
}

/** Reduce a long series to at most maxPoints by taking the median of each consecutive bin (x = median x of the bin). */
export function downsample(xs: readonly number[], ys: readonly number[], maxPoints: number): { xs: number[]; ys: number[] } {
  assertSeries(xs, ys, 'downsample');
  if (!Number.isInteger(maxPoints) || maxPoints < 1) {
    throw new Error(`downsample: maxPoints must be a positive integer, got ${String(maxPoints)}`);
  }
  const n = xs.length;
  if (n <= maxPoints) return { xs: [...xs], ys: [...ys] };
  const outXs: number[] = [];
  const outYs: number[] = [];
  for (let bin = 0; bin < maxPoints; bin++) {
    // Integer boundaries floor(bin * n / maxPoints) make bin sizes differ by at most one.
    const start = Math.floor((bin * n) / maxPoints);
    const end = Math.floor(((bin + 1) * n) / maxPoints);
    outXs.push(median(xs.slice(start, end)));
    outYs.push(median(ys.slice(start, end)));
  }
  return { xs: outXs, ys: outYs };
}

/** Overall and tail trend of ys against xs (points are put in ascending x order first). */
export function trend(xs: readonly number[], ys: readonly number[], options: { confidence?: number; tailFraction?: number; maxPoints?: number } = {}): Trend {
  assertSeries(xs, ys, 'trend');
  const confidence = options.confidence ?? 0.95;
  const tailFraction = options.tailFraction ?? 0.5;
  const maxPoints = options.maxPoints ?? 200;
  assertConfidence(confidence, 'trend');
  if (!Number.isFinite(tailFraction) || tailFraction <= 0 || tailFraction > 1) {
    throw new Error(`trend: tailFraction must be in (0, 1], got ${String(tailFraction)}`);
  }
  if (!Number.isInteger(maxPoints) || maxPoints < 2) {
    throw new Error(`trend: maxPoints must be an integer of at least 2, got ${String(maxPoints)}`);
  }
  const n = xs.length;
  if (n < 2) {
    return {
      n,
      slopePerX: 0,
      lowerSlopePerX: 0,
      upperSlopePerX: 0,
      pIncreasing: 1,
      tailSlopePerX: 0,
    };
  }

  // Mann–Kendall and the tail both depend on order, so sort by x (stable, so equal xs keep their order).
  const order = xs.map((_, i) => i).sort((i, j) => (xs[i] as number) - (xs[j] as number));
  const sortedXs = order.map((i) => xs[i] as number);
  const sortedYs = order.map((i) => ys[i] as number);

  // Downsampling bounds the O(n^2) pair work; bin medians keep a linear slope intact.
  const reduced = downsample(sortedXs, sortedYs, maxPoints);
  const overall = theilSen(reduced.xs, reduced.ys, confidence);
  const overallMk = mannKendall(reduced.ys);

  const m = reduced.xs.length;
  const tailCount = Math.min(m, Math.max(MIN_TAIL_POINTS, Math.ceil(tailFraction * m)));
  const tailXs = reduced.xs.slice(m - tailCount);
  const tailYs = reduced.ys.slice(m - tailCount);
  const tail = theilSen(tailXs, tailYs, confidence);
  return {
    n,
    slopePerX: overall.slope,
    lowerSlopePerX: overall.lower,
    upperSlopePerX: overall.upper,
    pIncreasing: overallMk.pIncreasing,
    tailSlopePerX: tail.slope,
  };
}
