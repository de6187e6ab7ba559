/**
 * explainGrowth: the stage between analyse and compare (issue 14, items 2-4). It takes one
 * scenario's analysis and says what of its growth is explained, and what still stands. Pure.
 *
 * One rule: known library leaks (known-leaks.ts) and the user's suppressions (`ignore`) mark
 * growing types and sites as explained; each leak reason then stands only if what is left
 * unexplained still meets its threshold:
 *  - a type reason stands when its type is not explained (every unexplained growing type counts,
 *    not only the three the analysis named);
 *  - traced bytes stand when the traced rate less the explained sites' rates (less its margin),
 *    or the unexplained sites' rates, still reach --min-bytes-per-cycle;
 *  - blocks stand when the blocks rate less the explained sites' blocks (less its margin) still
 *    reaches the blocks minimum and a growing site of the scenario's code is left unexplained;
 *  - memory growing along with Python objects stands while a Python reason stands, or when what
 *    the explained sites do not account for would be a native leak by itself;
 *  - descriptors and native memory are never explained by types or sites.
 * Weighing, not "every site": a bounded cache in user code shows as a small growing site beside
 * a library's growth (a tracemalloc artefact of replacement, /tmp/r14 FINDINGS §2), and must not
 * keep the library's growth standing.
 *
 * "Inside a library" (item 2) is the same rule with growth allocated and held outside user code
 * as a further explainer: when it explains everything, the growth is the library's, reached from
 * the user's line that called into it.
 */
import { BLOCKS_PER_OBJECT, type GrowthAnalysis } from '../analyse/growth.js';
import type { LeakReason } from '../analyse/reasons.js';
import type { LeakKind, SiteReport, TypeReport } from '../analyse/types.js';
import type { SourceFrame } from '../harness/types.js';
import type { Thresholds } from '../settings/constants.js';
import type { IgnoreEntry } from '../settings/types.js';
import { KNOWN_LEAKS, type KnownLeak } from './known-leaks.js';
import { type FrameLike, frameMatches, holderMatches, moduleOfFile, stackMatches, stackMatchesGroups } from './match.js';

/** Where a retention path starts (analyse/types.ts: retainedByRoot). */
export type RetentionRoot = NonNullable<TypeReport['retainedByRoot']>;

/** What explains a piece of growth: a known library leak, or a suppression (by where it was written). */
export type Explainer = { by: 'known'; id: string } | { by: 'ignore'; source: string };

export interface KnownLeakMatch {
  leak: KnownLeak;
  types: string[];
  /** `file:line` of the sites it explains. */
  sites: string[];
  /** The user's line the recognised growth was allocated from (the innermost user frame), when known. */
  calledFrom: FrameLike | null;
}

export interface Suppressed {
  entry: IgnoreEntry;
  what: 'type' | 'site';
  /** The type's name, or the site's `file:line`. */
  name: string;
}

/** Growth allocated and held outside the user's code. */
export interface LibraryGrowth {
  /** The top-level package (`django`), or the stdlib module (`weakref`). */
  library: string;
  /** The module whose frames allocate it (`django.dispatch`). */
  module: string | null;
  /** Where what holds it starts (`weakref.finalize._registry`), when known. */
  holder: string | null;
  /** The user's line that called into the library. */
  calledFrom: FrameLike | null;
}

export interface Explanation {
  /** The kind of the leak that stands, or null. */
  kind: LeakKind | null;
  /** The reasons that stand, in the analysis's order. */
  reasons: LeakReason[];
  /** Reasons that no longer stand, and what explains them. */
  explained: { reason: LeakReason; by: Explainer[] }[];
  /** The leak is wholly explained, and at least in part by known library leaks. */
  knownLibraryLeak: boolean;
  knownLeaks: KnownLeakMatch[];
  library: LibraryGrowth | null;
  suppressed: Suppressed[];
  /** The suppressions that matched something (the others may be stale). */
  matchedIgnores: IgnoreEntry[];
}

export interface ExplainOptions {
  scenario: string;
  ignore?: readonly IgnoreEntry[];
  thresholds: Thresholds;
  knownLeaks?: readonly KnownLeak[];
}

const framesOf = (item: TypeReport | SiteReport): SourceFrame[] => item.frames ?? [];
const rootOf = (item: TypeReport | SiteReport): RetentionRoot | null => item.retainedByRoot ?? null;
const heldUnder = (item: TypeReport | SiteReport, holder: string) => holderMatches(item.retainedBy, holder) || holderMatches(rootOf(item)?.label, holder);
const siteName = (site: SiteReport) => `${site.file}:${site.line}`;
/** The user's line that called into a library: the innermost user frame (frames are innermost first). */
const userFrameOf = (frames: readonly (FrameLike & { userCode?: boolean })[]): FrameLike | null => {
  const frame = frames.find((f) => f.userCode);
  return frame ? { file: frame.file, line: frame.line, function: frame.function } : null;
};
const hasPath = (retainedBy: string | null) => retainedBy !== null && !retainedBy.startsWith('no path found');

/** Allocated outside user code (innermost frame) and held outside it (its root; with no root known, nothing found holding it). */
function insideLibrary(item: TypeReport | SiteReport): boolean {
  const frames = framesOf(item);
  if (frames.length === 0 || frames[0].userCode) return false;
  const root = rootOf(item);
  return root ? !root.userCode : !hasPath(item.retainedBy);
}

function ignoreMatchesType(entry: IgnoreEntry, t: TypeReport): boolean {
  if (entry.type !== null) return entry.type === t.type;
  if (entry.holder !== null) return heldUnder(t, entry.holder);
  return entry.site !== null && stackMatches(framesOf(t), entry.site);
}

function ignoreMatchesSite(entry: IgnoreEntry, s: SiteReport): boolean {
  if (entry.site !== null) return frameMatches(s, entry.site) || stackMatches(s.frames, entry.site);
  return entry.holder !== null && heldUnder(s, entry.holder);
}

type Marks<T> = Map<T, Explainer[]>;
const mark = <T>(marks: Marks<T>, item: T, by: Explainer) => {
  const list = marks.get(item) ?? [];
  if (!list.some((b) => JSON.stringify(b) === JSON.stringify(by))) list.push(by);
  marks.set(item, list);
};

/** Which reasons stand once the marked types and sites are explained (the rule in this file's header). */
function judge(analysis: GrowthAnalysis, types: Marks<TypeReport>, sites: Marks<SiteReport>, thresholds: Thresholds) {
  const explainedSites = analysis.sites.filter((s) => sites.has(s));
  const openSites = analysis.sites.filter((s) => !sites.has(s));
  const sum = (items: readonly SiteReport[], rate: (s: SiteReport) => number) => items.reduce((total, s) => total + rate(s), 0);
  const siteExplainers = dedupe(explainedSites.flatMap((s) => sites.get(s)!));
  const g = analysis.growth;
  const python = (r: LeakReason) => r.code === 'traced-grows' || r.code === 'blocks-grow' || r.code === 'type-grows';
  const verdicts = analysis.reasons
    .filter((r) => r.code !== 'type-grows')
    .map((reason): { reason: LeakReason; by: Explainer[] | null } => {
      if (explainedSites.length === 0) return { reason, by: null };
      switch (reason.code) {
        case 'traced-grows': {
          const residual = reason.bytesPerCycle - sum(explainedSites, (s) => s.bytesPerCycle) - (g.tracedBytesPerCycleMargin ?? 0);
          const open = sum(openSites, (s) => Math.max(0, s.bytesPerCycle - (s.bytesPerCycleMargin ?? 0)));
          return { reason, by: residual >= thresholds.minBytesPerCycle || open >= thresholds.minBytesPerCycle ? null : siteExplainers };
        }
        case 'blocks-grow': {
          const residual = reason.blocksPerCycle - sum(explainedSites, (s) => s.countPerCycle) - (g.blocksPerCycleMargin ?? 0);
          const openScenarioSite = openSites.some((s) => s.userCode || !s.stackComplete);
          return { reason, by: residual >= BLOCKS_PER_OBJECT * thresholds.minObjectsPerCycle && openScenarioSite ? null : siteExplainers };
        }
        default:
          return { reason, by: null };
      }
    });
  // Every growing type the analysis reported counts, explained or not.
  const typeReasons = analysis.types.map((t) => ({
    reason: { code: 'type-grows', type: t.type, objectsPerCycle: t.perCycle } as LeakReason,
    by: types.get(t) ?? null,
  }));
  const standingTypes = typeReasons.filter((v) => v.by === null).slice(0, 3);
  const named = new Set(analysis.reasons.flatMap((r) => (r.code === 'type-grows' ? [r.type] : [])));
  const explainedTypes = typeReasons.filter((v) => v.by !== null && named.has((v.reason as { type: string }).type));
  const before = verdicts.filter((v) => v.reason.code !== 'memory-grows');
  const pythonStands = [...before, ...standingTypes].some((v) => v.by === null && python(v.reason));
  const memory = verdicts
    .filter((v) => v.reason.code === 'memory-grows')
    .map((v) => {
      if (pythonStands || v.reason.code !== 'memory-grows') return { reason: v.reason, by: null };
      const nativeMinimum = v.reason.signal === 'rss' ? thresholds.minRssBytesPerCycle : thresholds.minRssBytesPerCycle / 4;
      const residual = v.reason.bytesPerCycle - sum(explainedSites, (s) => s.bytesPerCycle);
      const by = dedupe([...siteExplainers, ...[...types.values()].flat()]);
      return { reason: v.reason, by: residual >= nativeMinimum || by.length === 0 ? null : by };
    });
  // The analysis's order: descriptors, traced, blocks, types, then memory.
  const all = [...before, ...standingTypes, ...explainedTypes, ...memory];
  return {
    standing: all.filter((v) => v.by === null).map((v) => v.reason),
    explained: all.filter((v): v is { reason: LeakReason; by: Explainer[] } => v.by !== null),
  };
}

function dedupe(list: readonly Explainer[]): Explainer[] {
  const seen = new Map(list.map((b) => [JSON.stringify(b), b]));
  return [...seen.values()];
}

function kindOf(reasons: readonly LeakReason[]): LeakKind | null {
  if (reasons.some((r) => r.code === 'fds-grow')) return 'fd';
  if (reasons.some((r) => r.code !== 'native-grows')) return 'python';
  return reasons.length > 0 ? 'native' : null;
}

/** A known leak's match in this analysis, or null when it is not recognised. */
function matchKnown(leak: KnownLeak, analysis: GrowthAnalysis): (KnownLeakMatch & { typeItems: TypeReport[]; siteItems: SiteReport[] }) | null {
  // Under load the retention search may find no path for a type (its time bound): its allocation
  // frames alone then place it, as long as nothing else was found holding it.
  const madeThere = (t: TypeReport) => stackMatchesGroups(framesOf(t), leak.frames);
  const listed = analysis.types.filter((t) => leak.types.includes(t.type) && (heldUnder(t, leak.holder) || (!hasPath(t.retainedBy) && madeThere(t))));
  const recognised = listed.filter(madeThere);
  if (recognised.length === 0) return null;
  const calledFrom = recognised.map((t) => userFrameOf(framesOf(t))).find((f) => f !== null) ?? null;
  const userLines = new Set(recognised.flatMap((t) => [userFrameOf(framesOf(t))].filter((f) => f !== null).map((f) => `${f.file}:${f.line}`)));
  const inPackage = (s: SiteReport) =>
    s.frames.length > 0 && !s.frames[0].userCode && new RegExp(`(^|/)${leak.package}/`).test(s.frames[0].file.replace(/\\/g, '/'));
  const siteItems = analysis.sites.filter(
    (s) =>
      stackMatchesGroups(s.frames, leak.frames) ||
      heldUnder(s, leak.holder) ||
      (inPackage(s) && userLines.has(siteName(s)) && !(rootOf(s)?.userCode ?? hasPath(s.retainedBy))),
  );
  return { leak, types: listed.map((t) => t.type), sites: siteItems.map(siteName), calledFrom, typeItems: listed, siteItems };
}

/** Growth allocated and held outside user code, when it explains everything left: the library, its module, its holder and the user's line. */
function libraryOf(analysis: GrowthAnalysis, types: Marks<TypeReport>, sites: Marks<SiteReport>, thresholds: Thresholds): LibraryGrowth | null {
  if (analysis.kind === null) return null;
  const libraryTypes = analysis.types.filter(insideLibrary);
  const librarySites = analysis.sites.filter(insideLibrary);
  if (libraryTypes.length === 0 && librarySites.length === 0) return null;
  const withLibrary = <T>(marks: Marks<T>, items: readonly T[]) => {
    const all = new Map([...marks].map(([item, by]) => [item, [...by]]));
    for (const item of items) mark(all, item, { by: 'ignore', source: 'library' });
    return all;
  };
  if (judge(analysis, withLibrary(types, libraryTypes), withLibrary(sites, librarySites), thresholds).standing.length > 0) return null;
  // The largest library type with its allocation frames names it best (its holder and module); else the largest site.
  const type = [...libraryTypes].sort((a, b) => b.perCycle - a.perCycle)[0];
  const site = [...librarySites].sort((a, b) => b.bytesPerCycle - a.bytesPerCycle)[0];
  const frames: (FrameLike & { userCode?: boolean })[] = type ? framesOf(type) : site.frames;
  // The innermost third-party frame before the user's names the library (a stdlib weakref.py frame
  // under django's Signal.connect is django's doing); with none, the innermost frame.
  const firstUser = frames.findIndex((f) => f.userCode);
  const library = frames.slice(0, firstUser < 0 ? frames.length : firstUser).find((f) => /\/(site|dist)-packages\//.test(f.file.replace(/\\/g, '/')));
  const module = moduleOfFile((library ?? frames[0]).file);
  const packageModule = module?.includes('.') ? module.split('.').slice(0, -1).join('.') : module;
  const holder = type ? (rootOf(type)?.label ?? rootLabelOf(type.retainedBy)) : (rootOf(site)?.label ?? null);
  const calledFrom = userFrameOf(frames) ?? (site?.userCode ? { file: site.file, line: site.line, function: site.function } : null);
  return { library: (packageModule ?? module ?? frames[0].file).split('.')[0], module: packageModule, holder, calledFrom };
}

/** A retention path's root, as its text starts: `weakref.finalize._registry (dict) → …` → `weakref.finalize._registry`. */
function rootLabelOf(retainedBy: string | null): string | null {
  if (!hasPath(retainedBy)) return null;
  const end = retainedBy!.search(/ \(| →/);
  return end > 0 ? retainedBy!.slice(0, end) : retainedBy;
}

/** One scenario's growth, explained: known library leaks, suppressions, growth inside a library, and the reasons that still stand. */
export function explainGrowth(analysis: GrowthAnalysis, options: ExplainOptions): Explanation {
  const types: Marks<TypeReport> = new Map();
  const sites: Marks<SiteReport> = new Map();
  const suppressed: Suppressed[] = [];
  const matchedIgnores: IgnoreEntry[] = [];
  for (const entry of options.ignore ?? []) {
    if (entry.scenario !== null && entry.scenario !== options.scenario) continue;
    const by: Explainer = { by: 'ignore', source: entry.source };
    const matchedTypes = analysis.types.filter((t) => ignoreMatchesType(entry, t));
    const matchedSites = analysis.sites.filter((s) => ignoreMatchesSite(entry, s));
    for (const t of matchedTypes) {
      mark(types, t, by);
      suppressed.push({ entry, what: 'type', name: t.type });
    }
    for (const s of matchedSites) {
      mark(sites, s, by);
      suppressed.push({ entry, what: 'site', name: siteName(s) });
    }
    if (matchedTypes.length + matchedSites.length > 0) matchedIgnores.push(entry);
  }
  const knownLeaks: KnownLeakMatch[] = [];
  for (const leak of options.knownLeaks ?? KNOWN_LEAKS) {
    const match = matchKnown(leak, analysis);
    if (!match) continue;
    const by: Explainer = { by: 'known', id: leak.id };
    for (const t of match.typeItems) mark(types, t, by);
    for (const s of match.siteItems) mark(sites, s, by);
    knownLeaks.push({ leak, types: match.types, sites: match.sites, calledFrom: match.calledFrom });
  }
  const { standing, explained } = judge(analysis, types, sites, options.thresholds);
  const kind = analysis.kind === null ? null : kindOf(standing);
  return {
    kind,
    reasons: analysis.kind === null ? analysis.reasons : standing,
    explained: analysis.kind === null ? [] : explained,
    knownLibraryLeak: analysis.kind !== null && kind === null && explained.some((e) => e.by.some((b) => b.by === 'known')),
    knownLeaks,
    library: libraryOf(analysis, types, sites, options.thresholds),
    suppressed,
    matchedIgnores,
  };
}

/**
 * The suppressions that matched nothing in this run. An entry for one scenario that could not be
 * measured is not called stale: it had nothing to match. One for a scenario this run did not hold
 * is (a shard may not hold it: merged reports keep an entry stale only when every shard says so).
 */
export function staleIgnores(ignore: readonly IgnoreEntry[], explanations: readonly Explanation[], unmeasured: ReadonlySet<string>): IgnoreEntry[] {
  const used = new Set(explanations.flatMap((e) => e.matchedIgnores));
  return ignore.filter((entry) => !used.has(entry) && (entry.scenario === null || !unmeasured.has(entry.scenario)));
}
