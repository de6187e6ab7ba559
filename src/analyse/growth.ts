/**
 * analyseGrowth: from what the harness measured to what keeps growing, and which kind
 * of leak that is. Pure: plain data in, plain data out.
 *
 * A signal "leaks" when all of these hold (see `isLeaking`):
 *  - the Mann–Kendall test finds an increasing trend (p < alpha);
 *  - the Theil–Sen slope's lower confidence bound is above zero;
 *  - the slope is at least the signal's minimum per cycle;
 *  - growth continues to the end: the slope over the last half is at least half the overall
 *    slope, so a cache that fills and then stays flat is not a leak;
 *  - when the extension ran (confirm.ts), the growth continued through it: growth released
 *    periodically, with a period longer than the measured phase, is not a leak (issue 14).
 */

import { HARNESS_POLICY, maxTracedCycles } from '../harness/policy.js';
import type { Checkpoint, CycleSample, ExtendPlan, HarnessRun, TracedWindow, TracePlan, UntracedPhase } from '../harness/types.js';
import type { Thresholds } from '../settings/constants.js';
import {
  type Confirmation,
  confirmationOf,
  confirmSignals,
  extensionRan,
  planExtension,
  type SignalConfirmation,
  type SuspectedSignal,
  signalKey,
} from './confirm.js';
import { type NativeLead, nativeLeadOf, nativeProfilePlan } from './native.js';
import { rankByOwnership, untrackedTypes } from './ownership.js';
import type { GrowthNote, LeakReason } from './reasons.js';
import { type Trend, trend } from './stats.js';
import type { FdOwnerReport, Growth, LeakKind, SiteReport, TypeReport } from './types.js';

/** Untracked objects take one or more blocks, and blocks jitter by a few: a blocks trend must be this many times the objects minimum. */
export const BLOCKS_PER_OBJECT = 4;
/** A native leak seen in the malloc heap must grow at least minRssBytesPerCycle / this. */
export const NATIVE_HEAP_DIVISOR = 4;
/** Share of the overall slope that the last half must keep for growth to "continue". */
const TAIL_SHARE = 0.5;
/** A traced window explains heap/RSS growth when traced bytes grow at least this share as fast. */
const PYTHON_SHARE_OF_MEMORY = 0.5;
/** A suspicion that justifies a traced window is looser than a verdict. */
const SUSPICION_ALPHA_FACTOR = 5;
const SUSPICION_MINIMUM_FACTOR = 0.5;
export const MAX_TYPES_REPORTED = 15;
/** What the harness's retention search says when it found no root (walk.py NO_PATH). */
export const NO_PATH_FOUND = 'no path found within limits';
export const MAX_SITES_REPORTED = 15;

export interface GrowthAnalysis {
  growth: Growth;
  kind: LeakKind | null;
  /** Why it leaks, as data (report/words.ts words them). */
  reasons: LeakReason[];
  /** Growth seen but not counted as a leak, and why. */
  notes: GrowthNote[];
  sites: SiteReport[];
  types: TypeReport[];
  fdTargets: { target: string; growth: number }[];
  /** Who owns the leaking descriptors, where they were opened and what holds them; [] without an fd leak. */
  fdOwners: FdOwnerReport[];
  /** The extension that confirmed (or released) the measured phase's growth. */
  confirmation: Confirmation;
  /** For a native leak: the user's lines that called native code in the profiled cycles (a lead, not proof); null otherwise. */
  nativeLead?: NativeLead | null;
}

/** True when a trend is significant, large enough and still going at the end. */
export function isLeaking(t: Trend, minimumPerCycle: number, alpha: number): boolean {
  if (t.n < 4) return false;
  return t.pIncreasing < alpha && t.lowerSlopePerX > 0 && t.slopePerX >= minimumPerCycle && t.slopePerX > 0 && t.tailSlopePerX >= TAIL_SHARE * t.slopePerX;
}

function looser(thresholds: Thresholds): Thresholds {
  return {
    alpha: Math.min(0.2, thresholds.alpha * SUSPICION_ALPHA_FACTOR),
    minObjectsPerCycle: thresholds.minObjectsPerCycle * SUSPICION_MINIMUM_FACTOR,
    minBytesPerCycle: thresholds.minBytesPerCycle * SUSPICION_MINIMUM_FACTOR,
    minRssBytesPerCycle: thresholds.minRssBytesPerCycle * SUSPICION_MINIMUM_FACTOR,
    minFdsPerCycle: thresholds.minFdsPerCycle * SUSPICION_MINIMUM_FACTOR,
  };
}

function seriesOf<T>(rows: readonly T[], x: (row: T) => number, y: (row: T) => number | null | undefined): { xs: number[]; ys: number[] } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const row of rows) {
    const value = y(row);
    if (value === null || value === undefined || !Number.isFinite(value)) continue;
    xs.push(x(row));
    ys.push(value);
  }
  return { xs, ys };
}

const trendOf = (s: { xs: number[]; ys: number[] }): Trend => trend(s.xs, s.ys);

/**
 * A record's map of names (type names, descriptor targets) as a Map: the names come from the
 * scenario, and on a plain object `counts['constructor']` finds Object.prototype's.
 */
export function namedValues<T>(record: Readonly<Record<string, T>> | null | undefined): Map<string, T> {
  return new Map(record ? Object.entries(record) : []);
}

interface UntracedSignals {
  blocks: Trend | null;
  heap: Trend | null;
  rss: Trend | null;
  fds: Trend | null;
  types: { type: string; trend: Trend; count: number }[];
}

/** Trends of the untraced phase: checkpoints (after gc.collect()) and per-cycle samples. */
function untracedSignals(samples: readonly CycleSample[], checkpoints: readonly Checkpoint[]): UntracedSignals {
  const measured = checkpoints.filter((c) => c.phase === 'measure');
  const rows = samples.filter((s) => s.phase === 'measure');
  const cycle = (c: { cycle: number }) => c.cycle;
  const nonEmpty = (s: { xs: number[]; ys: number[] }) => (s.xs.length >= 4 ? trendOf(s) : null);
  const types: UntracedSignals['types'] = [];
  if (measured.length >= 4) {
    const census = measured.map((c) => ({ cycle: c.cycle, types: namedValues(c.types) }));
    const first = census[0].types;
    const last = census[census.length - 1].types;
    // Only types that grew from the first checkpoint to the last can be leaking.
    for (const [type, count] of last) {
      if (count <= (first.get(type) ?? 0)) continue;
      types.push({ type, count, trend: trendOf(seriesOf(census, cycle, (c) => c.types.get(type) ?? 0)) });
    }
  }
  return {
    blocks: nonEmpty(seriesOf(measured, cycle, (c) => c.blocks)),
    heap: nonEmpty(seriesOf(measured, cycle, (c) => c.heapBytes)),
    rss: nonEmpty(seriesOf(rows, cycle, (s) => s.rssBytes)),
    fds: nonEmpty(seriesOf(rows, cycle, (s) => s.fds)),
    types,
  };
}

/** What the measured phase suggests is growing, with the looser thresholds of a suspicion. */
function suspicion(settings: UntracedPhase['settings'], signals: UntracedSignals) {
  const loose = looser(settings.thresholds);
  return {
    blocks: signals.blocks !== null && isLeaking(signals.blocks, BLOCKS_PER_OBJECT * loose.minObjectsPerCycle, loose.alpha),
    // The heap moves by a few hundred bytes a cycle in clean code (allocator caches, interpreter
    // warm-up: Flask requests show ~150 B): only the verdict's own minimum is worth a window.
    heap: signals.heap !== null && isLeaking(signals.heap, settings.thresholds.minBytesPerCycle, loose.alpha),
    rss: signals.rss !== null && isLeaking(signals.rss, loose.minRssBytesPerCycle, loose.alpha),
    fds: signals.fds !== null && isLeaking(signals.fds, loose.minFdsPerCycle, loose.alpha),
    types: signals.types.filter((t) => isLeaking(t.trend, loose.minObjectsPerCycle, loose.alpha)).sort((a, b) => b.trend.slopePerX - a.trend.slopePerX),
  };
}

/** The suspected signals, as confirm.ts names them. */
function suspectsOf(s: ReturnType<typeof suspicion>): SuspectedSignal[] {
  const named = (['blocks', 'heap', 'rss', 'fds'] as const).filter((signal) => s[signal]).map((signal) => ({ signal, type: null }));
  return [...named, ...s.types.map((t) => ({ signal: 'type' as const, type: t.type }))];
}

/** Decide, after the measured phase, whether to run the extension that confirms growth before the trace plan (issue 14). */
export function planConfirmation(phase: UntracedPhase): ExtendPlan | { extend: false } {
  const suspected = suspectsOf(suspicion(phase.settings, untracedSignals(phase.samples, phase.checkpoints)));
  return planExtension(phase, suspected.length > 0);
}

/**
 * Decide, after the untraced phase, whether a traced window is worth its cost, and size it. After
 * an extension, only the signals whose growth continued through it count: a run whose growth was
 * released pays for no window.
 */
export function planTrace(phase: UntracedPhase): TracePlan {
  const signals = untracedSignals(phase.samples, phase.checkpoints);
  const suspected = suspicion(phase.settings, signals);
  if (extensionRan(phase.checkpoints)) {
    const confirmed = confirmSignals(phase.samples, phase.checkpoints, suspectsOf(suspected));
    const kept = (s: SuspectedSignal) => confirmed.get(signalKey(s))?.continued ?? true;
    suspected.blocks &&= kept({ signal: 'blocks', type: null });
    suspected.heap &&= kept({ signal: 'heap', type: null });
    suspected.rss &&= kept({ signal: 'rss', type: null });
    suspected.fds &&= kept({ signal: 'fds', type: null });
    suspected.types = suspected.types.filter((t) => kept({ signal: 'type', type: t.type }));
  }
  const { blocks: blocksGrow, heap: heapGrows, rss: rssGrows, fds: fdsGrow, types: growingTypes } = suspected;
  const objectsGrow = blocksGrow || growingTypes.length > 0;
  const memoryGrows = objectsGrow || heapGrows || rssGrows;
  const cycleSeconds = phase.warmupSeconds + phase.measuredSeconds;
  return {
    trace: memoryGrows || fdsGrow,
    // Descriptors alone need only a short window: enough cycles for a few owners to be born under the
    // tracer, which then knows where they were allocated (issue 15). Traced cycles of a request
    // handler cost 20-50x their own time: 5 of them doubled the wall time of bench/scenarios/leak_fd.py.
    cycles: fdsGrow && !memoryGrows ? descriptorWindowCycles(signals.fds!.slopePerX) : maxTracedCycles(phase.settings.cycles),
    // Tracing slows allocation-heavy code 3-60x: cap the window at half the untraced cycles'
    // time (it still runs at least 5 cycles, which attribution and the traced trend need), so
    // that a leaky run costs at most about twice a clean one. The search for retention paths
    // usually takes milliseconds; its cap only bounds a huge heap. Its floor is 2 s: under pytest
    // the heap holds ~150k objects, and on a loaded 2-core machine the search took 0.5-1.5 s, so a
    // 0.5 s floor lost the holder 3 runs in 3 there (issue 17).
    budgetSeconds: Math.max(0.1, cycleSeconds / 2),
    checkpoints: HARNESS_POLICY.tracedCheckpoints,
    retentionSeconds: Math.min(5, Math.max(2, cycleSeconds / 2)),
    endEarly: objectsGrow,
    descriptors: fdsGrow,
    types: growingTypes.slice(0, HARNESS_POLICY.maxRetainedTypes).map((t) => t.type),
    // Memory grows and Python objects do not: a native leak is likely; a few profiled cycles say
    // which of the user's lines call native code (issue 15). Clean runs and Python leaks pay nothing.
    ...nativeProfilePlan(!objectsGrow && (heapGrows || rssGrows), cycleSeconds),
  };
}

/** Descriptors a window for descriptors alone should see opened. */
const DESCRIPTORS_TO_SEE = 2;

/** The cycles of a window for descriptors alone: enough to see DESCRIPTORS_TO_SEE of them opened, from 2 to minTracedCycles. */
export function descriptorWindowCycles(fdsPerCycle: number): number {
  const cycles = fdsPerCycle > 0 ? Math.ceil(DESCRIPTORS_TO_SEE / fdsPerCycle) : HARNESS_POLICY.minTracedCycles;
  return Math.min(HARNESS_POLICY.minTracedCycles, Math.max(2, cycles));
}

// Two-sided 95% quantiles of Student's t, by degrees of freedom (1-30); 1.96 beyond.
const T_95 = [
  12.71, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069,
  2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/**
 * The rate rule the harness shares (python/leakgate_harness/rates.py, with HARNESS_POLICY's
 * numbers): the per-cycle growth between snapshots, leaving out the first interval (the first
 * traced cycle carries the window's one-time allocations); its mean and the standard error of
 * that mean; null with fewer than 3 intervals left.
 */
export function rateStandardError(cycles: readonly number[], values: readonly number[]): { mean: number; standardError: number; intervals: number } | null {
  const rates: number[] = [];
  for (let i = HARNESS_POLICY.rateSkippedIntervals + 1; i < Math.min(cycles.length, values.length); i++)
    rates.push((values[i] - values[i - 1]) / Math.max(1, cycles[i] - cycles[i - 1]));
  if (rates.length < Math.max(2, HARNESS_POLICY.rateMinIntervals)) return null;
  const mean = rates.reduce((sum, r) => sum + r, 0) / rates.length;
  const variance = rates.reduce((sum, r) => sum + (r - mean) ** 2, 0) / (rates.length - 1);
  return { mean, standardError: Math.sqrt(variance / rates.length), intervals: rates.length };
}

/**
 * Half-width of the 95% confidence interval of a per-cycle rate (rateStandardError); null with
 * too few intervals. Few intervals get a wide margin: Student's t, not the normal 1.96.
 */
export function rateMargin(cycles: readonly number[], values: readonly number[]): number | null {
  const rate = rateStandardError(cycles, values);
  return rate === null ? null : (T_95[rate.intervals - 2] ?? 1.96) * rate.standardError;
}

/** Half-width of a trend's 95% interval (Sen's interval of the Theil–Sen slope, halved): how well its rate is known. */
export function trendMargin(t: Trend | null): number | null {
  return t === null ? null : Math.max(0, (t.upperSlopePerX - t.lowerSlopePerX) / 2);
}

/**
 * The margin of a site's rate, (last − first) / span: the spread of its growth between snapshots
 * after the first (rateMargin), or, when larger, how far the rate is from that growth's mean. The
 * first traced cycle's one-time allocations bias the rate by an amount that depends on the
 * window's length, which varies from run to run with the time budget.
 */
export function windowRateMargin(cycles: readonly number[], values: readonly number[], ratePerCycle: number): number | null {
  const spread = rateMargin(cycles, values);
  if (spread === null) return null;
  const last = Math.min(cycles.length, values.length) - 1;
  const laterMean = (values[last] - values[1]) / Math.max(1, cycles[last] - cycles[1]);
  return Math.max(spread, Math.abs(ratePerCycle - laterMean));
}

/** Everything that keeps growing in one run, and which kind of leak it adds up to. */
export function analyseGrowth(run: HarnessRun): GrowthAnalysis {
  const { thresholds } = run.settings;
  const signals = untracedSignals(run.samples, run.checkpoints);
  const window = run.window;
  const traced = window && window.checkpointCycles.length >= 3 ? trend(window.checkpointCycles, window.tracedBytes) : null;
  const tracedRate = traced ? traced.slopePerX : null;
  const tracedRateError = window ? rateMargin(window.checkpointCycles, window.tracedBytes) : null;

  // A signal that leaks in the measured phase counts only if it continued through the extension, when one ran.
  const extended = extensionRan(run.checkpoints);
  const confirmations = extended
    ? confirmSignals(run.samples, run.checkpoints, suspectsOf(suspicion(run.settings, signals)))
    : new Map<string, SignalConfirmation>();
  const released: SignalConfirmation[] = [];
  const confirmedLeak = (leaks: boolean, suspect: SuspectedSignal): boolean => {
    const c = confirmations.get(signalKey(suspect));
    if (!leaks || c === undefined || c.continued) return leaks;
    released.push(c);
    return false;
  };
  const measuredBlocksLeak = signals.blocks !== null && isLeaking(signals.blocks, BLOCKS_PER_OBJECT * thresholds.minObjectsPerCycle, thresholds.alpha);
  const blocksLeak = confirmedLeak(measuredBlocksLeak, { signal: 'blocks', type: null });
  const leakingTypes = signals.types
    .filter((t) => confirmedLeak(isLeaking(t.trend, thresholds.minObjectsPerCycle, thresholds.alpha), { signal: 'type', type: t.type }))
    .sort((a, b) => b.trend.slopePerX - a.trend.slopePerX);
  const heapMeasured = signals.heap !== null && isLeaking(signals.heap, thresholds.minBytesPerCycle, thresholds.alpha);
  const heapLeak = confirmedLeak(heapMeasured, { signal: 'heap', type: null });
  // The heap alone drifts by a few hundred bytes a cycle in clean code (malloc's caches filling,
  // seen at 150-400 B on CPython 3.9-3.13): a native verdict from it needs a quarter of the RSS minimum.
  const nativeHeapLeak = heapLeak && isLeaking(signals.heap!, thresholds.minRssBytesPerCycle / NATIVE_HEAP_DIVISOR, thresholds.alpha);
  const rssLeak = confirmedLeak(signals.rss !== null && isLeaking(signals.rss, thresholds.minRssBytesPerCycle, thresholds.alpha), {
    signal: 'rss',
    type: null,
  });
  const fdLeak = confirmedLeak(signals.fds !== null && isLeaking(signals.fds, thresholds.minFdsPerCycle, thresholds.alpha), { signal: 'fds', type: null });
  const tracedLeak =
    traced !== null &&
    tracedRate !== null &&
    tracedRate >= thresholds.minBytesPerCycle &&
    traced.pIncreasing < Math.max(thresholds.alpha, 0.05) &&
    traced.tailSlopePerX >= TAIL_SHARE * tracedRate;

  // Memory growth outside pymalloc's small blocks: big Python objects, or native memory.
  const memoryRate = heapLeak ? signals.heap!.slopePerX : rssLeak ? signals.rss!.slopePerX : null;
  const tracedExplainsMemory = tracedLeak && (memoryRate === null || tracedRate! >= PYTHON_SHARE_OF_MEMORY * memoryRate);
  const typeRetention = namedValues(window?.typeRetention);
  const typeRoots = namedValues(window?.typeRetainedByRoot);
  const sites = withConstructedTypes(
    window ? growingSites(window) : [],
    leakingTypes.map((t) => t.type),
    (type) => (typeRetention.get(type) ? { retainedBy: typeRetention.get(type)!, retainedByRoot: typeRoots.get(type) ?? null } : null),
  );
  // Blocks alone are weak evidence: untracked small objects (ints, strings, tuples) and the
  // runtime's own slow warm-up (seen with asyncio on 3.10+) both move them. They count when the
  // traced window finds a growing allocation made by the scenario's code (or on a stack cut by
  // --frames, which may hide it); not when it finds nothing, or only the runtime's allocations.
  const scenarioSites = sites.filter((site) => site.userCode || !site.stackComplete);
  const blocksCount = blocksLeak && (window === null || scenarioSites.length > 0);
  const pythonLeak = blocksCount || leakingTypes.length > 0 || tracedExplainsMemory;
  const nativeLeak = memoryRate !== null && !tracedExplainsMemory && (rssLeak || nativeHeapLeak);

  const reasons: LeakReason[] = [];
  if (fdLeak) reasons.push({ code: 'fds-grow', fdsPerCycle: signals.fds!.slopePerX });
  if (tracedLeak) reasons.push({ code: 'traced-grows', bytesPerCycle: tracedRate! });
  if (blocksCount) reasons.push({ code: 'blocks-grow', blocksPerCycle: signals.blocks!.slopePerX });
  const notes: GrowthNote[] = [];
  if (blocksLeak && !blocksCount) {
    const where = new Map(sites.map((site) => [`${site.file}:${site.line}`, { file: site.file, line: site.line }]));
    notes.push({ code: 'blocks-not-counted', blocksPerCycle: signals.blocks!.slopePerX, runtimeSites: [...where.values()].slice(0, 3) });
  }
  for (const t of leakingTypes.slice(0, 3)) reasons.push({ code: 'type-grows', type: t.type, objectsPerCycle: t.trend.slopePerX });
  if (nativeLeak && !pythonLeak) {
    // Named by RSS when RSS leaks, with the rate the verdict used (the heap's when both leak).
    reasons.push({ code: 'native-grows', signal: rssLeak ? 'rss' : 'heap', bytesPerCycle: memoryRate!, traced: window !== null });
  } else if (memoryRate !== null && !tracedLeak && pythonLeak) {
    // Python objects leak, and memory grows with them: say so without calling it native.
    reasons.push({ code: 'memory-grows', signal: rssLeak && !heapLeak ? 'rss' : 'heap', bytesPerCycle: memoryRate });
  }

  for (const c of released.slice(0, 4)) {
    notes.push({
      code: 'growth-released',
      signal: c.signal,
      type: c.type,
      perCycle: c.measuredPerCycle,
      measuredCycles: run.settings.cycles,
      extensionCycles: run.extension?.cycles ?? c.extensionCycles,
      fellBack: c.lowestChange < -c.noise,
    });
  }
  if (run.frozenObjects > 0) notes.push({ code: 'objects-frozen', objects: run.frozenObjects });
  if (!pythonLeak && !nativeLeak && heapLeak && !rssLeak) {
    notes.push({
      code: 'heap-below-native',
      bytesPerCycle: signals.heap!.slopePerX,
      nativeMinimumBytesPerCycle: thresholds.minRssBytesPerCycle / NATIVE_HEAP_DIVISOR,
    });
  }
  const kind: LeakKind | null = fdLeak ? 'fd' : pythonLeak ? 'python' : nativeLeak ? 'native' : null;
  const typeFrames = namedValues(window?.typeFrames);
  // A type with no path of its own (only the fastest growing get one) takes the path of a site that leaks it.
  const siteOfType = (type: string) => sites.find((site) => site.objectType === type && site.retainedBy !== null && site.retainedBy !== undefined);
  const censusTypes: TypeReport[] = leakingTypes.map((t) => ({
    type: t.type,
    perCycle: t.trend.slopePerX,
    perCycleMargin: trendMargin(t.trend),
    count: t.count,
    retainedBy: typeRetention.get(t.type) ?? siteOfType(t.type)?.retainedBy ?? null,
    retainedByRoot: typeRoots.get(t.type) ?? (typeRetention.has(t.type) ? null : (siteOfType(t.type)?.retainedByRoot ?? null)),
    frames: typeFrames.get(t.type)?.length ? typeFrames.get(t.type)! : (siteOfType(t.type)?.frames ?? []),
  }));
  const untracked = untrackedTypes(sites, new Set(leakingTypes.map((t) => t.type)), window ? liveBlocksBySite(window) : new Map());
  const types = rankByOwnership([...censusTypes, ...untracked], namedValues(window?.typePathTypes), namedValues(window?.typeReferents)).slice(
    0,
    MAX_TYPES_REPORTED,
  );
  return {
    growth: {
      tracedBytesPerCycle: tracedRate,
      tracedBytesPerCycleMargin: tracedRateError,
      rssBytesPerCycle: signals.rss ? signals.rss.slopePerX : null,
      blocksPerCycle: signals.blocks ? signals.blocks.slopePerX : null,
      fdsPerCycle: signals.fds ? signals.fds.slopePerX : null,
      heapBytesPerCycle: signals.heap ? signals.heap.slopePerX : null,
      rssBytesPerCycleMargin: trendMargin(signals.rss),
      blocksPerCycleMargin: trendMargin(signals.blocks),
      fdsPerCycleMargin: trendMargin(signals.fds),
      heapBytesPerCycleMargin: trendMargin(signals.heap),
    },
    kind,
    reasons,
    notes,
    sites,
    types,
    fdTargets: fdLeak ? fdTargetGrowth(run.checkpoints) : [],
    fdOwners: fdLeak && window ? fdOwnersOf(window) : [],
    confirmation: confirmationOf(run.settings, run.extension, [...confirmations.values()]),
    nativeLead: kind === 'native' ? nativeLeadOf(run.native) : null,
  };
}

/**
 * A user site whose objects gave the retention search no sample (on Python 3.11 the tracer cannot
 * place instances whose __dict__ the interpreter manages) names the growing type its line
 * constructs, the fastest first: `record = Record(n)` leaks `leak_threads.Record`; with no path
 * of its own, it takes the type's (`holderOf`).
 */
export function withConstructedTypes(
  sites: SiteReport[],
  growingTypes: readonly string[],
  holderOf: (type: string) => Pick<SiteReport, 'retainedBy' | 'retainedByRoot'> | null = () => null,
): SiteReport[] {
  return sites.map((site) => {
    if (site.objectType != null || !site.userCode || !site.code) return site;
    const constructed = growingTypes.find((type) => {
      const short = type.slice(type.lastIndexOf('.') + 1).replace(/[^\w]/g, '');
      return short.length > 0 && new RegExp(`(^|\\W)${short}\\s*\\(`).test(site.code);
    });
    if (constructed === undefined) return site;
    const holder = site.retainedBy && site.retainedBy !== NO_PATH_FOUND ? null : holderOf(constructed);
    return { ...site, objectType: constructed, objectTracked: true, ...(holder ?? {}) };
  });
}

/**
 * Growing allocation sites of the traced window, grouped by their first frame in user
 * code (the line a reviewer can change), largest growth first. A site counts when it
 * grew over the window and was still growing in its second half.
 */
export function growingSites(window: {
  checkpointCycles: number[];
  sites: {
    frames: SiteReport['frames'];
    complete: boolean;
    bytes: number[];
    counts: number[];
    retainedBy?: string;
    retainedByRoot?: SiteReport['retainedByRoot'];
    objectType?: string | null;
    objectTracked?: boolean | null;
    objectBytes?: number | null;
  }[];
}): SiteReport[] {
  const cycles = window.checkpointCycles;
  if (cycles.length < 2) return [];
  const spanCycles = cycles[cycles.length - 1] - cycles[0];
  if (spanCycles <= 0) return [];
  const middle = Math.floor((cycles.length - 1) / 2);
  // Each group's summed series, for the margins of its rates.
  const groups = new Map<string, SiteReport & { largestBytes: number; bytesSeries: number[]; countSeries: number[] }>();
  for (const site of window.sites) {
    const last = site.bytes.length - 1;
    const grownBytes = site.bytes[last] - site.bytes[0];
    const grownCount = site.counts[last] - site.counts[0];
    if (grownBytes <= 0 || grownCount <= 0 || site.bytes[last] <= site.bytes[middle] || site.frames.length === 0) continue;
    const anchor = anchorOf(site.frames);
    const key = `${anchor.file}:${anchor.line}`;
    const existing = groups.get(key);
    const bytesPerCycle = grownBytes / spanCycles;
    const countPerCycle = grownCount / spanCycles;
    if (existing) {
      existing.bytesPerCycle += bytesPerCycle;
      existing.countPerCycle += countPerCycle;
      site.bytes.forEach((v, i) => {
        existing.bytesSeries[i] = (existing.bytesSeries[i] ?? 0) + v;
      });
      site.counts.forEach((v, i) => {
        existing.countSeries[i] = (existing.countSeries[i] ?? 0) + v;
      });
      if (grownBytes > existing.largestBytes) {
        existing.largestBytes = grownBytes;
        existing.frames = site.frames;
      }
      if (existing.retainedBy === null && site.retainedBy !== undefined) existing.retainedByRoot = site.retainedByRoot ?? null;
      existing.retainedBy ??= site.retainedBy ?? null;
      if (existing.objectType == null && site.objectType != null) {
        existing.objectType = site.objectType;
        existing.objectTracked = site.objectTracked ?? null;
        existing.objectBytes = site.objectBytes ?? null;
      }
    } else {
      groups.set(key, {
        ...anchor,
        stackComplete: site.complete,
        bytesPerCycle,
        countPerCycle,
        retainedBy: site.retainedBy ?? null,
        retainedByRoot: site.retainedByRoot ?? null,
        ...(site.objectType != null ? { objectType: site.objectType, objectTracked: site.objectTracked ?? null, objectBytes: site.objectBytes ?? null } : {}),
        frames: site.frames,
        largestBytes: grownBytes,
        bytesSeries: [...site.bytes],
        countSeries: [...site.counts],
      });
    }
  }
  // Sites with a frame in user code first (issue 15): one with none (a library's thread, a worker
  // pool) is not the line to change, however fast it grows.
  return [...groups.values()]
    .sort((a, b) => Number(b.userCode) - Number(a.userCode) || b.bytesPerCycle - a.bytesPerCycle)
    .slice(0, MAX_SITES_REPORTED)
    .map(({ largestBytes: _largest, bytesSeries, countSeries, ...site }) => ({
      ...site,
      bytesPerCycleMargin: windowRateMargin(cycles, bytesSeries, site.bytesPerCycle),
      countPerCycleMargin: windowRateMargin(cycles, countSeries, site.countPerCycle),
    }));
}

/** The frame a site is grouped and shown by: its first in user code, else its innermost. */
function anchorOf<F extends { userCode: boolean }>(frames: readonly F[]): F {
  return frames.find((frame) => frame.userCode) ?? frames[0];
}

/** Live blocks at the end of the traced window by site (`file:line` of its anchor frame). */
function liveBlocksBySite(window: { sites: { frames: SiteReport['frames']; counts: number[] }[] }): Map<string, number> {
  const blocks = new Map<string, number>();
  for (const site of window.sites) {
    if (site.frames.length === 0 || site.counts.length === 0) continue;
    const anchor = anchorOf(site.frames);
    const key = `${anchor.file}:${anchor.line}`;
    blocks.set(key, (blocks.get(key) ?? 0) + site.counts[site.counts.length - 1]);
  }
  return blocks;
}

/** What the descriptors opened during the measured phase point at. */
function fdTargetGrowth(checkpoints: readonly Checkpoint[]): { target: string; growth: number }[] {
  const withTargets = checkpoints.filter((c) => c.phase === 'measure' && c.fdTargets);
  if (withTargets.length < 2) return [];
  const first = namedValues(withTargets[0].fdTargets);
  const last = namedValues(withTargets[withTargets.length - 1].fdTargets);
  return [...last]
    .map(([target, count]) => ({ target, growth: count - (first.get(target) ?? 0) }))
    .filter((t) => t.growth > 0)
    .sort((a, b) => b.growth - a.growth)
    .slice(0, 5);
}

/** The owners of the descriptors the traced window opened, with their rate per traced cycle. */
export function fdOwnersOf(window: Pick<TracedWindow, 'cycles' | 'fdOwners'>): FdOwnerReport[] {
  const cycles = Math.max(1, window.cycles);
  return (window.fdOwners ?? []).map((o) => ({ ...o, perCycle: o.count / cycles }));
}
