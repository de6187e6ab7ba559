/**
 * Where a report came from: the leakgate process that made it, the GitHub Actions run it ran
 * in, and its shard of a fan-out. Merge uses it to take each leg exactly once (issue 10 §4).
 */
import { randomUUID } from 'node:crypto';
import type { Shard } from '../settings/types.js';
import type { Report, ReportOrigin } from './types.js';

/** The origin of a report made now by this process; `env` is the process's environment. */
export function reportOrigin(env: NodeJS.ProcessEnv, shard: Shard | null, startedAt: Date, runId: string = randomUUID()): ReportOrigin {
  const ciRunId = env.GITHUB_ACTIONS === 'true' && env.GITHUB_RUN_ID ? env.GITHUB_RUN_ID : null;
  return {
    runId,
    startedAt: startedAt.toISOString(),
    ci: ciRunId ? { runId: ciRunId, runAttempt: env.GITHUB_RUN_ATTEMPT || null } : null,
    shard,
  };
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** "shard 2/2 has no scenarios: 1 scenario split over 2 shards". */
export function emptyShardSummary(shard: Shard): string {
  return `shard ${shard.index}/${shard.count} has no scenarios: ${plural(shard.scenariosInAll, 'scenario', 'scenarios')} split over ${shard.count} shards`;
}

/** The report with its origin; a shard that got no scenarios says so in its summary. */
export function withOrigin(report: Report, origin: ReportOrigin): Report {
  const summary = origin.shard && report.scenarios.length === 0 ? emptyShardSummary(origin.shard) : report.summary;
  return { ...report, summary, origin };
}
