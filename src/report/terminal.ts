/**
 * renderTerminal: the report as a person reads it in a terminal. Pure: data in, text out.
 * Every string from the scenario, the harness or an artifact goes through terminalText (one
 * line) or terminalLines (a block), so ESC, bidi controls and line breaks show as escapes; the
 * whole output then goes through defuseWorkflowCommands, because in GitHub Actions the runner
 * reads a step's stdout for `::commands::`.
 */

import { memorySeries } from '../analyse/series.js';
import { CLASS_LABEL, comparisonLabel, growthRows } from './comparison-words.js';
import {
  bytesWords,
  round,
  SPARK_MIN_SPAN_BLOCKS,
  SPARK_MIN_SPAN_BYTES,
  SPARK_MIN_SPAN_FDS,
  secondsWords,
  signedBytes,
  signedCount,
  sparkline,
  sparklines,
  wholePerCycleWords,
} from './format.js';
import { defuseWorkflowCommands, terminalText as plain, terminalLines } from './inert.js';
import { displayPath } from './paths.js';
import type { Report, ScenarioResult } from './types.js';
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
  staleIgnoreWords,
  suppressedWords,
  typeGrowthWords,
} from './words.js';

export interface TerminalStyle {
  color: boolean;
}

const CODES = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1, cyan: 36 } as const;

function paint(style: TerminalStyle, code: keyof typeof CODES, text: string): string {
  return style.color ? `\u001b[${CODES[code]}m${text}\u001b[0m` : text;
}

const MAX_SITES = 5;
const MAX_TYPES = 5;

/** Why no traced window ran: nothing grew, or what grew did not continue through the extension. */
function untracedWhy(s: ScenarioResult): string {
  return s.confirmation?.outcome === 'released' ? 'the growth did not continue' : 'no growth seen';
}

/** Render every scenario, then the overall verdict. */
export function renderTerminal(report: Report, style: TerminalStyle): string {
  // Failing scenarios first: they are what the reader came for.
  const order = { error: 0, fail: 1, pass: 2 } as const;
  const sorted = report.scenarios.length > 1 ? [...report.scenarios].sort((a, b) => order[a.verdict] - order[b.verdict]) : report.scenarios;
  const blocks = sorted.map((s) => renderScenario(s, style));
  if (report.scenarios.length > 1) blocks.unshift(summaryTable(report, style));
  const header: string[] = [];
  if (report.baseline?.status === 'compared')
    header.push(
      `Compared with the baseline ${plain(report.baseline.source)}${report.baseline.createdAt ? ` (recorded ${plain(report.baseline.createdAt)})` : ''}`,
    );
  for (const caveat of report.baseline?.caveats ?? []) header.push(paint(style, 'yellow', `  caveat: ${plain(caveat)}`));
  for (const warning of report.warnings) header.push(paint(style, 'yellow', `warning: ${plain(warning)}`));
  for (const stale of report.staleIgnores ?? []) header.push(paint(style, 'yellow', `warning: ${plain(staleIgnoreWords(stale))}`));
  if (report.gate.note) header.push(paint(style, 'dim', `gate: ${plain(report.gate.note)}`));
  if (header.length > 0) blocks.unshift(header.join('\n'));
  if (report.scenarios.length > 1 || report.baseline) {
    const mark =
      report.verdict === 'pass' ? paint(style, 'green', 'PASS') : report.verdict === 'fail' ? paint(style, 'red', 'FAIL') : paint(style, 'yellow', 'ERROR');
    blocks.push(`${paint(style, 'bold', 'leakgate')} ${mark}: ${plain(report.summary)}`);
  }
  return defuseWorkflowCommands(`${blocks.join('\n\n')}\n`);
}

/** One row per scenario: verdict, kind and growth per cycle, in the order they were given. */
function summaryTable(report: Report, style: TerminalStyle): string {
  const width = Math.min(48, Math.max(8, ...report.scenarios.map((s) => plain(s.name).length)));
  const rows = report.scenarios.map((s) => {
    const mark = s.verdict === 'pass' ? paint(style, 'green', 'pass ') : s.verdict === 'fail' ? paint(style, 'red', 'LEAK ') : paint(style, 'yellow', 'ERROR');
    const what =
      s.verdict === 'error'
        ? plain(s.error?.message ?? '').slice(0, 60)
        : s.leak.detected
          ? `${plain(String(s.leak.kind))} · traced ${signedBytes(s.growth.tracedBytesPerCycle)} ` +
            `· RSS ${signedBytes(s.growth.rssBytesPerCycle)} · fds ${signedCount(s.growth.fdsPerCycle)}`
          : plain(leakSummaryWords(s));
    const against = s.comparison ? ` · ${comparisonLabel(s.comparison)}` : '';
    const name = plain(s.name);
    return `  ${mark}  ${(name.length > width ? `…${name.slice(name.length - width + 1)}` : name).padEnd(width)}  ${what}${against}`;
  });
  return [`${paint(style, 'bold', 'Scenarios')} (${report.scenarios.length})`, ...rows].join('\n');
}

function verdictLine(s: ScenarioResult, style: TerminalStyle): string {
  const name = paint(style, 'bold', plain(s.name));
  const against = s.comparison && s.comparison.class !== 'no-baseline' ? ` (${comparisonLabel(s.comparison)})` : s.comparison ? ' (no baseline yet)' : '';
  if (s.verdict === 'error') return `${paint(style, 'yellow', '! ERROR')}  ${name}: the scenario could not be measured`;
  if (s.verdict === 'fail') return `${paint(style, 'red', '✗ LEAK')}  ${name}: ${plain(leakSummaryWords(s))}${against}`;
  if (s.leak.detected || s.explanation?.knownLibraryLeak)
    return `${paint(style, 'yellow', '✓ PASS')}  ${name}: ${plain(leakSummaryWords(s))}${against}, not failing`;
  return `${paint(style, 'green', '✓ PASS')}  ${name}: no leak${against}`;
}

function comparisonLines(s: ScenarioResult, style: TerminalStyle): string[] {
  const c = s.comparison;
  if (!c) return [];
  const lines = ['', `  Against the baseline: ${paint(style, 'bold', comparisonLabel(c))} — ${plain(c.reason)}`];
  for (const caveat of c.caveats) lines.push(paint(style, 'yellow', `    caveat: ${plain(caveat)}`));
  if (!c.baseline) return lines;
  lines.push(`    ${''.padEnd(22)} ${'baseline'.padStart(12)} ${'current'.padStart(12)}`);
  for (const [label, before, now] of growthRows(s.growth, c.baseline.growth)) lines.push(`    ${label.padEnd(22)} ${before.padStart(12)} ${now.padStart(12)}`);
  const sites = c.sites.filter((site) => site.class !== 'clean').slice(0, 6);
  for (const site of sites) {
    const before = site.baselineBytesPerCycle === null ? '—' : bytesWords(site.baselineBytesPerCycle);
    const now = site.bytesPerCycle === null ? '—' : bytesWords(site.bytesPerCycle);
    const was = site.baselineCode
      ? ` (was line ${site.baselineLine ?? site.line}: ${plain(site.baselineCode)})`
      : site.baselineLine
        ? ` (was line ${site.baselineLine})`
        : '';
    lines.push(`    [${CLASS_LABEL[site.class]}] ${plain(site.file)}:${site.line} in ${plain(site.function)}${was}  ${before} → ${now} per cycle`);
  }
  for (const t of c.types.slice(0, 6)) {
    const before = t.baselinePerCycle === null ? '—' : String(round(t.baselinePerCycle));
    const now = t.perCycle === null ? '—' : String(round(t.perCycle));
    lines.push(`    [${CLASS_LABEL[t.class]}] ${plain(t.type)}  ${before} → ${now} per cycle`);
  }
  if (c.baseline.series.bytes.length > 1) {
    // One scale for both, so 8 KiB a cycle and 32 KiB a cycle look different (issue 16).
    const [before, now] = sparklines([c.baseline.series.bytes, memorySeries(s).bytes], 30, SPARK_MIN_SPAN_BYTES);
    lines.push(`    memory   baseline ${before}  current ${now}`);
  }
  return lines;
}

/** Blocks in whole numbers, as the Markdown says them: "2 blocks/cycle", "1 block every 13 cycles". */
function blocksWords(perCycle: number): string {
  if (perCycle >= 0.95) return `${wholePerCycleWords(perCycle, 'block')}/cycle`;
  return perCycle > 0 ? wholePerCycleWords(perCycle, 'block') : '0 blocks/cycle';
}

function renderScenario(s: ScenarioResult, style: TerminalStyle): string {
  const lines: string[] = [verdictLine(s, style)];
  // Nothing was measured: only the error is shown.
  if (measuredNothing(s)) return [...lines, ...errorLines(s, style)].join('\n');
  const env = s.environment.python
    ? `Python ${plain(s.environment.python)} (${plain(s.environment.implementation ?? '')}, ${plain(s.environment.platform ?? '')})`
    : 'Python did not start';
  lines.push(
    paint(
      style,
      'dim',
      `  ${s.cycles} cycles after ${s.warmup} warm-up · ${env} · ` +
        `${secondsWords(s.timing.wallSeconds)}${s.timing.tracedCycles ? ` · ${s.timing.tracedCycles} traced cycles` : ''}`,
    ),
  );
  const extended = confirmationWords(s.confirmation);
  if (extended !== null) lines.push(paint(style, 'dim', `  ${extended}`));

  lines.push(...comparisonLines(s, style));
  lines.push(...errorLines(s, style));

  if (s.leak.reasons.length > 0) {
    lines.push('', '  Why');
    for (const reason of s.leak.reasons) lines.push(`    • ${plain(reason)}`);
  }
  for (const note of s.leak.notes) lines.push('', paint(style, 'dim', `  Note: ${plain(note)}`));
  lines.push(...explanationLines(s, style));

  const g = s.growth;
  lines.push('', '  Growth per cycle');
  const rows: [string, string][] = [
    ['traced Python memory', g.tracedBytesPerCycle === null ? `not traced (${untracedWhy(s)})` : signedBytes(g.tracedBytesPerCycle)],
    ['allocated blocks', signedCount(g.blocksPerCycle)],
    ['RSS', signedBytes(g.rssBytesPerCycle)],
    ['malloc heap', signedBytes(g.heapBytesPerCycle)],
    ['open descriptors', signedCount(g.fdsPerCycle)],
  ];
  for (const [label, value] of rows) lines.push(`    ${label.padEnd(22)} ${value}`);

  if (s.sites.length > 0) {
    lines.push('', '  Top growing sites');
    s.sites.slice(0, MAX_SITES).forEach((site, i) => {
      const where = `${plain(displayPath(site.file))}:${site.line}`;
      const caveat = siteCaveatWords(site);
      const leaks = siteObjectWords(site);
      lines.push(
        `    ${i + 1}. ${paint(style, 'cyan', where)} in ${plain(site.function)}  ` +
          `${bytesWords(site.bytesPerCycle)}/cycle, ${blocksWords(site.countPerCycle)}` +
          `${leaks ? ` of ${plain(leaks)}` : ''}${paint(style, 'dim', caveat)}`,
      );
      if (site.code) lines.push(paint(style, 'dim', `         ${plain(site.code)}`));
      if (site.retainedBy) lines.push(`         held by: ${plain(site.retainedBy)}`);
      const kept = keptWords(site);
      if (kept) lines.push(`         ${plain(kept)}`);
    });
  }
  if (s.types.length > 0) {
    lines.push('', '  Top growing types');
    s.types.slice(0, MAX_TYPES).forEach((t, i) => {
      // A part is indented under its owner, whose path is the one to read.
      const part = partOfWords(t);
      lines.push(`    ${i + 1}. ${part ? '  ' : ''}${plain(t.type)}  ${plain(typeGrowthWords(t))}${part ? paint(style, 'dim', `, ${plain(part)}`) : ''}`);
      if (t.retainedBy && !part) lines.push(`         held by: ${plain(t.retainedBy)}`);
    });
  }
  if (s.fdTargets.length > 0) {
    lines.push('', '  New open descriptors point at');
    for (const t of s.fdTargets) lines.push(`    +${t.growth}  ${plain(t.target)}`);
  }
  if (s.nativeLead) {
    const lead = s.nativeLead;
    lines.push('', `  ${NATIVE_LEAD_HEADING} (${NATIVE_LEAD_CAVEAT})`);
    if (lead.calls.length === 0) lines.push(`    ${plain(nativeLeadEmptyWords(lead))}`);
    lead.calls.slice(0, MAX_SITES).forEach((call, i) => {
      const where = `${plain(displayPath(call.file))}:${call.line}`;
      lines.push(`    ${i + 1}. ${plain(call.callee)} at ${paint(style, 'cyan', where)} in ${plain(call.function)}  ${nativeCallWords(call, lead.cycles)}`);
      if (call.code) lines.push(paint(style, 'dim', `         ${plain(call.code)}`));
    });
  }
  if (s.fdOwners && s.fdOwners.length > 0) {
    lines.push('', '  Leaking descriptors');
    s.fdOwners.forEach((o, i) => {
      lines.push(`    ${i + 1}. ${fdOwnerWords(o, (text) => `\`${plain(text)}\``)}`);
    });
  }

  const chart = chartLines(s);
  if (chart.length > 0) lines.push('', '  Memory over cycles (after warm-up)', ...chart);
  if (s.unmeasured.length > 0) {
    lines.push('', '  Not measured on this platform');
    for (const note of s.unmeasured) lines.push(`    - ${plain(note)}`);
  }
  return lines.join('\n');
}

/** Known library leaks with their workaround, growth inside a library, suppressed growth, and the reasons they explain (issue 14). */
function explanationLines(s: ScenarioResult, style: TerminalStyle): string[] {
  const e = s.explanation;
  if (!e) return [];
  const lines: string[] = [];
  for (const k of e.knownLeaks) {
    lines.push('', `  ${paint(style, 'bold', plain(knownLeakWords(k)))}`);
    lines.push(`    ${plain(k.explanation)}`, `    Workaround: ${plain(k.workaround)}`, `    ${plain(knownLeakLinkWords(k))}`);
    lines.push(paint(style, 'dim', `    Versions: ${plain(k.versions)}`));
  }
  if (e.library) lines.push('', `  Inside a library: ${plain(libraryWords(e.library))}`);
  if (e.suppressed.length > 0) {
    lines.push('', '  Suppressed');
    for (const x of e.suppressed) lines.push(`    • ${plain(suppressedWords(x))}`);
  }
  if (e.explained.length > 0) {
    lines.push('', '  Explained, not counted');
    for (const x of e.explained) lines.push(paint(style, 'dim', `    • ${plain(explainedWords(x))}`));
  }
  return lines;
}

/** The verdict line and the error: message, fix, traceback and the scenario's output. */
function chartLines(s: ScenarioResult): string[] {
  const c = s.series.cycles;
  const measured = c.phase.map((p, i) => (p === 'measure' || p === 'confirm' ? i : -1)).filter((i) => i >= 0);
  const pick = (values: (number | null)[]) => measured.map((i) => values[i]);
  const out: string[] = [];
  // Each line spans at least its floor, so a clean run's noise is drawn flat (issue 16).
  const add = (label: string, values: (number | null)[], format: (v: number) => string, minSpan: number) => {
    const finite = values.filter((v): v is number => v !== null);
    if (finite.length < 2) return;
    out.push(`    ${label.padEnd(8)} ${sparkline(values, 40, minSpan)}  ${format(finite[0])} → ${format(finite[finite.length - 1])}`);
  };
  add('RSS', pick(c.rssBytes), bytesWords, SPARK_MIN_SPAN_BYTES);
  add('heap', pick(c.heapBytes), bytesWords, SPARK_MIN_SPAN_BYTES);
  add(
    'blocks',
    s.series.checkpoints.blocks.filter((_, i) => s.series.checkpoints.cycle[i] > s.warmup),
    (v) => String(v),
    SPARK_MIN_SPAN_BLOCKS,
  );
  add('fds', pick(c.fds), (v) => String(v), SPARK_MIN_SPAN_FDS);
  add('traced', s.series.traced.tracedBytes, bytesWords, SPARK_MIN_SPAN_BYTES);
  return out;
}

/** The error's message, its fix, its traceback and the scenario's output tail. */
function errorLines(s: ScenarioResult, style: TerminalStyle): string[] {
  if (!s.error) return [];
  const lines = ['', `  ${paint(style, 'yellow', plain(s.error.message))}`];
  if (s.error.hint) lines.push(`  fix: ${plain(s.error.hint)}`);
  if (s.error.traceback) lines.push('', ...indent(String(s.error.traceback).trimEnd(), '    '));
  if (String(s.error.output ?? '').trim()) lines.push('', ...indent(String(s.error.output).trimEnd(), '    '));
  return lines;
}

function indent(text: string, prefix: string): string[] {
  return terminalLines(text).map((line) => `${prefix}${line}`);
}
