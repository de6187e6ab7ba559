/**
 * Reports full of hostile strings, checked at the level of what is rendered (issue 11 §2, §3),
 * and an error that never started Python (issue 10 §3).
 */

import { parseHTML } from 'linkedom';
import MarkdownIt from 'markdown-it';
import { recordBaseline } from '../src/compare/baseline.js';
import type { HarnessRun } from '../src/harness/types.js';
import { reportOf } from '../src/pipeline.js';
import { markdownCode, markdownText, showHidden, terminalText } from '../src/report/inert.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { codeSpan } from '../src/report/markdown-code.js';
import { renderTerminal } from '../src/report/terminal.js';
import type { Report } from '../src/report/types.js';
import { HOSTILE, outsideCode, RAW_HIDDEN } from './helpers/hostile.js';
import { reportOfResults, scenarioResult } from './helpers/results.js';
import { linear, syntheticRun, tracedWindow } from './helpers/synthetic.js';

function leakyRun(name: string): HarnessRun {
  const run = syntheticRun({
    blocks: linear(50_000, 3),
    heapBytes: linear(3e6, 8192),
    fds: linear(9, 1),
    types: { 'myapp.cache.Session': linear(10, 1) },
    window: tracedWindow(8192, [[{ file: 'myapp/cache.py', line: 14, userCode: true, bytesPerCycle: 8192 }]]),
  });
  run.settings = { ...run.settings, name, target: name };
  for (const c of run.checkpoints) c.fdTargets = { '/tmp/x.log': c.fds ?? 0 };
  return run;
}

/** A compared report in which every string that came from the scenario, the harness or the baseline is `text`. */
function hostileReport(text: string): Report {
  const baselineRuns = [leakyRun('a.py'), syntheticRun({})];
  baselineRuns[1].settings = { ...baselineRuns[1].settings, name: 'b.py', target: 'b.py' };
  const { baseline } = recordBaseline(reportOfResults(baselineRuns.map(scenarioResult)), new Date('2026-11-20T10:00:00Z'));
  const erroring = leakyRun('c.py');
  erroring.failure = { kind: 'cycle-raised', message: text, hint: text, cycle: 37, phase: 'measure', traceback: text };
  erroring.output = { stdoutTail: text, stderrTail: text, stdoutBytes: 1, stderrBytes: 1 };
  const current = [leakyRun('a.py'), leakyRun('b.py'), erroring].map(scenarioResult);
  const report = reportOf(current, {
    failOn: 'regression',
    tolerance: { relativePercent: 50, bytesPerCycle: 1024, objectsPerCycle: 0.5 },
    baseline: { source: text, parsed: { ok: true, baseline } },
  });
  const { scenarios } = report;
  report.gate.note = text;
  report.baseline = { source: text, status: 'compared', createdAt: text, caveats: [text] };
  report.warnings.push(text);
  report.summary = text;
  report.tool.version = text;
  scenarios.forEach((s, i) => {
    s.name = i === 0 ? text : `${text} (${i})`;
    s.environment = { python: text, implementation: text, platform: text };
    s.unmeasured = [text];
    s.leak.reasons.push(text);
    s.leak.notes.push(text);
    for (const site of s.sites) {
      Object.assign(site, { file: text, function: text, code: text, retainedBy: text });
      for (const frame of site.frames) Object.assign(frame, { file: text, function: text, code: text });
    }
    for (const t of s.types) Object.assign(t, { type: text, retainedBy: text });
    s.fdTargets = [{ target: text, growth: 2 }];
    if (s.error) Object.assign(s.error, { output: text });
    const c = s.comparison!;
    c.reason = text;
    c.caveats.push(text);
    for (const site of c.sites) Object.assign(site, { file: text, function: text, code: text });
    for (const t of c.types) t.type = text;
  });
  expect(scenarios.map((s) => s.verdict)).toEqual(['pass', 'fail', 'error']);
  expect(scenarios[1].comparison!.sites.length + scenarios[1].comparison!.types.length).toBeGreaterThan(0);
  return report;
}

/** Cells of a table row, split where GitHub splits them: at pipes not escaped by a backslash. */
function cells(row: string): number {
  let count = 0;
  for (let i = 0; i < row.length; i++) {
    if (row[i] === '\\') i += 1;
    else if (row[i] === '|') count += 1;
  }
  return count;
}

/** Our own markup: the tags the renderer writes, the links it makes, the Mermaid block it draws. */
const OUR_MARKUP = /```mermaid[\s\S]*?```|<a href="https:\/\/github\.com\/acme\/shop\/blob\/[^"]*">|<\/?(code|pre|details|summary|sub|a)>/g;

const sourceUrl = (file: string, line: number) => `https://github.com/acme/shop/blob/${'e'.repeat(40)}/${encodeURI(file)}#L${line}`;

describe.each(HOSTILE)('a report whose every string is $what', ({ text }) => {
  const report = hostileReport(text);

  it.each(['full', 'compact', 'minimal'] as const)('renders %s Markdown with no structure, link, tag, mention or hidden character of its own', (detail) => {
    const markdown = renderMarkdown(report, { detail, sourceUrl });
    // Untrusted code is shown in fenced blocks and code spans whose fence it cannot close: they are
    // checked as rendered below, and taken out before the checks of the text around them.
    expect(markdown).not.toMatch(RAW_HIDDEN);
    const outside = outsideCode(markdown);
    const lines = outside.split('\n');
    // Headings: ours only, one per scenario (and the verdict), each on its own line.
    // The passing scenario (a known leak, unchanged) is folded into the "passing" list: no section of its own.
    expect(lines.filter((line) => line.startsWith('#'))).toHaveLength(detail === 'minimal' ? 1 : 3);
    for (const line of lines.filter((l) => l.startsWith('#'))) expect(line).toMatch(/^##(#)? (✅|❌|⚠️|➖|🔶|🎉|📉) /);
    expect(lines.filter((line) => /^\s*(::|>|[-+*] |\d+[.)] )/.test(line) && !/^(> ⚠️ |> Note: |> \S|- |\d+\. (<code>|\*\*)?)/.test(line))).toEqual([]);
    for (const line of lines) expect(line).not.toMatch(/^\s*::/);
    // Every row of every table has as many cells as its header.
    let header = -1;
    for (const line of lines) {
      if (!line.startsWith('|')) header = -1;
      else if (header < 0) header = cells(line);
      else expect({ line: line.slice(0, 200), cells: cells(line) }).toEqual({ line: line.slice(0, 200), cells: header });
    }
    const rest = outside.replace(OUR_MARKUP, '');
    expect(rest).not.toMatch(/<[a-z!/?]/i); // no tag, comment or image but ours
    expect(rest).not.toMatch(/(^|[^\\])\]\(/); // no link
    expect(rest).not.toMatch(/:\/\/|www\./i); // no autolink
    expect(rest).not.toMatch(/@[a-z0-9]/i); // no mention
    expect(rest).not.toMatch(/(?<!&)#\d/); // no issue reference
    expect(rest).not.toMatch(/-->/); // the hidden marker cannot be closed
    expect(rest).not.toMatch(RAW_HIDDEN);
    expect(rest).not.toContain('__init__'); // `__init__` is not bold "init"
    // What the scenario named is still shown, escaped rather than dropped.
    expect(markdown).toContain(markdownText(text));
    if (detail !== 'minimal') expect(markdown).toContain(markdownCode(text));
    if (detail !== 'minimal') expect(markdown).toContain(codeSpan(text));
    // As a CommonMark renderer shows it: no element of the scenario's, and its text intact in code elements.
    const html = new MarkdownIt({ html: true }).render(markdown);
    const { document } = parseHTML(`<html><body>${html}</body></html>`);
    const ours = new Set([
      'H2',
      'H3',
      'P',
      'UL',
      'OL',
      'LI',
      'STRONG',
      'CODE',
      'PRE',
      'A',
      'TABLE',
      'THEAD',
      'TBODY',
      'TR',
      'TH',
      'TD',
      'DETAILS',
      'SUMMARY',
      'SUB',
      'BLOCKQUOTE',
      'EM',
      'BR',
    ]);
    expect([...document.querySelectorAll('body *')].map((e) => e.tagName).filter((tag) => !ours.has(tag))).toEqual([]);
    for (const a of document.querySelectorAll('a')) expect(a.getAttribute('href')).toMatch(/^https:\/\/github\.com\/acme\/shop\/blob\//);
    if (detail !== 'minimal') expect([...document.querySelectorAll('code')].map((e) => e.textContent)).toContain(showHidden(text));
  });

  it('renders the terminal with escapes for hidden characters and no workflow command on any line', () => {
    const terminal = renderTerminal(report, { color: false });
    expect(terminal).not.toMatch(RAW_HIDDEN);
    expect(terminal.split('\n').filter((line) => /^\s*::/.test(line) || line.includes('##['))).toEqual([]);
    expect(terminal).toContain(terminalText(text).replace(/##\[/g, '##\\['));
    const colored = renderTerminal(report, { color: true });
    // The only escape sequences are our own colours.
    expect(colored.replace(/\x1b\[\d+m/g, '')).not.toMatch(RAW_HIDDEN);
  });
});

describe('hostile records are data, not crashes', () => {
  const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

  /** A run whose census and descriptor targets carry the names as own keys, as JSON.parse makes them. */
  function runWithNames(): HarnessRun {
    const shapes: Record<string, (c: number) => number> = {};
    for (let i = 0; i < 5; i++) shapes[`app.Big${i}`] = linear(10, 10 - i);
    const run = syntheticRun({
      blocks: linear(50_000, 20),
      fds: linear(9, 1),
      types: shapes,
      window: tracedWindow(8192, [[{ file: 'app.py', line: 3, userCode: true, bytesPerCycle: 8192 }]]),
    });
    for (const c of run.checkpoints) {
      const grown = c.cycle - 20;
      // Ranked below the top five: they grow slowest; the harness explains only the top five.
      for (const name of NAMES)
        Object.defineProperty(c.types, name, { value: 10 + Math.floor(grown / 2), enumerable: true, writable: true, configurable: true });
      c.fdTargets = JSON.parse(`{"__proto__": ${c.fds}, "constructor": ${c.fds}, "toString": 1}`) as Record<string, number>;
    }
    run.window!.typeRetention = JSON.parse('{"app.Big0": "app.cache (dict) → [key 1] → Big0", "__proto__": "app.protos (list) → [3] → dict"}') as Record<
      string,
      string
    >;
    return run;
  }

  it('types named constructor, __proto__, toString, hasOwnProperty are counted, ranked and rendered like any other', () => {
    const result = scenarioResult(runWithNames());
    const byName = new Map(result.types.map((t) => [t.type, t]));
    for (const name of NAMES) {
      expect(byName.get(name)).toMatchObject({ type: name, count: expect.any(Number), perCycle: expect.any(Number) });
      expect(byName.get(name)!.perCycle).toBeCloseTo(0.5, 1);
    }
    expect(byName.get('constructor')!.retainedBy).toBeNull();
    expect(byName.get('__proto__')!.retainedBy).toBe('app.protos (list) → [3] → dict');
    expect(byName.get('app.Big0')!.retainedBy).toBe('app.cache (dict) → [key 1] → Big0');
    expect(result.fdTargets.map((t) => t.target).sort()).toEqual(['__proto__', 'constructor']);
    const report = reportOfResults([result]);
    const markdown = renderMarkdown(report);
    const terminal = renderTerminal(report, { color: false });
    // The Markdown shows eight types: the top five, then three of these names.
    const shown = result.types.slice(0, 8).map((t) => t.type);
    expect(shown.filter((name) => NAMES.includes(name))).toHaveLength(3);
    for (const name of shown) expect(markdown).toContain(`| <code>${markdownCode(name)}</code> |`);
    expect(terminal).toContain('+100  constructor');
    expect(terminal).toContain('+100  __proto__');
  });
});

describe('an error before anything was measured shows only the error', () => {
  function missingScenario(): HarnessRun {
    const run = syntheticRun({});
    run.settings = { ...run.settings, name: 'missing.py', target: 'missing.py' };
    // The harness started (it said hello), the scenario's file was not there.
    Object.assign(run, { samples: [], checkpoints: [], window: null, exitCode: 2, wallSeconds: 0.01 });
    run.failure = {
      kind: 'missing-file',
      message: "scenario file 'missing.py' was not found",
      hint: 'check the path, relative to the working directory',
      cycle: null,
      phase: null,
      traceback: null,
    };
    run.output = { stdoutTail: '', stderrTail: 'python: cannot open missing.py\n', stdoutBytes: 0, stderrBytes: 31 };
    return run;
  }

  it('in the terminal: the message, the fix and the output, no growth table and no Python line', () => {
    const text = renderTerminal(reportOfResults([scenarioResult(missingScenario())]), { color: false });
    expect(text).toContain(
      "! ERROR  missing.py: the scenario could not be measured\n\n  scenario file 'missing.py' was not found\n  fix: check the path, relative to the working directory",
    );
    expect(text).toContain('python: cannot open missing.py');
    expect(text).not.toMatch(/Growth per cycle|n\/a|Python|cycles after|warm-up/);
  });

  it('a Python that never started shows only its error too', () => {
    const run = missingScenario();
    run.hello = null;
    const text = renderTerminal(reportOfResults([scenarioResult(run)]), { color: false });
    expect(text).not.toMatch(/Growth per cycle|n\/a|Python did not start|cycles after/);
    expect(renderMarkdown(reportOfResults([scenarioResult(run)]))).not.toMatch(/n\/a|Python did not start|cycles after/);
  });

  it('in Markdown: the message, the fix and the output; the summary row has no n/a growth', () => {
    const markdown = renderMarkdown(reportOfResults([scenarioResult(missingScenario())]));
    expect(markdown).toContain('**scenario file &#39;missing.py&#39; was not found**');
    expect(markdown).toContain('Fix: check the path, relative to the working directory');
    expect(markdown).toContain('python: cannot open missing.py');
    expect(markdown).toContain('| missing.py | ⚠️ error | — | — |');
    expect(markdown).not.toMatch(/n\/a|Python|cycles after|warm-up/);
  });

  it('an error after Python started still shows what was measured', () => {
    const run = syntheticRun({});
    run.failure = { kind: 'cycle-raised', message: 'cycle 37 (measure) raised ValueError', hint: null, cycle: 37, phase: 'measure', traceback: null };
    const report = reportOfResults([scenarioResult(run)]);
    expect(renderTerminal(report, { color: false })).toContain('Growth per cycle');
    expect(renderMarkdown(report)).toContain('100 cycles after 20 warm-up · Python 3.11.7');
  });
});
