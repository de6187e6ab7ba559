/**
 * renderMarkdown: the report as GitHub-flavoured Markdown, for files, job summaries and
 * PR comments. Pure. Every string from the scenario is escaped (see escape.ts).
 */
import type { Report, ScenarioResult } from '../model.js';
import { escapeCode, escapeMarkdown } from './escape.js';
import { bytesWords, perCycleWords, round, secondsWords, signedBytes, signedCount } from './format.js';
import { kindWords } from './terminal.js';

const MAX_SITES = 5;
const MAX_TYPES = 8;
const MAX_CHART_POINTS = 40;
const MAX_TRACEBACK_CHARS = 6000;

const ICON = { pass: '✅', fail: '❌', error: '⚠️' } as const;

/** The whole report: a verdict line, a summary table, then each scenario, failing ones first. */
export function renderMarkdown(report: Report): string {
  const out: string[] = [];
  out.push(`## ${ICON[report.verdict]} leakgate: ${escapeMarkdown(report.summary)}`, '');
  out.push('| scenario | verdict | traced / cycle | RSS / cycle | blocks / cycle | fds / cycle |', '|---|---|---:|---:|---:|---:|');
  for (const s of report.scenarios) {
    const verdict = s.verdict === 'fail' ? `${ICON.fail} ${kindWords(s.leak.kind)}` : s.verdict === 'error' ? `${ICON.error} error` : `${ICON.pass} pass`;
    out.push(`| ${escapeMarkdown(s.name)} | ${verdict} | ${signedBytes(s.growth.tracedBytesPerCycle)} | ${signedBytes(s.growth.rssBytesPerCycle)} | ${signedCount(s.growth.blocksPerCycle)} | ${signedCount(s.growth.fdsPerCycle)} |`);
  }
  const order = { error: 0, fail: 1, pass: 2 } as const;
  const detailed = [...report.scenarios].sort((a, b) => order[a.verdict] - order[b.verdict]);
  for (const s of detailed) out.push('', ...renderScenario(s));
  out.push('', `<sub>leakgate ${escapeMarkdown(report.tool.version)} · report schema ${escapeMarkdown(report.schema)}</sub>`);
  return `${out.join('\n')}\n`;
}

function renderScenario(s: ScenarioResult): string[] {
  const out: string[] = [];
  const title = s.verdict === 'fail' ? kindWords(s.leak.kind) : s.verdict === 'error' ? 'could not be measured' : 'no leak';
  out.push(`### ${ICON[s.verdict]} ${escapeMarkdown(s.name)}: ${title}`);
  const env = s.environment.python ? `Python ${escapeMarkdown(s.environment.python)} (${escapeMarkdown(s.environment.implementation ?? '')}, ${escapeMarkdown(s.environment.platform ?? '')})` : 'Python did not start';
  out.push('', `${s.cycles} cycles after ${s.warmup} warm-up · ${env} · ${secondsWords(s.timing.wallSeconds)}${s.timing.tracedCycles ? ` · ${s.timing.tracedCycles} traced cycles` : ''}`);

  if (s.error) {
    out.push('', `**${escapeMarkdown(s.error.message)}**`);
    if (s.error.hint) out.push('', `Fix: ${escapeMarkdown(s.error.hint)}`);
    if (s.error.traceback) out.push('', '<details><summary>Traceback</summary>', '', `<pre>${escapeCode(clip(s.error.traceback))}</pre>`, '', '</details>');
    if (s.error.output.trim()) out.push('', '<details><summary>Scenario output (tail)</summary>', '', `<pre>${escapeCode(clip(s.error.output))}</pre>`, '', '</details>');
  }
  if (s.leak.reasons.length > 0) {
    out.push('');
    for (const reason of s.leak.reasons) out.push(`- ${escapeMarkdown(reason)}`);
  }
  for (const note of s.leak.notes) out.push('', `> Note: ${escapeMarkdown(note)}`);
  if (s.sites.length > 0) {
    out.push('', '**Top growing sites**', '', '| # | site | function | per cycle | code |', '|---:|---|---|---:|---|');
    s.sites.slice(0, MAX_SITES).forEach((site, i) => {
      out.push(`| ${i + 1} | <code>${escapeCode(`${site.file}:${site.line}`)}</code> | ${escapeMarkdown(site.function)} | ${bytesWords(site.bytesPerCycle)} in ${round(site.countPerCycle)} ${round(site.countPerCycle) === 1 ? 'block' : 'blocks'} | <code>${escapeCode(site.code)}</code> |`);
    });
    out.push('', '<details><summary>Tracebacks of the growing sites</summary>', '');
    s.sites.slice(0, MAX_SITES).forEach((site, i) => {
      const frames = site.frames.map((f) => `  ${f.file}:${f.line} in ${f.function}${f.code ? `\n      ${f.code}` : ''}`).join('\n');
      out.push(`${i + 1}. <code>${escapeCode(`${site.file}:${site.line}`)}</code> (most recent call first)`, '', `<pre>${escapeCode(clip(frames))}</pre>`, '');
    });
    out.push('</details>');
  }
  if (s.types.length > 0) {
    out.push('', '**Top growing types**', '', '| type | growth | alive at the end |', '|---|---|---:|');
    for (const t of s.types.slice(0, MAX_TYPES)) out.push(`| <code>${escapeCode(t.type)}</code> | ${perCycleWords(t.perCycle, 'object')} | ${t.count} |`);
  }
  if (s.fdTargets.length > 0) {
    out.push('', '**New open descriptors point at**', '');
    for (const t of s.fdTargets) out.push(`- +${t.growth} <code>${escapeCode(t.target)}</code>`);
  }
  const chart = memoryChart(s);
  if (chart.length > 0) out.push('', ...chart);
  if (s.unmeasured.length > 0) {
    out.push('', '<details><summary>Not measured on this platform</summary>', '');
    for (const note of s.unmeasured) out.push(`- ${escapeMarkdown(note)}`);
    out.push('', '</details>');
  }
  return out;
}

function clip(text: string): string {
  return text.length > MAX_TRACEBACK_CHARS ? `…${text.slice(text.length - MAX_TRACEBACK_CHARS)}` : text;
}

/** RSS over the measured cycles as a Mermaid line chart, with the numbers in a table beneath. */
function memoryChart(s: ScenarioResult): string[] {
  const c = s.series.cycles;
  const points: { cycle: number; rss: number }[] = [];
  c.phase.forEach((phase, i) => {
    const rss = c.rssBytes[i];
    if (phase === 'measure' && rss !== null) points.push({ cycle: c.cycle[i], rss });
  });
  if (points.length < 2) return [];
  const step = Math.max(1, Math.ceil(points.length / MAX_CHART_POINTS));
  const shown = points.filter((_, i) => i % step === 0 || i === points.length - 1);
  const kib = shown.map((p) => Math.round(p.rss / 1024));
  const low = Math.min(...kib);
  const high = Math.max(...kib);
  return [
    '<details><summary>RSS over cycles</summary>',
    '',
    '```mermaid',
    'xychart-beta',
    `    title "RSS (KiB) over measured cycles"`,
    `    x-axis "cycle" [${shown.map((p) => p.cycle).join(', ')}]`,
    `    y-axis "KiB" ${Math.floor(low * 0.999)} --> ${Math.ceil(high * 1.001) + 1}`,
    `    line [${kib.join(', ')}]`,
    '```',
    '',
    '| cycle | RSS |',
    '|---:|---:|',
    ...shown.filter((_, i) => i % Math.max(1, Math.ceil(shown.length / 10)) === 0 || i === shown.length - 1).map((p) => `| ${p.cycle} | ${bytesWords(p.rss)} |`),
    '',
    '</details>',
  ];
}
