/**
 * Plain data shapes that cross stage boundaries: harness → analyse → decide → report.
 * No behaviour lives here.
 */
import type { Thresholds } from './constants.js';

/** What one scenario run is asked to do. */
export interface ScenarioSettings {
  name: string;
  target: string;
  /** Working directory: the repository root; user code is judged relative to it. */
  cwd: string;
  python: string;
  cycles: number;
  warmup: number;
  frames: number;
  timeoutSeconds: number;
  thresholds: Thresholds;
}

/** The settings of one `leakgate run`. */
export interface RunConfig {
  scenarios: ScenarioSettings[];
  /** Null: `regression` with a baseline, `leak` without. */
  failOn: FailOn | null;
  tolerance: Tolerance;
  baselinePath: string | null;
  saveBaselinePath: string | null;
  jsonPath: string | null;
  markdownPath: string | null;
  progress: 'bar' | 'lines' | 'none';
  color: boolean;
  /** Scenarios run at a time, each in its own process. */
  jobs: number;
  /** This run's shard of the configured scenarios (--shard I/N), or null. */
  shard: Shard | null;
}

/** One leg of a fan-out: shard `index` of `count`, out of `scenariosInAll` scenarios before sharding. */
export interface Shard {
  index: number;
  count: number;
  scenariosInAll: number;
}

/** Which run made a report, and which leg of a fan-out it is: merge takes each leg exactly once. */
export interface ReportOrigin {
  /** A random id of the leakgate process that made the report. */
  runId: string;
  /** When that process started (ISO 8601). */
  startedAt: string;
  /** The GitHub Actions workflow run (GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT), when it ran in one. */
  ci: { runId: string; runAttempt: string | null } | null;
  /** The shard this report is (--shard I/N), or null for a run that was not sharded. */
  shard: Shard | null;
}

export type Phase = 'warmup' | 'measure' | 'trace';

/** One row of the samples file; NaN where a signal was not sampled on that cycle. */
export interface CycleSample {
  cycle: number;
  phase: Phase;
  seconds: number;
  blocks: number;
  rssBytes: number;
  fds: number;
  tracedBytes: number;
  heapBytes: number;
}

/** A reading after gc.collect(), with a census of live objects by type. */
export interface Checkpoint {
  cycle: number;
  phase: Phase;
  blocks: number | null;
  rssBytes: number | null;
  fds: number | null;
  heapBytes: number | null;
  types: Record<string, number>;
  fdTargets?: Record<string, number>;
  seconds: number;
}

export interface SourceFrame {
  file: string;
  line: number;
  function: string;
  code: string;
  userCode: boolean;
}

/** One traceback's live bytes and blocks at each checkpoint of the traced window. */
export interface TracedSite {
  frames: SourceFrame[];
  /** What keeps this site's objects alive, for the top sites. */
  retainedBy?: string;
  /** The whole stack was captured: it reached the harness's call of the scenario. */
  complete: boolean;
  bytes: number[];
  counts: number[];
}

export interface TracedWindow {
  frames: number;
  cycles: number;
  checkpointCycles: number[];
  tracedBytes: number[];
  sites: TracedSite[];
  /** What keeps the growing types' objects alive, by type name. */
  typeRetention?: Record<string, string>;
  /** Time spent finding what keeps the growing objects alive, after the traced cycles; part of `seconds`. */
  retentionSeconds?: number;
  /** The whole window: traced cycles, their snapshots and the retention search. */
  seconds: number;
}

export interface HarnessHello {
  python: string;
  implementation: string;
  platform: string;
  capabilities: { blocks: boolean; rss: boolean; fds: boolean; heap: boolean };
  notes: string[];
}

/** A failure of the scenario or of its process, in words a person can act on. */
export interface ScenarioFailure {
  kind: string;
  message: string;
  hint: string | null;
  cycle: number | null;
  phase: string | null;
  traceback: string | null;
}

export interface CapturedOutput {
  stdoutTail: string;
  stderrTail: string;
  stdoutBytes: number;
  stderrBytes: number;
}

/** Everything one harness process measured, complete or not. */
export interface HarnessRun {
  settings: ScenarioSettings;
  hello: HarnessHello | null;
  async: boolean;
  samples: CycleSample[];
  checkpoints: Checkpoint[];
  window: TracedWindow | null;
  warmupSeconds: number | null;
  measuredSeconds: number | null;
  failure: ScenarioFailure | null;
  output: CapturedOutput;
  wallSeconds: number;
  exitCode: number | null;
  signal: string | null;
  corruptRecords: number;
  /** Objects the harness froze (gc.freeze) after the warm-up because the heap was big; 0 when it did not. */
  frozenObjects: number;
  /** What the run left behind and leakgate ended: threads still running after teardown(), child processes. */
  warnings?: string[];
}

/** The untraced phase, as the analysis sees it when it decides whether to trace. */
export interface UntracedPhase {
  settings: ScenarioSettings;
  samples: CycleSample[];
  checkpoints: Checkpoint[];
  warmupSeconds: number;
  measuredSeconds: number;
}

/** Whether and how long to run the traced window. */
export interface TracePlan {
  trace: boolean;
  cycles: number;
  budgetSeconds: number;
  checkpoints: number;
  /** Growing types whose objects the window should explain (what keeps them alive). */
  types: string[];
  /** Time the retention-path search may take after the window. */
  retentionSeconds: number;
  /**
   * Whether the window may end before `cycles` once every snapshot rose: only when the untraced
   * phase already saw Python objects grow. Growth that only the window sees may be a bounded
   * cache replacing entries made before tracing began, which rises for as many cycles as it has
   * entries and then stops: that needs the whole window to tell.
   */
  endEarly: boolean;
  reasons: string[];
}

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

export interface ScenarioResult {
  name: string;
  target: string;
  verdict: 'pass' | 'fail' | 'error';
  cycles: number;
  warmup: number;
  frames: number;
  environment: { python: string | null; implementation: string | null; platform: string | null };
  unmeasured: string[];
  growth: Growth;
  leak: { detected: boolean; kind: LeakKind | null; reasons: string[]; notes: string[] };
  sites: SiteReport[];
  types: TypeReport[];
  fdTargets: { target: string; growth: number }[];
  series: Series;
  /** traceSeconds and retentionSeconds are 0 when no traced window ran. */
  timing: { wallSeconds: number; cycleSeconds: number; tracedCycles: number; checkpointSeconds: number; traceSeconds: number; retentionSeconds: number };
  error: { kind: string; message: string; hint: string | null; cycle: number | null; traceback: string | null; output: string } | null;
  /** Present when a baseline was given (null for this scenario when it could not be compared). */
  comparison?: ScenarioComparison;
}

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

export type FailOn = 'regression' | 'leak' | 'never';

/**
 * Tolerance of "worse": current − baseline > max(relative × baseline, floor) + both margins,
 * where floor is the signal's detection threshold (--min-…-per-cycle), or the absolute part
 * below when it is larger (0 by default).
 */
export interface Tolerance {
  relativePercent: number;
  bytesPerCycle: number;
  objectsPerCycle: number;
}

export interface Report {
  schema: string;
  tool: { name: 'leakgate'; version: string };
  verdict: 'pass' | 'fail' | 'error';
  summary: string;
  gate: { failOn: FailOn; applied: FailOn; note: string | null; acceptedBy: string | null };
  baseline: { source: string; status: 'compared' | 'unusable' | 'none'; createdAt: string | null; caveats: string[] } | null;
  warnings: string[];
  scenarios: ScenarioResult[];
  /** Absent in reports written before leakgate recorded it; such reports merge by count. */
  origin?: ReportOrigin;
}
