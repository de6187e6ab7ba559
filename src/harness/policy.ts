/**
 * The harness's policy numbers: owned here and sent to the Python harness in its settings
 * (`policy`), which has no defaults of its own (a missing one is a usage error, exit 11).
 */
export const HARNESS_POLICY = {
  /** A census reports the most numerous types, this many at most. */
  maxTypesPerCensus: 2000,
  /** The measured phase has at least this many checkpoints (trends need 4 or more) ... */
  minCheckpoints: 8,
  /** ... and at most this many. */
  maxCheckpoints: 25,
  /** Checkpoints (gc.collect() + a census) may cost at most this share of the measured phase. */
  checkpointBudgetShare: 0.05,
  /** Per-cycle sampling may cost at most this share of a cycle's own time. */
  sampleBudgetShare: 0.02,
  /** The traced window runs at least this many cycles: attribution and the traced trend need them. */
  minTracedCycles: 5,
  /** Snapshots the traced window takes, at most, after its first traced cycle. */
  tracedCheckpoints: 6,
  /**
   * Allocation stacks the window reports, largest growth first: twice the sites a report shows
   * (MAX_SITES_REPORTED in analyse/growth.ts), since the analysis groups stacks by their line in
   * the scenario's code (growingSites).
   */
  maxStacks: 30,
  /** The top sites in user code that get a retention path. */
  maxRetainedSites: 3,
  /** Growing types whose objects get a retention path. */
  maxRetainedTypes: 5,
  /**
   * The window may end early once this many snapshots (the first included) all rose, a site in
   * the scenario's code rose at each, and the rate is known. Four rising ones are the fewest on
   * which the trend test can be sure (its one-sided p is 0.045); the rate leaves out the first
   * interval, so one more. Tracing costs 10-60x a cycle's own time.
   */
  decisiveSnapshots: 5,
  /**
   * The rate rule, shared with analyse/growth.ts (rateStandardError): the growth per cycle between
   * snapshots, leaving out this many first intervals (the first traced cycle carries the
   * window's one-time allocations) ...
   */
  rateSkippedIntervals: 1,
  /** ... known from this many intervals on ... */
  rateMinIntervals: 3,
  /**
   * ... and settled when its standard error is at most this share of it: baselines call a leak
   * "worse" at +50% (bench/TOLERANCE.md).
   */
  rateStandardErrorShare: 0.1,
  /**
   * Checkpoints of the extension that confirms growth (issue 14), one after each of its batches:
   * fewer than the measured phase's, since each costs 50-80 ms on a heap of 200k objects, and the
   * rule (analyse/confirm.ts) reads only the lowest point and the last.
   */
  confirmCheckpoints: 5,
  /**
   * A native lead (issue 15): when memory grows and Python objects do not, this many cycles are
   * profiled for the native calls the user's lines make (python/leakgate_harness/native.py) ...
   */
  nativeCycles: 5,
  /** ... within this share of the untraced cycles' time (at least one cycle runs) ... */
  nativeBudgetShare: 0.25,
  /** ... the malloc heap read around this many calls of each site at most (mallinfo2 costs up to 300 µs on a fragmented heap) ... */
  nativeHeapReads: 20,
  /** ... this many sites (line, callee) tallied at most ... */
  maxNativeSites: 200,
  /** ... and this many reported, most heap first. */
  maxNativeSitesReported: 8,
} as const;

/** The longest traced window for a run of `cycles` measured cycles. */
export function maxTracedCycles(cycles: number): number {
  return Math.max(10, Math.ceil(cycles / 5));
}

/** The `policy` object of the harness settings. */
export function harnessPolicy(cycles: number): Record<string, number> {
  return {
    maxTypesPerCensus: HARNESS_POLICY.maxTypesPerCensus,
    minCheckpoints: HARNESS_POLICY.minCheckpoints,
    maxCheckpoints: HARNESS_POLICY.maxCheckpoints,
    checkpointBudgetShare: HARNESS_POLICY.checkpointBudgetShare,
    sampleBudgetShare: HARNESS_POLICY.sampleBudgetShare,
    maxTracedCycles: maxTracedCycles(cycles),
    minTracedCycles: HARNESS_POLICY.minTracedCycles,
    maxStacks: HARNESS_POLICY.maxStacks,
    maxRetainedSites: HARNESS_POLICY.maxRetainedSites,
    decisiveSnapshots: HARNESS_POLICY.decisiveSnapshots,
    rateSkippedIntervals: HARNESS_POLICY.rateSkippedIntervals,
    rateMinIntervals: HARNESS_POLICY.rateMinIntervals,
    rateStandardErrorShare: HARNESS_POLICY.rateStandardErrorShare,
    confirmCheckpoints: HARNESS_POLICY.confirmCheckpoints,
    nativeCycles: HARNESS_POLICY.nativeCycles,
    nativeHeapReads: HARNESS_POLICY.nativeHeapReads,
    maxNativeSites: HARNESS_POLICY.maxNativeSites,
    maxNativeSitesReported: HARNESS_POLICY.maxNativeSitesReported,
  };
}
