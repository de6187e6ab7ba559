/**
 * The pipeline, visible in one place:
 *   config → run the harness → analyse → decide → report → (the caller) apply the verdict.
 * Adapters (the Python process, files, the terminal) are passed in, so the stages stay pure.
 */
import { planTrace } from './analyse/growth.js';
import { buildReport, scenarioResult } from './decide.js';
import type { HarnessRun, Report, RunConfig, ScenarioSettings } from './model.js';
import type { HarnessHooks } from './harness/python-harness.js';

export interface PipelineAdapters {
  runHarness: (settings: ScenarioSettings, hooks: HarnessHooks) => Promise<HarnessRun>;
  onProgress?: HarnessHooks['onProgress'];
}

/** Run every scenario, one process each, one after another, and build the report. */
export async function runPipeline(config: Pick<RunConfig, 'scenarios'>, adapters: PipelineAdapters): Promise<Report> {
  const results = [];
  for (const settings of config.scenarios) {
    const run = await adapters.runHarness(settings, { planTrace, onProgress: adapters.onProgress });
    results.push(scenarioResult(run));
  }
  return buildReport(results);
}
