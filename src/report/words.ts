/** Words of the report that are not a renderer's own: a scenario's verdict, the gate's note. */

import type { Confirmation } from '../analyse/confirm.js';
import { NO_PATH_FOUND } from '../analyse/growth.js';
import type { GrowthNote, LeakReason, MemorySignal } from '../analyse/reasons.js';
import type { GateReason } from '../decide/verdict.js';
import { bytesWords, perCycleWords, round } from './format.js';
import type { Report, ScenarioResult } from './types.js';

/**
 * An error before the first cycle (Python or the scenario never started: a missing file, an
 * import error, a failing setup): nothing was measured, so only the error is shown, without a
 * table of n/a growth or the Python version line.
 */
export function measuredNothing(s: ScenarioResult): boolean {
  return s.verdict === 'error' && s.series.cycles.cycle.length === 0 && s.series.checkpoints.cycle.length === 0;
}

/** "Python memory leaks", "native memory leaks (outside Python objects)", "open descriptors leak". */
export function kindWords(kind: ScenarioResult['leak']['kind']): string {
  switch (kind) {
    case 'python':
      return 'Python memory leaks';
    case 'native':
      return 'native memory leaks (outside Python objects)';
    case 'fd':
      return 'open descriptors leak';
    default:
      return 'no leak';
  }
}

/** The gate's note: why it did not simply fail on what it found (the first reason), or null. */
export function gateNoteWords(reasons: readonly GateReason[]): string | null {
  const reason = reasons[0];
  if (!reason) return null;
  switch (reason.code) {
    case 'accepted':
      return `accepted with the '${reason.label}' label: the check passes despite the regression`;
    case 'no-usable-baseline':
      return 'no usable baseline: the gate fails on any leak until one is recorded (leakgate run … --save-baseline FILE on the default branch)';
    case 'fail-on-never':
      return 'fail-on is never: leaks are reported, the check does not fail on them';
  }
}

const MEMORY: Record<MemorySignal, string> = { rss: 'RSS', heap: 'the malloc heap' };

/** One reason a run leaks, in words: "open descriptors grow by 1 descriptor per cycle". */
export function leakReasonWords(reason: LeakReason): string {
  switch (reason.code) {
    case 'fds-grow':
      return `open descriptors grow by ${perCycleWords(reason.fdsPerCycle, 'descriptor')}`;
    case 'traced-grows':
      return `traced Python memory grows by ${bytesWords(reason.bytesPerCycle)} per cycle`;
    case 'blocks-grow':
      return `allocated blocks grow by ${round(reason.blocksPerCycle)} per cycle after gc.collect()`;
    case 'type-grows':
      return `${reason.type} objects grow by ${perCycleWords(reason.objectsPerCycle, 'object')}`;
    case 'native-grows':
      return (
        `${MEMORY[reason.signal]} grows by ${bytesWords(reason.bytesPerCycle)} per cycle ` +
        `${reason.traced ? 'while traced Python memory stays flat' : 'while Python objects stay flat'}: ` +
        `memory outside Python's allocator, as in a C extension`
      );
    case 'memory-grows':
      return `${MEMORY[reason.signal]} grows by ${bytesWords(reason.bytesPerCycle)} per cycle`;
  }
}

const RELEASED_SIGNAL = { blocks: 'allocated blocks', heap: 'the malloc heap', rss: 'RSS', fds: 'open descriptors' } as const;

/**
 * Why the run took the cycles it took beyond the measured ones, or null when no extension ran:
 * "extended by 100 cycles to confirm growth: it continued".
 */
export function confirmationWords(c: Confirmation | null | undefined): string | null {
  if (!c || c.cycles === 0) return null;
  const ran =
    c.limitedBy === 'time'
      ? `extended by ${c.cycles} of ${c.plannedCycles} cycles (stopped at its time bound, confirm-seconds)`
      : `extended by ${c.cycles} cycles`;
  return `${ran} to confirm growth: ${c.outcome === 'confirmed' ? 'it continued' : 'it did not continue, not a leak'}`;
}

/** Growth seen but not counted as a leak, in words, with what to do about it when there is something. */
export function growthNoteWords(note: GrowthNote): string {
  switch (note.code) {
    case 'blocks-not-counted': {
      const where = note.runtimeSites.map((site) => `${site.file}:${site.line}`).join(', ');
      const seen = where
        ? `the traced window found only allocations by the Python runtime, with no frame of the scenario's code (${where})`
        : 'the traced window found no growing allocation';
      return (
        `allocated blocks grew by ${round(note.blocksPerCycle)} per cycle, but ${seen}: ` +
        `not counted as a leak; a longer --warmup lets internal caches settle`
      );
    }
    case 'objects-frozen':
      return (
        `leakgate froze the ${note.objects.toLocaleString('en-US')} objects alive after the warm-up (gc.freeze), ` +
        `so that each gc.collect() and census walks only newer ones: live-object counts are of objects born since`
      );
    case 'growth-released': {
      const what = note.signal === 'type' ? `${note.type} objects` : RELEASED_SIGNAL[note.signal];
      const per = note.signal === 'heap' || note.signal === 'rss' ? `${bytesWords(note.perCycle)} per cycle` : `${round(note.perCycle)} per cycle`;
      return (
        `${what} grew by ${per} for ${note.measuredCycles} cycles, then ` +
        (note.fellBack
          ? `fell back during the ${note.extensionCycles}-cycle extension: periodic release, not a leak`
          : `stopped growing during the ${note.extensionCycles}-cycle extension: it levelled off (a cache that filled), not a leak`)
      );
    }
    case 'heap-below-native':
      return (
        `the malloc heap grew by ${bytesWords(note.bytesPerCycle)} per cycle with no Python growth, ` +
        `below the ${bytesWords(note.nativeMinimumBytesPerCycle)} a native leak needs: malloc's own caches move that much`
      );
  }
}

type Explanation = NonNullable<ScenarioResult['explanation']>;
type Frame = { file: string; line: number };
const lineOf = (frame: Frame) => `${frame.file}:${frame.line}`;

/** What a scenario's leak is, in a few words: its kind, or "known library leak (Django)" when one explains all of it. */
export function leakSummaryWords(s: ScenarioResult): string {
  if (s.leak.detected) return kindWords(s.leak.kind);
  const e = s.explanation;
  if (e?.knownLibraryLeak) return `known library leak (${[...new Set(e.knownLeaks.map((k) => k.library))].join(', ')})`;
  if (e && e.suppressed.length > 0 && e.explained.length > 0) return 'no leak left after suppressions';
  return 'no leak';
}

/** "known library leak: Django's test client (django-test-client-signal-finalizers), reached from your line app.py:12". */
export function knownLeakWords(k: Explanation['knownLeaks'][number]): string {
  return `known library leak: ${k.title} (${k.id})${k.calledFrom ? `, reached from your line ${lineOf(k.calledFrom)}` : ''}`;
}

/** "Upstream: <link>" or "Upstream source: <link>" (when no upstream issue was found). */
export function knownLeakLinkWords(k: Explanation['knownLeaks'][number]): string {
  return `${k.linkKind === 'issue' ? 'Upstream' : 'Upstream source'}: ${k.link}`;
}

/** "the growth is inside django (weakref.finalize._registry via django.dispatch), reached from your line app.py:12; the fix is not in your code". */
export function libraryWords(library: NonNullable<Explanation['library']>): string {
  const where = [library.holder, library.module && library.module !== library.holder ? `via ${library.module}` : null].filter(Boolean).join(' ');
  return (
    `the growth is inside ${library.library}${where ? ` (${where})` : ''}` +
    `${library.calledFrom ? `, reached from your line ${lineOf(library.calledFrom)}` : ''}; the fix is not in your code`
  );
}

/** "suppressed: weakref.finalize — <reason> (pyproject.toml [[tool.leakgate.ignore]] #1)". */
export function suppressedWords(s: Explanation['suppressed'][number]): string {
  return `suppressed: ${s.name} — ${s.reason} (${s.source})`;
}

/** A reason that no longer stands, and what explains it. */
export function explainedWords(e: Explanation['explained'][number]): string {
  return `${e.reason}: explained by ${e.by.join(', ')}`;
}

/** "ignore entry type weakref.finalize (pyproject.toml … #2) matched nothing in this run: remove it". */
export function staleIgnoreWords(stale: NonNullable<Report['staleIgnores']>[number]): string {
  const scenario = stale.scenario !== null ? ` for scenario ${stale.scenario}` : '';
  return `ignore entry ${stale.match}${scenario} (${stale.source}) matched nothing in this run: remove it`;
}

type NativeLeadCall = NonNullable<ScenarioResult['nativeLead']>['calls'][number];

/** The heading of a native lead (issue 15): what it is, and that it is a lead, not proof. */
export const NATIVE_LEAD_HEADING = 'Native memory grows; your cycle calls into';
export const NATIVE_LEAD_CAVEAT = 'a lead, not proof: native code these lines call may allocate what is never freed';

/** How one native call site moved the heap, in words: "+256 KiB heap per cycle, 5 calls in 5 profiled cycles". */
export function nativeCallWords(call: NativeLeadCall, cycles: number): string {
  const heap = call.heapBytesPerCycle === null ? '' : `${call.heapBytesPerCycle >= 0 ? '+' : ''}${bytesWords(call.heapBytesPerCycle)} heap per cycle, `;
  return `${heap}${call.calls} ${call.calls === 1 ? 'call' : 'calls'} in ${cycles} profiled ${cycles === 1 ? 'cycle' : 'cycles'}`;
}

/** When the profiled cycles saw no native call from the user's code. */
export function nativeLeadEmptyWords(lead: NonNullable<ScenarioResult['nativeLead']>): string {
  return `no call into native code from your lines was seen in ${lead.cycles} profiled ${lead.cycles === 1 ? 'cycle' : 'cycles'} (${lead.method})`;
}

/** What a leaking descriptor group is called, by its kind. */
export const FD_NOUN = { socket: 'socket', file: 'file', pipe: 'pipe', selector: 'selector', other: 'descriptor' } as const;

/**
 * A leaking descriptor group in words, its untrusted parts (paths, code, the holder path) quoted by
 * the renderer's `quote`: "+2 sockets per cycle, opened at app.py:33 (`conn.request(…)`), held by
 * `app.clients (list) → [41] (HTTPConnection).sock → socket.socket`" (issue 15).
 */
export function fdOwnerWords(o: NonNullable<ScenarioResult['fdOwners']>[number], quote: (text: string) => string): string {
  const parts = [`+${perCycleWords(o.perCycle, FD_NOUN[o.kind])}${o.kind === 'file' || o.kind === 'other' ? ` (${quote(o.target)})` : ''}`];
  const user = o.frames.find((frame) => frame.userCode);
  const shown = user ?? o.frames[0];
  if (shown) {
    const code = shown.code ? ` (${quote(shown.code)})` : '';
    parts.push(
      user ? `opened at ${quote(lineOf(shown))}${code}` : `opened in a library at ${quote(lineOf(shown))} in ${quote(shown.function)} (no frame in your code)`,
    );
  } else {
    parts.push('where it was opened is not known');
  }
  if (o.objectType === null) parts.push('held by no Python object: the descriptor number was dropped without being closed (os.close)');
  else if (o.retainedBy && o.retainedBy !== NO_PATH_FOUND) parts.push(`held by ${quote(o.retainedBy)}`);
  else parts.push(`owned by a ${quote(o.objectType)}; ${NO_PATH_FOUND} to what holds it`);
  return parts.join(', ');
}

type SiteWords = Pick<ScenarioResult['sites'][number], 'userCode' | 'stackComplete' | 'objectType' | 'objectTracked' | 'retainedByRoot' | 'file' | 'line'>;

/**
 * Why a site shows no line of the user's: " (in a library, no frame in your code)" (a library's own code or a thread it started), the
 * --frames advice only when --frames cut its stack; "" for a user site.
 */
export function siteCaveatWords(site: Pick<SiteWords, 'userCode' | 'stackComplete'>): string {
  if (site.userCode) return '';
  return site.stackComplete ? ' (in a library, no frame in your code)' : ' (no user frame within --frames: raise --frames)';
}

/** What a site leaks: "bytes, not tracked by the GC"; null when not known. */
export function siteObjectWords(site: Pick<SiteWords, 'objectType' | 'objectTracked'>): string | null {
  if (site.objectType == null) return null;
  return site.objectTracked === false ? `${site.objectType}, not tracked by the GC` : site.objectType;
}

/**
 * Where a site's objects are kept when it is not where they were allocated: "kept in leaky._cache,
 * inserted at leaky.py:22 in render"; null when not known or the same line.
 */
export function keptWords(site: Pick<SiteWords, 'retainedByRoot' | 'file' | 'line'>): string | null {
  const root = site.retainedByRoot;
  const at = root?.insertedAt;
  if (!root || !at || (at.file === site.file && at.line === site.line)) return null;
  return `kept in ${root.label}, inserted at ${lineOf(at)} in ${at.function}${at.code ? `: ${at.code}` : ''}`;
}

type TypeWords = Pick<ScenarioResult['types'][number], 'type' | 'perCycle' | 'count' | 'untracked' | 'partOf'>;

/** A type's growth: "2 objects per cycle (240 alive)", or for what the GC does not track "1 bytes object per cycle (not tracked by the GC)". */
export function typeGrowthWords(t: TypeWords): string {
  if (t.untracked) return `${perCycleWords(t.perCycle, `${t.type} object`)} (not tracked by the GC)`;
  return `${perCycleWords(t.perCycle, 'object')} (${t.count} alive)`;
}

/** "part of _asyncio.Task" for a type whose objects a growing owner holds; null for an owner. */
export function partOfWords(t: Pick<TypeWords, 'partOf'>): string | null {
  return t.partOf ? `part of ${t.partOf}` : null;
}
