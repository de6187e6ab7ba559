/**
 * compareWithBaseline: each scenario, site and type of this run against the baseline of the
 * default branch — new, worse, unchanged, improved or fixed — all per cycle, so runs of
 * different lengths compare. Pure.
 *
 * Every rate is compared with the uncertainty both runs measured (issue 13):
 *
 *   worse     when current − baseline > max(relative × baseline, floor) + √(margin_c² + margin_b²)
 *   improved  when baseline − current > max(relative × current, floor) + √(margin_c² + margin_b²)
 *
 * so "improved" is "worse" with the runs swapped. The floor is the signal's detection threshold
 * (--min-bytes-per-cycle and the like; the configured absolute tolerance when larger): a change
 * that would not itself be called a leak is not a regression. The margins are the 95% half-widths
 * each run measured; a deterministic leak has none, so a leak that doubles is always worse.
 *
 * Sites are matched by what survives unrelated edits: the file, the function and the source
 * line's text; the line number only breaks ties. A line whose text changed is matched to the
 * nearest line of the same function with similar text, or to the function's one unmatched line
 * when each side has exactly one. Types are matched by qualified name.
 */
import { BLOCKS_PER_OBJECT, MAX_SITES_REPORTED, MAX_TYPES_REPORTED, NATIVE_HEAP_DIVISOR } from '../analyse/growth.js';
import type { Growth, GrowthRateKey, LeakKind, SiteReport, TypeReport } from '../analyse/types.js';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../settings/constants.js';
import type { Tolerance } from '../settings/types.js';
import type { Baseline, BaselineScenario, BaselineSite } from './baseline.js';
import type { Comparison, ComparisonCaveat, ComparisonReason, NewGrowth } from './reasons.js';
import type { ComparisonClass, SignalComparison, SiteComparison, TypeComparison } from './types.js';

/** What the comparison reads of a measured scenario (a report's scenario result holds it). */
export interface ComparableScenario {
  name: string;
  cycles: number;
  warmup: number;
  frames: number;
  environment: { python: string | null; implementation: string | null; platform: string | null };
  growth: Growth;
  leak: { detected: boolean; kind: LeakKind | null };
  sites: SiteReport[];
  types: TypeReport[];
  /** What the explain stage explained (known library leaks, ignore entries): not counted as new growth. */
  explanation?: {
    knownLeaks: readonly { types: readonly string[]; sites: readonly string[] }[];
    suppressed: readonly { what: 'type' | 'site'; name: string }[];
    explained: readonly unknown[];
  };
  /** Non-null when the scenario could not be measured: it is not compared. */
  error: object | null;
}

/** A rate and the half-width of its 95% interval (0 when it is exact or unknown). */
export interface MeasuredRate {
  value: number;
  margin: number;
}

/** How one signal is judged: its unit, the relative tolerance and the smallest change that counts. */
export interface RateRule {
  unit: SignalComparison['unit'];
  relativePercent: number;
  floorPerCycle: number;
}

/** A rate of one run compared with the baseline's, under the rule of this module's header. */
export function compareRate(signal: string, current: MeasuredRate, baseline: MeasuredRate, rule: RateRule): SignalComparison {
  const margin = Math.hypot(current.margin, baseline.margin);
  const relative = rule.relativePercent / 100;
  const allowanceUp = Math.max(relative * Math.abs(baseline.value), rule.floorPerCycle) + margin;
  const allowanceDown = Math.max(relative * Math.abs(current.value), rule.floorPerCycle) + margin;
  const change = current.value - baseline.value;
  const cls = change > allowanceUp ? 'worse' : -change > allowanceDown ? 'improved' : 'unchanged';
  const ratio = baseline.value > 0 ? current.value / baseline.value : null;
  // First-order propagation: σ(c/b) = √(σc² + (c/b)²σb²) / b.
  const ratioMargin = ratio === null ? null : Math.hypot(current.margin, ratio * baseline.margin) / baseline.value;
  return {
    signal,
    unit: rule.unit,
    class: cls,
    current: current.value,
    currentMargin: current.margin,
    baseline: baseline.value,
    baselineMargin: baseline.margin,
    ratio,
    ratioMargin,
    relativePercent: rule.relativePercent,
    floorPerCycle: rule.floorPerCycle,
    allowancePerCycle: change >= 0 ? allowanceUp : allowanceDown,
  };
}

/** The floors of each signal: the thresholds the verdict calls a leak by, or the absolute tolerance when larger. */
function floorsOf(thresholds: Thresholds, tolerance: Tolerance) {
  const bytes = (threshold: number) => Math.max(threshold, tolerance.bytesPerCycle);
  const objects = (threshold: number) => Math.max(threshold, tolerance.objectsPerCycle);
  return {
    tracedBytesPerCycle: bytes(thresholds.minBytesPerCycle),
    heapBytesPerCycle: bytes(thresholds.minRssBytesPerCycle / NATIVE_HEAP_DIVISOR),
    rssBytesPerCycle: bytes(thresholds.minRssBytesPerCycle),
    blocksPerCycle: objects(BLOCKS_PER_OBJECT * thresholds.minObjectsPerCycle),
    fdsPerCycle: objects(thresholds.minFdsPerCycle),
    siteBytesPerCycle: bytes(thresholds.minBytesPerCycle),
    objectsPerCycle: objects(thresholds.minObjectsPerCycle),
  };
}

type Floors = ReturnType<typeof floorsOf>;

const MARGIN_KEY: Record<GrowthRateKey, keyof Growth> = {
  tracedBytesPerCycle: 'tracedBytesPerCycleMargin',
  rssBytesPerCycle: 'rssBytesPerCycleMargin',
  blocksPerCycle: 'blocksPerCycleMargin',
  fdsPerCycle: 'fdsPerCycleMargin',
  heapBytesPerCycle: 'heapBytesPerCycleMargin',
};

const UNIT: Record<GrowthRateKey, SignalComparison['unit']> = {
  tracedBytesPerCycle: 'bytes',
  rssBytesPerCycle: 'bytes',
  heapBytesPerCycle: 'bytes',
  blocksPerCycle: 'blocks',
  fdsPerCycle: 'descriptors',
};

/** The signals a leak of each kind is judged by, the first one deciding "improved". */
const KIND_SIGNALS: Record<LeakKind, GrowthRateKey[]> = {
  python: ['tracedBytesPerCycle', 'blocksPerCycle'],
  native: ['heapBytesPerCycle', 'rssBytesPerCycle'],
  fd: ['fdsPerCycle'],
};

const measured = (value: number, margin: number | null | undefined): MeasuredRate => ({ value, margin: margin ?? 0 });
/**
 * A site's rate from the traced window. Its margin is unknown when the window had too few
 * snapshots (or the baseline predates margins): the rate is then taken as uncertain by its whole
 * size, so that a site alone cannot flip a known leak; the scenario's own signals still judge it.
 */
const windowRate = (value: number, margin: number | null | undefined): MeasuredRate => ({ value, margin: margin ?? Math.abs(value) });

function growthSignals(keys: readonly GrowthRateKey[], current: Growth, baseline: Growth, relativePercent: number, floors: Floors): SignalComparison[] {
  const rows: SignalComparison[] = [];
  for (const key of keys) {
    const c = current[key];
    const b = baseline[key];
    if (c === null || b === null) continue;
    const marginKey = MARGIN_KEY[key];
    rows.push(
      compareRate(key, measured(c, current[marginKey]), measured(b, baseline[marginKey]), { unit: UNIT[key], relativePercent, floorPerCycle: floors[key] }),
    );
  }
  return rows;
}

/** Lines within one function that are this similar (1 − edit distance / length) are one edited line. */
const SIMILAR_TEXT = 0.6;
/** Source lines are at most 200 characters in reports; longer text is compared by its start. */
const COMPARED_CHARS = 200;

/** 1 for equal text, 0 for nothing in common: one minus the Levenshtein distance over the longer length. */
export function textSimilarity(a: string, b: string): number {
  const x = a.trim().slice(0, COMPARED_CHARS);
  const y = b.trim().slice(0, COMPARED_CHARS);
  if (x === y) return 1;
  if (x.length === 0 || y.length === 0) return 0;
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) row.push(Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1)));
    previous = row;
  }
  return 1 - previous[y.length] / Math.max(x.length, y.length);
}

type SiteKey = Pick<SiteReport, 'file' | 'line' | 'function' | 'code'>;

/**
 * Match current sites to baseline sites: first by (file, function, code), nearest line first;
 * then a line whose text changed, to the nearest unmatched line of the same file and function
 * with similar text; last, the one unmatched line of a function to the one unmatched baseline
 * line of that function (an edited leak line is one site, not a fixed one and a new one).
 */
export function matchSites<T extends SiteKey>(current: readonly T[], baseline: readonly BaselineSite[]): Map<T, BaselineSite> {
  const key = (s: SiteKey) => `${s.file}\u0000${s.function}\u0000${s.code}`;
  const pool = new Map<string, BaselineSite[]>();
  for (const site of baseline) pool.set(key(site), [...(pool.get(key(site)) ?? []), site]);
  const matches = new Map<T, BaselineSite>();
  for (const site of current) {
    const candidates = pool.get(key(site));
    if (!candidates || candidates.length === 0) continue;
    candidates.sort((a, b) => Math.abs(a.line - site.line) - Math.abs(b.line - site.line));
    const [best] = candidates.splice(0, 1);
    matches.set(site, best);
  }
  const taken = new Set(matches.values());
  for (const site of current) {
    if (matches.has(site)) continue;
    let best: { old: BaselineSite; distance: number; similarity: number } | null = null;
    for (const old of baseline) {
      if (taken.has(old) || old.file !== site.file || old.function !== site.function) continue;
      const similarity = textSimilarity(site.code, old.code);
      if (similarity < SIMILAR_TEXT) continue;
      const distance = Math.abs(old.line - site.line);
      if (!best || distance < best.distance || (distance === best.distance && similarity > best.similarity)) best = { old, distance, similarity };
    }
    if (best) {
      matches.set(site, best.old);
      taken.add(best.old);
    }
  }
  // A line rewritten beyond recognition (`cache.append(x)` → `store[key] = x`) is still one site
  // when it is the only unmatched one of its function on each side: a fixed one plus a new one
  // would read as a fix and a new leak where one leak was edited (issue 16).
  const fn = (s: SiteKey) => `${s.file}\u0000${s.function}`;
  const lone = <S extends SiteKey>(sites: readonly S[], unmatched: (s: S) => boolean) => {
    const by = new Map<string, S[]>();
    for (const s of sites) if (unmatched(s)) by.set(fn(s), [...(by.get(fn(s)) ?? []), s]);
    return new Map([...by].filter(([, list]) => list.length === 1).map(([k, [s]]) => [k, s]));
  };
  const oldLone = lone(baseline, (old) => !taken.has(old));
  for (const [where, site] of lone(current, (site) => !matches.has(site))) {
    const old = oldLone.get(where);
    if (old) matches.set(site, old);
  }
  return matches;
}

/** A site or type missing from a full baseline list, below its smallest entry, may only have been cut from it. */
function mayHaveBeenCut(rate: number, listed: readonly number[], cap: number): boolean {
  return listed.length >= cap && rate <= Math.min(...listed);
}

interface Compared<T> {
  rows: T[];
  signals: SignalComparison[];
  /** New rows that would themselves be called a leak. */
  newLeaks: NewGrowth[];
}

function compareSites(current: ComparableScenario, base: BaselineScenario, relativePercent: number, floors: Floors): Compared<SiteComparison> {
  const matches = matchSites(current.sites, base.sites);
  const matched = new Set(matches.values());
  const signals: SignalComparison[] = [];
  const newLeaks: NewGrowth[] = [];
  // The verdict counts growth in the scenario's own code (or on a stack cut by --frames), not the runtime's.
  const scenarioCode = (site: SiteReport) => site.userCode || !site.stackComplete;
  const rows: SiteComparison[] = current.sites.map((site) => {
    const old = matches.get(site);
    const where = `${site.file}:${site.line}`;
    let cls: ComparisonClass;
    if (old) {
      const bytes = compareRate(
        `site-bytes:${where}`,
        windowRate(site.bytesPerCycle, site.bytesPerCycleMargin),
        windowRate(old.bytesPerCycle, old.bytesPerCycleMargin),
        { unit: 'bytes', relativePercent, floorPerCycle: floors.siteBytesPerCycle },
      );
      const count = compareRate(
        `site-count:${where}`,
        windowRate(site.countPerCycle, site.countPerCycleMargin),
        windowRate(old.countPerCycle, old.countPerCycleMargin),
        { unit: 'blocks', relativePercent, floorPerCycle: floors.objectsPerCycle },
      );
      cls = bytes.class === 'worse' || count.class === 'worse' ? 'worse' : bytes.class === 'improved' ? 'improved' : 'unchanged';
      if (scenarioCode(site)) signals.push(bytes, count);
    } else {
      cls = 'new';
      const steady = site.bytesPerCycle - (site.bytesPerCycleMargin ?? 0) > 0;
      const cut = mayHaveBeenCut(
        site.bytesPerCycle,
        base.sites.map((s) => s.bytesPerCycle),
        MAX_SITES_REPORTED,
      );
      if (scenarioCode(site) && steady && !cut && site.bytesPerCycle >= floors.siteBytesPerCycle)
        newLeaks.push({ what: 'site', file: site.file, line: site.line, bytesPerCycle: site.bytesPerCycle });
    }
    const moved = old !== undefined && (old.line !== site.line || old.code !== site.code);
    return {
      class: cls,
      file: site.file,
      line: site.line,
      function: site.function,
      code: site.code,
      bytesPerCycle: site.bytesPerCycle,
      baselineBytesPerCycle: old?.bytesPerCycle ?? null,
      countPerCycle: site.countPerCycle,
      baselineCountPerCycle: old?.countPerCycle ?? null,
      baselineLine: moved ? old.line : null,
      baselineCode: old !== undefined && old.code !== site.code ? old.code : null,
    };
  });
  for (const old of base.sites) {
    if (!matched.has(old))
      rows.push({
        class: 'fixed',
        file: old.file,
        line: old.line,
        function: old.function,
        code: old.code,
        bytesPerCycle: null,
        baselineBytesPerCycle: old.bytesPerCycle,
        countPerCycle: null,
        baselineCountPerCycle: old.countPerCycle,
        baselineLine: null,
        baselineCode: null,
      });
  }
  return { rows, signals, newLeaks };
}

function compareTypes(current: ComparableScenario, base: BaselineScenario, relativePercent: number, floors: Floors): Compared<TypeComparison> {
  const old = new Map(base.types.map((t) => [t.type, t]));
  const signals: SignalComparison[] = [];
  const newLeaks: NewGrowth[] = [];
  const rows: TypeComparison[] = current.types.map((t) => {
    const before = old.get(t.type);
    if (!before) {
      // Every reported type is one the verdict calls leaking; it fails here when above the floor.
      const cut = mayHaveBeenCut(
        t.perCycle,
        base.types.map((b) => b.perCycle),
        MAX_TYPES_REPORTED,
      );
      if (!cut && t.perCycle >= floors.objectsPerCycle) newLeaks.push({ what: 'type', type: t.type, objectsPerCycle: t.perCycle });
      return { class: 'new', type: t.type, perCycle: t.perCycle, baselinePerCycle: null };
    }
    const signal = compareRate(`type:${t.type}`, measured(t.perCycle, t.perCycleMargin), measured(before.perCycle, before.perCycleMargin), {
      unit: 'objects',
      relativePercent,
      floorPerCycle: floors.objectsPerCycle,
    });
    signals.push(signal);
    return { class: signal.class, type: t.type, perCycle: t.perCycle, baselinePerCycle: before.perCycle };
  });
  const now = new Set(current.types.map((t) => t.type));
  for (const t of base.types) if (!now.has(t.type)) rows.push({ class: 'fixed', type: t.type, perCycle: null, baselinePerCycle: t.perCycle });
  return { rows, signals, newLeaks };
}

/** Caveats that make a comparison less exact, but do not stop it. */
function caveatsOf(current: ComparableScenario, base: BaselineScenario, baseline: Baseline): ComparisonCaveat[] {
  const caveats: ComparisonCaveat[] = [];
  const minor = (v: string | null) => (v ? v.split('.').slice(0, 2).join('.') : null);
  const env = baseline.environment;
  if (current.environment.python && env.python && minor(current.environment.python) !== minor(env.python)) {
    caveats.push({ code: 'python-version', baseline: env.python, current: current.environment.python });
  }
  if (current.environment.implementation && env.implementation && current.environment.implementation !== env.implementation) {
    caveats.push({ code: 'implementation', baseline: env.implementation, current: current.environment.implementation });
  }
  if (current.environment.platform && env.platform && current.environment.platform !== env.platform) {
    caveats.push({ code: 'platform', baseline: env.platform, current: current.environment.platform });
  }
  const s = base.settings;
  if (s.cycles !== current.cycles || s.warmup !== current.warmup) {
    caveats.push({ code: 'run-length', baseline: { cycles: s.cycles, warmup: s.warmup }, current: { cycles: current.cycles, warmup: current.warmup } });
  }
  if (s.frames !== current.frames) caveats.push({ code: 'frames', baseline: s.frames, current: current.frames });
  return caveats;
}

/**
 * Compare one measured scenario with its baseline entry (or its absence). `thresholds` are the
 * scenario's detection thresholds: they are the floors of "worse" and the bar a new site or type
 * must pass to fail a known leak.
 */
export function compareScenario(
  current: ComparableScenario,
  base: BaselineScenario | undefined,
  baseline: Baseline,
  tolerance: Tolerance,
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
): Comparison {
  if (!base) {
    return { class: 'no-baseline', reason: { code: 'not-in-baseline' }, baseline: null, sites: [], types: [], caveats: [] };
  }
  const floors = floorsOf(thresholds, tolerance);
  const relative = tolerance.relativePercent;
  const sites = compareSites(current, base, relative, floors);
  const types = compareTypes(current, base, relative, floors);
  const caveats = caveatsOf(current, base, baseline);
  const summary = {
    verdict: base.verdict,
    kind: base.leak.kind,
    cycles: base.settings.cycles,
    warmup: base.settings.warmup,
    growth: base.growth,
    series: base.series,
  };
  const result = (cls: ComparisonClass, reason: ComparisonReason, signals?: SignalComparison[]): Comparison => ({
    class: cls,
    reason,
    baseline: summary,
    sites: sites.rows,
    types: types.rows,
    caveats,
    ...(signals ? { signals } : {}),
  });
  const leaksNow = current.leak.detected;
  const leakedBefore = base.leak.detected;
  if (!leaksNow && !leakedBefore) return result('clean', { code: 'clean' });
  // A leak that a suppression or a known library leak now explains was not fixed: it is no longer counted.
  if (!leaksNow && (current.explanation?.explained.length ?? 0) > 0) return result('clean', { code: 'explained', baselineKind: base.leak.kind });
  if (!leaksNow) return result('fixed', { code: 'fixed', baselineKind: base.leak.kind });
  if (!leakedBefore) return result('new', { code: 'new-leak', kind: current.leak.kind });
  if (current.leak.kind !== base.leak.kind) return result('new', { code: 'new-kind', kind: current.leak.kind, baselineKind: base.leak.kind });

  // The rate the words lead with and "improved" is judged by: the kind's first rate that the
  // baseline grew by at least its floor (a leak of 88 B every fifth cycle has a traced slope near 0,
  // and grows in blocks), else the first that grew at all.
  const kindRates = growthSignals(KIND_SIGNALS[current.leak.kind!], current.growth, base.growth, relative, floors);
  const leading = kindRates.find((s) => s.baseline >= s.floorPerCycle && s.baseline > 0) ?? kindRates.find((s) => s.baseline > 0) ?? kindRates[0];
  const kindSignals = leading ? [leading, ...kindRates.filter((s) => s !== leading)] : [];
  const signals = [...kindSignals, ...types.signals, ...sites.signals];
  const primary = kindSignals[0] ?? null;
  const worse = signals.find((s) => s.class === 'worse');
  const explained = explainedNames(current);
  const newLeaks = [...sites.newLeaks, ...types.newLeaks].filter((g) => !explained.has(g.what === 'site' ? `${g.file}:${g.line}` : g.type));
  if (worse) return result('worse', { code: 'worse-rate', signal: worse }, signals);
  if (newLeaks.length > 0) return result('worse', { code: 'new-growth', primary, growth: newLeaks[0] }, signals);
  if (primary?.class === 'improved') return result('improved', { code: 'improved', signal: primary }, signals);
  return result('unchanged', { code: 'unchanged', primary }, signals);
}

/** The sites (file:line) and types that known library leaks and ignore entries explain. */
function explainedNames(current: ComparableScenario): Set<string> {
  const names = new Set<string>();
  for (const known of current.explanation?.knownLeaks ?? []) for (const name of [...known.types, ...known.sites]) names.add(name);
  for (const entry of current.explanation?.suppressed ?? []) names.add(entry.name);
  return names;
}

/**
 * Compare every scenario measured; `gone` names the baseline's scenarios this run did not run.
 * `thresholds` gives each scenario's detection thresholds by name (the defaults when absent).
 */
export function compareWithBaseline(
  results: readonly ComparableScenario[],
  baseline: Baseline,
  tolerance: Tolerance,
  thresholds: ReadonlyMap<string, Thresholds> = new Map(),
): { comparisons: Map<string, Comparison>; gone: string[] } {
  const byName = new Map(baseline.scenarios.map((s) => [s.name, s]));
  const comparisons = new Map<string, Comparison>();
  for (const result of results) {
    if (result.error !== null) continue;
    comparisons.set(result.name, compareScenario(result, byName.get(result.name), baseline, tolerance, thresholds.get(result.name) ?? DEFAULT_THRESHOLDS));
  }
  const running = new Set(results.map((r) => r.name));
  const gone = baseline.scenarios.filter((s) => !running.has(s.name)).map((s) => s.name);
  return { comparisons, gone };
}
