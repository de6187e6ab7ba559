/**
 * mergeReports: the JSON reports of the legs of a fan-out (leakgate run --shard i/n) into one
 * report, with one verdict. Pure. A leg that is missing or unusable is reported as an error
 * scenario, never dropped: a silent gap would let a leak through.
 */
import { buildReport } from './decide.js';
import type { Report, ScenarioResult } from './model.js';

export interface Leg {
  /** The leg's label for messages, e.g. "shard 2/4" or a file name. */
  label: string;
  report: Report | null;
  /** Why there is no report: missing, failed, not valid. */
  problem: string | null;
}

const EMPTY_SERIES: ScenarioResult['series'] = {
  cycles: { cycle: [], phase: [], seconds: [], blocks: [], rssBytes: [], fds: [], heapBytes: [], tracedBytes: [] },
  checkpoints: { cycle: [], blocks: [], rssBytes: [], fds: [], heapBytes: [] },
  traced: { cycle: [], tracedBytes: [] },
};

/** An error scenario standing for a leg that produced no usable report. */
export function missingLeg(label: string, problem: string): ScenarioResult {
  return {
    name: `(${label})`,
    target: label,
    verdict: 'error',
    cycles: 1,
    warmup: 0,
    frames: 1,
    environment: { python: null, implementation: null, platform: null },
    unmeasured: [],
    growth: { tracedBytesPerCycle: null, tracedBytesPerCycleMargin: null, rssBytesPerCycle: null, blocksPerCycle: null, fdsPerCycle: null, heapBytesPerCycle: null },
    leak: { detected: false, kind: null, reasons: [], notes: [] },
    sites: [],
    types: [],
    fdTargets: [],
    series: EMPTY_SERIES,
    timing: { wallSeconds: 0, cycleSeconds: 0, tracedCycles: 0, checkpointSeconds: 0, traceSeconds: 0, retentionSeconds: 0 },
    error: { kind: 'missing-leg', message: `${label} produced no usable report: ${problem}`, hint: 'open that leg\'s job: it failed, was cancelled, or did not upload its report', cycle: null, traceback: null, output: '' },
  };
}

/** One report from the legs' reports; the verdict is the worst of all scenarios. */
export function mergeReports(legs: readonly Leg[]): Report {
  const scenarios: ScenarioResult[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  for (const leg of legs) {
    if (!leg.report) {
      scenarios.push(missingLeg(leg.label, leg.problem ?? 'no report'));
      continue;
    }
    for (const scenario of leg.report.scenarios) {
      if (seen.has(scenario.name)) {
        warnings.push(`scenario ${scenario.name} was reported by more than one leg; ${leg.label}'s copy is left out`);
        continue;
      }
      seen.add(scenario.name);
      scenarios.push(scenario);
    }
    for (const warning of leg.report.warnings) if (!warnings.includes(warning)) warnings.push(warning);
  }
  const first = legs.find((leg) => leg.report)?.report ?? null;
  const gate = first?.gate ?? { failOn: 'leak' as const, applied: 'leak' as const, note: null, acceptedBy: null };
  return buildReport(scenarios, { gate: { ...gate, acceptedBy: null }, baseline: first?.baseline ?? null, warnings });
}
