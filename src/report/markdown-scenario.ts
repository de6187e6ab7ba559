/**
 * One scenario of the Markdown report: what leaks, where, what holds it, against the baseline,
 * the error and its fix. Pure. Every string from the scenario, the harness or an artifact is made
 * inert for where it goes (see inert.ts).
 */

import { KNOWN_LEAKS } from '../explain/known-leaks.js';
import { scenarioChart } from './chart.js';
import { CLASS_LABEL, CLASS_MARK, comparisonLabel, growthRows } from './comparison-words.js';
import { bytesWords, perCycleWords, round } from './format.js';
import { htmlAttribute, markdownCode, markdownPre, markdownText, showHidden } from './inert.js';
import type { ScenarioResult } from './types.js';
import {
  confirmationWords,
  explainedWords,
  fdOwnerWords,
  keptWords,
  knownLeakLinkWords,
  knownLeakWords,
  leakSummaryWords,
  libraryWords,
  measuredNothing,
  NATIVE_LEAD_CAVEAT,
  NATIVE_LEAD_HEADING,
  nativeCallWords,
  nativeLeadEmptyWords,
  partOfWords,
  siteCaveatWords,
  siteObjectWords,
  suppressedWords,
  typeGrowthWords,
} from './words.js';

const MAX_SITES = 5;
const MAX_TYPES = 8;
const MAX_TRACEBACK_CHARS = 6000;

const ICON = { pass: '✅', fail: '❌', error: '⚠️' } as const;

/** A scenario's section: its heading, its findings, and (in full detail) tracebacks and the chart. */
export function renderScenario(s: ScenarioResult, detail: 'full' | 'compact', sourceUrl: (file: string, line: number) => string | null): string[] {
  const full = detail === 'full';
  const maxSites = full ? MAX_SITES : 3;
  const maxTypes = full ? MAX_TYPES : 3;
  const site = (file: string, line: number) => {
    const code = `<code>${markdownCode(`${file}:${line}`)}</code>`;
    const url = sourceUrl(file, line);
    return url ? `<a href="${htmlAttribute(url)}">${code}</a>` : code;
  };
  const out: string[] = [];
  const title =
    s.verdict === 'error' ? 'could not be measured' : s.verdict === 'fail' || s.explanation?.knownLibraryLeak ? markdownText(leakSummaryWords(s)) : 'no leak';
  out.push(`### ${ICON[s.verdict]} ${markdownText(s.name)}: ${title}`);
  if (measuredNothing(s)) return [...out, ...errorSection(s, full)];
  const env = s.environment.python
    ? `Python ${markdownText(s.environment.python)} (${markdownText(s.environment.implementation ?? '')}, ${markdownText(s.environment.platform ?? '')})`
    : 'Python did not start';
  // No timings here: a comment whose figures did not change is left alone, not rewritten.
  const extended = confirmationWords(s.confirmation);
  out.push('', `${s.cycles} cycles after ${s.warmup} warm-up · ${env}${extended === null ? '' : ` · ${extended}`}`);

  out.push(...comparisonSection(s, maxSites, maxTypes, site));
  out.push(...errorSection(s, full));
  if (s.leak.reasons.length > 0) {
    out.push('');
    for (const reason of s.leak.reasons) out.push(`- ${markdownText(reason)}`);
  }
  for (const note of s.leak.notes) out.push('', `> Note: ${markdownText(note)}`);
  out.push(...explanationSection(s));
  if (s.sites.length > 0) {
    out.push('', '**Top growing sites**', '', '| # | site | function | per cycle | code |', '|---:|---|---|---:|---|');
    s.sites.slice(0, maxSites).forEach((entry, i) => {
      const leaks = siteObjectWords(entry);
      out.push(
        `| ${i + 1} | ${site(entry.file, entry.line)} | ${markdownText(entry.function + siteCaveatWords(entry))} | ` +
          `${bytesWords(entry.bytesPerCycle)} in ${round(entry.countPerCycle)} ${round(entry.countPerCycle) === 1 ? 'block' : 'blocks'}` +
          `${leaks ? ` of ${markdownText(leaks)}` : ''} | ` +
          `<code>${markdownCode(entry.code)}</code> |`,
      );
    });
    const held = s.sites.slice(0, maxSites).filter((entry) => entry.retainedBy);
    if (held.length > 0) {
      out.push('', '**What keeps them alive**', '');
      for (const entry of held) {
        const kept = keptWords(entry);
        out.push(`- ${site(entry.file, entry.line)}: <code>${markdownCode(entry.retainedBy!)}</code>${kept ? ` · ${markdownText(kept)}` : ''}`);
      }
    }
    if (full) {
      out.push('', '<details><summary>Tracebacks of the growing sites</summary>', '');
      s.sites.slice(0, maxSites).forEach((entry, i) => {
        // Each field on its own line: a newline in a name cannot forge another frame.
        const frames = entry.frames
          .map((f) => `  ${showHidden(f.file)}:${f.line} in ${showHidden(f.function)}${f.code ? `\n      ${showHidden(f.code)}` : ''}`)
          .join('\n');
        out.push(
          `${i + 1}. <code>${markdownCode(`${entry.file}:${entry.line}`)}</code> (most recent call first)`,
          '',
          `<pre>${markdownPre(clip(frames))}</pre>`,
          '',
        );
      });
      out.push('</details>');
    }
  }
  if (s.types.length > 0) {
    out.push('', '**Top growing types**', '', '| type | growth | alive at the end | held by |', '|---|---|---:|---|');
    for (const t of s.types.slice(0, maxTypes)) {
      // A part is listed under its owner and says whose; what the GC does not track has no census count.
      const part = partOfWords(t);
      out.push(
        `| ${part ? '↳ ' : ''}<code>${markdownCode(t.type)}</code>${part ? ` (${markdownText(part)})` : ''} | ` +
          `${t.untracked ? markdownText(typeGrowthWords(t)) : perCycleWords(t.perCycle, 'object')} | ${t.untracked ? '—' : t.count} | ` +
          `${t.retainedBy ? `<code>${markdownCode(t.retainedBy)}</code>` : '—'} |`,
      );
    }
  }
  if (s.fdTargets.length > 0) {
    out.push('', '**New open descriptors point at**', '');
    for (const t of s.fdTargets) out.push(`- +${t.growth} <code>${markdownCode(t.target)}</code>`);
  }
  if (s.nativeLead) {
    const lead = s.nativeLead;
    out.push('', `**${NATIVE_LEAD_HEADING}** (${NATIVE_LEAD_CAVEAT})`, '');
    if (lead.calls.length === 0) out.push(markdownText(nativeLeadEmptyWords(lead)));
    else {
      out.push('| # | calls into | site | function | heap and calls | code |', '|---:|---|---|---|---|---|');
      lead.calls.slice(0, maxSites).forEach((call, i) => {
        out.push(
          `| ${i + 1} | <code>${markdownCode(call.callee)}</code> | ${site(call.file, call.line)} | ${markdownText(call.function)} | ` +
            `${markdownText(nativeCallWords(call, lead.cycles))} | <code>${markdownCode(call.code)}</code> |`,
        );
      });
    }
  }
  if (s.fdOwners && s.fdOwners.length > 0) {
    out.push('', '**Leaking descriptors**', '');
    for (const o of s.fdOwners) out.push(`- ${fdOwnerWords(o, (text) => `<code>${markdownCode(text)}</code>`)}`);
  }
  const chart = full ? scenarioChart(s) : [];
  if (chart.length > 0) out.push('', ...chart);
  if (s.unmeasured.length > 0) {
    out.push('', '<details><summary>Not measured on this platform</summary>', '');
    for (const note of s.unmeasured) out.push(`- ${markdownText(note)}`);
    out.push('', '</details>');
  }
  return out;
}

/**
 * Known library leaks with their workaround, growth inside a library, suppressed growth and the
 * reasons they explain (issue 14). Everything comes from the report (untrusted once read back):
 * a link is made clickable only when it is the one leakgate's own list gives that entry.
 */
function explanationSection(s: ScenarioResult): string[] {
  const e = s.explanation;
  if (!e) return [];
  const out: string[] = [];
  for (const k of e.knownLeaks) {
    const ours = KNOWN_LEAKS.find((known) => known.id === k.id && known.link === k.link && /^https:\/\/[^\s"<>]+$/.test(known.link));
    const upstream = ours
      ? `${k.linkKind === 'issue' ? 'Upstream' : 'Upstream source'}: <a href="${htmlAttribute(ours.link)}">${markdownCode(ours.link)}</a>`
      : markdownText(knownLeakLinkWords(k));
    out.push(
      '',
      `> **${markdownText(knownLeakWords(k))}**`,
      '>',
      `> ${markdownText(k.explanation)}`,
      '>',
      `> Workaround: ${markdownText(k.workaround)}`,
      '>',
      `> ${upstream}`,
    );
    out.push('>', `> <sub>Versions: ${markdownText(k.versions)}</sub>`);
  }
  if (e.library) out.push('', `**Inside a library:** ${markdownText(libraryWords(e.library))}`);
  if (e.suppressed.length > 0) {
    out.push('', '**Suppressed**', '');
    for (const x of e.suppressed) out.push(`- ${markdownText(suppressedWords(x))}`);
  }
  if (e.explained.length > 0) {
    out.push('', '<details><summary>Explained, not counted</summary>', '');
    for (const x of e.explained) out.push(`- ${markdownText(explainedWords(x))}`);
    out.push('', '</details>');
  }
  return out;
}

/** Baseline beside current, with the class of the scenario, its sites and its types. */
function comparisonSection(s: ScenarioResult, maxSites: number, maxTypes: number, siteLink: (file: string, line: number) => string): string[] {
  const c = s.comparison;
  if (!c) return [];
  const out = ['', `**Against the baseline: ${CLASS_MARK[c.class]} ${comparisonLabel(c)}** — ${markdownText(c.reason)}`];
  for (const caveat of c.caveats) out.push('', `> ⚠️ ${markdownText(caveat)}`);
  if (!c.baseline) return out;
  out.push('', '| per cycle | baseline | current |', '|---|---:|---:|');
  for (const [label, before, now] of growthRows(s.growth, c.baseline.growth)) out.push(`| ${label} | ${before} | ${now} |`);
  const changed = [...c.sites.filter((site) => site.class !== 'unchanged'), ...c.sites.filter((site) => site.class === 'unchanged')].slice(0, maxSites + 3);
  if (changed.length > 0) {
    out.push('', '| site | class | baseline | current |', '|---|---|---:|---:|');
    for (const site of changed) {
      const before = site.baselineBytesPerCycle === null ? '—' : bytesWords(site.baselineBytesPerCycle);
      const now = site.bytesPerCycle === null ? '—' : bytesWords(site.bytesPerCycle);
      // An edited or moved line is one site: show where it was, and what it said.
      const was = site.baselineCode
        ? ` (was line ${site.baselineLine ?? site.line}: <code>${markdownCode(site.baselineCode)}</code>)`
        : site.baselineLine
          ? ` (was line ${site.baselineLine})`
          : '';
      out.push(
        `| ${siteLink(site.file, site.line)} ${markdownText(site.function)}${was} | ` +
          `${CLASS_MARK[site.class]} ${CLASS_LABEL[site.class]} | ${before} | ${now} |`,
      );
    }
  }
  if (c.types.length > 0) {
    out.push('', '| type | class | baseline | current |', '|---|---|---:|---:|');
    for (const t of c.types.slice(0, maxTypes)) {
      out.push(
        `| <code>${markdownCode(t.type)}</code> | ${CLASS_MARK[t.class]} ${CLASS_LABEL[t.class]} | ` +
          `${t.baselinePerCycle === null ? '—' : perCycleWords(t.baselinePerCycle, 'object')} | ` +
          `${t.perCycle === null ? '—' : perCycleWords(t.perCycle, 'object')} |`,
      );
    }
  }
  return out;
}

/** The error's message, its fix, and (in full detail) the traceback and the scenario's output. */
function errorSection(s: ScenarioResult, full: boolean): string[] {
  if (!s.error) return [];
  const out: string[] = [];
  const message = markdownText(String(s.error.message).trim());
  out.push('', message ? `**${message}**` : '**the scenario failed without a message**');
  if (s.error.hint) out.push('', `Fix: ${markdownText(s.error.hint)}`);
  if (full && s.error.traceback)
    out.push('', '<details><summary>Traceback</summary>', '', `<pre>${markdownPre(clip(s.error.traceback))}</pre>`, '', '</details>');
  if (full && String(s.error.output ?? '').trim())
    out.push('', '<details><summary>Scenario output (tail)</summary>', '', `<pre>${markdownPre(clip(s.error.output))}</pre>`, '', '</details>');
  return out;
}

function clip(text: string): string {
  const whole = String(text);
  return whole.length > MAX_TRACEBACK_CHARS ? `…${whole.slice(whole.length - MAX_TRACEBACK_CHARS)}` : whole;
}
