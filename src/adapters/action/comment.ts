/**
 * What the action writes for people: the sticky PR comment (under GitHub's 65,536-character
 * limit), the job summary (under 1 MiB) and file annotations. Pure: data in, text out.
 */

import { escapeMarkdown } from '../../report/escape.js';
import { bytesWords } from '../../report/format.js';
import { type MarkdownOptions, renderMarkdown } from '../../report/markdown.js';
import type { Report } from '../../report/types.js';

export const COMMENT_LIMIT_CHARS = 65_536;
export const SUMMARY_LIMIT_BYTES = 1024 * 1024;
export const MAX_ANNOTATIONS = 10;

export interface BaselineState {
  /** compared: a baseline was found and used; missing: none yet; unusable: found but refused. */
  status: 'compared' | 'missing' | 'unusable';
  reason: string;
  artifactName: string;
}

export interface CommentInput {
  report: Report;
  marker: string;
  sourceUrl: MarkdownOptions['sourceUrl'];
  baseline: BaselineState;
  acceptLabel: string;
  /** The label that turned a failing gate into a pass, when the PR carries it. */
  accepted: boolean;
  /** Where the job summary (the full report) is: the workflow run's page. */
  runUrl: string;
}

function preamble(input: CommentInput): string[] {
  const out: string[] = [];
  if (input.accepted) {
    out.push(
      `> [!NOTE]\n> **Regression accepted** with the \`${escapeMarkdown(input.acceptLabel)}\` label: the check passes. ` +
        `The baseline moves when this pull request lands on the default branch.`,
      '',
    );
  }
  if (input.baseline.status !== 'compared') {
    const why = input.baseline.status === 'missing' ? 'No baseline yet' : 'The baseline could not be used';
    out.push(
      `> [!NOTE]\n> **${why}**: ${escapeMarkdown(input.baseline.reason)}. Every leak fails until a baseline is recorded: ` +
        `leakgate records one ` +
        `(artifact \`${escapeMarkdown(input.baseline.artifactName)}\`) on each push to the default branch, ` +
        `or when the workflow is run by hand (workflow_dispatch).`,
      '',
    );
  }
  return out;
}

function howTo(input: CommentInput): string[] {
  return [
    '',
    '<details><summary>How to accept a regression or refresh the baseline</summary>',
    '',
    `- **Accept a regression** (a leak you mean to keep): add the \`${escapeMarkdown(input.acceptLabel)}\` label to this pull request. ` +
      `Adding it starts the check again ` +
      `(the example workflows run on \`labeled\`; re-running an old run replays its old labels), and the check passes. ` +
      `When the pull request lands, the default branch records the new baseline.`,
    '- **Refresh the baseline**: re-run the leakgate workflow on the default branch (a push, or *Run workflow*). ' +
      'Pull requests compare with the newest baseline of their base branch.',
    '- **Reproduce locally**: `npx leakgate run TARGET --json report.json`.',
    '',
    '</details>',
  ];
}

/** The PR comment: the marker, notes, the report at the most detail that fits, how-to. */
export function renderComment(input: CommentInput): string {
  const head = [input.marker, ...preamble(input)].join('\n');
  const tail = howTo(input).join('\n');
  const pointer = `\n\n_The full report, with charts and tracebacks, is in the [job summary](${input.runUrl})._`;
  for (const detail of ['full', 'compact', 'minimal'] as const) {
    const body = renderMarkdown(input.report, { detail, sourceUrl: input.sourceUrl });
    const text = `${head}\n${body}${detail === 'full' ? '' : pointer}\n${tail}\n`;
    if (text.length <= COMMENT_LIMIT_CHARS) return text;
  }
  // Even the summary table is too long (hundreds of scenarios): keep whole lines that fit.
  const body = renderMarkdown(input.report, { detail: 'minimal', sourceUrl: input.sourceUrl });
  const cut = `\n\n_… cut to fit GitHub's comment limit._${pointer}\n`;
  const room = COMMENT_LIMIT_CHARS - head.length - cut.length - 2;
  const lines = body.split('\n');
  let kept = '';
  for (const line of lines) {
    if (kept.length + line.length + 1 > room) break;
    kept += `${line}\n`;
  }
  return `${head}\n${kept}${cut}`;
}

/** The job summary: the full report unless it passes 1 MiB, then less detail. */
export function renderSummary(report: Report, notes: string[], sourceUrl: MarkdownOptions['sourceUrl']): string {
  const head = notes.map((n) => `> ${escapeMarkdown(n)}\n`).join('\n');
  for (const detail of ['full', 'compact', 'minimal'] as const) {
    const text = `${head}${head ? '\n' : ''}${renderMarkdown(report, { detail, sourceUrl })}`;
    if (Buffer.byteLength(text) <= SUMMARY_LIMIT_BYTES) return text;
  }
  return `${head}\n## leakgate: ${escapeMarkdown(report.summary)}\n\nThe report is too large for a job summary: see the JSON report.\n`;
}

export interface Annotation {
  file: string;
  line: number;
  title: string;
  message: string;
}

/** Warnings on the top leak sites in the repository's own files: at most 10, the rest counted. */
export function annotationsFor(report: Report, limit = MAX_ANNOTATIONS): { annotations: Annotation[]; omitted: number } {
  const all: Annotation[] = [];
  const seen = new Set<string>();
  for (const scenario of report.scenarios) {
    if (!scenario.leak.detected) continue;
    for (const site of scenario.sites) {
      // Only files inside the repository: relative paths that do not climb out of it.
      if (!site.userCode || site.file.startsWith('/') || site.file.startsWith('..') || /^[A-Za-z]:/.test(site.file)) continue;
      const key = `${site.file}:${site.line}`;
      if (seen.has(key)) continue;
      seen.add(key);
      all.push({
        file: site.file,
        line: site.line,
        title: `leakgate: ${scenario.leak.kind ?? 'memory'} leak`,
        message: `${bytesWords(site.bytesPerCycle)} per cycle allocated here is never freed (scenario ${scenario.name}, in ${site.function})`,
      });
    }
  }
  return { annotations: all.slice(0, limit), omitted: Math.max(0, all.length - limit) };
}
