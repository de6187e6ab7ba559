/**
 * When the job is cancelled (GitHub sends SIGINT, then SIGTERM a few seconds later, then
 * SIGKILL), the action still publishes a report. The pipeline is given the AbortSignal and
 * returns what it measured; if it has not returned within a short grace, this report stands
 * in for it: every scenario an error "interrupted". Pure.
 */
import { decide } from '../../decide/decide.js';
import { buildReport, evidenceOf, type MeasuredScenario, unmeasuredScenario } from '../../report/build.js';
import type { Report } from '../../report/types.js';
import type { FailOn, ScenarioSettings } from '../../settings/types.js';

/** The reason an AbortController is aborted with on a signal. */
export class Interrupted extends Error {
  override name = 'Interrupted';
  readonly signal: NodeJS.Signals;

  constructor(signal: NodeJS.Signals) {
    super(`interrupted by ${signal}`);
    this.signal = signal;
  }
}

/** The exit code of a process ended by this signal, as shells report it (128 + its number). */
export function exitCodeFor(signal: NodeJS.Signals): number {
  return signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : signal === 'SIGHUP' ? 129 : 1;
}

function interruptedScenario(settings: ScenarioSettings, signal: NodeJS.Signals): MeasuredScenario {
  return unmeasuredScenario(settings, {
    kind: 'interrupted',
    message: `interrupted by ${signal} before the measurement finished (the job was cancelled, or the runner is shutting down)`,
    hint: 'run the workflow again; nothing was judged',
  });
}

/**
 * The report of a run interrupted before the pipeline returned: every scenario an error.
 * `compared`: a usable baseline was loaded, as the gate would have compared with it.
 */
export function interruptedReport(scenarios: readonly ScenarioSettings[], signal: NodeJS.Signals, failOn: FailOn, compared: boolean): Report {
  const interrupted = scenarios.map((s) => interruptedScenario(s, signal));
  const verdict = decide({ scenarios: interrupted.map(evidenceOf), policy: { failOn }, compared, acceptedBy: null });
  return buildReport(interrupted, verdict, { baseline: null, warnings: [`leakgate was interrupted by ${signal}: nothing was measured to the end`] });
}
