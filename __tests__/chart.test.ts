/**
 * Charts that tell the truth (issue 16, "Charts that mislead"): the Markdown chart plots the
 * signal that leaks on evenly spaced cycles, in colours and units a reader can tell apart, with a
 * y range that leaves noise flat; the terminal's sparklines share one scale and a floor.
 */
import { evenCycles, valuesAt } from '../src/analyse/series.js';
import { recordBaseline } from '../src/compare/baseline.js';
import type { HarnessRun } from '../src/harness/types.js';
import { reportOf } from '../src/pipeline.js';
import { CHART_COLOURS, scenarioChart } from '../src/report/chart.js';
import { sparklines } from '../src/report/format.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { renderTerminal } from '../src/report/terminal.js';
import type { Report, ScenarioResult } from '../src/report/types.js';
import { reportOfResults, scenarioResult } from './helpers/results.js';
import { linear, type SyntheticShape, syntheticRun, tracedWindow } from './helpers/synthetic.js';

const KiB = 1024;
const MiB = 1024 * KiB;

function named(run: HarnessRun, name: string): HarnessRun {
  run.settings = { ...run.settings, name, target: name };
  return run;
}

/** A Python leak of `bytesPerCycle` on the malloc heap, one object a cycle, found by a traced window. */
function pythonLeakRun(bytesPerCycle: number, extra: SyntheticShape = {}): HarnessRun {
  return named(
    syntheticRun({
      heapBytes: linear(3e6, bytesPerCycle),
      types: { 'app.Session': linear(0, 1) },
      window: tracedWindow(bytesPerCycle, [[{ file: 'app/cache.py', line: 14, userCode: true, bytesPerCycle }]]),
      ...extra,
    }),
    'app/scenario.py',
  );
}

/** The current runs' report compared with a baseline recorded from the baseline runs (matched by name). */
function compared(baselineRuns: HarnessRun[], currentRuns: HarnessRun[]): Report {
  const { baseline } = recordBaseline(reportOfResults(baselineRuns.map(scenarioResult)), new Date('2026-11-20T10:00:00Z'));
  return reportOf(currentRuns.map(scenarioResult), {
    failOn: 'regression',
    tolerance: { relativePercent: 50, bytesPerCycle: 0, objectsPerCycle: 0 },
    baseline: { source: 'baseline.json', parsed: { ok: true, baseline } },
  });
}

/** The parts of a Mermaid xychart a reader sees: title, axes and lines. */
function parsed(chart: string[]) {
  const text = chart.join('\n');
  const mermaid = /```mermaid\n([\s\S]*?)```/.exec(text)?.[1] ?? '';
  const x = /x-axis "[^"]*" (-?[\d.]+) --> (-?[\d.]+)/.exec(mermaid);
  const y = /y-axis "([^"]*)" (-?[\d.]+) --> (-?[\d.]+)/.exec(mermaid);
  const lines = [...mermaid.matchAll(/^\s*line "([^"]*)" \[([^\]]*)\]/gm)].map((m) => ({ name: m[1], values: m[2].split(',').map(Number) }));
  return {
    text,
    mermaid,
    title: /title "([^"]*)"/.exec(mermaid)?.[1] ?? '',
    x: x ? { from: Number(x[1]), to: Number(x[2]) } : null,
    y: y ? { unit: y[1], low: Number(y[2]), high: Number(y[3]) } : null,
    lines,
    line: (name: string) => lines.find((l) => l.name === name)?.values ?? [],
  };
}

describe('the Markdown chart', () => {
  const newLeak = compared([named(syntheticRun({}), 'app/scenario.py')], [pythonLeakRun(8 * KiB)]).scenarios[0];
  const worse = compared([pythonLeakRun(8 * KiB)], [pythonLeakRun(32 * KiB)]).scenarios[0];

  it('names its colours: the current run a strong colour, the baseline grey, read on light and dark themes', () => {
    const chart = parsed(scenarioChart(worse));
    expect(worse.comparison?.class).toBe('worse');
    expect(chart.mermaid).toContain(`"plotColorPalette":"${CHART_COLOURS.baseline}, ${CHART_COLOURS.current}"`);
    // The baseline line is drawn first, so it takes the palette's first colour: grey, not Mermaid's near-white.
    expect(chart.lines.map((l) => l.name)).toEqual(['baseline', 'current']);
  });

  it('has a legend under the chart naming each line by its colour, and a title that says what is plotted', () => {
    const chart = parsed(scenarioChart(worse));
    const after = chart.text.slice(chart.text.indexOf('```', chart.text.indexOf('```mermaid') + 3));
    expect(after).toMatch(/orange\*\* this run, \*\*grey\*\* the baseline/);
    expect(chart.title).toMatch(/^malloc heap growth since cycle 1, (KiB|MiB): baseline and current$/);
    const alone = parsed(scenarioChart(scenarioResult(pythonLeakRun(8 * KiB))));
    expect(alone.mermaid).toContain(`"plotColorPalette":"${CHART_COLOURS.current}"`);
    expect(alone.text).toContain('**orange** this run');
  });

  it('puts cycles on a numeric x axis with every line resampled at evenly spaced cycles', () => {
    const chart = parsed(scenarioChart(worse));
    expect(chart.x).toEqual({ from: 1, to: 100 });
    for (const values of [chart.line('baseline'), chart.line('current')]) {
      expect(values.length).toBeGreaterThan(10);
      expect(values.length).toBeLessThanOrEqual(40);
      // Mermaid spaces a line's points evenly over a numeric axis: a whole number of cycles apart.
      expect(Number.isInteger((chart.x!.to - chart.x!.from) / (values.length - 1))).toBe(true);
      // A linear leak resampled evenly rises by equal steps (within the seeded noise): no zigzag of checkpoint pairs.
      const steps = values.slice(1).map((v, i) => v - values[i]);
      expect(Math.min(...steps)).toBeGreaterThan(0);
    }
    const rows = [...chart.text.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
    const gaps = new Set(rows.slice(1, -1).map((r, i) => r - rows[i]));
    expect(gaps.size).toBe(1);
  });

  it('scales a 5 MiB range to MiB with whole y bounds from 0', () => {
    const chart = parsed(scenarioChart(scenarioResult(pythonLeakRun(50 * KiB))));
    expect(chart.y?.unit).toBe('MiB');
    expect(chart.y?.low).toBe(0);
    expect(chart.y?.high).toBeGreaterThanOrEqual((99 * 50 * KiB) / MiB);
    expect(chart.y?.high).toBeLessThanOrEqual(6);
    expect(Number.isInteger(chart.y!.high * 2)).toBe(true);
    expect(Math.max(...chart.line('current'))).toBeCloseTo((99 * 50 * KiB) / MiB, 1);
  });

  it('charts descriptors for a descriptor leak, not the malloc heap, and draws no baseline of another signal', () => {
    const fdRun = () => named(syntheticRun({ fds: linear(9, 1) }), 'app/files.py');
    const alone = scenarioResult(fdRun());
    expect(alone.leak.kind).toBe('fd');
    const chart = parsed(scenarioChart(alone));
    expect(chart.title).toMatch(/^open file descriptors/);
    expect(chart.y?.unit).toBe('descriptors');
    expect(chart.line('current').at(-1)).toBe(99);
    const against = compared([fdRun()], [fdRun()]).scenarios[0];
    expect(against.comparison?.baseline?.series.cycle.length).toBeGreaterThan(1);
    const withBaseline = parsed(scenarioChart(against));
    expect(withBaseline.lines.map((l) => l.name)).toEqual(['current']);
    expect(withBaseline.text).toContain('the baseline holds no open file descriptors series to draw');
  });

  it.each([
    { what: 'a clean run', run: () => syntheticRun({ noise: { seed: 4, heapBytes: 3000 } }) },
    {
      what: 'an error',
      run: () => {
        const run = pythonLeakRun(8 * KiB);
        run.failure = { kind: 'cycle-raised', message: 'boom', hint: null, cycle: 90, phase: 'measure', traceback: 'Traceback' };
        return run;
      },
    },
  ])('draws no chart for $what', ({ run }) => {
    const result = scenarioResult(run());
    expect(scenarioChart(result)).toEqual([]);
    expect(renderMarkdown(reportOfResults([result]))).not.toContain('xychart-beta');
  });

  it('draws a fixed leak beside the baseline that leaked: the evidence that it is fixed', () => {
    const fixed = compared([pythonLeakRun(8 * KiB)], [named(syntheticRun({}), 'app/scenario.py')]).scenarios[0];
    expect(fixed.comparison?.class).toBe('fixed');
    expect(parsed(scenarioChart(fixed)).lines.map((l) => l.name)).toEqual(['baseline', 'current']);
    expect(scenarioChart(newLeak).length).toBeGreaterThan(0);
  });

  it('keeps 10 KiB of heap noise flat: the y range spans at least 64 KiB and the noise a small part of it', () => {
    // A leak of objects that does not move the heap: the heap is charted, and is noise.
    const result: ScenarioResult = scenarioResult(
      named(syntheticRun({ types: { 'app.Session': linear(0, 1) }, noise: { seed: 2, heapBytes: 3000 } }), 'app/objects.py'),
    );
    expect(result.leak.detected).toBe(true);
    const chart = parsed(scenarioChart(result));
    const values = chart.line('current');
    const noise = Math.max(...values) - Math.min(...values);
    expect(chart.y?.unit).toBe('KiB');
    expect(noise).toBeGreaterThan(5);
    expect(noise).toBeLessThan(20);
    expect(chart.y!.high - chart.y!.low).toBeGreaterThanOrEqual(64);
    expect(noise / (chart.y!.high - chart.y!.low)).toBeLessThan(0.3);
    expect(chart.y!.low).toBeLessThanOrEqual(Math.min(...values));
    expect(chart.y!.high).toBeGreaterThanOrEqual(Math.max(...values));
  });

  it('draws both lines over the cycles both runs measured when the current run was extended to confirm its growth', () => {
    const extended = compared([pythonLeakRun(8 * KiB)], [pythonLeakRun(32 * KiB, { extensionCycles: 100 })]).scenarios[0];
    expect(extended.series.cycles.phase).toContain('confirm');
    const chart = parsed(scenarioChart(extended));
    expect(chart.x?.from).toBe(1);
    expect(chart.x?.to).toBeLessThanOrEqual(100);
    expect(chart.x?.to).toBeGreaterThan(95);
    expect(chart.line('baseline').length).toBe(chart.line('current').length);
    expect(chart.text).toContain('where both were measured');
  });

  it('keeps the numbers table to at most 4 columns', () => {
    for (const s of [worse, newLeak]) {
      const rows = scenarioChart(s).filter((line) => line.startsWith('|'));
      expect(rows.length).toBeGreaterThan(2);
      for (const row of rows) expect(row.split('|').length - 2).toBeLessThanOrEqual(4);
    }
  });
});

describe('terminal sparklines', () => {
  it('draw a baseline of 8 KiB a cycle and a current 32 KiB a cycle on one scale, so they differ', () => {
    const report = compared([pythonLeakRun(8 * KiB)], [pythonLeakRun(32 * KiB)]);
    const line = renderTerminal(report, { color: false })
      .split('\n')
      .find((l) => l.includes('memory   baseline'));
    const [, before, now] = /baseline (\S+)\s+current (\S+)/u.exec(line ?? '') ?? [];
    expect(before).toBeDefined();
    expect(before).not.toEqual(now);
    // Both end at their own top today when each is scaled to itself; on one scale the baseline ends a quarter up.
    expect(now.at(-1)).toBe('█');
    expect('▁▂▃'.includes(before.at(-1)!)).toBe(true);
  });

  it('draw a clean run whose blocks go 48908 → 48909 flat', () => {
    const run = syntheticRun({ blocks: (cycle) => (cycle > 60 ? 48_909 : 48_908) });
    const line = renderTerminal(reportOfResults([scenarioResult(run)]), { color: false })
      .split('\n')
      .find((l) => l.trimStart().startsWith('blocks '));
    expect(line).toMatch(/48908 → 48909/);
    const spark = /blocks\s+(\S+)/u.exec(line ?? '')?.[1] ?? '';
    expect(spark.length).toBeGreaterThan(5);
    expect([...spark].every((c) => c === '▁' || c === '▂')).toBe(true);
  });

  it('share one scale and a floor as a pure function', () => {
    const [small, big] = sparklines(
      [
        [0, 1, 2, 3, 4],
        [0, 4, 8, 12, 16],
      ],
      5,
    );
    expect(small).not.toEqual(big);
    expect(sparklines([[100, 101, 100, 102]], 40, 64)[0]).toBe('▁▁▁▁');
  });
});

describe('series resampled at evenly spaced cycles', () => {
  it.each([
    { from: 1, to: 100, points: 40, expected: { first: 1, last: 100, step: 3 } },
    { from: 1, to: 200, points: 40, expected: { first: 1, last: 199, step: 6 } },
    { from: 1, to: 10, points: 40, expected: { first: 1, last: 10, step: 1 } },
  ])('cycles $from..$to in at most $points points are a whole step apart', ({ from, to, points, expected }) => {
    const cycles = evenCycles(from, to, points);
    expect(cycles.length).toBeLessThanOrEqual(points);
    expect({ first: cycles[0], last: cycles.at(-1), step: cycles[1] - cycles[0] }).toEqual(expected);
    expect(new Set(cycles.slice(1).map((c, i) => c - cycles[i])).size).toBe(1);
  });

  it('interpolates between measured points and holds the ends', () => {
    expect(valuesAt({ cycle: [1, 5, 9], values: [0, 40, 40] }, [0, 1, 3, 5, 7, 9, 12])).toEqual([0, 0, 20, 40, 40, 40, 40]);
  });
});
