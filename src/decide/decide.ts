/**
 * decide: the one place a verdict is made. It takes every scenario's evidence (measured or not,
 * leaking or not, its class against the baseline), the policy and the accept label, and returns
 * the verdict with its reasons; nothing rewrites it later. Pure: applying the verdict (exit code,
 * a failed check) is the caller's job, after the reports are written.
 *
 * - fail-on leak: any leak fails, known or new.
 * - fail-on regression (the default with a baseline): only new leaks and worse ones fail. A
 *   scenario with no baseline entry, or a run with no usable baseline, falls back to `leak`.
 * - fail-on never: leaks are reported and nothing fails (errors still do: nothing was measured).
 * - the accept label turns a failing run into a passing one; errors still fail.
 * - a known library leak (growth wholly explained by leakgate's list of known library leaks)
 *   passes, unless failOnKnownLeaks: then it fails under fail-on leak and regression alike, since
 *   its comparison with a baseline counts only the leak that stands after explanation.
 */
import type { ComparisonClass } from '../compare/types.js';
import type { FailOn } from '../settings/types.js';
import type { DecisionInput, GateReason, ScenarioEvidence, Status, Verdict } from './verdict.js';

const FAILING: ReadonlySet<ComparisonClass> = new Set(['new', 'worse']);
const SEVERITY: Record<Status, number> = { pass: 0, fail: 1, error: 2 };

/** One scenario's status under the policy as applied. */
function scenarioStatus(scenario: ScenarioEvidence, applied: FailOn, failOnKnownLeaks: boolean): Status {
  if (!scenario.measured) return 'error';
  if (applied === 'never') return 'pass';
  if (!scenario.leaking && scenario.knownLibraryLeak) return failOnKnownLeaks ? 'fail' : 'pass';
  if (applied === 'leak' || scenario.comparison === null || scenario.comparison === 'no-baseline') return scenario.leaking ? 'fail' : 'pass';
  return FAILING.has(scenario.comparison) ? 'fail' : 'pass';
}

/** The verdict of a run: every scenario's status, the worst of them, the gate as applied, and why. */
export function decide(input: DecisionInput): Verdict {
  const { failOn } = input.policy;
  const noBaseline = failOn === 'regression' && !input.compared;
  const applied: FailOn = noBaseline ? 'leak' : failOn;
  const reasons: GateReason[] = noBaseline ? [{ code: 'no-usable-baseline' }] : failOn === 'never' ? [{ code: 'fail-on-never' }] : [];
  const judged = input.scenarios.map((scenario) => ({
    name: scenario.name,
    status: scenarioStatus(scenario, applied, input.policy.failOnKnownLeaks ?? false),
  }));
  const worst = judged.reduce<Status>((status, s) => (SEVERITY[s.status] > SEVERITY[status] ? s.status : status), 'pass');
  // Worst 'fail' means no scenario is an error: accepting passes every failing one.
  if (worst === 'fail' && input.acceptedBy !== null) {
    return {
      status: 'pass',
      scenarios: judged.map((s) => ({ name: s.name, status: s.status === 'fail' ? 'pass' : s.status })),
      gate: { failOn, applied, acceptedBy: input.acceptedBy },
      reasons: [{ code: 'accepted', label: input.acceptedBy }, ...reasons],
    };
  }
  return { status: worst, scenarios: judged, gate: { failOn, applied, acceptedBy: null }, reasons };
}
