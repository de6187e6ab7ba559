/**
 * renderMarkdown: the report as GitHub-flavoured Markdown, for files, job summaries and
 * PR comments. Pure. Every string from the scenario, the harness or an artifact is made inert
 * for where it goes (see inert.ts): markdownText in prose and cells, markdownCode in <code>,
 * markdownPre in <pre>.
 */

import { CLASS_MARK, comparisonLabel } from './comparison-words.js';
import { signedBytes, signedCount } from './format.js';
import { markdownText } from './inert.js';
import { renderScenario } from './markdown-scenario.js';
import type { Report } from './types.js';
import { leakSummaryWords, measuredNothing, staleIgnoreWords } from './words.js';

const ICON = { pass: '✅', fail: '❌', error: '⚠️' } as const;

export interface MarkdownOptions {
  /** A link to a file and line (at the PR's head commit), or null to leave it unlinked. */
  sourceUrl?: (file: string, line: number) => string | null;
  /**
   * full: everything; compact: no charts, tracebacks or output, three sites and types a
   * scenario; minimal: the verdict and the summary table only (for size limits).
   */
  detail?: 'full' | 'compact' | 'minimal';
}

/** The whole report: a verdict line, a summary table, then each scenario, failing ones first. */
export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const detail = options.detail ?? 'full';
  const out: string[] = [];
  out.push(`## ${ICON[report.verdict]} leakgate: ${markdownText(report.summary)}`, '');
  if (report.baseline?.status === 'compared') {
    out.push(`Compared with the baseline${report.baseline.createdAt ? ` recorded ${markdownText(report.baseline.createdAt)}` : ''}.`, '');
  }
  for (const caveat of report.baseline?.caveats ?? []) out.push(`> ⚠️ ${markdownText(caveat)}`, '');
  for (const warning of report.warnings) out.push(`> ⚠️ ${markdownText(warning)}`, '');
  for (const stale of report.staleIgnores ?? []) out.push(`> ⚠️ ${markdownText(staleIgnoreWords(stale))}`, '');
  if (report.gate.note) out.push(`> ${markdownText(report.gate.note)}`, '');
  const compared = report.scenarios.some((s) => s.comparison);
  out.push(
    compared
      ? '| scenario | verdict | vs baseline | traced / cycle | RSS / cycle | blocks / cycle | fds / cycle |'
      : '| scenario | verdict | traced / cycle | RSS / cycle | blocks / cycle | fds / cycle |',
    compared ? '|---|---|---|---:|---:|---:|---:|' : '|---|---|---:|---:|---:|---:|',
  );
  for (const s of report.scenarios) {
    const verdict =
      s.verdict === 'fail'
        ? `${ICON.fail} ${markdownText(leakSummaryWords(s))}`
        : s.verdict === 'error'
          ? `${ICON.error} error`
          : s.leak.detected || s.explanation?.knownLibraryLeak
            ? `${ICON.pass} ${markdownText(leakSummaryWords(s))}, not failing`
            : `${ICON.pass} pass`;
    const against = s.comparison ? `${CLASS_MARK[s.comparison.class]} ${comparisonLabel(s.comparison)} | ` : compared ? '— | ' : '';
    const before = s.comparison?.baseline?.growth;
    const pair = (now: string, then: string | undefined) => (then === undefined ? now : `${then} → ${now}`);
    if (measuredNothing(s)) {
      // Nothing was measured: no growth to show, not even "n/a".
      out.push(`| ${markdownText(s.name)} | ${verdict} | ${against}— | — | — | — |`);
      continue;
    }
    out.push(
      `| ${markdownText(s.name)} | ${verdict} | ` +
        `${against}${pair(signedBytes(s.growth.tracedBytesPerCycle), before && signedBytes(before.tracedBytesPerCycle))} | ` +
        `${pair(signedBytes(s.growth.rssBytesPerCycle), before && signedBytes(before.rssBytesPerCycle))} | ` +
        `${pair(signedCount(s.growth.blocksPerCycle), before && signedCount(before.blocksPerCycle))} | ` +
        `${pair(signedCount(s.growth.fdsPerCycle), before && signedCount(before.fdsPerCycle))} |`,
    );
  }
  const order = { error: 0, fail: 1, pass: 2 } as const;
  const detailed = [...report.scenarios].sort((a, b) => order[a.verdict] - order[b.verdict]);
  if (detail !== 'minimal') for (const s of detailed) out.push('', ...renderScenario(s, detail, options.sourceUrl ?? (() => null)));
  out.push('', `<sub>leakgate ${markdownText(report.tool.version)} · report schema ${markdownText(report.schema)}</sub>`);
  return `${out.join('\n')}\n`;
}
