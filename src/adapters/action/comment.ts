/**
 * What the action writes for people: the sticky PR comment (under GitHub's 65,536-character
 * limit), the job summary (under the same limit) and file annotations. Pure: data in, text out.
 */

import { bytesWords } from '../../report/format.js';
import { markdownCode } from '../../report/inert.js';
import { type BaselineOrigin, MARKDOWN_LIMIT_CHARS, type MarkdownOptions, renderMarkdownWithin } from '../../report/markdown.js';
import type { Report } from '../../report/types.js';

export const COMMENT_LIMIT_CHARS = MARKDOWN_LIMIT_CHARS;
export const MAX_ANNOTATIONS = 10;

export interface BaselineState {
  /** compared: a baseline was found and used; missing: none yet; unusable: found but refused. */
  status: 'compared' | 'missing' | 'unusable';
  reason: string;
  artifactName: string;
  /** The run that recorded the baseline (branch, commit, link, date), when the action found it. */
  origin?: BaselineOrigin | null;
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
  /** The pull request's head commit, and "now" for "3 days ago". */
  headSha?: string | null;
  now?: Date;
}

/** The report's options as the action knows its world: the baseline's run, the head commit, how baselines are recorded. */
function actionOptions(baseline: BaselineState, extra: Pick<MarkdownOptions, 'sourceUrl' | 'now' | 'headCommit' | 'notes'>): MarkdownOptions {
  return {
    ...extra,
    baselineOrigin: baseline.origin ?? null,
    ...(baseline.status === 'compared' ? {} : { baselineMissing: baseline.reason || null }),
    recordBaseline:
      `leakgate records one (artifact <code>${markdownCode(baseline.artifactName)}</code>) on each push to the default branch, ` +
      'or when the workflow is run by hand (workflow_dispatch)',
  };
}

function howTo(input: CommentInput): string {
  const label = `<code>${markdownCode(input.acceptLabel)}</code>`;
  return [
    '',
    '<details><summary>How to accept a regression or refresh the baseline</summary>',
    '',
    `- **Accept a regression** (a leak you mean to keep): add the ${label} label to this pull request. ` +
      `Adding it starts the check again ` +
      `(the example workflows run on \`labeled\`; re-running an old run replays its old labels), and the check passes. ` +
      `When the pull request lands, the default branch records the new baseline.`,
    '- **Refresh the baseline**: re-run the leakgate workflow on the default branch (a push, or *Run workflow*). ' +
      'Pull requests compare with the newest baseline of their base branch.',
    '- **Reproduce locally**: `npx leakgate run TARGET --json report.json`.',
    '',
    '</details>',
    '',
  ].join('\n');
}

/** The PR comment: the marker, the report at the most detail that fits (saying so at its top, with a link to the job summary), how-to. */
export function renderComment(input: CommentInput): string {
  const options = actionOptions(input.baseline, { sourceUrl: input.sourceUrl, now: input.now, headCommit: input.headSha ?? null });
  return renderMarkdownWithin(input.report, options, {
    limitChars: COMMENT_LIMIT_CHARS,
    head: `${input.marker}\n`,
    tail: howTo(input),
    dropped: `Shortened to fit GitHub's comment limit: the whole report, with charts and tracebacks, is in the [job summary](${input.runUrl}).`,
  });
}

/** The job summary: the report under the same bound as the comment, its notes (the action's warnings) in the report's notes block. */
export function renderSummary(
  report: Report,
  notes: readonly string[],
  sourceUrl: MarkdownOptions['sourceUrl'],
  context: { baseline?: BaselineState | null; headSha?: string | null; now?: Date } = {},
): string {
  const extra = { sourceUrl, notes, now: context.now, headCommit: context.headSha ?? null };
  const options: MarkdownOptions = context.baseline ? actionOptions(context.baseline, extra) : extra;
  return renderMarkdownWithin(report, options, {
    dropped: "Shortened to fit GitHub's limit of 65,536 characters: every figure is in the JSON report (the step's `report` output).",
  });
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
