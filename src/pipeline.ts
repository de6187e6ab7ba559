/**
 * The pipeline, visible in one place:
 *   config → run the harness → analyse → compare with a baseline → decide (gate) → report
 * and then the caller applies the verdict. Adapters (the Python process, files, the terminal)
 * are passed in, so every stage here stays pure.
 */
import { planTrace } from './analyse/growth.js';
import type { LoadedBaseline } from './adapters/baseline-store.js';
import { compareWithBaseline } from './compare/compare.js';
import { buildReport, scenarioResult } from './decide/decide.js';
import { applyGate } from './decide/gate.js';
import type { HarnessRun } from './harness/types.js';
import type { Report, ScenarioResult } from './report/types.js';
import type { RunConfig, ScenarioSettings } from './settings/types.js';
import type { ScenarioComparison } from './compare/types.js';
import type { HarnessHooks } from './harness/python-harness.js';

export interface PipelineAdapters {
  runHarness: (settings: ScenarioSettings, hooks: HarnessHooks) => Promise<HarnessRun>;
  onProgress?: HarnessHooks['onProgress'];
  /**
   * Aborting it interrupts the run (see HarnessHooks.signal): the scenarios under way stop, those
   * not started yet are reported as interrupted too, and the report is still built.
   */
  signal?: AbortSignal;
}

export type PipelineConfig = Pick<RunConfig, 'scenarios' | 'failOn' | 'tolerance'> & { baseline: LoadedBaseline | null; jobs?: number };

/** Run every scenario (one process each, `jobs` at a time), compare, gate, and build the report. */
export async function runPipeline(config: PipelineConfig, adapters: PipelineAdapters): Promise<Report> {
  const results: ScenarioResult[] = new Array(config.scenarios.length);
  let next = 0;
  const worker = async () => {
    while (next < config.scenarios.length) {
      const index = next++;
      // A run asked to stop before it starts does not start a process: it comes back interrupted.
      const run = await adapters.runHarness(config.scenarios[index], { planTrace, onProgress: adapters.onProgress, signal: adapters.signal });
      results[index] = scenarioResult(run);
      runWarnings[index] = (run.warnings ?? []).map((warning) => `${run.settings.name}: ${warning}`);
    }
  };
  const runWarnings: string[][] = new Array(config.scenarios.length).fill([]);
  await Promise.all(Array.from({ length: Math.max(1, Math.min(config.jobs ?? 1, config.scenarios.length)) }, worker));

  const warnings: string[] = runWarnings.flat();
  let comparisons: Map<string, ScenarioComparison> | null = null;
  let baselineInfo: Report['baseline'] = null;
  const loaded = config.baseline;
  if (loaded && loaded.parsed.ok) {
    const compared = compareWithBaseline(results, loaded.parsed.baseline, config.tolerance, new Map(config.scenarios.map((s) => [s.name, s.thresholds])));
    comparisons = compared.comparisons;
    warnings.push(...compared.warnings);
    const caveats = [...new Set([...comparisons.values()].flatMap((c) => c.caveats))];
    baselineInfo = { source: loaded.source, status: 'compared', createdAt: loaded.parsed.baseline.createdAt, caveats };
  } else if (loaded) {
    warnings.push(`baseline ${loaded.source} ${loaded.parsed.ok ? '' : loaded.parsed.reason}: compared with no baseline`);
    baselineInfo = { source: loaded.source, status: 'unusable', createdAt: null, caveats: [] };
  }

  const failOn = config.failOn ?? (loaded ? 'regression' : 'leak');
  const { scenarios, gate } = applyGate(results, { failOn, comparisons });
  return buildReport(scenarios, { gate, baseline: baselineInfo, warnings });
}
