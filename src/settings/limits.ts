/**
 * One set of limits for everything leakgate reads or writes: the command line and the
 * configuration file, the JSON report and its guard, merge, comment mode and the baseline.
 * Each reader refuses past a limit (never trims), and each writer stays within it, so what one
 * part of leakgate writes another part can read (issue 11 §6: a baseline of 501 scenarios was
 * written and then refused; a 1,000-scenario report was refused by comment mode).
 */
export const LIMITS = {
  /**
   * Scenarios in one run, one configuration file, one report (a leg's or a merged one) and one
   * baseline. The action ran 1,000 scenarios in 75 s and 254 MB; 5,000 leaves room for large
   * suites split over a matrix and merged.
   */
  scenarios: 5_000,
  /** Legs of a fan-out: N of --shard I/N, --expect-legs, the action's `legs`. */
  legs: 256,
  /**
   * A JSON report read as untrusted data (merge, comment mode). 5,000 scenarios at the default
   * 100 + 20 cycles are about 100 MB of leakgate's pretty-printed JSON (≈20 KB each).
   */
  reportFileBytes: 128 * 1024 * 1024,
  /** A baseline file: 5,000 scenarios of 20 sites and 20 types are ≈40 MB. */
  baselineFileBytes: 64 * 1024 * 1024,
  /** Allocation sites and growing types per scenario, in a report or a baseline. */
  sitesPerScenario: 50,
  typesPerScenario: 50,
  /** Any one string of a baseline (a name, a target, a file, a line of code, a type). */
  stringChars: 2_000,
  /** A scenario's name and target, on the command line and in the configuration file. */
  scenarioNameChars: 200,
  targetChars: 1_000,
  /**
   * Suppressions in one run (the configuration file's and the action input's, each), their
   * reasons and their site, type or holder. One entry per type or holder covers many sites.
   */
  ignoreEntries: 500,
  ignoreReasonChars: 500,
  ignorePatternChars: 1_000,
} as const;
