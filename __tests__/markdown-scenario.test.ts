/**
 * One scenario's section of the Markdown report (issue 16), as a reviewer reads it on GitHub: titled
 * by its finding, sites as a list with their code, whole blocks, one listing with a baseline,
 * interpreter paths as <stdlib>/…, no growth table of zeros, and code shown exactly as written once
 * a CommonMark renderer has rendered it.
 */
import { parseHTML } from 'linkedom';
import MarkdownIt from 'markdown-it';
import { recordBaseline } from '../src/compare/baseline.js';
import type { HarnessRun } from '../src/harness/types.js';
import { reportOf } from '../src/pipeline.js';
import { renderScenario } from '../src/report/markdown-scenario.js';
import type { Report, ScenarioResult } from '../src/report/types.js';
import { reportOfResults, scenarioResult } from './helpers/results.js';
import { linear, syntheticRun, tracedWindow } from './helpers/synthetic.js';

const noLinks = () => null;
const section = (s: ScenarioResult, detail: 'full' | 'compact' = 'full') => renderScenario(s, detail, noLinks).join('\n');

function leakyRun(name: string, site = { file: 'myapp/cache.py', line: 14, code: 'x = 1' }, bytesPerCycle = 8192): HarnessRun {
  const run = syntheticRun({
    blocks: linear(50_000, 3),
    heapBytes: linear(3e6, bytesPerCycle),
    types: { 'myapp.cache.Session': linear(10, 1) },
    window: tracedWindow(bytesPerCycle, [[{ file: site.file, line: site.line, userCode: true, bytesPerCycle }]]),
  });
  run.settings = { ...run.settings, name, target: name };
  Object.assign(run.window!.sites[0].frames[0], { code: site.code, function: 'render' });
  return run;
}

function cleanRun(name: string): HarnessRun {
  const run = syntheticRun({});
  run.settings = { ...run.settings, name, target: name };
  return run;
}

/** A report compared with a baseline recorded from `before`, of the runs `after` (the gate: regression). */
function compared(before: HarnessRun[], after: HarnessRun[]): Report {
  const { baseline } = recordBaseline(reportOfResults(before.map(scenarioResult)), new Date('2026-11-20T10:00:00Z'));
  return reportOf(after.map(scenarioResult), {
    failOn: 'regression',
    tolerance: { relativePercent: 50, bytesPerCycle: 1024, objectsPerCycle: 0.5 },
    baseline: { source: 'baseline.json', parsed: { ok: true, baseline } },
  });
}

const byName = (report: Report, name: string) => report.scenarios.find((s) => s.name === name)!;
const heading = (s: ScenarioResult) => section(s).split('\n')[0];

describe('the heading says what was found, not what the gate did', () => {
  const report = compared(
    [cleanRun('new.py'), leakyRun('known.py'), leakyRun('fixed.py'), cleanRun('clean.py')],
    [leakyRun('new.py'), leakyRun('known.py'), cleanRun('fixed.py'), cleanRun('clean.py')],
  );
  it.each([
    { name: 'new.py', verdict: 'fail', expected: '### ❌ new.py: Python memory leaks — new leak' },
    { name: 'known.py', verdict: 'pass', expected: '### ➖ known.py: known leak, unchanged — Python memory leaks' },
    { name: 'fixed.py', verdict: 'pass', expected: '### 🎉 fixed.py: no leak — the leak of the baseline is fixed' },
    { name: 'clean.py', verdict: 'pass', expected: '### ✅ clean.py: no leak' },
  ])('$name ($verdict): $expected', ({ name, verdict, expected }) => {
    const s = byName(report, name);
    expect(s.verdict).toBe(verdict);
    expect(heading(s)).toBe(expected);
  });

  it('a leak that a known library leak explains is titled as that, not as a pass', () => {
    const s = scenarioResult(cleanRun('django_client.py'));
    s.explanation = {
      knownLibraryLeak: true,
      knownLeaksVersion: 1,
      knownLeaks: [
        {
          id: 'django-test-client-signal-finalizers',
          library: 'Django',
          title: "Django's test client",
          versions: 'all',
          explanation: 'each request connects a finalizer',
          workaround: 'reuse one client',
          link: 'https://example.org/issue',
          linkKind: 'issue',
          types: ['weakref.finalize'],
          sites: [],
          calledFrom: { file: 'app.py', line: 12, function: 'cycle' },
        },
      ],
      library: null,
      suppressed: [],
      explained: [{ reason: 'weakref.finalize objects grow by 1 object per cycle', by: ['django-test-client-signal-finalizers'] }],
    };
    expect(heading(s)).toBe('### ➖ django\\_client.py: known library leak \\(Django\\)');
  });

  it('a scenario that could not be measured is titled so', () => {
    const run = leakyRun('broken.py');
    run.failure = { kind: 'cycle-raised', message: 'cycle 37 raised ValueError', hint: null, cycle: 37, phase: 'measure', traceback: null };
    expect(heading(scenarioResult(run))).toBe('### ⚠️ broken.py: could not be measured');
  });
});

describe('growing sites are a list: the line, its function, its rate in whole blocks, what holds it, then its code', () => {
  function withSite(fields: Partial<ScenarioResult['sites'][number]>): ScenarioResult {
    const s = scenarioResult(leakyRun('leaky.py'));
    Object.assign(s.sites[0], fields);
    return s;
  }

  it('one entry per site, its code in a python block', () => {
    const s = withSite({
      file: 'leaky.py',
      line: 21,
      function: 'render',
      code: 'RESPONSES[key] = body',
      bytesPerCycle: 8400,
      countPerCycle: 2.4,
      objectType: 'bytes',
      objectTracked: false,
      retainedBy: 'leaky._response_cache (dict)',
    });
    const lines = section(s).split('\n');
    const at = lines.indexOf('- **`leaky.py:21`** in `render` — 8.2 KiB/cycle, 2 blocks of `bytes` · held by `leaky._response_cache (dict)`');
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1, at + 5)).toEqual(['', '  ```python', '  RESPONSES[key] = body', '  ```']);
  });

  it.each([
    { countPerCycle: 0.077, bytesPerCycle: 91, words: '91 B/cycle, 1 block every 13 cycles' },
    { countPerCycle: 1, bytesPerCycle: 1024, words: '1.0 KiB/cycle, 1 block' },
    { countPerCycle: 6.6, bytesPerCycle: 32768, words: '32 KiB/cycle, 7 blocks' },
  ])('$countPerCycle blocks a cycle read as "$words", never a fraction of a block', ({ countPerCycle, bytesPerCycle, words }) => {
    const text = section(withSite({ countPerCycle, bytesPerCycle, objectType: null }));
    expect(text).toContain(`in \`render\` — ${words}`);
    expect(text).not.toMatch(/\d\.\d+ blocks?/);
  });

  it('no table is wider than four columns: not the sites, not the native lead', () => {
    const s = withSite({});
    s.nativeLead = {
      cycles: 5,
      method: 'sys.monitoring',
      heapMeasured: true,
      calls: [
        {
          callee: 'zlib.decompress',
          module: 'zlib',
          file: 'leaky.py',
          line: 30,
          function: 'inflate',
          code: 'zlib.decompress(blob)',
          calls: 5,
          heapBytesPerCycle: 262144,
        },
      ],
    };
    const text = section(s);
    const widest = Math.max(
      0,
      ...text
        .split('\n')
        .filter((l) => l.startsWith('|'))
        .map((l) => l.split('|').length - 2),
    );
    expect(widest).toBeLessThanOrEqual(4);
    expect(text).toContain('- `zlib.decompress` from **`leaky.py:30`** in `inflate` — \\+256 KiB heap per cycle, 5 calls in 5 profiled cycles');
  });
});

describe('with a baseline, each site and type is listed once, with its class and the baseline rate inline', () => {
  it('a known site and type appear once each, outside the tracebacks', () => {
    const report = compared([leakyRun('known.py')], [leakyRun('known.py')]);
    const text = section(byName(report, 'known.py')).split('<details><summary>Tracebacks')[0];
    expect(text.match(/myapp\/cache\.py:14/g)).toHaveLength(1);
    expect(text.match(/myapp\.cache\.Session/g)).toHaveLength(1);
    expect(text).toContain('- ➖ **`myapp/cache.py:14`** in `render` — 8.0 → 8.0 KiB/cycle, 1 block');
  });

  it('a worse site says so, with both rates', () => {
    const report = compared([leakyRun('worse.py')], [leakyRun('worse.py', undefined, 32768)]);
    const text = section(byName(report, 'worse.py'));
    expect(text).toContain('- 📈 **`myapp/cache.py:14`** in `render` (worse) — 8.0 → 32 KiB/cycle, 1 block');
  });

  it('an edited leak line is one site, with the line and text it was, not a fixed one and a new one', () => {
    const report = compared(
      [leakyRun('edited.py', { file: 'myapp/cache.py', line: 20, code: 'cache.append(payload)' })],
      [leakyRun('edited.py', { file: 'myapp/cache.py', line: 21, code: 'store[key] = build(request)' })],
    );
    const text = section(byName(report, 'edited.py'));
    expect(text).not.toContain('fixed');
    expect(text).not.toContain('🆕');
    expect(text).toContain('- ➖ **`myapp/cache.py:21`** in `render` — 8.0 → 8.0 KiB/cycle, 1 block');
    expect(text).toContain(['  was line 20:', '', '  ```python', '  cache.append(payload)', '  ```'].join('\n'));
  });

  it('clean in both runs: no growth table; a fixed leak: only the rows that grew', () => {
    const report = compared([cleanRun('clean.py'), leakyRun('fixed.py')], [cleanRun('clean.py'), cleanRun('fixed.py')]);
    expect(section(byName(report, 'clean.py'))).not.toContain('| per cycle | baseline | current |');
    const fixed = section(byName(report, 'fixed.py'));
    expect(fixed).toContain('| allocated blocks | +3 | 0 |');
    expect(fixed).not.toMatch(/^\| [a-zA-Z ]+ \| (0|n\/a) \| (0|n\/a) \|$/m);
    expect(fixed).toContain('- 🎉 fixed: `myapp/cache.py:14` in `render` (was 8.0 KiB/cycle)');
  });
});

describe('paths people recognise', () => {
  it('an error traceback shows the standard library as <stdlib>/…, the repository as it is', () => {
    const run = leakyRun('broken.py');
    run.failure = {
      kind: 'cycle-raised',
      message: 'cycle 37 raised JSONDecodeError',
      hint: null,
      cycle: 37,
      phase: 'measure',
      traceback:
        'Traceback (most recent call last):\n  File "app/orders.py", line 8, in cycle\n' +
        '  File "/root/.pyenv/versions/3.11.7/lib/python3.11/json/decoder.py", line 353, in raw_decode\nJSONDecodeError: Expecting value\n',
    };
    const text = section(scenarioResult(run));
    expect(text).toContain('File &quot;&lt;stdlib&gt;/json/decoder.py&quot;, line 353');
    expect(text).toContain('File &quot;app/orders.py&quot;, line 8');
    expect(text).not.toContain('.pyenv');
  });

  it("a library site's frame shows <site-packages>/…", () => {
    const s = scenarioResult(leakyRun('lib.py'));
    s.sites[0].frames[0].file = '/usr/lib/python3/dist-packages/werkzeug/test.py';
    expect(section(s)).toContain('&lt;site-packages&gt;/werkzeug/test.py:14 in render');
  });
});

describe('code renders exactly as written (as a CommonMark renderer shows it)', () => {
  const TRICKY = ['__init__', 'self.__self__', '*a*', '#123', 'https://x', 'a | b', 'C:\\temp\\_x', '<script>alert(1)</script>', '``` `x` ```', '@team'];
  const md = new MarkdownIt({ html: true });
  it.each(TRICKY)('%s as function, code and holder of a site', (text) => {
    const s = scenarioResult(leakyRun('tricky.py'));
    Object.assign(s.sites[0], { function: text, code: text, retainedBy: text });
    const { document } = parseHTML(`<html><body>${md.render(section(s, 'compact'))}</body></html>`);
    const item = [...document.querySelectorAll('li')].find((li) => li.textContent.includes('myapp/cache.py:14'))!;
    expect([...item.querySelectorAll('code')].map((c) => c.textContent)).toEqual(['myapp/cache.py:14', text, text, `${text}\n`]);
    expect(item.querySelectorAll('script, strong strong, em, a')).toHaveLength(0);
  });
});
