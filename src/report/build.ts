/**
 * The report, assembled from what each stage returned: the measured scenarios (with their
 * comparisons) and the one verdict. Pure. Words are chosen here, not in the stages above.
 */
import type { GrowthAnalysis } from '../analyse/growth.js';
import type { Series } from '../analyse/types.js';
import type { ScenarioComparison } from '../compare/types.js';
import type { ScenarioEvidence, Verdict } from '../decide/verdict.js';
import type { Explainer, Explanation } from '../explain/explain.js';
import { KNOWN_LEAKS_VERSION } from '../explain/known-leaks.js';
import type { ExplanationReport, StaleIgnore } from '../explain/types.js';
import type { HarnessRun } from '../harness/types.js';
import { LEAKGATE_VERSION, REPORT_SCHEMA } from '../settings/constants.js';
import type { Report, ScenarioResult } from './types.js';
import { gateNoteWords, growthNoteWords, leakReasonWords } from './words.js';

const MAX_SERIES_POINTS = 2000;

/** A scenario as measured, before the verdict: a result without its verdict (and maybe with its comparison). */
export type MeasuredScenario = Omit<ScenarioResult, 'verdict'>;

/**
 * One scenario's result as the report shows it: growth, leak, sites, types and series; its verdict
 * comes from the decision. With an explanation (the explain stage), the leak is what stands after it.
 */
export function measuredScenario(run: HarnessRun, analysis: GrowthAnalysis, explanation?: Explanation): MeasuredScenario {
  const { settings, failure } = run;
  const kind = explanation ? explanation.kind : analysis.kind;
  const reasons = explanation ? explanation.reasons : analysis.reasons;
  const explained = explanation ? explanationReport(explanation) : null;
  const checkpointSeconds = run.checkpoints.reduce((sum, c) => sum + c.seconds, 0);
  return {
    name: settings.name,
    target: settings.target,
    cycles: settings.cycles,
    warmup: settings.warmup,
    frames: settings.frames,
    environment: { python: run.hello?.python ?? null, implementation: run.hello?.implementation ?? null, platform: run.hello?.platform ?? null },
    unmeasured: run.hello?.notes ?? [],
    growth: analysis.growth,
    leak: { detected: kind !== null, kind, reasons: reasons.map(leakReasonWords), notes: analysis.notes.map(growthNoteWords) },
    confirmation: analysis.confirmation,
    sites: analysis.sites,
    types: analysis.types,
    fdTargets: analysis.fdTargets,
    ...(analysis.nativeLead ? { nativeLead: analysis.nativeLead } : {}),
    ...(analysis.fdOwners.length > 0 ? { fdOwners: analysis.fdOwners } : {}),
    series: seriesOf(run),
    timing: {
      wallSeconds: run.wallSeconds,
      cycleSeconds: run.samples.reduce((sum, s) => sum + s.seconds, 0),
      tracedCycles: run.window?.cycles ?? 0,
      checkpointSeconds,
      traceSeconds: run.window?.seconds ?? 0,
      retentionSeconds: run.window?.retentionSeconds ?? 0,
    },
    error: failure
      ? {
          kind: failure.kind,
          message: failure.message,
          hint: failure.hint,
          cycle: failure.cycle,
          traceback: failure.traceback,
          output: outputOf(run),
        }
      : null,
    ...(explained ? { explanation: explained } : {}),
  };
}

const explainerWords = (by: Explainer) => (by.by === 'known' ? `known library leak ${by.id}` : by.source);

/** The explanation as the report carries it; null when there is nothing to say (no growth explained, none inside a library). */
export function explanationReport(e: Explanation): ExplanationReport | null {
  if (e.knownLeaks.length === 0 && e.library === null && e.suppressed.length === 0 && e.explained.length === 0) return null;
  return {
    knownLibraryLeak: e.knownLibraryLeak,
    knownLeaksVersion: KNOWN_LEAKS_VERSION,
    knownLeaks: e.knownLeaks.map(({ leak, types, sites, calledFrom }) => ({
      id: leak.id,
      library: leak.library,
      title: leak.title,
      versions: `${leak.versions.range}; checked with ${leak.versions.checked.join(', ')}`,
      explanation: leak.explanation,
      workaround: leak.workaround,
      link: leak.link,
      linkKind: leak.linkKind,
      types,
      sites,
      calledFrom: calledFrom && { file: calledFrom.file, line: calledFrom.line, function: calledFrom.function },
    })),
    library: e.library && {
      library: e.library.library,
      module: e.library.module,
      holder: e.library.holder,
      calledFrom: e.library.calledFrom && { file: e.library.calledFrom.file, line: e.library.calledFrom.line, function: e.library.calledFrom.function },
    },
    suppressed: e.suppressed.map((s) => ({ what: s.what, name: s.name, reason: s.entry.reason, source: s.entry.source })),
    explained: e.explained.map((x) => ({ reason: leakReasonWords(x.reason), by: x.by.map(explainerWords) })),
  };
}

function outputOf(run: HarnessRun): string {
  const parts: string[] = [];
  if (run.output.stdoutTail.trim()) parts.push(`--- stdout (last of ${run.output.stdoutBytes} bytes) ---\n${run.output.stdoutTail}`);
  if (run.output.stderrTail.trim()) parts.push(`--- stderr (last of ${run.output.stderrBytes} bytes) ---\n${run.output.stderrTail}`);
  return parts.join('\n');
}

const finiteOrNull = (value: number | null | undefined): number | null => (value === null || value === undefined || !Number.isFinite(value) ? null : value);

/** Per-cycle samples (thinned evenly past MAX_SERIES_POINTS), checkpoints and the traced window. */
function seriesOf(run: HarnessRun): Series {
  const step = Math.max(1, Math.ceil(run.samples.length / MAX_SERIES_POINTS));
  const rows = run.samples.filter((_, index) => index % step === 0 || index === run.samples.length - 1);
  return {
    cycles: {
      cycle: rows.map((r) => r.cycle),
      phase: rows.map((r) => r.phase),
      seconds: rows.map((r) => r.seconds),
      blocks: rows.map((r) => finiteOrNull(r.blocks)),
      rssBytes: rows.map((r) => finiteOrNull(r.rssBytes)),
      fds: rows.map((r) => finiteOrNull(r.fds)),
      heapBytes: rows.map((r) => finiteOrNull(r.heapBytes)),
      tracedBytes: rows.map((r) => finiteOrNull(r.tracedBytes)),
    },
    checkpoints: {
      cycle: run.checkpoints.map((c) => c.cycle),
      blocks: run.checkpoints.map((c) => c.blocks),
      rssBytes: run.checkpoints.map((c) => c.rssBytes),
      fds: run.checkpoints.map((c) => c.fds),
      heapBytes: run.checkpoints.map((c) => c.heapBytes),
    },
    traced: { cycle: run.window?.checkpointCycles ?? [], tracedBytes: run.window?.tracedBytes ?? [] },
  };
}

/**
 * A scenario that was never measured, standing for an error around it (a leg that produced no
 * report, a run interrupted before it returned): no growth, no series, only the error.
 */
export function unmeasuredScenario(
  what: Pick<ScenarioResult, 'name' | 'target' | 'cycles' | 'warmup' | 'frames'>,
  error: { kind: string; message: string; hint: string },
): MeasuredScenario {
  return {
    // Picked one by one: a caller may pass its settings, which hold more than a result shows.
    name: what.name,
    target: what.target,
    cycles: what.cycles,
    warmup: what.warmup,
    frames: what.frames,
    environment: { python: null, implementation: null, platform: null },
    unmeasured: [],
    growth: {
      tracedBytesPerCycle: null,
      tracedBytesPerCycleMargin: null,
      rssBytesPerCycle: null,
      blocksPerCycle: null,
      fdsPerCycle: null,
      heapBytesPerCycle: null,
    },
    leak: { detected: false, kind: null, reasons: [], notes: [] },
    sites: [],
    types: [],
    fdTargets: [],
    series: {
      cycles: { cycle: [], phase: [], seconds: [], blocks: [], rssBytes: [], fds: [], heapBytes: [], tracedBytes: [] },
      checkpoints: { cycle: [], blocks: [], rssBytes: [], fds: [], heapBytes: [] },
      traced: { cycle: [], tracedBytes: [] },
    },
    timing: { wallSeconds: 0, cycleSeconds: 0, tracedCycles: 0, checkpointSeconds: 0, traceSeconds: 0, retentionSeconds: 0 },
    error: { ...error, cycle: null, traceback: null, output: '' },
  };
}

/**
 * Each scenario with its comparison: the one compareWithBaseline made, or, for a scenario it
 * did not compare (not in the baseline, or not measured), one that says so.
 */
export function withComparisons(scenarios: readonly MeasuredScenario[], comparisons: ReadonlyMap<string, ScenarioComparison>): MeasuredScenario[] {
  return scenarios.map((s) => ({ ...s, comparison: comparisons.get(s.name) ?? noComparison(s) }));
}

function noComparison(s: MeasuredScenario): ScenarioComparison {
  return {
    class: 'no-baseline',
    reason: s.error !== null ? 'not compared: the scenario could not be measured' : 'no baseline yet',
    baseline: null,
    sites: [],
    types: [],
    caveats: [],
  };
}

/** What a scenario of a report brings to the decision (decide/decide.ts). */
export function evidenceOf(s: MeasuredScenario): ScenarioEvidence {
  return {
    name: s.name,
    measured: s.error === null,
    leaking: s.leak.detected,
    knownLibraryLeak: s.explanation?.knownLibraryLeak ?? false,
    comparison: s.comparison?.class ?? null,
  };
}

/** Everything the report says beside the scenarios and the verdict: the baseline, the warnings and the stale ignore entries. */
export interface ReportContext {
  baseline: Report['baseline'];
  warnings: string[];
  staleIgnores?: readonly StaleIgnore[];
  /** The policy made known library leaks fail: the report says so, and merge decides again by it. */
  failOnKnownLeaks?: boolean;
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** One line for people: what leaks, against the baseline when there is one. */
function summaryOf(scenarios: readonly ScenarioResult[]): string {
  const errors = scenarios.filter((s) => s.verdict === 'error').length;
  const compared = scenarios.some((s) => s.comparison);
  const parts: string[] = [];
  if (compared) {
    const count = (cls: string) => scenarios.filter((s) => s.verdict !== 'error' && s.comparison?.class === cls).length;
    const leakingWithoutBaseline = scenarios.filter((s) => s.verdict !== 'error' && s.comparison?.class === 'no-baseline' && s.leak.detected).length;
    if (count('new')) parts.push(plural(count('new'), 'new leak', 'new leaks'));
    if (count('worse')) parts.push(`${count('worse')} worse`);
    if (leakingWithoutBaseline) parts.push(`${leakingWithoutBaseline} leaking with no baseline yet`);
    if (count('unchanged')) parts.push(plural(count('unchanged'), 'known leak unchanged', 'known leaks unchanged'));
    if (count('improved')) parts.push(`${count('improved')} improved`);
    if (count('fixed')) parts.push(plural(count('fixed'), 'leak fixed 🎉', 'leaks fixed 🎉'));
    const clean = count('clean') + scenarios.filter((s) => s.verdict !== 'error' && s.comparison?.class === 'no-baseline' && !s.leak.detected).length;
    if (clean) parts.push(`${clean} clean`);
  } else {
    const leaking = scenarios.filter((s) => s.verdict !== 'error' && s.leak.detected).length;
    const known = scenarios.filter((s) => s.verdict !== 'error' && !s.leak.detected && s.explanation?.knownLibraryLeak).length;
    const clean = scenarios.filter((s) => s.verdict !== 'error' && !s.leak.detected && !s.explanation?.knownLibraryLeak).length;
    if (leaking === 0 && known === 0 && errors === 0) return `no leak in ${plural(scenarios.length, 'scenario', 'scenarios')}`;
    if (leaking) parts.push(`${leaking} leaking`);
    if (known) parts.push(plural(known, 'known library leak', 'known library leaks'));
    if (clean) parts.push(`${clean} clean`);
  }
  if (errors) parts.push(`${errors} failed to run`);
  return parts.join(', ');
}

/**
 * The report: each scenario with the status the verdict gave it (a result that carries an older
 * verdict, such as a leg's, takes this one), the run's verdict, and the gate with its note.
 */
export function buildReport(
  scenarios: readonly (MeasuredScenario & { verdict?: ScenarioResult['verdict'] })[],
  verdict: Verdict,
  context: ReportContext,
): Report {
  if (verdict.scenarios.length !== scenarios.length)
    throw new Error(`buildReport: the verdict judges ${verdict.scenarios.length} scenarios, the report holds ${scenarios.length}`);
  const results: ScenarioResult[] = scenarios.map(({ name, target, verdict: _earlier, ...rest }, index) => ({
    name,
    target,
    verdict: verdict.scenarios[index].status,
    ...rest,
  }));
  return {
    schema: REPORT_SCHEMA,
    tool: { name: 'leakgate', version: LEAKGATE_VERSION },
    verdict: verdict.status,
    summary: summaryOf(results),
    gate: {
      failOn: verdict.gate.failOn,
      applied: verdict.gate.applied,
      note: gateNoteWords(verdict.reasons),
      acceptedBy: verdict.gate.acceptedBy,
      ...(context.failOnKnownLeaks ? { failOnKnownLeaks: true } : {}),
    },
    baseline: context.baseline,
    warnings: context.warnings,
    ...(context.staleIgnores && context.staleIgnores.length > 0 ? { staleIgnores: [...context.staleIgnores] } : {}),
    scenarios: results,
  };
}
