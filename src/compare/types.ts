/** Plain data shapes of the compare stage; no behaviour lives here. */
import type { Growth, LeakKind } from '../analyse/types.js';

/** How a scenario, site or type compares with the baseline. */
export type ComparisonClass = 'new' | 'worse' | 'unchanged' | 'improved' | 'fixed' | 'clean' | 'no-baseline';

export interface SiteComparison {
  class: ComparisonClass;
  file: string;
  line: number;
  function: string;
  code: string;
  bytesPerCycle: number | null;
  baselineBytesPerCycle: number | null;
  countPerCycle?: number | null;
  baselineCountPerCycle?: number | null;
  /** Where the matched baseline site was, when its line number or its text differs (an edited or moved line). */
  baselineLine?: number | null;
  baselineCode?: string | null;
}

export interface TypeComparison {
  class: ComparisonClass;
  type: string;
  perCycle: number | null;
  baselinePerCycle: number | null;
}

export interface ScenarioComparison {
  class: ComparisonClass;
  /** Why this class, in words. */
  reason: string;
  baseline: {
    verdict: 'pass' | 'fail';
    kind: LeakKind | null;
    cycles: number;
    warmup: number;
    growth: Growth;
    /** Memory over measured cycles, relative to its first value, for charts. */
    series: { cycle: number[]; bytes: number[] };
  } | null;
  sites: SiteComparison[];
  types: TypeComparison[];
  caveats: string[];
  /**
   * Every rate of a known leak compared with the baseline's (its kind's signals, then matched
   * types and sites), the one that decided first. Absent when the scenario was not a known leak
   * of the same kind in both runs.
   */
  signals?: SignalComparison[];
}

/**
 * One rate compared with the baseline's. The change is worse when
 *   current − baseline > max(relative × baseline, floor) + √(currentMargin² + baselineMargin²)
 * and improved when baseline − current exceeds the same allowance.
 */
export interface SignalComparison {
  /** What was compared: a Growth key, `type:<name>`, `site-bytes:<file>:<line>` or `site-count:<file>:<line>`. */
  signal: string;
  unit: 'bytes' | 'objects' | 'descriptors' | 'blocks';
  class: 'worse' | 'improved' | 'unchanged';
  current: number;
  currentMargin: number;
  baseline: number;
  baselineMargin: number;
  /** current / baseline and the margin of that ratio; null when the baseline rate is not positive. */
  ratio: number | null;
  ratioMargin: number | null;
  relativePercent: number;
  /** The smallest change per cycle called worse or improved: the detection threshold of this signal, or the configured absolute tolerance if larger. */
  floorPerCycle: number;
  /** The change per cycle past which it is worse or improved: max(relative × baseline, floor) + the combined margin. */
  allowancePerCycle: number;
}
