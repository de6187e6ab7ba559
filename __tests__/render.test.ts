/**
 * The reports, one snapshot per kind of verdict (reviewed like code), and the escaping of
 * every string that comes from the scenario.
 */
import { recordBaseline } from '../src/compare/baseline.js';
import type { HarnessRun } from '../src/harness/types.js';
import { reportOf } from '../src/pipeline.js';
import { escapeCode, escapeMarkdown } from '../src/report/escape.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { renderTerminal } from '../src/report/terminal.js';
import type { Report } from '../src/report/types.js';
import { reportOfResults, scenarioResult } from './helpers/results.js';
import { linear, syntheticRun, tracedWindow } from './helpers/synthetic.js';

function leakyRun(): HarnessRun {
  const run = syntheticRun({
    blocks: linear(50_000, 3),
    heapBytes: linear(3e6, 8192),
    types: { 'myapp.cache.Session': linear(10, 1) },
    window: tracedWindow(8192, [
      [
        { file: '/usr/lib/python3.11/json/decoder.py', line: 353, userCode: false, bytesPerCycle: 8192 },
        { file: 'myapp/cache.py', line: 14, userCode: true, bytesPerCycle: 8192 },
      ],
    ]),
  });
  run.settings = { ...run.settings, name: 'myapp/scenarios/checkout.py', target: 'myapp/scenarios/checkout.py' };
  return run;
}

function errorRun(): HarnessRun {
  const run = syntheticRun({ cycles: 100 });
  run.samples = run.samples.slice(0, 36);
  run.checkpoints = run.checkpoints.slice(0, 4);
  run.failure = {
    kind: 'cycle-raised',
    message: 'cycle 37 (measure) raised ValueError: bad order id 37',
    hint: 'a cycle must not raise: catch expected errors inside cycle()',
    cycle: 37,
    phase: 'measure',
    traceback: 'Traceback (most recent call last):\n  File "orders.py", line 8, in cycle\nValueError: bad order id 37\n',
  };
  run.output = { stdoutTail: 'processing order 37\n', stderrTail: '', stdoutBytes: 20, stderrBytes: 0 };
  return run;
}

function comparedReport(): Report {
  const renamed = (run: HarnessRun, name: string) => {
    run.settings = { ...run.settings, name, target: name };
    return scenarioResult(run);
  };
  const baselineResults = [renamed(syntheticRun({}), 'scenarios/new.py'), renamed(leakyRun(), 'scenarios/known.py'), renamed(leakyRun(), 'scenarios/fixed.py')];
  const { baseline } = recordBaseline(reportOfResults(baselineResults), new Date('2026-11-20T10:00:00Z'));
  baseline.environment.python = '3.10.13';
  const current = [renamed(leakyRun(), 'scenarios/new.py'), renamed(leakyRun(), 'scenarios/known.py'), renamed(syntheticRun({}), 'scenarios/fixed.py')];
  return reportOf(current, {
    failOn: 'regression',
    tolerance: { relativePercent: 50, bytesPerCycle: 1024, objectsPerCycle: 0.5 },
    baseline: { source: 'baseline.json', parsed: { ok: true, baseline } },
  });
}

const reports: Record<string, Report> = {
  compared: comparedReport(),
  pass: reportOfResults([scenarioResult(syntheticRun({}))]),
  fail: reportOfResults([scenarioResult(leakyRun()), scenarioResult(syntheticRun({}))]),
  error: reportOfResults([scenarioResult(errorRun())]),
};

describe('reports, one snapshot per kind of verdict', () => {
  it.each(Object.keys(reports))('the %s report in Markdown', (verdict) => {
    expect(renderMarkdown(reports[verdict])).toMatchSnapshot();
  });
  it.each(Object.keys(reports))('the %s report in the terminal', (verdict) => {
    expect(renderTerminal(reports[verdict], { color: false })).toMatchSnapshot();
  });
});

describe('what a reviewer needs is in the report', () => {
  const markdown = renderMarkdown(reports.fail);
  const terminal = renderTerminal(reports.fail, { color: false });
  it.each([
    { what: 'the verdict', text: '❌ leakgate: 1 leaking, 1 clean' },
    { what: 'the site in user code, not in the library', text: '**`myapp/cache.py:14`** in `f`' },
    { what: 'the growing type with its per-cycle count', text: '1 object per cycle' },
    { what: 'a memory chart', text: 'xychart-beta' },
    { what: 'collapsible tracebacks', text: '<details><summary>Tracebacks of the growing sites</summary>' },
  ])('the Markdown shows $what', ({ text }) => {
    expect(markdown).toContain(text);
  });
  it('the failing scenario has a section; the passing one is folded into the passing list, with none', () => {
    expect(markdown).toContain('### ❌');
    expect(markdown).not.toContain('### ✅');
    expect(markdown).toContain('<details><summary>1 passing</summary>');
  });
  it.each([
    { what: 'the verdict', text: '✗ LEAK  myapp/scenarios/checkout.py: Python memory leaks' },
    { what: 'the site as file:line with the function', text: 'myapp/cache.py:14 in f' },
    { what: 'the growth per cycle by kind', text: 'allocated blocks       +3' },
    { what: 'the growing type', text: 'myapp.cache.Session  1 object per cycle' },
    { what: 'a chart of memory over cycles', text: 'Memory over cycles' },
  ])('the terminal shows $what', ({ text }) => {
    expect(terminal).toContain(text);
  });
});

describe('a report compared with a baseline', () => {
  const report = reports.compared;
  it('fails on the new leak only, and says what each scenario is against the baseline', () => {
    expect(report.scenarios.map((s) => [s.name, s.comparison?.class, s.verdict])).toEqual([
      ['scenarios/new.py', 'new', 'fail'],
      ['scenarios/known.py', 'unchanged', 'pass'],
      ['scenarios/fixed.py', 'fixed', 'pass'],
    ]);
    expect(report.summary).toBe('1 new leak, 1 known leak unchanged, 1 leak fixed 🎉');
  });
  it('shows baseline beside current, the classes, and the caveat of another Python version', () => {
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('| scenario | verdict | where | per cycle |');
    expect(markdown).toContain('🆕 new leak');
    expect(markdown).toContain('🎉 fixed');
    expect(markdown).toContain('| per cycle | baseline | current |');
    expect(markdown).toContain('the baseline was recorded on Python 3.10.13, this run on 3.11.7');
    const terminal = renderTerminal(report, { color: false });
    expect(terminal).toMatch(/traced Python memory\s+\+8\.00 KiB\s+\+8\.00 KiB/);
  });
});

describe('untrusted strings are escaped', () => {
  it.each([
    { what: 'a mention cannot ping a team', input: '@org/team', mustNot: /@org/, must: '@\u200borg/team' },
    { what: 'HTML cannot render', input: '<img src=x onerror=alert(1)>', mustNot: /<img/, must: '&lt;img' },
    { what: 'a pipe cannot break the table', input: 'a|b', mustNot: /[^\\]\|/, must: 'a\\|b' },
    { what: 'a comment closer cannot end our marker', input: 'x --> y', mustNot: /-->/, must: 'x' },
    { what: 'a link cannot be forged', input: '[click](http://evil)', mustNot: /\[click\]\(/, must: '\\[click\\]' },
  ])('in Markdown text, $what', ({ input, mustNot, must }) => {
    const escaped = escapeMarkdown(input);
    expect(escaped).not.toMatch(mustNot);
    expect(escaped).toContain(must);
  });
  it.each([
    { input: '@org/team', mustNot: /@org/ },
    { input: '</code><script>x</script>', mustNot: /<script>/ },
    { input: 'a|b', mustNot: /\|/ },
    { input: '-->', mustNot: /-->/ },
  ])('inside <code>, $input is defused', ({ input, mustNot }) => {
    expect(escapeCode(input)).not.toMatch(mustNot);
  });
  it('a malicious type name in a report renders harmless everywhere', () => {
    const run = leakyRun();
    for (const c of run.checkpoints) c.types['@org/team <img src=x> | -->'] = c.types['myapp.cache.Session'];
    const full = renderMarkdown(reportOfResults([scenarioResult(run)]));
    // The Mermaid chart is ours and uses `-->` for its axis range; everything else is checked.
    const markdown = full.replace(/```mermaid[\s\S]*?```/g, '');
    expect(markdown).not.toMatch(/@org|<img|-->/);
    // In code, characters are entities (nothing to copy wrongly); in prose, mentions get a zero-width space.
    expect(markdown).toContain('<code>&#64;org/team &lt;img src=x&gt; &#124; --&gt;</code>');
    expect(markdown).toContain('@\u200borg/team &lt;img src=x&gt; \\| -\u200b-&gt; objects grow');
  });
  it("the terminal names an interpreter's file from its root and counts blocks whole, as the Markdown does", () => {
    const report = reportOfResults([scenarioResult(leakyRun())]);
    const site = report.scenarios[0].sites[0];
    site.file = '/root/.pyenv/versions/3.11.7/lib/python3.11/json/decoder.py';
    site.countPerCycle = 0.077;
    const text = renderTerminal(report, { color: false });
    expect(text).toContain('<stdlib>/json/decoder.py:');
    expect(text).not.toContain('/root/.pyenv');
    expect(text).toContain('1 block every 13 cycles');
    expect(text).not.toMatch(/0\.\d+ blocks?\/cycle/);
  });
  it('control characters from the scenario cannot drive the terminal', () => {
    const run = leakyRun();
    for (const c of run.checkpoints) c.types['evil\u001b[2J'] = c.types['myapp.cache.Session'];
    const text = renderTerminal(reportOfResults([scenarioResult(run)]), { color: false });
    expect(text).not.toContain('\u001b[2J');
  });
});
