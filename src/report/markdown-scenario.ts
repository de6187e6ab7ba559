/**
 * One scenario of the Markdown report: what leaks, where, what holds it, against the baseline,
 * the error and its fix. Pure. Every string from the scenario, the harness or an artifact is made
 * inert for where it goes (see inert.ts).
 */

import { KNOWN_LEAKS } from '../explain/known-leaks.js';
import { scenarioChart } from './chart.js';
import { CLASS_MARK, comparisonLabel, growthRows } from './comparison-words.js';
import { htmlAttribute, markdownCode, markdownPre, markdownText } from './inert.js';
import { codeSpan } from './markdown-code.js';
import { clip, nativeLeadSection, type SourceUrl, sitesSection, typesSection } from './markdown-sites.js';
import { displayPath, displayPathsInText } from './paths.js';
import type { ScenarioResult } from './types.js';
import {
  confirmationWords,
  explainedWords,
  fdOwnerWords,
  knownLeakLinkWords,
  knownLeakWords,
  leakSummaryWords,
  libraryWords,
  measuredNothing,
  suppressedWords,
} from './words.js';

const MAX_SITES = 5;
const MAX_TYPES = 8;

/** A verdict's icon, in headings: the report's (markdown.ts) and each scenario's. */
export const VERDICT_ICON = { pass: '✅', fail: '❌', error: '⚠️' } as const;
/** A leak that does not fail the check and is not a known one (fail-on never, an accepting label). */
const NOT_FAILING_ICON = '🔶';

/**
 * The heading's mark and words, by the finding, not the gate (issue 16): a failing leak by its
 * kind and class; a known leak (in the baseline, or a known library leak) as known; a fixed one as
 * fixed; an error as could not be measured.
 */
export function scenarioTitle(s: ScenarioResult): { icon: string; words: string } {
  if (s.verdict === 'error') return { icon: VERDICT_ICON.error, words: 'could not be measured' };
  const c = s.comparison;
  const found = leakSummaryWords(s);
  const leaks = s.leak.detected || s.explanation?.knownLibraryLeak === true;
  if (s.verdict === 'fail')
    return { icon: VERDICT_ICON.fail, words: c && (c.class === 'new' || c.class === 'worse') ? `${found} — ${comparisonLabel(c)}` : found };
  if (leaks && c && (c.class === 'unchanged' || c.class === 'improved')) return { icon: CLASS_MARK[c.class], words: `${comparisonLabel(c)} — ${found}` };
  if (s.explanation?.knownLibraryLeak) return { icon: CLASS_MARK.unchanged, words: found };
  if (leaks) return { icon: NOT_FAILING_ICON, words: `${found}, not failing` };
  if (c?.class === 'fixed') return { icon: CLASS_MARK.fixed, words: 'no leak — the leak of the baseline is fixed' };
  return { icon: VERDICT_ICON.pass, words: found };
}

/**
 * A scenario's section: its heading, its findings, and (in full detail) tracebacks and the chart.
 * `saidAbove`: caveats the report's notes already give, not repeated here.
 */
export function renderScenario(s: ScenarioResult, detail: 'full' | 'compact', sourceUrl: SourceUrl, saidAbove: ReadonlySet<string> = new Set()): string[] {
  const full = detail === 'full';
  const maxSites = full ? MAX_SITES : 3;
  const maxTypes = full ? MAX_TYPES : 3;
  const title = scenarioTitle(s);
  const out: string[] = [`### ${title.icon} ${markdownText(s.name)}: ${markdownText(title.words)}`];
  if (measuredNothing(s)) return [...out, ...errorSection(s, full)];
  const env = s.environment.python
    ? `Python ${markdownText(s.environment.python)} (${markdownText(s.environment.implementation ?? '')}, ${markdownText(s.environment.platform ?? '')})`
    : 'Python did not start';
  // No timings here: a comment whose figures did not change is left alone, not rewritten.
  const extended = confirmationWords(s.confirmation);
  out.push('', `${s.cycles} cycles after ${s.warmup} warm-up · ${env}${extended === null ? '' : ` · ${extended}`}`);

  out.push(...comparisonSection(s, saidAbove));
  out.push(...errorSection(s, full));
  if (s.leak.reasons.length > 0) {
    out.push('');
    for (const reason of s.leak.reasons) out.push(`- ${markdownText(reason)}`);
  }
  for (const note of s.leak.notes) out.push('', `> Note: ${markdownText(note)}`);
  out.push(...explanationSection(s));
  out.push(...sitesSection(s, maxSites, full, sourceUrl));
  out.push(...typesSection(s, maxTypes));
  if (s.fdTargets.length > 0) {
    out.push('', '**New open descriptors point at**', '');
    for (const t of s.fdTargets) out.push(`- +${t.growth} ${codeSpan(t.target)}`);
  }
  out.push(...nativeLeadSection(s, maxSites, sourceUrl));
  if (s.fdOwners && s.fdOwners.length > 0) {
    out.push('', '**Leaking descriptors**', '');
    for (const o of s.fdOwners) {
      const shown = { ...o, frames: o.frames.map((f) => ({ ...f, file: displayPath(f.file) })) };
      out.push(`- ${fdOwnerWords(shown, codeSpan)}`);
    }
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

/**
 * The class against the baseline, its reason and caveats, and the baseline's growth beside this
 * run's only when it says something: not for a scenario clean in both runs, and only the rows
 * where either run grew (sites and types carry their own comparison, see markdown-sites.ts).
 */
function comparisonSection(s: ScenarioResult, saidAbove: ReadonlySet<string>): string[] {
  const c = s.comparison;
  if (!c) return [];
  const out = ['', `**Against the baseline: ${CLASS_MARK[c.class]} ${comparisonLabel(c)}** — ${markdownText(c.reason)}`];
  for (const caveat of c.caveats) if (!saidAbove.has(caveat)) out.push('', `> ⚠️ ${markdownText(caveat)}`);
  if (!c.baseline || c.class === 'clean') return out;
  const nothing = new Set(['0', '—', 'n/a']);
  const rows = growthRows(s.growth, c.baseline.growth).filter(([, before, now]) => !(nothing.has(before) && nothing.has(now)));
  if (rows.length === 0) return out;
  out.push('', '| per cycle | baseline | current |', '|---|---:|---:|');
  for (const [label, before, now] of rows) out.push(`| ${label} | ${before} | ${now} |`);
  return out;
}

/** The error's message, its fix, and (in full detail) the traceback and the scenario's output. */
function errorSection(s: ScenarioResult, full: boolean): string[] {
  if (!s.error) return [];
  const out: string[] = [];
  const message = markdownText(displayPathsInText(String(s.error.message).trim()));
  out.push('', message ? `**${message}**` : '**the scenario failed without a message**');
  if (s.error.hint) out.push('', `Fix: ${markdownText(s.error.hint)}`);
  if (full && s.error.traceback)
    out.push('', '<details><summary>Traceback</summary>', '', `<pre>${markdownPre(clip(displayPathsInText(s.error.traceback)))}</pre>`, '', '</details>');
  if (full && String(s.error.output ?? '').trim())
    out.push('', '<details><summary>Scenario output (tail)</summary>', '', `<pre>${markdownPre(clip(s.error.output))}</pre>`, '', '</details>');
  return out;
}
