/**
 * The pipeline, visible in one place:
 *   config → run the harness → analyse → explain → compare with a baseline → decide → report
 * and then the caller applies the verdict. Adapters (the Python process, files, the terminal)
 * are passed in, so every stage here stays pure.
 */

import type { LoadedBaseline } from './adapters/baseline-store.js';
import { analyseGrowth, planConfirmation, planTrace } from './analyse/growth.js';
import { compareWithBaseline } from './compare/compare.js';
import { decide } from './decide/decide.js';
import { type Explanation, explainGrowth, staleIgnores } from './explain/explain.js';
import type { StaleIgnore } from './explain/types.js';
import type { HarnessHooks } from './harness/python-harness.js';
import type { HarnessRun } from './harness/types.js';
import { buildReport, evidenceOf, type MeasuredScenario, measuredScenario, withComparisons } from './report/build.js';
import { comparisonWords, goneScenariosWords } from './report/comparison-words.js';
import type { Report } from './report/types.js';
import type { Thresholds } from './settings/constants.js';
import type { IgnoreEntry, RunConfig, ScenarioSettings } from './settings/types.js';

export interface PipelineAdapters {
  runHarness: (settings: ScenarioSettings, hooks: HarnessHooks) => Promise<HarnessRun>;
  onProgress?: HarnessHooks['onProgress'];
  /**
   * Aborting it interrupts the run (see HarnessHooks.signal): the scenarios under way stop, those
   * not started yet are reported as interrupted too, and the report is still built.
   */
  signal?: AbortSignal;
}

export type PipelineConfig = Pick<RunConfig, 'scenarios' | 'failOn' | 'tolerance'> & {
  baseline: LoadedBaseline | null;
  jobs?: number;
  /** The accept label, when the pull request carries it: a failing check then passes (decide/decide.ts). */
  acceptedBy?: string | null;
  /** Suppressions ([[tool.leakgate.ignore]], the action's `ignore`): growth they match is listed with its reason, not counted. */
  ignore?: readonly IgnoreEntry[];
  /** Known library leaks fail the run too (decide/decide.ts); by default they do not. */
  failOnKnownLeaks?: boolean;
};

/** Run every scenario (one process each, `jobs` at a time), analyse each, then compare, decide and build the report. */
export async function runPipeline(config: PipelineConfig, adapters: PipelineAdapters): Promise<Report> {
  const measured: MeasuredScenario[] = new Array(config.scenarios.length);
  const runWarnings: string[][] = new Array(config.scenarios.length).fill([]);
  const explanations: Explanation[] = [];
  let next = 0;
  const worker = async () => {
    while (next < config.scenarios.length) {
      const index = next++;
      // A run asked to stop before it starts does not start a process: it comes back interrupted.
      const hooks = { planConfirmation, planTrace, onProgress: adapters.onProgress, signal: adapters.signal };
      const run = await adapters.runHarness(config.scenarios[index], hooks);
      const analysis = analyseGrowth(run);
      const explanation = explainGrowth(analysis, { scenario: run.settings.name, ignore: config.ignore, thresholds: run.settings.thresholds });
      explanations.push(explanation);
      measured[index] = measuredScenario(run, analysis, explanation);
      runWarnings[index] = (run.warnings ?? []).map((warning) => `${run.settings.name}: ${warning}`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(config.jobs ?? 1, config.scenarios.length)) }, worker));
  const thresholds = new Map(config.scenarios.map((s) => [s.name, s.thresholds]));
  const unmeasured = new Set(measured.filter((s) => s.error !== null).map((s) => s.name));
  const stale = staleIgnores(config.ignore ?? [], explanations, unmeasured).map(staleIgnoreOf);
  return reportOf(measured, { ...config, thresholds, staleIgnores: stale }, runWarnings.flat());
}

/** An ignore entry as the report lists it when it matched nothing. */
function staleIgnoreOf(entry: IgnoreEntry): StaleIgnore {
  const match = entry.site !== null ? `site ${entry.site}` : entry.type !== null ? `type ${entry.type}` : `holder ${entry.holder ?? ''}`;
  return { source: entry.source, match, scenario: entry.scenario, reason: entry.reason };
}

export type ReportConfig = Pick<PipelineConfig, 'failOn' | 'tolerance' | 'baseline' | 'acceptedBy' | 'failOnKnownLeaks'> & {
  /** Each scenario's detection thresholds by name, the floors of "worse" (the defaults for a name it does not hold). */
  thresholds?: ReadonlyMap<string, Thresholds>;
  /** Ignore entries that matched nothing in this run. */
  staleIgnores?: readonly StaleIgnore[];
};

/**
 * The stages after the measurement, pure: compare with the baseline (when there is a usable
 * one) → decide → the report. failOn defaults to regression with a baseline, leak without.
 */
export function reportOf(measured: readonly MeasuredScenario[], config: ReportConfig, runWarnings: readonly string[] = []): Report {
  const warnings = [...runWarnings];
  let scenarios = [...measured];
  let baselineInfo: Report['baseline'] = null;
  const loaded = config.baseline ?? null;
  if (loaded?.parsed.ok) {
    const compared = compareWithBaseline(measured, loaded.parsed.baseline, config.tolerance, config.thresholds);
    const comparisons = new Map([...compared.comparisons].map(([name, c]) => [name, comparisonWords(c)]));
    scenarios = withComparisons(measured, comparisons);
    warnings.push(...goneScenariosWords(compared.gone));
    const caveats = [...new Set([...comparisons.values()].flatMap((c) => c.caveats))];
    baselineInfo = { source: loaded.source, status: 'compared', createdAt: loaded.parsed.baseline.createdAt, caveats };
  } else if (loaded) {
    warnings.push(`baseline ${loaded.source} ${loaded.parsed.ok ? '' : loaded.parsed.reason}: compared with no baseline`);
    baselineInfo = { source: loaded.source, status: 'unusable', createdAt: null, caveats: [] };
  }
  const failOn = config.failOn ?? (loaded ? 'regression' : 'leak');
  const verdict = decide({
    scenarios: scenarios.map(evidenceOf),
    policy: { failOn, failOnKnownLeaks: config.failOnKnownLeaks ?? false },
    compared: baselineInfo?.status === 'compared',
    acceptedBy: config.acceptedBy ?? null,
  });
  return buildReport(scenarios, verdict, { baseline: baselineInfo, warnings, staleIgnores: config.staleIgnores, failOnKnownLeaks: config.failOnKnownLeaks });
}
