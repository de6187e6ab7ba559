/**
 * mergeReports: the JSON reports of the legs of a fan-out (leakgate run --shard i/n) into one
 * report, with one verdict. Pure. A leg that is missing or unusable is reported as an error
 * scenario, never dropped: a silent gap would let a leak through.
 *
 * Legs whose reports carry their shard (origin.shard, issue 10 §4) must be each of 1..n exactly
 * once: a missing shard, a shard given twice, a report of another fan-out size or without a
 * shard, and legs of different workflow runs are error scenarios naming the shard. Reports
 * without a shard (single runs, or written before reports had an origin) merge by count.
 */
import { decide } from '../decide/decide.js';
import { LIMITS } from '../settings/limits.js';
import { buildReport, evidenceOf, type MeasuredScenario, unmeasuredScenario } from './build.js';
import type { Report } from './types.js';

export interface Leg {
  /** The leg's label for messages, e.g. "shard 2/4" or a file name. */
  label: string;
  report: Report | null;
  /** Why there is no report: missing, failed, not valid. */
  problem: string | null;
  /**
   * The shard this leg stands for, when the caller knows it (the action: from the artifact's
   * name). Its report must be that shard; an unusable leg still stands for it (no "missing").
   */
  shard?: { index: number; count: number } | null;
}

export interface MergeOptions {
  /** How many legs the fan-out had (--expect-legs, the action's `legs`); absent: as the reports say. */
  expectLegs?: number | null;
  /** The accept label, when the pull request carries it: a failing merged check then passes. */
  acceptedBy?: string | null;
}

/** error.kind of the scenarios that stand for a problem with a leg rather than with a scenario. */
export const LEG_ERROR_KINDS: readonly string[] = ['missing-leg', 'duplicate-leg', 'foreign-leg', 'too-many-scenarios'];

/** An error scenario standing for a problem with the legs, not with a scenario of theirs. */
function legError(name: string, kind: string, message: string, hint: string): MeasuredScenario {
  return unmeasuredScenario({ name, target: name, cycles: 1, warmup: 0, frames: 1 }, { kind, message, hint });
}

/** An error scenario standing for a leg that produced no usable report. */
export function missingLeg(label: string, problem: string): MeasuredScenario {
  return legError(
    `(${label})`,
    'missing-leg',
    `${label} produced no usable report: ${problem}`,
    "open that leg's job: it failed, was cancelled, or did not upload its report",
  );
}

const times = (count: number) => (count === 2 ? 'twice' : `${count} times`);
const listed = (items: readonly string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);
const SHARD_HINT = 'run every leg of the matrix with --shard i/n of the same n, and merge one JSON report of each';

/**
 * One report from the legs' reports, decided again by the rules each leg decided by (the first
 * leg's fail-on, its baseline compared or not): the verdict is the worst of all scenarios.
 */
export function mergeReports(legs: readonly Leg[], options: MergeOptions = {}): Report {
  const expectLegs = options.expectLegs ?? null;
  const sharded = legs.some((leg) => leg.shard || leg.report?.origin?.shard);
  const count =
    expectLegs ?? legs.find((leg) => leg.shard)?.shard?.count ?? legs.find((leg) => leg.report?.origin?.shard)?.report?.origin?.shard?.count ?? legs.length;
  // Which legs claim each shard; the scenarios of the legs taken; the error scenarios at each leg's place.
  const claims = new Map<number, string[]>();
  const byRun = new Map<string, string>();
  const taken: { leg: Leg; report: Report }[] = [];
  const placed: MeasuredScenario[][] = legs.map(() => []);
  legs.forEach((leg, position) => {
    const out = placed[position];
    if (!leg.report) {
      out.push(missingLeg(leg.label, leg.problem ?? 'no report'));
      if (leg.shard) claims.set(leg.shard.index, [...(claims.get(leg.shard.index) ?? []), leg.label]);
      return;
    }
    const origin = leg.report.origin;
    if (sharded) {
      const shard = origin?.shard ?? null;
      const name = `(${leg.label})`;
      if (!shard) {
        out.push(legError(name, 'foreign-leg', `${leg.label} is not a shard: it was run without --shard, so it is not one of the ${count} legs`, SHARD_HINT));
        return;
      }
      if (shard.count !== count) {
        out.push(legError(name, 'foreign-leg', `${leg.label} is shard ${shard.index}/${shard.count}, not one of ${count} legs`, SHARD_HINT));
        return;
      }
      if (leg.shard && (leg.shard.index !== shard.index || leg.shard.count !== shard.count)) {
        out.push(
          legError(
            name,
            'foreign-leg',
            `${leg.label} holds the report of shard ${shard.index}/${shard.count}, not of shard ${leg.shard.index}/${leg.shard.count}`,
            SHARD_HINT,
          ),
        );
        return;
      }
      const claimants = [...(claims.get(shard.index) ?? []), leg.label];
      claims.set(shard.index, claimants);
      if (claimants.length > 1) {
        out.push(
          legError(
            `(shard ${shard.index}/${count} again)`,
            'duplicate-leg',
            `shard ${shard.index}/${count} given ${times(claimants.length)}: ${listed(claimants)}`,
            `${SHARD_HINT}; only the first one's scenarios are kept`,
          ),
        );
        return;
      }
    } else if (origin) {
      // An unsharded report given twice is the same process's run id twice.
      const first = byRun.get(origin.runId);
      if (first !== undefined) {
        out.push(
          legError(
            `(${leg.label})`,
            'duplicate-leg',
            `${leg.label} is the same report as ${first} (run ${origin.runId}) given twice`,
            'merge one JSON report of each leg',
          ),
        );
        return;
      }
      byRun.set(origin.runId, leg.label);
    }
    taken.push({ leg, report: leg.report });
  });

  const scenarios: MeasuredScenario[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  legs.forEach((leg, position) => {
    const kept = taken.find((t) => t.leg === leg);
    if (kept) {
      for (const scenario of kept.report.scenarios) {
        if (seen.has(scenario.name)) {
          warnings.push(`scenario ${scenario.name} was reported by more than one leg; ${leg.label}'s copy is left out`);
          continue;
        }
        seen.add(scenario.name);
        scenarios.push(scenario);
      }
      for (const warning of kept.report.warnings) if (!warnings.includes(warning)) warnings.push(warning);
    }
    scenarios.push(...placed[position]);
  });

  if (sharded) {
    for (let index = 1; index <= count; index++) {
      if (claims.has(index)) continue;
      scenarios.push(
        legError(
          `(shard ${index}/${count})`,
          'missing-leg',
          `shard ${index}/${count} missing: none of the reports given is shard ${index} of ${count}`,
          `give the JSON report of leakgate run --shard ${index}/${count}; if that leg failed or was cancelled, re-run it`,
        ),
      );
    }
  } else {
    for (let leg = legs.length + 1; expectLegs !== null && leg <= expectLegs; leg++)
      scenarios.push(missingLeg(`leg ${leg} of ${expectLegs}`, 'no report was given for it'));
  }

  // Legs of different workflow runs measured different code (another commit, or another push):
  // merging them would gate this run on another one's results, as dangerous as a duplicated leg.
  // Different attempts of one run are fine: re-running failed jobs keeps the passed legs' reports.
  const runs = new Map<string, string[]>();
  for (const { leg, report } of taken) {
    const ci = report.origin?.ci;
    if (ci) runs.set(ci.runId, [...(runs.get(ci.runId) ?? []), leg.label]);
  }
  if (runs.size > 1) {
    const which = [...runs].map(([run, labels]) => `${listed(labels)} from workflow run ${run}`);
    scenarios.push(
      legError(
        '(legs of different runs)',
        'foreign-leg',
        `the legs come from different workflow runs: ${which.join('; ')}`,
        'merge the legs of one workflow run: download the artifacts of this run only',
      ),
    );
  }

  const first = legs.find((leg) => leg.report)?.report ?? null;
  const merged = withinLimit(scenarios);
  const verdict = decide({
    scenarios: merged.map(evidenceOf),
    policy: { failOn: first?.gate.failOn ?? 'leak', failOnKnownLeaks: first?.gate.failOnKnownLeaks ?? false },
    compared: first?.baseline?.status === 'compared',
    acceptedBy: options.acceptedBy ?? null,
  });
  const staleIgnores = staleInEveryLeg(taken.map((t) => t.report));
  return buildReport(merged, verdict, { baseline: first?.baseline ?? null, warnings, staleIgnores, failOnKnownLeaks: first?.gate.failOnKnownLeaks });
}

/** An ignore entry is stale in the merged report only when every leg's report calls it stale: another shard may have matched it. */
function staleInEveryLeg(reports: readonly Report[]): NonNullable<Report['staleIgnores']> {
  if (reports.length === 0) return [];
  const key = (s: NonNullable<Report['staleIgnores']>[number]) => JSON.stringify([s.source, s.match, s.scenario]);
  const [first, ...rest] = reports;
  const elsewhere = rest.map((r) => new Set((r.staleIgnores ?? []).map(key)));
  return (first.staleIgnores ?? []).filter((s) => elsewhere.every((keys) => keys.has(key(s))));
}

const isLegError = (s: MeasuredScenario) => s.error !== null && LEG_ERROR_KINDS.includes(s.error.kind);

/** At most LIMITS.scenarios: past it, measured scenarios are left out (never the legs' errors) and one error says so. */
function withinLimit(scenarios: MeasuredScenario[]): MeasuredScenario[] {
  if (scenarios.length <= LIMITS.scenarios) return scenarios;
  let room = LIMITS.scenarios - 1 - scenarios.filter(isLegError).length;
  const kept = scenarios.filter((s) => isLegError(s) || room-- > 0);
  const left = scenarios.length - kept.length;
  kept.push(
    legError(
      '(too many scenarios)',
      'too-many-scenarios',
      `the legs hold ${scenarios.length} scenarios together, more than the ${LIMITS.scenarios} one report may hold: ${left} are left out`,
      `split the scenarios over several fan-outs of at most ${LIMITS.scenarios} scenarios each`,
    ),
  );
  return kept;
}
