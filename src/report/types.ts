/** Plain data shapes of the report stage; no behaviour lives here. */
import type { FailOn, Shard } from '../settings/types.js';
import type { Growth, LeakKind, Series, SiteReport, TypeReport } from '../analyse/types.js';
import type { ScenarioComparison } from '../compare/types.js';

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
