/** Words both renderers (terminal and Markdown) use for a scenario's verdict. */
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
