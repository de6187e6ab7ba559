/**
 * The answer at the top of the report (issue 16): per scenario that has something to show, one
 * lead sentence ("❌ checkout.py:10 in render_receipt — new leak, +4.1 KiB/cycle (1 bytes object
 * per cycle), held by checkout._receipts") and one summary-table row. Pure: leadOf picks the
 * figures from the report (data), leadWords and the cell functions word them. Untrusted strings
 * (names, paths, types, messages) are made inert by the caller's `Quote` (inert.ts).
 */

import { NO_PATH_FOUND } from '../analyse/growth.js';
import type { ComparisonClass } from '../compare/types.js';
import { CLASS_MARK } from './comparison-words.js';
import { perCycleWords, round } from './format.js';
import type { ScenarioResult } from './types.js';
import { FD_NOUN, leakSummaryWords } from './words.js';

/** How a lead is marked: failing, could not be measured, a known library leak, a leak that does not fail the check. */
export type LeadMark = 'fail' | 'error' | 'known' | 'passing-leak' | 'changed' | 'explained';

const ICON: Record<Exclude<LeadMark, 'changed'>, string> = { fail: '❌', error: '⚠️', known: 'ℹ️', 'passing-leak': 'ℹ️', explained: 'ℹ️' };

/** The lead's icon: its mark's, or for a fixed or improved leak its class's (🎉, 📉). */
export function leadIcon(lead: Pick<Lead, 'mark' | 'comparison'>): string {
  return lead.mark === 'changed' ? CLASS_MARK[lead.comparison ?? 'fixed'] : ICON[lead.mark];
}

/** A rate per cycle, and the baseline's when the scenario was compared with one. */
export interface LeadRate {
  unit: 'bytes' | 'count';
  /** "RSS" for native memory, "socket" for descriptors; null for traced Python memory. */
  noun: string | null;
  perCycle: number;
  baselinePerCycle: number | null;
}

/** What the top of the report says of one scenario, as data. */
export interface Lead {
  mark: LeadMark;
  scenario: string;
  kind: ScenarioResult['leak']['kind'];
  /** The user's line that allocates (Python), or null: fd and native leads name their lines in `openedAt` / `calls`. */
  where: { file: string; line: number; function: string | null } | null;
  comparison: ComparisonClass | null;
  rate: LeadRate | null;
  objects: { type: string; perCycle: number } | null;
  heldBy: string | null;
  /** fd leaks: the user's line that opened the descriptors. */
  openedAt: { file: string; line: number } | null;
  /** native leaks: the user's line that called native code most (a lead, not proof). */
  calls: { file: string; line: number; callee: string } | null;
  /** Known library leaks: the libraries. */
  libraries: string[];
  /** Errors: the first line of the message. */
  error: string | null;
  /** What the scenario's leak is in a few words ("no leak left after suppressions"), for one with nothing else to say. */
  summary: string;
}

const SHOWN_CLASSES: ReadonlySet<ComparisonClass> = new Set(['new', 'worse', 'improved', 'fixed']);

/**
 * Whether a scenario has something to show beyond "passing": failing, an error, a leak or a known
 * library leak, something explained or suppressed, or a comparison that changed. The rest are
 * folded into one "N passing" list, with no section of their own.
 */
export function hasFindings(s: ScenarioResult): boolean {
  if (s.verdict !== 'pass') return true;
  const c = s.comparison?.class;
  if (c && SHOWN_CLASSES.has(c)) return true;
  const e = s.explanation;
  if (e && (e.knownLibraryLeak || e.suppressed.length > 0 || e.explained.length > 0)) return true;
  return s.leak.detected && (c === undefined || c === 'no-baseline');
}

const GROWTH_KEY = { python: 'tracedBytesPerCycle', native: 'rssBytesPerCycle', fd: 'fdsPerCycle' } as const;

/** The scenario's figures that answer "what leaks, where, how fast, held by what", or null when it has no finding. */
export function leadOf(s: ScenarioResult): Lead | null {
  if (!hasFindings(s)) return null;
  const c = s.comparison ?? null;
  const e = s.explanation;
  const mark: LeadMark =
    s.verdict === 'fail'
      ? 'fail'
      : s.verdict === 'error'
        ? 'error'
        : e?.knownLibraryLeak
          ? 'known'
          : c?.class === 'fixed' || c?.class === 'improved'
            ? 'changed'
            : s.leak.detected
              ? 'passing-leak'
              : 'explained';
  const lead: Lead = {
    mark,
    scenario: s.name,
    kind: s.leak.kind,
    where: null,
    comparison: c?.class ?? null,
    rate: null,
    objects: null,
    heldBy: null,
    openedAt: null,
    calls: null,
    libraries: e?.knownLibraryLeak ? [...new Set(e.knownLeaks.map((k) => k.library))] : [],
    error: s.error ? (String(s.error.message).trim().split('\n')[0] ?? '') : null,
    summary: leakSummaryWords(s),
  };
  if (s.verdict === 'error') return lead;
  const kind = s.leak.kind ?? (c?.class === 'fixed' || c?.class === 'improved' ? (c.baseline?.kind ?? null) : null);
  if (kind === null) return lead;
  // A fixed leak has no traced window now: its figure is the baseline's, and now 0.
  const then = c?.baseline && c.class !== 'new' ? c.baseline.growth : null;
  const traced = s.growth.tracedBytesPerCycle ?? (c?.class === 'fixed' && then?.tracedBytesPerCycle != null ? 0 : null);
  // Each kind's own signal: traced bytes (blocks without a traced window), RSS (the heap where RSS is not measured), descriptors.
  const growthKey =
    kind === 'python' && traced === null ? 'blocksPerCycle' : kind === 'native' && s.growth.rssBytesPerCycle === null ? 'heapBytesPerCycle' : GROWTH_KEY[kind];
  const now = growthKey === 'tracedBytesPerCycle' ? traced : s.growth[growthKey];
  const before = then ? then[growthKey] : null;
  const fdOwner = s.fdOwners?.[0];
  if (now !== null) {
    lead.rate = {
      unit: growthKey === 'fdsPerCycle' || growthKey === 'blocksPerCycle' ? 'count' : 'bytes',
      noun:
        kind === 'fd'
          ? FD_NOUN[fdOwner?.kind ?? 'other']
          : kind === 'native'
            ? growthKey === 'heapBytesPerCycle'
              ? 'heap'
              : 'RSS'
            : growthKey === 'blocksPerCycle'
              ? 'block'
              : null,
      perCycle: now,
      baselinePerCycle: before,
    };
  }
  if (kind === 'python') {
    const site = s.sites.find((x) => x.userCode) ?? s.sites[0];
    if (site) {
      lead.where = { file: site.file, line: site.line, function: site.function || null };
      if (site.objectType) lead.objects = { type: site.objectType, perCycle: site.countPerCycle };
      lead.heldBy = holderOf(site.retainedByRoot?.label ?? null, site.retainedBy);
    }
    const type = s.types.find((t) => !t.partOf) ?? s.types[0];
    if (!lead.objects && type) lead.objects = { type: type.type, perCycle: type.perCycle };
    if (!lead.heldBy && type) lead.heldBy = holderOf(type.retainedByRoot?.label ?? null, type.retainedBy);
  } else if (kind === 'fd' && fdOwner) {
    const frame = fdOwner.frames.find((f) => f.userCode) ?? fdOwner.frames[0];
    if (frame) lead.openedAt = { file: frame.file, line: frame.line };
    lead.heldBy = holderOf(fdOwner.retainedByRoot?.label ?? null, fdOwner.retainedBy);
  } else if (kind === 'native') {
    const call = s.nativeLead?.calls[0];
    if (call) lead.calls = { file: call.file, line: call.line, callee: call.callee };
  }
  return lead;
}

/** What holds the objects: the root's label, else the first hop of the path ("app.clients (list) → …" → "app.clients"). */
function holderOf(root: string | null, path: string | null | undefined): string | null {
  if (root) return root;
  if (!path || path === NO_PATH_FOUND) return null;
  const first = path
    .split(' → ')[0]
    ?.replace(/ \([^()]*\)$/, '')
    .trim();
  return first || null;
}

/** Renders an untrusted string inert, as code (a path, a type, a name), optionally as a link to a source line. */
export interface Quote {
  code: (text: string) => string;
  text: (text: string) => string;
  /** `file:line` as code, linked to the source when a link is known; `short`: the file's base name only. */
  place: (file: string, line: number, options?: { short?: boolean }) => string;
}

const CLASS_WORDS: Partial<Record<ComparisonClass, string>> = {
  new: 'new leak',
  worse: 'worse',
  improved: 'improved',
  fixed: 'fixed',
  unchanged: 'known leak, unchanged',
};

/** "4.1 KiB" with two significant figures; the unit chosen by `scaleOf`. */
function scaled(bytes: number, unit: number): string {
  const value = Math.abs(bytes) / 1024 ** unit;
  return value >= 10 || unit === 0 ? Math.round(value).toString() : value.toFixed(1);
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
const scaleOf = (bytes: number) => Math.min(UNITS.length - 1, Math.max(0, Math.floor(Math.log(Math.max(1, Math.abs(bytes))) / Math.log(1024))));

/** "+4.1 KiB", "-512 B", "0 B". */
export function shortBytes(bytes: number, signed = true): string {
  const unit = scaleOf(bytes);
  const sign = signed ? (bytes > 0.5 ? '+' : bytes < -0.5 ? '-' : '') : bytes < -0.5 ? '-' : '';
  return `${sign}${scaled(bytes, unit)} ${UNITS[unit]}`;
}

/** "8.1 → 32 KiB" in one unit when both share it, "512 B → 1.2 MiB" otherwise. */
export function bytesPair(before: number, now: number): string {
  const [a, b] = [scaleOf(before), scaleOf(now)];
  if (a === b) return `${before < -0.5 ? '-' : ''}${scaled(before, a)} → ${now < -0.5 ? '-' : ''}${scaled(now, b)} ${UNITS[b]}`;
  return `${shortBytes(before, false)} → ${shortBytes(now, false)}`;
}

/** A rate's figure for a table cell: "+4.1 KiB", "8.1 → 32 KiB", "+1 socket", "1 → 3 sockets". */
export function rateCell(rate: LeadRate): string {
  if (rate.unit === 'bytes') {
    return rate.baselinePerCycle === null ? shortBytes(rate.perCycle) : bytesPair(rate.baselinePerCycle, rate.perCycle);
  }
  const noun = rate.noun ?? 'object';
  // Whole things: "+3 sockets", "+1 block every 13 cycles", never "0.077 blocks".
  const count = (perCycle: number) => perCycleWords(perCycle, noun).replace(/ per cycle$/, '');
  if (rate.baselinePerCycle === null) return `${rate.perCycle > 0 ? '+' : ''}${count(rate.perCycle)}`;
  const whole = (perCycle: number) => (perCycle >= 0.95 ? String(round(perCycle)) : count(perCycle));
  const now = round(rate.perCycle);
  return `${whole(rate.baselinePerCycle)} → ${whole(rate.perCycle)}${rate.perCycle >= 0.95 ? ` ${now === 1 ? noun : `${noun}s`}` : ''}`;
}

/** "(4.0×)" when the baseline's rate is positive and the rate moved. */
function ratioWords(rate: LeadRate): string {
  const before = rate.baselinePerCycle;
  if (before === null || before <= 0 || rate.perCycle <= 0) return '';
  const ratio = rate.perCycle / before;
  return ` (${ratio >= 10 ? Math.round(ratio) : ratio.toFixed(1)}×)`;
}

/** The rate in the lead: "+4.1 KiB/cycle", "8.1 → 32 KiB/cycle (4.0×)", "+256 KiB RSS per cycle", "+1 socket per cycle". */
function rateWords(rate: LeadRate): string {
  if (rate.unit === 'bytes') {
    const figure = rateCell(rate);
    return rate.noun ? `${figure} ${rate.noun} per cycle${ratioWords(rate)}` : `${figure}/cycle${ratioWords(rate)}`;
  }
  if (rate.baselinePerCycle === null) return `+${perCycleWords(rate.perCycle, rate.noun ?? 'object')}`;
  return `${rateCell(rate)} per cycle${ratioWords(rate)}`;
}

/**
 * The lead sentence of one scenario, in Markdown. `named`: add the scenario's name after a
 * user's line (a report of several scenarios), so a reader can find its row and section.
 */
export function leadWords(lead: Lead, quote: Quote, named: boolean): string {
  const icon = leadIcon(lead);
  const scenario = quote.code(lead.scenario);
  if (lead.mark === 'explained') return `${icon} ${scenario} — ${quote.text(lead.summary)}, not failing`;
  if (lead.mark === 'error') return `${icon} ${scenario} could not be measured${lead.error ? `: ${quote.text(clip(lead.error, 200))}` : ''}`;
  if (lead.mark === 'known') {
    return `${icon} ${scenario} — known library leak (${quote.text(lead.libraries.join(', '))}), not failing`;
  }
  const parts: string[] = [];
  const label = lead.comparison ? CLASS_WORDS[lead.comparison] : undefined;
  if (lead.libraries.length > 0) parts.push(`known library leak (${quote.text(lead.libraries.join(', '))})`);
  const rate = lead.rate ? rateWords(lead.rate) : lead.kind === null ? 'failing' : `${lead.kind} leak`;
  if (lead.comparison === 'fixed')
    parts.push(
      lead.rate?.baselinePerCycle != null ? `fixed, was ${rateWords({ ...lead.rate, perCycle: lead.rate.baselinePerCycle, baselinePerCycle: null })}` : 'fixed',
    );
  else parts.push(label && lead.comparison !== 'worse' && lead.comparison !== 'improved' ? `${label}, ${rate}` : label ? `${label}: ${rate}` : rate);
  if (lead.objects && lead.rate?.unit !== 'count' && lead.comparison !== 'fixed')
    parts[parts.length - 1] += ` (${perCycleWords(lead.objects.perCycle, `${quote.code(lead.objects.type)} object`)})`;
  if (lead.kind === 'native') parts.push('native memory');
  if (lead.openedAt) parts.push(`opened at ${quote.place(lead.openedAt.file, lead.openedAt.line)}`);
  if (lead.calls) parts.push(`${quote.place(lead.calls.file, lead.calls.line)} calls ${quote.code(lead.calls.callee)} (a lead, not proof)`);
  if (lead.heldBy) parts.push(`held by ${quote.code(lead.heldBy)}`);
  if (lead.mark === 'passing-leak') parts.push('not failing');
  const head = lead.where
    ? `**${quote.place(lead.where.file, lead.where.line)}**${lead.where.function ? ` in ${quote.code(lead.where.function)}` : ''}`
    : scenario;
  const tail = lead.where && named && lead.where.file !== lead.scenario ? ` · ${scenario}` : '';
  return `${icon} ${head} — ${parts.join(', ')}${tail}`;
}

const KIND_CELL = { python: 'Python memory leak', native: 'native memory leak', fd: 'descriptor leak' } as const;

/** The verdict cell of the summary table: "❌ new leak", "⚠️ error", "ℹ️ known library leak (Django)". */
export function verdictCell(lead: Lead, quote: Quote): string {
  const icon = leadIcon(lead);
  if (lead.mark === 'error') return `${icon} error`;
  if (lead.mark === 'explained') return `${icon} ${quote.text(lead.summary)}`;
  const label = lead.comparison ? CLASS_WORDS[lead.comparison] : undefined;
  // A known library leak is named as one unless the comparison has news (new, worse, fixed…).
  if (lead.libraries.length > 0 && !label) return `${icon} known library leak (${quote.text(lead.libraries.join(', '))})`;
  if (label) return `${icon} ${label}`;
  return `${icon} ${lead.kind ? KIND_CELL[lead.kind] : 'failing'}`;
}

/** The "where" cell: the user's line, the line that opened the descriptors, the native call's line, or "—". */
export function whereCell(lead: Lead, quote: Quote): string {
  const at = lead.where ?? lead.openedAt ?? lead.calls;
  // The file's name and line, linked: the sentence above gives the whole path, and a path without
  // spaces cannot wrap, so in a cell it would push the table past the PR column.
  return at ? quote.place(at.file, at.line, { short: true }) : '—';
}

/** The "per cycle" cell. */
export function perCycleCell(lead: Lead): string {
  if (!lead.rate) return '—';
  const figure = rateCell(lead.rate);
  return lead.rate.unit === 'bytes' && lead.rate.noun ? `${figure} ${lead.rate.noun}` : figure;
}

function clip(text: string, chars: number): string {
  return text.length > chars ? `${text.slice(0, chars - 1)}…` : text;
}
