/**
 * applyGate: the policy `--fail-on regression|leak|never` turned into each scenario's verdict.
 * Pure: decides, and says why; the caller applies it (exit code, failed check) last.
 *
 * - leak: any leak fails, known or new.
 * - regression (the default with a baseline): only new leaks and worse ones fail. A scenario
 *   with no baseline entry, or a run with no usable baseline, falls back to `leak`.
 * - never: leaks are reported and nothing fails (errors still do: nothing was measured).
 */
import type { FailOn } from '../settings/types.js';
import type { Report, ScenarioResult } from '../report/types.js';
import type { ScenarioComparison } from '../compare/types.js';

export interface GateInput {
  failOn: FailOn;
  /** Comparisons by scenario name, or null when there is no usable baseline. */
  comparisons: Map<string, ScenarioComparison> | null;
}

const FAILING: ReadonlySet<string> = new Set(['new', 'worse']);

/** Each scenario's verdict under the policy, and the gate as the report shows it. */
export function applyGate(results: readonly ScenarioResult[], input: GateInput): { scenarios: ScenarioResult[]; gate: Report['gate'] } {
  const applied: FailOn = input.failOn === 'regression' && input.comparisons === null ? 'leak' : input.failOn;
  const note =
    input.failOn === 'regression' && input.comparisons === null
      ? 'no usable baseline: the gate fails on any leak until one is recorded (leakgate run … --save-baseline FILE on the default branch)'
      : input.failOn === 'never'
        ? 'fail-on is never: leaks are reported, the check does not fail on them'
        : null;
  const scenarios = results.map((result) => {
    const comparison = input.comparisons?.get(result.name);
    const withComparison: ScenarioResult = input.comparisons ? { ...result, comparison: comparison ?? noComparison(result) } : { ...result };
    if (result.verdict === 'error') return withComparison;
    let fails: boolean;
    if (applied === 'never') fails = false;
    else if (applied === 'leak' || !comparison || comparison.class === 'no-baseline') fails = result.leak.detected;
    else fails = FAILING.has(comparison.class);
    return { ...withComparison, verdict: fails ? 'fail' : 'pass' } as ScenarioResult;
  });
  return { scenarios, gate: { failOn: input.failOn, applied, note, acceptedBy: null } };
}

function noComparison(result: ScenarioResult): ScenarioComparison {
  return { class: 'no-baseline', reason: result.verdict === 'error' ? 'not compared: the scenario could not be measured' : 'no baseline yet', baseline: null, sites: [], types: [], caveats: [] };
}

/**
 * A pull request carrying the accept label passes despite a regression: failing scenarios
 * pass, errors still fail (nothing was measured), and the report says who accepted it.
 */
export function acceptRegressions(report: Report, label: string): Report {
  if (report.verdict !== 'fail') return report;
  const scenarios = report.scenarios.map((s) => (s.verdict === 'fail' ? { ...s, verdict: 'pass' as const } : s));
  const verdict = scenarios.some((s) => s.verdict === 'error') ? 'error' : 'pass';
  const note = `accepted with the '${label}' label: the check passes despite the regression`;
  return { ...report, verdict, scenarios, gate: { ...report.gate, acceptedBy: label, note } };
}
