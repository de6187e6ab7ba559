/** Words and marks for comparisons with the baseline: their classes, rates, reasons and caveats. */

import type { Growth, GrowthRateKey } from '../analyse/types.js';
import type { Comparison, ComparisonCaveat, ComparisonReason, NewGrowth } from '../compare/reasons.js';
import type { ComparisonClass, ScenarioComparison, SignalComparison } from '../compare/types.js';
import { bytesWords, round, signedBytes, signedCount } from './format.js';

export const CLASS_LABEL: Record<ComparisonClass, string> = {
  new: 'new leak',
  worse: 'worse',
  unchanged: 'known leak, unchanged',
  improved: 'improved',
  fixed: 'fixed',
  clean: 'clean',
  'no-baseline': 'no baseline yet',
};

export const CLASS_MARK: Record<ComparisonClass, string> = {
  new: '🆕',
  worse: '📈',
  unchanged: '➖',
  improved: '📉',
  fixed: '🎉',
  clean: '✅',
  'no-baseline': '❔',
};

/** Rows of (signal, baseline, current) per cycle, for side-by-side tables. */
export function growthRows(current: Growth, baseline: Growth | null): [string, string, string][] {
  const rows: [string, GrowthRateKey, (v: number | null) => string][] = [
    ['traced Python memory', 'tracedBytesPerCycle', signedBytes],
    ['allocated blocks', 'blocksPerCycle', signedCount],
    ['RSS', 'rssBytesPerCycle', signedBytes],
    ['malloc heap', 'heapBytesPerCycle', signedBytes],
    ['open descriptors', 'fdsPerCycle', signedCount],
  ];
  return rows.map(([label, key, format]) => [label, baseline ? format(baseline[key]) : '—', format(current[key])]);
}

const GROWTH_LABEL: Record<string, string> = {
  tracedBytesPerCycle: 'traced Python memory',
  blocksPerCycle: 'allocated blocks',
  heapBytesPerCycle: 'malloc heap',
  rssBytesPerCycle: 'RSS',
  fdsPerCycle: 'open descriptors',
};

/** What a compared signal measures: "traced Python memory", "live app.Session objects", "memory allocated at app.py:12". */
export function signalLabel(signal: string): string {
  if (signal.startsWith('type:')) return `live ${signal.slice('type:'.length)} objects`;
  if (signal.startsWith('site-bytes:')) return `memory allocated at ${signal.slice('site-bytes:'.length)}`;
  if (signal.startsWith('site-count:')) return `blocks allocated at ${signal.slice('site-count:'.length)}`;
  return GROWTH_LABEL[signal] ?? signal;
}

/** A rate in its unit: "722 B", "6.9 blocks", "1 descriptor". */
export function rateWords(value: number, unit: SignalComparison['unit']): string {
  if (unit === 'bytes') return bytesWords(value);
  const rounded = round(value);
  const noun = unit === 'objects' ? 'object' : unit === 'blocks' ? 'block' : 'descriptor';
  return `${rounded} ${rounded === 1 ? noun : `${noun}s`}`;
}

const figure = (value: number, unit: SignalComparison['unit']) => (unit === 'bytes' ? bytesWords(value) : String(round(value)));

/** True when a rate moved by more than both runs' margins and by at least 0.5% (shown as a ratio other than 1.00×). */
export function rateMoved(s: SignalComparison): boolean {
  const margin = Math.hypot(s.currentMargin, s.baselineMargin);
  if (Math.abs(s.current - s.baseline) <= margin) return false;
  return s.ratio === null ? s.current !== s.baseline : Math.abs(s.ratio - 1) >= 0.005;
}

/** "1.76× (±0.10×)", or "from none" when the baseline had no growth. */
export function ratioWords(s: SignalComparison): string {
  if (s.ratio === null || s.ratioMargin === null) return 'from none in the baseline';
  return `${s.ratio.toFixed(2)}× (±${s.ratioMargin.toFixed(2)}×)`;
}

/** The tolerance that applied: "the 50% tolerance" or "the tolerance of 256 B per cycle", and the margins when there are any. */
function toleranceWords(s: SignalComparison): string {
  const reference = Math.min(s.current, s.baseline);
  const relativeRules = (s.relativePercent / 100) * Math.abs(reference) >= s.floorPerCycle;
  const base = relativeRules ? `the ${round(s.relativePercent)}% tolerance` : `the tolerance of ${rateWords(s.floorPerCycle, s.unit)} per cycle`;
  const margin = Math.hypot(s.currentMargin, s.baselineMargin);
  return margin > 0 ? `${base} and the runs' margins (±${figure(margin, s.unit)})` : base;
}

/**
 * One compared rate in words: "traced Python memory 2.78 KiB → 4.90 KiB per cycle, 1.76× (±0.10×),
 * worse: over the 50% tolerance". "unchanged" only when the rate did not move beyond the margins;
 * a rate that moved but stayed within the tolerance says so with its ratio.
 */
export function signalWords(s: SignalComparison, withLabel: boolean): string {
  const figures =
    s.unit === 'bytes' ? `${bytesWords(s.baseline)} → ${bytesWords(s.current)}` : `${figure(s.baseline, s.unit)} → ${rateWords(s.current, s.unit)}`;
  const head = `${withLabel ? `${signalLabel(s.signal)} ` : ''}${figures} per cycle, ${ratioWords(s)}`;
  if (s.class === 'worse') return `${head}, worse: over ${toleranceWords(s)}`;
  if (s.class === 'improved') return `${head}, improved: beyond ${toleranceWords(s)}`;
  return rateMoved(s) ? `${head}, within ${toleranceWords(s)}` : `${head}, unchanged`;
}

/**
 * The scenario's label: the class, except that a known leak whose rate moved within the
 * tolerance is not called "unchanged": "known leak, 1.25× (±0.02×), within tolerance".
 */
export function comparisonLabel(c: ScenarioComparison): string {
  const primary = c.signals?.[0];
  if (c.class === 'unchanged' && primary && !primary.signal.includes(':') && rateMoved(primary)) return `known leak, ${ratioWords(primary)}, within tolerance`;
  return CLASS_LABEL[c.class];
}

/** A growing site or type the baseline did not have: "a new growing site, app.py:12 (600 B per cycle)". */
function newGrowthWords(growth: NewGrowth): string {
  return growth.what === 'site'
    ? `a new growing site, ${growth.file}:${growth.line} (${rateWords(growth.bytesPerCycle, 'bytes')} per cycle)`
    : `a new growing type, ${growth.type} (${rateWords(growth.objectsPerCycle, 'objects')} per cycle)`;
}

/** Why a scenario compares as it does, in words: the reason of a report's comparison. */
export function comparisonReasonWords(reason: ComparisonReason): string {
  switch (reason.code) {
    case 'not-in-baseline':
      return 'no baseline yet: this scenario is not in the baseline';
    case 'clean':
      return 'no leak, as in the baseline';
    case 'explained':
      return `the ${reason.baselineKind ?? ''} leak of the baseline is still measured, but now explained: not counted`.replace('  ', ' ');
    case 'fixed':
      return `the ${reason.baselineKind ?? ''} leak of the baseline is gone`.replace('  ', ' ');
    case 'new-leak':
      return `a new ${reason.kind} leak: the baseline did not leak`;
    case 'new-kind':
      return `a new ${reason.kind} leak: the baseline leaked ${reason.baselineKind} memory`;
    case 'worse-rate':
      return signalWords(reason.signal, true);
    case 'new-growth':
      return `the known leak is still there${reason.primary ? ` (${signalWords(reason.primary, false)})` : ''}, and ${newGrowthWords(reason.growth)}`;
    case 'improved':
      return signalWords(reason.signal, true);
    case 'unchanged':
      return reason.primary ? `a known leak: ${signalWords(reason.primary, true)}` : 'a known leak, as in the baseline';
  }
}

/** What makes a comparison less exact, in words. */
export function caveatWords(caveat: ComparisonCaveat): string {
  switch (caveat.code) {
    case 'python-version':
      return `the baseline was recorded on Python ${caveat.baseline}, this run on ${caveat.current}: figures may differ between versions`;
    case 'implementation':
    case 'platform':
      return `the baseline was recorded on ${caveat.baseline}, this run on ${caveat.current}`;
    case 'run-length':
      return (
        `the baseline ran ${caveat.baseline.cycles} cycles after ${caveat.baseline.warmup} warm-up, ` +
        `this run ${caveat.current.cycles} after ${caveat.current.warmup}: compared per cycle`
      );
    case 'frames':
      return `the baseline kept ${caveat.baseline} frames per site, this run ${caveat.current}: sites may be attributed differently`;
  }
}

/** A comparison as the report holds it: its reason and caveats in words. */
export function comparisonWords(c: Comparison): ScenarioComparison {
  return { ...c, reason: comparisonReasonWords(c.reason), caveats: c.caveats.map(caveatWords) };
}

/** The warning for baseline scenarios this run did not run (the first ten named). */
export function goneScenariosWords(gone: readonly string[]): string[] {
  return gone.length > 0
    ? [
        `the baseline names scenarios this run did not run (ignored): ` +
          `${gone.slice(0, 10).join(', ')}${gone.length > 10 ? `, and ${gone.length - 10} more` : ''}`,
      ]
    : [];
}
