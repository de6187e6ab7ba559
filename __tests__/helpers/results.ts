/** Scenario results and reports made by the production stages (analyse → decide → report) from synthetic runs. */
import { analyseGrowth } from '../../src/analyse/growth.js';
import type { HarnessRun } from '../../src/harness/types.js';
import { reportOf } from '../../src/pipeline.js';
import { type MeasuredScenario, measuredScenario } from '../../src/report/build.js';
import type { Report, ScenarioResult } from '../../src/report/types.js';

const NO_BASELINE = { failOn: null, tolerance: { relativePercent: 50, bytesPerCycle: 0, objectsPerCycle: 0 }, baseline: null };

/** One run's result as a report shows it, decided on its own: no baseline, so fail-on leak. */
export function scenarioResult(run: HarnessRun): ScenarioResult {
  return reportOf([measuredScenario(run, analyseGrowth(run))], NO_BASELINE).scenarios[0];
}

/** The report of these results, decided (again, as merge does) with no baseline: fail-on leak. */
export function reportOfResults(results: readonly MeasuredScenario[]): Report {
  return reportOf(results, NO_BASELINE);
}
