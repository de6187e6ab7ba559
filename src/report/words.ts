/** Words of the report that are not a renderer's own: a scenario's verdict, the gate's note. */
import type { GateReason } from '../decide/verdict.js';
import type { ScenarioResult } from './types.js';

/**
 * An error before the first cycle (Python or the scenario never started: a missing file, an
 * import error, a failing setup): nothing was measured, so only the error is shown, without a
 * table of n/a growth or the Python version line.
 */
export function measuredNothing(s: ScenarioResult): boolean {
  return s.verdict === 'error' && s.series.cycles.cycle.length === 0 && s.series.checkpoints.cycle.length === 0;
}

/** "Python memory leaks", "native memory leaks (outside Python objects)", "open descriptors leak". */
export function kindWords(kind: ScenarioResult['leak']['kind']): string {
  switch (kind) {
    case 'python':
      return 'Python memory leaks';
    case 'native':
      return 'native memory leaks (outside Python objects)';
    case 'fd':
      return 'open descriptors leak';
    default:
      return 'no leak';
  }
}

/** The gate's note: why it did not simply fail on what it found (the first reason), or null. */
export function gateNoteWords(reasons: readonly GateReason[]): string | null {
  const reason = reasons[0];
  if (!reason) return null;
  switch (reason.code) {
    case 'accepted':
      return `accepted with the '${reason.label}' label: the check passes despite the regression`;
    case 'no-usable-baseline':
      return 'no usable baseline: the gate fails on any leak until one is recorded (leakgate run … --save-baseline FILE on the default branch)';
    case 'fail-on-never':
      return 'fail-on is never: leaks are reported, the check does not fail on them';
  }
}
