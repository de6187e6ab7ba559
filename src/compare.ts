/**
 * compareWithBaseline: each scenario, site and type of this run against the baseline of the
 * default branch — new, worse, unchanged, improved or fixed — all per cycle, so runs of
 * different lengths compare. Pure.
 *
 * Sites are matched by what survives unrelated edits: the file, the function and the source
 * line's text; the line number only breaks ties. Types are matched by qualified name.
 */
import type { Baseline, BaselineScenario, BaselineSite } from './baseline/baseline.js';
import type { ComparisonClass, Growth, GrowthRateKey, LeakKind, ScenarioComparison, ScenarioResult, SiteComparison, SiteReport, Tolerance, TypeComparison } from './model.js';
import { bytesWords, round } from './report/format.js';

/** The figure a leak of this kind is judged by, and its unit. */
interface Rate {
  value: number;
  unit: 'bytes' | 'objects';
  label: string;
  /** Half-width of the 95% confidence interval of value, when it is known (a traced rate); 0 otherwise. */
  margin: number;
}

function rateOf(kind: LeakKind | null, current: Growth, baseline: Growth): [Rate, Rate] | null {
  const pick = (key: GrowthRateKey, unit: Rate['unit'], label: string): [Rate, Rate] | null => {
    const a = current[key];
    const b = baseline[key];
    const marginOf = (g: Growth) => (key === 'tracedBytesPerCycle' ? (g.tracedBytesPerCycleMargin ?? 0) : 0);
    return a !== null && b !== null ? [{ value: a, unit, label, margin: marginOf(current) }, { value: b, unit, label, margin: marginOf(baseline) }] : null;
  };
  if (kind === 'fd') return pick('fdsPerCycle', 'objects', 'open descriptors');
  if (kind === 'native') return pick('heapBytesPerCycle', 'bytes', 'malloc heap') ?? pick('rssBytesPerCycle', 'bytes', 'RSS');
  return pick('tracedBytesPerCycle', 'bytes', 'traced Python memory') ?? pick('heapBytesPerCycle', 'bytes', 'malloc heap') ?? pick('blocksPerCycle', 'objects', 'allocated blocks');
}

/**
 * worse, improved or unchanged, for two per-cycle figures of a leak present in both runs.
 * marginPerCycle is how uncertain their difference is (the 95% margins of both, combined): the band
 * widens by it, so that a rate measured over a few traced cycles of a noisy leak does not flip the class.
 */
export function classifyRate(current: number, baseline: number, unit: 'bytes' | 'objects', tolerance: Tolerance, marginPerCycle = 0): 'worse' | 'improved' | 'unchanged' {
  const absolute = (unit === 'bytes' ? tolerance.bytesPerCycle : tolerance.objectsPerCycle) + marginPerCycle;
  const relative = tolerance.relativePercent / 100;
  if (current > baseline * (1 + relative) + absolute) return 'worse';
  if (current < baseline * (1 - relative) - absolute) return 'improved';
  return 'unchanged';
}

const describeRate = (rate: Rate) => (rate.unit === 'bytes' ? `${bytesWords(rate.value)}` : `${round(rate.value)}`);

/** Match current sites to baseline sites by (file, function, code), nearest line first. */
export function matchSites(current: readonly SiteReport[], baseline: readonly BaselineSite[]): Map<SiteReport, BaselineSite> {
  const key = (s: { file: string; function: string; code: string }) => `${s.file}\u0000${s.function}\u0000${s.code}`;
  const pool = new Map<string, BaselineSite[]>();
  for (const site of baseline) pool.set(key(site), [...(pool.get(key(site)) ?? []), site]);
  const matches = new Map<SiteReport, BaselineSite>();
  for (const site of current) {
    const candidates = pool.get(key(site));
    if (!candidates || candidates.length === 0) continue;
    candidates.sort((a, b) => Math.abs(a.line - site.line) - Math.abs(b.line - site.line));
    const [best] = candidates.splice(0, 1);
    matches.set(site, best);
  }
  return matches;
}

function compareSites(current: ScenarioResult, base: BaselineScenario, tolerance: Tolerance): SiteComparison[] {
  const matches = matchSites(current.sites, base.sites);
  const matched = new Set(matches.values());
  const rows: SiteComparison[] = current.sites.map((site) => {
    const old = matches.get(site);
    const cls: ComparisonClass = old ? classifyRate(site.bytesPerCycle, old.bytesPerCycle, 'bytes', tolerance) : 'new';
    return { class: cls, file: site.file, line: site.line, function: site.function, code: site.code, bytesPerCycle: site.bytesPerCycle, baselineBytesPerCycle: old?.bytesPerCycle ?? null };
  });
  for (const old of base.sites) {
    if (!matched.has(old)) rows.push({ class: 'fixed', file: old.file, line: old.line, function: old.function, code: old.code, bytesPerCycle: null, baselineBytesPerCycle: old.bytesPerCycle });
  }
  return rows;
}

function compareTypes(current: ScenarioResult, base: BaselineScenario, tolerance: Tolerance): TypeComparison[] {
  const old = new Map(base.types.map((t) => [t.type, t.perCycle]));
  const rows: TypeComparison[] = current.types.map((t) => {
    const before = old.get(t.type);
    const cls: ComparisonClass = before === undefined ? 'new' : classifyRate(t.perCycle, before, 'objects', tolerance);
    return { class: cls, type: t.type, perCycle: t.perCycle, baselinePerCycle: before ?? null };
  });
  const now = new Set(current.types.map((t) => t.type));
  for (const t of base.types) if (!now.has(t.type)) rows.push({ class: 'fixed', type: t.type, perCycle: null, baselinePerCycle: t.perCycle });
  return rows;
}

/** Caveats that make a comparison less exact, but do not stop it. */
function caveatsOf(current: ScenarioResult, base: BaselineScenario, baseline: Baseline): string[] {
  const caveats: string[] = [];
  const minor = (v: string | null) => (v ? v.split('.').slice(0, 2).join('.') : null);
  const env = baseline.environment;
  if (current.environment.python && env.python && minor(current.environment.python) !== minor(env.python)) {
    caveats.push(`the baseline was recorded on Python ${env.python}, this run on ${current.environment.python}: figures may differ between versions`);
  }
  if (current.environment.implementation && env.implementation && current.environment.implementation !== env.implementation) {
    caveats.push(`the baseline was recorded on ${env.implementation}, this run on ${current.environment.implementation}`);
  }
  if (current.environment.platform && env.platform && current.environment.platform !== env.platform) {
    caveats.push(`the baseline was recorded on ${env.platform}, this run on ${current.environment.platform}`);
  }
  const s = base.settings;
  if (s.cycles !== current.cycles || s.warmup !== current.warmup) {
    caveats.push(`the baseline ran ${s.cycles} cycles after ${s.warmup} warm-up, this run ${current.cycles} after ${current.warmup}: compared per cycle`);
  }
  if (s.frames !== current.frames) caveats.push(`the baseline kept ${s.frames} frames per site, this run ${current.frames}: sites may be attributed differently`);
  return caveats;
}

/** Compare one measured scenario with its baseline entry (or its absence). */
export function compareScenario(current: ScenarioResult, base: BaselineScenario | undefined, baseline: Baseline, tolerance: Tolerance): ScenarioComparison {
  if (!base) {
    return { class: 'no-baseline', reason: 'no baseline yet: this scenario is not in the baseline', baseline: null, sites: [], types: [], caveats: [] };
  }
  const sites = compareSites(current, base, tolerance);
  const types = compareTypes(current, base, tolerance);
  const caveats = caveatsOf(current, base, baseline);
  const summary = { verdict: base.verdict, kind: base.leak.kind, cycles: base.settings.cycles, warmup: base.settings.warmup, growth: base.growth, series: base.series };
  const leaksNow = current.leak.detected;
  const leakedBefore = base.leak.detected;
  let cls: ComparisonClass;
  let reason: string;
  if (!leaksNow && !leakedBefore) {
    cls = 'clean';
    reason = 'no leak, as in the baseline';
  } else if (!leaksNow) {
    cls = 'fixed';
    reason = `the ${base.leak.kind ?? ''} leak of the baseline is gone`.replace('  ', ' ');
  } else if (!leakedBefore) {
    cls = 'new';
    reason = `a new ${current.leak.kind} leak: the baseline did not leak`;
  } else if (current.leak.kind !== base.leak.kind) {
    cls = 'new';
    reason = `a new ${current.leak.kind} leak: the baseline leaked ${base.leak.kind} memory`;
  } else {
    const rates = rateOf(current.leak.kind, current.growth, base.growth);
    const newSites = sites.filter((s) => s.class === 'new' && (s.bytesPerCycle ?? 0) > tolerance.bytesPerCycle);
    const newTypes = types.filter((t) => t.class === 'new' && (t.perCycle ?? 0) > tolerance.objectsPerCycle);
    const rateClass = rates ? classifyRate(rates[0].value, rates[1].value, rates[0].unit, tolerance, Math.hypot(rates[0].margin, rates[1].margin)) : 'unchanged';
    if (rateClass === 'worse') {
      cls = 'worse';
      reason = `${rates![0].label} grows ${describeRate(rates![0])} per cycle, ${describeRate(rates![1])} in the baseline`;
    } else if (newSites.length > 0 || newTypes.length > 0) {
      cls = 'worse';
      const what = newSites.length > 0 ? `a new growing site, ${newSites[0].file}:${newSites[0].line}` : `a new growing type, ${newTypes[0].type}`;
      reason = `the known leak is still there, and ${what}`;
    } else if (rateClass === 'improved') {
      cls = 'improved';
      reason = `${rates![0].label} grows ${describeRate(rates![0])} per cycle, down from ${describeRate(rates![1])}`;
    } else {
      cls = 'unchanged';
      reason = rates ? `a known leak: ${rates[0].label} grows ${describeRate(rates[0])} per cycle, ${describeRate(rates[1])} in the baseline` : 'a known leak, as in the baseline';
    }
  }
  return { class: cls, reason, baseline: summary, sites, types, caveats };
}

/** Compare every scenario; baseline scenarios no longer run are named in a warning. */
export function compareWithBaseline(results: readonly ScenarioResult[], baseline: Baseline, tolerance: Tolerance): { comparisons: Map<string, ScenarioComparison>; warnings: string[] } {
  const byName = new Map(baseline.scenarios.map((s) => [s.name, s]));
  const comparisons = new Map<string, ScenarioComparison>();
  for (const result of results) {
    if (result.verdict === 'error') continue;
    comparisons.set(result.name, compareScenario(result, byName.get(result.name), baseline, tolerance));
  }
  const running = new Set(results.map((r) => r.name));
  const gone = baseline.scenarios.filter((s) => !running.has(s.name)).map((s) => s.name);
  const warnings = gone.length > 0 ? [`the baseline names scenarios this run did not run (ignored): ${gone.slice(0, 10).join(', ')}${gone.length > 10 ? `, and ${gone.length - 10} more` : ''}`] : [];
  return { comparisons, warnings };
}
