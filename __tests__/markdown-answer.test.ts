/**
 * The top of every Markdown output (issue 16): the answer first (the verdict, then one sentence
 * per scenario with a finding: where, how fast, held by what), one block of notes, the baseline
 * named as people do, a summary table of at most four columns with passing scenarios folded
 * away, and every output (comment, job summary, `--markdown`) under GitHub's 65,536 characters
 * with a line at the top when detail was dropped. Reports are built by the production stages
 * from synthetic runs (helpers/results.ts, synthetic.ts).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { renderComment, renderSummary } from '../src/adapters/action/comment.js';
import { recordBaseline } from '../src/compare/baseline.js';
import type { HarnessRun } from '../src/harness/types.js';
import { reportOf } from '../src/pipeline.js';
import { renderMarkdown } from '../src/report/markdown.js';
import type { Report, ScenarioResult } from '../src/report/types.js';
import { CHILD_ENV, CLI, NODE } from './helpers/cli.js';
import { reportOfResults, scenarioResult } from './helpers/results.js';
import { linear, syntheticRun, tracedWindow } from './helpers/synthetic.js';

const LIMIT = 65_536;

/** A Python leak of `bytesPerCycle` at checkout.py:10 in render_receipt, one bytes object a cycle held by checkout._receipts. */
function leakyRun(name: string, bytesPerCycle = 4096, sites = 1): HarnessRun {
  const frames = Array.from({ length: sites }, (_, i) => [
    { file: '/root/.pyenv/versions/3.11.7/lib/python3.11/json/decoder.py', line: 353, userCode: false, bytesPerCycle },
    { file: 'checkout.py', line: 10 + i, userCode: true, bytesPerCycle },
  ]);
  const run = syntheticRun({ blocks: linear(50_000, sites), types: {}, window: tracedWindow(bytesPerCycle * sites, frames) });
  for (const [i, site] of run.window!.sites.entries()) {
    site.frames[1].function = 'render_receipt';
    site.frames[1].code = `_receipts.append(render(order_${i}))`;
    site.retainedBy = 'checkout._receipts (list) → [3] → bytes';
    site.retainedByRoot = { label: 'checkout._receipts', module: 'checkout', userCode: true };
    site.objectType = 'bytes';
    site.objectTracked = false;
    site.objectBytes = bytesPerCycle;
  }
  run.settings = { ...run.settings, name, target: name };
  return run;
}

function cleanRun(name: string): HarnessRun {
  const run = syntheticRun({});
  run.settings = { ...run.settings, name, target: name };
  return run;
}

function errorRun(name: string): HarnessRun {
  const run = cleanRun(name);
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
  return run;
}

/** A descriptor leak: one socket a cycle, opened at app.py:33 and kept in app.clients. */
function fdLeak(): ScenarioResult {
  const s = scenarioResult(cleanRun('sockets.py'));
  s.verdict = 'fail';
  s.leak = { detected: true, kind: 'fd', reasons: ['open descriptors grow by 1 descriptor per cycle'], notes: [] };
  s.growth.fdsPerCycle = 1;
  s.fdOwners = [
    {
      kind: 'socket',
      target: 'socket',
      perCycle: 1,
      count: 20,
      objectType: 'socket.socket',
      frames: [{ file: 'app.py', line: 33, function: 'connect', code: 'conn = socket.create_connection(addr)', userCode: true }],
      retainedBy: 'app.clients (list) → [0] → socket.socket',
      retainedByRoot: { label: 'app.clients', module: 'app', userCode: true },
    },
  ];
  return s;
}

/** A native leak: 256 KiB of RSS a cycle while Python objects stay flat. */
function nativeLeak(): ScenarioResult {
  const s = scenarioResult(cleanRun('native.py'));
  s.verdict = 'fail';
  s.leak = { detected: true, kind: 'native', reasons: ['RSS grows by 256 KiB per cycle while Python objects stay flat'], notes: [] };
  s.growth.rssBytesPerCycle = 256 * 1024;
  return s;
}

/** A known library leak (Django's test client), passing. */
function knownLeak(): ScenarioResult {
  const s = scenarioResult(cleanRun('django_client.py'));
  s.explanation = {
    knownLibraryLeak: true,
    knownLeaksVersion: 1,
    knownLeaks: [
      {
        id: 'django-test-client-signal-finalizers',
        library: 'Django',
        title: "Django's test client",
        versions: '4.2–5.1',
        explanation: 'each request connects a signal receiver',
        workaround: 'reuse one Client',
        link: 'https://example.invalid/django',
        linkKind: 'issue',
        types: ['weakref.finalize'],
        sites: [],
        calledFrom: null,
      },
    ],
    library: null,
    suppressed: [],
    explained: [],
  } as unknown as ScenarioResult['explanation'];
  return s;
}

/** The current run against a baseline: checkout.py leaks 8 KiB a cycle in the baseline and `nowBytes` now. */
function comparedReport(nowBytes: number): Report {
  const { baseline } = recordBaseline(reportOfResults([scenarioResult(leakyRun('checkout.py', 8192))]), new Date('2026-11-20T10:00:00Z'));
  return reportOf([scenarioResult(leakyRun('checkout.py', nowBytes))], {
    failOn: 'regression',
    tolerance: { relativePercent: 50, bytesPerCycle: 1024, objectsPerCycle: 0.5 },
    baseline: { source: 'baseline.json', parsed: { ok: true, baseline } },
  });
}

/** The run against a baseline in which checkout.py leaked 8 KiB a cycle: now it does not. */
function fixedReport(): Report {
  const { baseline } = recordBaseline(reportOfResults([scenarioResult(leakyRun('checkout.py', 8192))]), new Date('2026-11-20T10:00:00Z'));
  return reportOf([scenarioResult(cleanRun('checkout.py'))], {
    failOn: 'regression',
    tolerance: { relativePercent: 50, bytesPerCycle: 1024, objectsPerCycle: 0.5 },
    baseline: { source: 'baseline.json', parsed: { ok: true, baseline } },
  });
}

/** Growth wholly suppressed by an ignore entry: no leak, but something to show. */
function suppressed(): ScenarioResult {
  const s = scenarioResult(cleanRun('cache.py'));
  s.explanation = {
    knownLibraryLeak: false,
    knownLeaksVersion: 1,
    knownLeaks: [],
    library: null,
    suppressed: [{ what: 'type', name: 'app.Entry', reason: 'a bounded cache', source: 'pyproject.toml [[tool.leakgate.ignore]] #1' }],
    explained: [{ reason: 'app.Entry objects grow by 1 object per cycle', by: ['app.Entry'] }],
  } as unknown as ScenarioResult['explanation'];
  return s;
}

/** The first line after the verdict's heading that is not blank. */
function firstLineAfterHeading(markdown: string): string {
  const lines = markdown.split('\n');
  return lines.slice(lines.findIndex((l) => l.startsWith('## ')) + 1).find((l) => l.trim() !== '') ?? '';
}

/** The top of the report: everything before the first scenario's section. */
const topOf = (markdown: string) => markdown.split('\n### ')[0];

/** Cells of a table row, split where GitHub splits them: at pipes not escaped by a backslash. */
function cells(row: string): number {
  let pipes = 0;
  for (let i = 0; i < row.length; i++) {
    if (row[i] === '\\') i += 1;
    else if (row[i] === '|') pipes += 1;
  }
  return pipes - 1;
}

describe('the first line after the verdict is the answer: where it leaks, how fast, what holds it', () => {
  it.each([
    {
      what: 'a Python leak names its line, function, rate, objects and holder',
      report: () => reportOfResults([scenarioResult(leakyRun('checkout.py'))]),
      expected: [
        '❌ **<code>checkout.py:10</code>** in <code>render&#95;receipt</code>',
        '+4.0 KiB/cycle',
        '(1 <code>bytes</code> object per cycle)',
        'held by <code>checkout.&#95;receipts</code>',
      ],
    },
    {
      what: 'a worse leak gives the baseline figure, the current one and the ratio in one unit',
      report: () => comparedReport(32 * 1024),
      expected: ['❌ **<code>checkout.py:10</code>**', 'worse: 8.0 → 32 KiB/cycle (4.0×)'],
    },
    {
      what: 'a descriptor leak counts sockets and names the line that opened them',
      report: () => reportOfResults([fdLeak()]),
      expected: ['❌ <code>sockets.py</code>', '+1 socket per cycle', 'opened at <code>app.py:33</code>', 'held by <code>app.clients</code>'],
    },
    {
      what: 'a native leak says RSS and native memory',
      report: () => reportOfResults([nativeLeak()]),
      expected: ['❌ <code>native.py</code>', '+256 KiB RSS per cycle, native memory'],
    },
    {
      what: 'an error says it could not be measured, and why',
      report: () => reportOfResults([scenarioResult(errorRun('orders.py'))]),
      expected: ['⚠️ <code>orders.py</code> could not be measured: cycle 37 \\(measure\\) raised ValueError: bad order id 37'],
    },
    {
      what: 'a known library leak says so, and that it does not fail',
      report: () => reportOfResults([knownLeak()]),
      expected: ['<code>django&#95;client.py</code> — known library leak (Django), not failing'],
    },
    {
      what: 'a fixed leak says what it was, with the class mark',
      report: fixedReport,
      expected: ['🎉 <code>checkout.py</code> — fixed, was +8.0 KiB/cycle'],
    },
    {
      what: 'growth wholly suppressed says so, and that it does not fail',
      report: () => reportOfResults([suppressed()]),
      expected: ['ℹ️ <code>cache.py</code> — no leak left after suppressions, not failing'],
    },
  ])('$what', ({ report, expected }) => {
    const first = firstLineAfterHeading(renderMarkdown(report()));
    for (const text of expected) expect(first).toContain(text);
  });

  it('a fractional count in the table is said in whole blocks: "+1 block every 13 cycles"', () => {
    const report = reportOfResults([scenarioResult(leakyRun('checkout.py'))]);
    const s = report.scenarios[0];
    s.growth.tracedBytesPerCycle = null;
    s.growth.blocksPerCycle = 1 / 13;
    const row = topOf(renderMarkdown(report))
      .split('\n')
      .find((l) => l.startsWith('| checkout.py'));
    expect(row).toMatch(/\| \+1 block every 13 cycles \|$/);
  });

  it('a fractional rate is said in whole objects: "1 every 13 cycles", never "0.077 blocks"', () => {
    const report = reportOfResults([scenarioResult(leakyRun('checkout.py'))]);
    report.scenarios[0].sites[0].countPerCycle = 1 / 13;
    const first = firstLineAfterHeading(renderMarkdown(report));
    expect(first).toContain('1 <code>bytes</code> object every 13 cycles');
    expect(first).not.toMatch(/0\.0\d/);
  });
});

describe('the verdict', () => {
  it('is ❌ when a scenario leaks, even when another could not be measured', () => {
    const report = reportOfResults([scenarioResult(leakyRun('checkout.py')), scenarioResult(errorRun('orders.py'))]);
    expect(report.verdict).toBe('error');
    expect(renderMarkdown(report)).toMatch(/^## ❌ leakgate: /);
  });
  it('is ⚠️ when scenarios could not be measured and none leaks', () => {
    const report = reportOfResults([scenarioResult(cleanRun('a.py')), scenarioResult(errorRun('orders.py'))]);
    expect(renderMarkdown(report)).toMatch(/^## ⚠️ leakgate: /);
  });
});

describe('the summary table', () => {
  const mixed = () =>
    reportOfResults([
      ...Array.from({ length: 25 }, (_, i) => scenarioResult(cleanRun(`clean_${i}.py`))),
      scenarioResult(errorRun('orders.py')),
      scenarioResult(leakyRun('checkout.py')),
      knownLeak(),
    ]);

  it('folds passing scenarios into one <details>, with no section of their own', () => {
    const markdown = renderMarkdown(mixed());
    expect(markdown).toContain('<details><summary>25 passing</summary>');
    expect(markdown).not.toMatch(/^### ✅ .*no leak$/m);
    expect(markdown.match(/^### /gm)).toHaveLength(3);
  });

  it('lists failing rows first, then errors, then known leaks, in at most 4 columns', () => {
    const markdown = renderMarkdown(mixed());
    const rows = topOf(markdown)
      .split('\n')
      .filter((l) => l.startsWith('|'));
    expect(rows.length).toBeGreaterThan(2);
    for (const row of rows) expect({ row, cells: cells(row) }).toEqual({ row, cells: expect.any(Number) });
    expect(Math.max(...rows.map(cells))).toBeLessThanOrEqual(4);
    expect(rows.slice(2).map((r) => r.split(' | ')[0])).toEqual(['| checkout.py', '| orders.py', '| django\\_client.py']);
  });

  it('with a baseline, "per cycle" is one cell "8.0 → 32 KiB", not a table of seven columns', () => {
    const rows = topOf(renderMarkdown(comparedReport(32 * 1024)))
      .split('\n')
      .filter((l) => l.startsWith('|'));
    expect(Math.max(...rows.map(cells))).toBeLessThanOrEqual(4);
    expect(rows[2]).toMatch(/\| 8\.0 → 32 KiB \|$/);
  });
});

describe('notes: one block, after the verdict, our commands copyable', () => {
  const noBaseline = () =>
    reportOf([scenarioResult(leakyRun('checkout.py'))], {
      failOn: 'regression',
      tolerance: { relativePercent: 50, bytesPerCycle: 0, objectsPerCycle: 0 },
      baseline: null,
    });
  const comment = () =>
    renderComment({
      report: noBaseline(),
      marker: '<!-- leakgate -->',
      sourceUrl: () => null,
      baseline: { status: 'missing', reason: "no artifact named 'leakgate-baseline' exists yet", artifactName: 'leakgate-baseline' },
      acceptLabel: 'leakgate:accept',
      accepted: false,
      runUrl: 'https://github.com/acme/shop/actions/runs/1',
    });

  it('the comment says "no baseline" once, in one block after the verdict', () => {
    const body = comment();
    expect(body.indexOf('## ❌ leakgate')).toBeLessThan(body.indexOf('No baseline yet'));
    expect(body.match(/no baseline|No baseline/g)).toHaveLength(1);
    const top = topOf(body);
    const quoted = top
      .split('\n')
      .map((line) => (line.startsWith('>') ? '>' : '.'))
      .join('');
    expect(quoted.match(/>+/g)).toHaveLength(1);
  });

  it("a caveat of the comparison is said once, in the notes, not again in the scenario's section", () => {
    const report = comparedReport(32_768);
    const caveat = 'the baseline was recorded on Python 3.10, this run is on Python 3.11';
    report.baseline!.caveats = [caveat];
    report.scenarios[0].comparison!.caveats = [caveat];
    const markdown = renderMarkdown(report);
    expect(markdown.split(caveat)).toHaveLength(2);
    expect(topOf(markdown)).toContain(caveat);
  });

  it('our own command in the note has no zero-width space, so it can be copied', () => {
    const markdown = renderMarkdown(noBaseline());
    expect(markdown).toContain('`leakgate run TARGET --save-baseline baseline.json`');
    expect(topOf(markdown)).not.toContain('\u200b');
  });
});

describe('the baseline named as people do', () => {
  it('the comment names its branch, its commit linked to its run, how long ago, and the head', () => {
    const body = renderComment({
      report: comparedReport(32 * 1024),
      marker: '<!-- leakgate -->',
      sourceUrl: () => null,
      baseline: {
        status: 'compared',
        reason: '',
        artifactName: 'leakgate-baseline',
        origin: {
          branch: 'main',
          commit: 'abc1234def'.padEnd(40, '0'),
          runUrl: 'https://github.com/acme/shop/actions/runs/9',
          createdAt: '2026-11-20T10:00:00Z',
        },
      },
      acceptLabel: 'leakgate:accept',
      accepted: false,
      runUrl: 'https://github.com/acme/shop/actions/runs/1',
      headSha: 'def5678'.padEnd(40, '0'),
      now: new Date('2026-11-23T11:00:00Z'),
    });
    expect(body).toContain(
      'Compared with the baseline from <code>main</code> @<a href="https://github.com/acme/shop/actions/runs/9"><code>abc1234</code></a>, 3 days ago',
    );
    expect(body).toContain('head <code>def5678</code>');
  });
  it('the CLI names its file and the date it was recorded, not a raw timestamp', () => {
    const markdown = renderMarkdown(comparedReport(32 * 1024));
    expect(markdown).toContain('Compared with the baseline <code>baseline.json</code>, recorded 2026-11-20.');
    expect(markdown).not.toContain('T10:00:00');
  });
});

describe('every Markdown output is under 65,536 characters, saying at its top when detail was dropped', () => {
  // 50 scenarios: 25 leaking at 5 sites each (tracebacks, charts), 25 clean.
  const big = () =>
    reportOfResults(
      Array.from({ length: 50 }, (_, i) =>
        scenarioResult(i % 2 === 0 ? leakyRun(`scenarios/leaky_${i}.py`, 4096 + i, 5) : cleanRun(`scenarios/clean_${i}.py`)),
      ),
    );

  it('the report is too big whole (the case is real)', () => {
    expect(renderMarkdown(big()).length).toBeGreaterThan(LIMIT);
  });

  it('the comment fits, and its top links the job summary', () => {
    const body = renderComment({
      report: big(),
      marker: '<!-- leakgate -->',
      sourceUrl: () => null,
      baseline: { status: 'missing', reason: 'none yet', artifactName: 'leakgate-baseline' },
      acceptLabel: 'leakgate:accept',
      accepted: false,
      runUrl: 'https://github.com/acme/shop/actions/runs/1',
    });
    expect(body.length).toBeLessThanOrEqual(LIMIT);
    expect(body.indexOf('[job summary](https://github.com/acme/shop/actions/runs/1)')).toBeGreaterThan(0);
    expect(body.indexOf('[job summary]')).toBeLessThan(body.indexOf('| scenario |'));
  });

  it('the job summary fits, and its top names the JSON report', () => {
    const summary = renderSummary(big(), [], () => null);
    expect(summary.length).toBeLessThanOrEqual(LIMIT);
    expect(summary.indexOf('JSON report')).toBeGreaterThan(0);
    expect(summary.indexOf('JSON report')).toBeLessThan(summary.indexOf('| scenario |'));
  });

  it('`leakgate merge … --markdown FILE` of 50 scenarios writes a file that fits, naming the JSON report at its top', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'leakgate-answer-'));
    const input = join(folder, 'leg.json');
    writeFileSync(input, JSON.stringify(big()));
    const [markdownPath, jsonPath] = [join(folder, 'report.md'), join(folder, 'merged.json')];
    const run = await execa(NODE, [...CLI, 'merge', input, '--markdown', markdownPath, '--json', jsonPath], {
      reject: false,
      env: { ...process.env, ...CHILD_ENV },
    });
    expect(run.stderr).not.toMatch(/cannot write|does not match/);
    const markdown = readFileSync(markdownPath, 'utf8');
    expect(markdown.length).toBeLessThanOrEqual(LIMIT);
    expect(markdown).toMatch(/^## ❌ leakgate: /);
    const named = markdown.indexOf(`JSON report <code>${jsonPath.replace(/_/g, '&#95;')}</code>`);
    expect(named).toBeGreaterThan(0);
    expect(named).toBeLessThan(markdown.indexOf('| scenario |'));
  });
});
