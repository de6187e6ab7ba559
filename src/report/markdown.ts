/**
 * renderMarkdown: the report as GitHub-flavoured Markdown, for files, job summaries and
 * PR comments. Pure. It leads with the answer (issue 16): the verdict, one sentence per scenario
 * with a finding, one block of notes, the baseline named as people do, a summary table of at most
 * four columns with passing scenarios folded away, then a section per scenario with a finding.
 * Every string from the scenario, the harness or an artifact is made inert for where it goes
 * (see inert.ts): markdownText in prose and cells, markdownCode in <code>, markdownPre in <pre>;
 * our own words and commands are written as they are, so they can be copied.
 */

import { type Lead, leadOf, leadWords, perCycleCell, type Quote, verdictCell, whereCell } from './answer.js';
import { CLASS_MARK, comparisonLabel } from './comparison-words.js';
import { htmlAttribute, markdownCode, markdownText } from './inert.js';
import { renderScenario, VERDICT_ICON } from './markdown-scenario.js';
import type { Report, ScenarioResult } from './types.js';
import { staleIgnoreWords } from './words.js';

/** GitHub's limit for a comment's body, used for the job summary and `--markdown` files too. */
export const MARKDOWN_LIMIT_CHARS = 65_536;
/** At most this many lead sentences; the table lists the rest. */
const MAX_LEADS = 10;

/** The baseline as the action found it: the run that recorded it. */
export interface BaselineOrigin {
  branch: string | null;
  commit: string | null;
  runUrl: string | null;
  createdAt: string | null;
}

export interface MarkdownOptions {
  /** A link to a file and line (at the PR's head commit), or null to leave it unlinked. */
  sourceUrl?: (file: string, line: number) => string | null;
  /**
   * full: everything; compact: no charts, tracebacks or output, three sites and types a
   * scenario; minimal: the verdict and the summary table only (for size limits).
   */
  detail?: 'full' | 'compact' | 'minimal';
  /** "Now", for "3 days ago"; without it the baseline's date is given. Renderers do not read the clock. */
  now?: Date;
  /** The baseline's branch, commit and run (the action knows them); without it the report's file and date. */
  baselineOrigin?: BaselineOrigin | null;
  /** The commit measured (the pull request's head), when known. */
  headCommit?: string | null;
  /** Why no baseline was used, when the adapter knows better than the report (the action: "no artifact named …"). */
  baselineMissing?: string | null;
  /** How to record a baseline, in our own Markdown; by default the CLI's command. */
  recordBaseline?: string;
  /** Our own Markdown saying that detail was dropped and where the whole report is; set by renderMarkdownWithin. */
  dropped?: string | null;
  /** Notes of the adapter (untrusted: escaped), shown in the one notes block. */
  notes?: readonly string[];
}

const CLI_RECORD = 'record one on the default branch with `leakgate run TARGET --save-baseline baseline.json`, then pass it with `--baseline baseline.json`';

/** The report's verdict icon: ❌ when any scenario fails (an error as well does not soften it), ⚠️ for errors only. */
export function verdictIcon(report: Report): string {
  if (report.scenarios.some((s) => s.verdict === 'fail') || (report.verdict === 'fail' && report.scenarios.length === 0)) return VERDICT_ICON.fail;
  return VERDICT_ICON[report.verdict];
}

function quoteFor(options: MarkdownOptions): Quote {
  const code = (text: string) => `<code>${markdownCode(text)}</code>`;
  return {
    code,
    text: markdownText,
    place: (file, line, shape) => {
      const url = options.sourceUrl?.(file, line) ?? null;
      const shown = code(`${shape?.short ? (file.split(/[\\/]/).pop() ?? file) : file}:${line}`);
      return url ? `<a href="${htmlAttribute(url)}">${shown}</a>` : shown;
    },
  };
}

/** The whole report: verdict, leads, notes, baseline, summary table, then each scenario with a finding. */
export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const detail = options.detail ?? 'full';
  const quote = quoteFor(options);
  const out: string[] = [`## ${verdictIcon(report)} leakgate: ${markdownText(report.summary)}`, ''];
  const order = { fail: 0, error: 1, pass: 2 } as const;
  const shown = report.scenarios
    .map((s) => ({ s, lead: leadOf(s) }))
    .filter((x): x is { s: ScenarioResult; lead: Lead } => x.lead !== null)
    .sort((a, b) => order[a.s.verdict] - order[b.s.verdict]);
  const passing = report.scenarios.filter((s) => leadOf(s) === null);
  const named = report.scenarios.length > 1;
  if (shown.length > 0) {
    for (const { lead } of shown.slice(0, MAX_LEADS)) out.push(`- ${leadWords(lead, quote, named)}`);
    if (shown.length > MAX_LEADS) out.push(`- … and ${shown.length - MAX_LEADS} more in the table below`);
    out.push('');
  }
  const notes = notesOf(report, options);
  if (notes.length === 1) out.push(`> ${notes[0]}`, '');
  else if (notes.length > 1) out.push(...notes.map((n) => `> - ${n}`), '');
  const context = contextLine(report, options);
  if (context) out.push(context, '');
  if (shown.length > 0) {
    out.push('| scenario | verdict | where | per cycle |', '|---|---|---|---:|');
    for (const { s, lead } of shown) out.push(`| ${markdownText(s.name)} | ${verdictCell(lead, quote)} | ${whereCell(lead, quote)} | ${perCycleCell(lead)} |`);
    out.push('');
  }
  if (passing.length > 0) {
    const what = passing.length === report.scenarios.length && passing.length > 1 ? `all ${passing.length} passing` : `${passing.length} passing`;
    out.push(`<details><summary>${what}</summary>`, '');
    for (const s of passing)
      out.push(`- ${markdownText(s.name)}${s.comparison ? ` · ${CLASS_MARK[s.comparison.class]} ${comparisonLabel(s.comparison)}` : ''}`);
    out.push('', '</details>', '');
  }
  const saidAbove = new Set(report.baseline?.caveats ?? []);
  if (detail !== 'minimal') for (const { s } of shown) out.push(...renderScenario(s, detail, options.sourceUrl ?? (() => null), saidAbove), '');
  out.push(`<sub>leakgate ${markdownText(report.tool.version)} · report schema ${markdownText(report.schema)}</sub>`);
  return `${out.join('\n')}\n`;
}

/**
 * The one block of notes: detail dropped, an accepted regression, the baseline that was not used
 * and what the gate did instead, fail-on never, the comparison's caveats, warnings, stale ignores.
 * Each said once; our own commands in code spans, untrusted text escaped.
 */
function notesOf(report: Report, options: MarkdownOptions): string[] {
  const notes: string[] = [];
  if (options.dropped) notes.push(options.dropped);
  const gate = report.gate;
  if (gate.acceptedBy !== null) {
    notes.push(
      `**Regression accepted** with the <code>${markdownCode(gate.acceptedBy)}</code> label: the check passes. ` +
        'The baseline moves when this pull request lands on the default branch.',
    );
  }
  const fellBack = gate.failOn === 'regression' && gate.applied === 'leak';
  const why =
    options.baselineMissing ?? (report.baseline && report.baseline.status !== 'compared' ? `the baseline ${report.baseline.source} could not be used` : null);
  const said = new Set<string>();
  if (fellBack || (why && report.baseline?.status !== 'compared')) {
    const missing = report.baseline === null || options.baselineMissing !== undefined;
    const title = report.baseline?.status === 'unusable' ? 'The baseline could not be used' : missing ? 'No baseline yet' : 'No usable baseline';
    if (why) said.add(why.trim());
    notes.push(
      `**${title}**${why ? `: ${markdownText(why)}` : ''}. ` +
        `${fellBack ? 'The gate fails on any leak until a baseline is recorded: ' : 'To compare with one, '}${options.recordBaseline ?? CLI_RECORD}.`,
    );
  }
  if (gate.failOn === 'never') notes.push('`fail-on: never`: leaks are reported, the check does not fail on them.');
  for (const caveat of report.baseline?.caveats ?? []) notes.push(`⚠️ ${markdownText(caveat)}`);
  for (const warning of [...report.warnings, ...(options.notes ?? [])]) {
    if (said.has(warning.trim())) continue;
    said.add(warning.trim());
    notes.push(`⚠️ ${markdownText(warning)}`);
  }
  for (const stale of report.staleIgnores ?? []) notes.push(`⚠️ ${markdownText(staleIgnoreWords(stale))}`);
  return notes;
}

/** "Compared with the baseline from `main` @`abc1234`, 3 days ago · head `def5678`", or the CLI's file and date. */
function contextLine(report: Report, options: MarkdownOptions): string | null {
  const parts: string[] = [];
  const b = report.baseline;
  if (b?.status === 'compared') {
    const origin = options.baselineOrigin;
    const when = whenWords(origin?.createdAt ?? b.createdAt, options.now);
    if (origin && (origin.branch || origin.commit)) {
      const commit = origin.commit ? `<code>${markdownCode(origin.commit.slice(0, 7))}</code>` : null;
      const linked = commit && origin.runUrl ? `<a href="${htmlAttribute(origin.runUrl)}">${commit}</a>` : commit;
      parts.push(
        `Compared with the baseline from ${origin.branch ? `<code>${markdownCode(origin.branch)}</code>` : 'the base branch'}` +
          `${linked ? ` @${linked}` : ''}${when ? `, ${when}` : ''}`,
      );
    } else {
      parts.push(`Compared with the baseline <code>${markdownCode(b.source)}</code>${when ? `, recorded ${when}` : ''}`);
    }
  }
  const head = options.headCommit ? `<code>${markdownCode(options.headCommit.slice(0, 7))}</code>` : null;
  if (head && parts.length === 0) return `Measured at ${head}, the pull request's head.`;
  if (head) parts.push(`head ${head}`);
  return parts.length > 0 ? `${parts.join(' · ')}.` : null;
}

/** "3 days ago" (with `now`), or "2026-11-20" (without); null when the date is not known. */
export function whenWords(iso: string | null | undefined, now?: Date): string | null {
  if (!iso) return null;
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return null;
  const date = new Date(at).toISOString().slice(0, 10);
  if (!now) return date;
  const hours = (now.getTime() - at) / 3_600_000;
  if (hours < 0) return date;
  if (hours < 1) return 'less than an hour ago';
  if (hours < 36) return `${Math.round(hours)} ${Math.round(hours) === 1 ? 'hour' : 'hours'} ago`;
  const days = Math.round(hours / 24);
  return `${days} days ago (${date})`;
}

/** What renderMarkdownWithin wraps around the report (a comment's marker and how-to), and where the whole report is. */
export interface Bounds {
  limitChars?: number;
  /** Our own Markdown for the notes block when detail was dropped, e.g. a link to the job summary. */
  dropped: string;
  head?: string;
  tail?: string;
}

/**
 * The report at the most detail that fits: full → compact → minimal → whole lines of the minimal
 * one, cut. The one bound of the PR comment, the job summary and the `--markdown` file; when detail
 * was dropped, the notes block at the top says so and where the whole report is.
 */
export function renderMarkdownWithin(report: Report, options: MarkdownOptions, bounds: Bounds): string {
  const limit = bounds.limitChars ?? MARKDOWN_LIMIT_CHARS;
  const head = bounds.head ?? '';
  const tail = bounds.tail ?? '';
  for (const detail of ['full', 'compact', 'minimal'] as const) {
    const body = renderMarkdown(report, { ...options, detail, dropped: detail === 'full' ? null : bounds.dropped });
    const text = `${head}${body}${tail}`;
    if (text.length <= limit) return text;
  }
  // Even the summary table is too long (hundreds of scenarios): keep whole lines that fit.
  const body = renderMarkdown(report, { ...options, detail: 'minimal', dropped: bounds.dropped });
  const cut = "\n_… cut to fit GitHub's limit of 65,536 characters._\n";
  const room = limit - head.length - tail.length - cut.length - '</details>\n'.length;
  let kept = '';
  let open = false;
  for (const line of body.split('\n')) {
    if (kept.length + line.length + 1 > room) break;
    kept += `${line}\n`;
    if (line.startsWith('<details>')) open = true;
    if (line === '</details>') open = false;
  }
  return `${head}${kept}${open ? '</details>\n' : ''}${cut}${tail}`;
}
