/** Plain data shapes of the harness stage; no behaviour lives here. */
import type { ScenarioSettings } from '../settings/types.js';
import type { Growth } from '../analyse/types.js';

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
