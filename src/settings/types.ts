/** The data of the settings stage; the parts the report carries (the shard, the policy) are zod contracts. */
import { z } from 'zod';
import { FAIL_ON_VALUES, type Thresholds } from './constants.js';
import { once } from './contract.js';
import { LIMITS } from './limits.js';

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
  /** Untraced cycles that may confirm growth seen in the measured phase (--confirm-cycles, -1 resolved to cycles); 0: none. */
  confirmCycles: number;
  /** Seconds those cycles may take at most (--confirm-seconds). */
  confirmSeconds: number;
  thresholds: Thresholds;
  /**
   * pytest's arguments when this entry is a collection (`--pytest`, `pytest = "…"`): it is
   * replaced by one scenario per collected node id before the run (settings/pytest.ts).
   */
  pytest?: string;
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
  /** Suppressions that apply to this run's scenarios: the configuration file's, then the action input's (issue 14). */
  ignore: IgnoreEntry[];
  /** A known library leak fails the run too (by default it is reported and does not fail). */
  failOnKnownLeaks: boolean;
}

/** One leg of a fan-out: shard `index` of `count`, out of `scenariosInAll` scenarios before sharding. */
export const shardSchema = once(() =>
  z.strictObject({
    index: z.int().min(1).max(LIMITS.legs),
    count: z.int().min(1).max(LIMITS.legs),
    scenariosInAll: z.int().min(0).max(LIMITS.scenarios).describe('How many scenarios were split over the shards.'),
  }),
);
export type Shard = z.infer<ReturnType<typeof shardSchema>>;

export const failOnSchema = once(() => z.enum(FAIL_ON_VALUES).meta({ id: 'failOn' }));
export type FailOn = z.infer<ReturnType<typeof failOnSchema>>;

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

/**
 * One suppression (`[[tool.leakgate.ignore]]`, or the action's `ignore` input): growth it
 * matches is listed in the report with its reason instead of failing the run (issue 14).
 * Exactly one of `site`, `type` and `holder` is set.
 */
export interface IgnoreEntry {
  /** `path:function` or `path:line`: matches a growing site when any frame of its stack is there (the path as a suffix, at a `/`). */
  site: string | null;
  /** A type's name as the report writes it (`weakref.finalize`): matches that growing type. */
  type: string | null;
  /** The start of a retention path (`weakref.finalize._registry`, `app._cache`): matches what that path holds. */
  holder: string | null;
  /** Why this growth is accepted: required, shown in the report. */
  reason: string;
  /** Only in this scenario (its name), or in every scenario when null. */
  scenario: string | null;
  /** Where the entry was written, for messages: `pyproject.toml [[tool.leakgate.ignore]] #2`, `input 'ignore' #1`. */
  source: string;
}
