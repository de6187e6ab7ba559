/**
 * Where a scenario leaks, as lists a reviewer reads at the PR column's width (issue 16): one
 * entry per growing site — its line, function, rate, blocks and holder, then its code in a fenced
 * block — with its class against the baseline inline, fixed sites briefly after; growing types in
 * a table of four columns; the native lead as a list. Pure; untrusted text goes into code spans,
 * fenced blocks (markdown-code.ts) or markdownText, and paths through displayPath.
 */

import { NO_PATH_FOUND } from '../analyse/growth.js';
import type { SiteComparison, TypeComparison } from '../compare/types.js';
import { CLASS_LABEL, CLASS_MARK } from './comparison-words.js';
import { bytesPerCycleWords, perCycleWords, round, wholePerCycleWords } from './format.js';
import { htmlAttribute, markdownCode, markdownPre, markdownText, showHidden } from './inert.js';
import { codeBlock, codeSpan } from './markdown-code.js';
import { displayPath } from './paths.js';
import type { ScenarioResult } from './types.js';
import {
  keptWords,
  NATIVE_LEAD_CAVEAT,
  NATIVE_LEAD_HEADING,
  nativeCallWords,
  nativeLeadEmptyWords,
  partOfWords,
  siteCaveatWords,
  typeGrowthWords,
} from './words.js';

type Site = ScenarioResult['sites'][number];
/** A link to a file and line at the PR's head, or null to leave it unlinked. */
export type SourceUrl = (file: string, line: number) => string | null;

const MAX_TRACEBACK_CHARS = 6000;

/** "**`leaky.py:21`**", linked to the source line when there is a link; the raw path links, the display path shows. */
export function siteRef(file: string, line: number, sourceUrl: SourceUrl, bold = true): string {
  const span = codeSpan(`${displayPath(file)}:${line}`);
  const shown = bold ? `**${span}**` : span;
  const url = sourceUrl(file, line);
  return url ? `<a href="${htmlAttribute(url)}">${shown}</a>` : shown;
}

const key = (file: string, line: number) => `${file}\u0000${line}`;

/** "held by `leaky._response_cache` (dict)", "kept in … inserted at …", or nothing known. */
function holderWords(site: Site): string[] {
  const parts: string[] = [];
  if (site.retainedBy === NO_PATH_FOUND) parts.push(`held by: ${NO_PATH_FOUND}`);
  else if (site.retainedBy) parts.push(`held by ${codeSpan(site.retainedBy)}`);
  const at = site.retainedByRoot?.insertedAt;
  // keptWords decides whether the root's insertion is worth saying; its parts are shown as code here.
  if (keptWords(site) && site.retainedByRoot && at) {
    parts.push(
      `kept in ${codeSpan(site.retainedByRoot.label)}, inserted at ${codeSpan(`${displayPath(at.file)}:${at.line}`)} in ${codeSpan(at.function)}` +
        `${at.code ? `: ${codeSpan(at.code)}` : ''}`,
    );
  }
  return parts;
}

/**
 * The growing sites as a list, each with its class mark and the baseline's rate inline when a
 * baseline was compared, its code in a fenced block; then the sites the baseline had and this run
 * does not (fixed), one line each; then (in full detail) their tracebacks.
 */
export function sitesSection(s: ScenarioResult, maxSites: number, full: boolean, sourceUrl: SourceUrl): string[] {
  const compared = new Map<string, SiteComparison>();
  for (const row of s.comparison?.sites ?? []) if (row.class !== 'fixed') compared.set(key(row.file, row.line), row);
  const fixed = (s.comparison?.sites ?? []).filter((row) => row.class === 'fixed');
  if (s.sites.length === 0 && fixed.length === 0) return [];
  const shown = s.sites.slice(0, maxSites);
  const out = ['', shown.length > 0 ? '**Growing sites**' : '**Sites the baseline had**', ''];
  for (const site of shown) {
    const row = compared.get(key(site.file, site.line));
    const mark = row ? `${CLASS_MARK[row.class]} ` : '';
    const blocks = wholePerCycleWords(site.countPerCycle, 'block');
    const object = site.objectType ? ` of ${codeSpan(site.objectType)}` : '';
    const rate = bytesPerCycleWords(site.bytesPerCycle, row?.baselineBytesPerCycle ?? null);
    const figures = [rate + (blocks ? `, ${blocks}${object}` : ''), ...holderWords(site)];
    const classWords = row && row.class !== 'unchanged' ? ` (${CLASS_LABEL[row.class]})` : '';
    out.push(
      `- ${mark}${siteRef(site.file, site.line, sourceUrl)} in ${codeSpan(site.function)}${markdownText(siteCaveatWords(site))}${classWords} — ` +
        figures.join(' · '),
    );
    if (site.code.trim()) out.push('', ...codeBlock(site.code, 'python', '  '));
    if (row?.baselineCode) out.push('', `  was line ${row.baselineLine ?? row.line}:`, '', ...codeBlock(row.baselineCode, 'python', '  '));
    else if (row?.baselineLine) out.push('', `  was line ${row.baselineLine}`);
  }
  for (const row of fixed.slice(0, maxSites)) {
    const was = row.baselineBytesPerCycle === null ? '' : ` (was ${bytesPerCycleWords(row.baselineBytesPerCycle)})`;
    // Not linked: the line is the baseline's, and the head's file says something else there.
    out.push(`- ${CLASS_MARK.fixed} ${CLASS_LABEL.fixed}: ${siteRef(row.file, row.line, () => null, false)} in ${codeSpan(row.function)}${was}`);
  }
  if (full && shown.length > 0) {
    out.push('', '<details><summary>Tracebacks of the growing sites</summary>', '');
    shown.forEach((site, i) => {
      // Each field on its own line: a newline in a name cannot forge another frame (markdownPre shows it as \n).
      const frames = site.frames
        .map((f) => `  ${showHidden(displayPath(f.file))}:${f.line} in ${showHidden(f.function)}${f.code ? `\n      ${showHidden(f.code)}` : ''}`)
        .join('\n');
      out.push(`${i + 1}. ${siteRef(site.file, site.line, () => null, false)} (most recent call first)`, '', `<pre>${markdownPre(clip(frames))}</pre>`, '');
    });
    out.push('</details>');
  }
  return out;
}

const objectsPerCycle = (perCycle: number, baseline: number | null) =>
  baseline === null ? perCycleWords(perCycle, 'object') : `${round(baseline)} → ${perCycleWords(perCycle, 'object')}`;

/** The growing types, four columns: the type (with its class mark), its growth, how many are alive, what holds them; fixed ones after. */
export function typesSection(s: ScenarioResult, maxTypes: number): string[] {
  const compared = new Map<string, TypeComparison>();
  for (const row of s.comparison?.types ?? []) if (row.class !== 'fixed') compared.set(row.type, row);
  const fixed = (s.comparison?.types ?? []).filter((row) => row.class === 'fixed');
  if (s.types.length === 0 && fixed.length === 0) return [];
  const out = ['', s.types.length > 0 ? '**Growing types**' : '**Types the baseline had**', ''];
  if (s.types.length > 0) out.push('| type | growth | alive at the end | held by |', '|---|---|---:|---|');
  for (const t of s.types.slice(0, maxTypes)) {
    // A part is listed under its owner and says whose; what the GC does not track has no census count.
    const part = partOfWords(t);
    const row = compared.get(t.type);
    const mark = row ? `${CLASS_MARK[row.class]} ` : '';
    const growth = t.untracked ? markdownText(typeGrowthWords(t)) : objectsPerCycle(t.perCycle, row?.baselinePerCycle ?? null);
    out.push(
      `| ${mark}${part ? '↳ ' : ''}<code>${markdownCode(t.type)}</code>${part ? ` (${markdownText(part)})` : ''} | ${growth} | ` +
        `${t.untracked ? '—' : t.count} | ${t.retainedBy ? `<code>${markdownCode(t.retainedBy)}</code>` : '—'} |`,
    );
  }
  if (fixed.length > 0) {
    if (s.types.length > 0) out.push('');
    for (const row of fixed.slice(0, maxTypes)) {
      const was = row.baselinePerCycle === null ? '' : ` (was ${perCycleWords(row.baselinePerCycle, 'object')})`;
      out.push(`- ${CLASS_MARK.fixed} ${CLASS_LABEL.fixed}: ${codeSpan(row.type)}${was}`);
    }
  }
  return out;
}

/** The native lead (issue 15) as a list: the callee, the user's line and function, the heap and calls, the code. */
export function nativeLeadSection(s: ScenarioResult, maxSites: number, sourceUrl: SourceUrl): string[] {
  const lead = s.nativeLead;
  if (!lead) return [];
  const out = ['', `**${NATIVE_LEAD_HEADING}** (${NATIVE_LEAD_CAVEAT})`, ''];
  if (lead.calls.length === 0) return [...out, markdownText(nativeLeadEmptyWords(lead))];
  for (const call of lead.calls.slice(0, maxSites)) {
    out.push(
      `- ${codeSpan(call.callee)} from ${siteRef(call.file, call.line, sourceUrl)} in ${codeSpan(call.function)} — ` +
        markdownText(nativeCallWords(call, lead.cycles)),
    );
    if (call.code.trim()) out.push('', ...codeBlock(call.code, 'python', '  '));
  }
  return out;
}

/** The last MAX_TRACEBACK_CHARS of a long text, marked as cut. */
export function clip(text: string): string {
  const whole = String(text);
  return whole.length > MAX_TRACEBACK_CHARS ? `…${whole.slice(whole.length - MAX_TRACEBACK_CHARS)}` : whole;
}
