/** Plain data shapes of the analyse stage; no behaviour lives here. */
import type { Phase, SourceFrame } from '../harness/types.js';

export type LeakKind = 'python' | 'native' | 'fd';

/** The per-cycle rates of Growth (its keys but the margins). */
export type GrowthRateKey = Exclude<keyof Growth, `${string}Margin`>;

export interface Growth {
  tracedBytesPerCycle: number | null;
  /**
   * How well tracedBytesPerCycle is known: the half-width of the 95% confidence interval of the
   * window's per-cycle growth between snapshots (after its first cycle; Student's t). Large for a
   * leak of objects of random sizes traced over a few cycles; null without a window, or with fewer
   * than 3 intervals. Baseline comparisons widen their tolerance by it.
   */
  tracedBytesPerCycleMargin?: number | null;
  rssBytesPerCycle: number | null;
  blocksPerCycle: number | null;
  fdsPerCycle: number | null;
  heapBytesPerCycle: number | null;
  /**
   * Half-widths of the 95% confidence intervals of the untraced rates (Sen's interval of the
   * Theil–Sen slope, halved); null where the signal was not measured. Optional: reports and
   * baselines written before they existed have none, and their rates count as exact.
   */
  rssBytesPerCycleMargin?: number | null;
  blocksPerCycleMargin?: number | null;
  fdsPerCycleMargin?: number | null;
  heapBytesPerCycleMargin?: number | null;
}

export interface SiteReport {
  file: string;
  line: number;
  function: string;
  code: string;
  userCode: boolean;
  /** False when --frames cut the stack before it reached the scenario's entry point. */
  stackComplete: boolean;
  bytesPerCycle: number;
  countPerCycle: number;
  /** Half-widths of the 95% confidence intervals of the two rates, as for tracedBytesPerCycleMargin; null with too few snapshots. */
  bytesPerCycleMargin?: number | null;
  countPerCycleMargin?: number | null;
  /** A path from a root to a sample object, e.g. "myapp.cache._cache (dict) → [key 1041] → User". */
  retainedBy: string | null;
  frames: SourceFrame[];
}

export interface TypeReport {
  type: string;
  perCycle: number;
  /** Half-width of the 95% confidence interval of perCycle (Sen's interval, halved). */
  perCycleMargin?: number | null;
  count: number;
  retainedBy: string | null;
}

export interface Series {
  cycles: {
    cycle: number[];
    phase: Phase[];
    seconds: number[];
    blocks: (number | null)[];
    rssBytes: (number | null)[];
    fds: (number | null)[];
    heapBytes: (number | null)[];
    tracedBytes: (number | null)[];
  };
  checkpoints: {
    cycle: number[];
    blocks: (number | null)[];
    rssBytes: (number | null)[];
    fds: (number | null)[];
    heapBytes: (number | null)[];
  };
  traced: { cycle: number[]; tracedBytes: number[] };
}
