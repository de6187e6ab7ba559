/**
 * The chart of a scenario in the Markdown report: a Mermaid line chart of the signal that leaks
 * over evenly spaced cycles, the baseline's line beside it when it measured the same signal, a
 * legend in words, and the numbers in a folded table for readers without Mermaid. Pure.
 *
 * Why each choice (issue 16, "Charts that mislead"): Mermaid's default palette draws the first
 * line nearly white, so the palette is explicit; xychart has no legend in the Mermaid GitHub
 * runs, so the legend is Markdown; a categorical x axis of checkpoint pairs zigzags, so the x
 * axis is numeric and the series are resampled at evenly spaced cycles (Mermaid spaces a line's
 * points evenly over a numeric axis); the y range has a floor so noise stays flat.
 */

import { type ChartSignal, evenCycles, memorySignal, signalSeries, valuesAt } from '../analyse/series.js';
import { bytesWords, SPARK_MIN_SPAN_BYTES, SPARK_MIN_SPAN_FDS } from './format.js';
import type { ScenarioResult } from './types.js';

/** Points per line: enough for a shape, few enough for a short comment. */
const MAX_CHART_POINTS = 40;
/** Rows of the numbers table. */
const MAX_TABLE_ROWS = 10;

/**
 * Colours that read on GitHub's light (#ffffff) and dark (#0d1117) backgrounds alike: the current
 * run orange-red (contrast 4.3:1 on light, 4.4:1 on dark), the baseline grey (3.1:1 and 6.2:1).
 */
export const CHART_COLOURS = { current: '#d9480f', baseline: '#8b949e' } as const;

/** What each signal is called, and the smallest y span it is drawn over (the terminal sparklines' floors): less is noise, drawn flat. */
const SIGNALS: Record<ChartSignal, { words: string; minSpan: number; bytes: boolean }> = {
  heap: { words: 'malloc heap', minSpan: SPARK_MIN_SPAN_BYTES, bytes: true },
  rss: { words: 'RSS', minSpan: SPARK_MIN_SPAN_BYTES, bytes: true },
  fds: { words: 'open file descriptors', minSpan: SPARK_MIN_SPAN_FDS, bytes: false },
};

/**
 * The signal the leak shows in: descriptors for an fd leak; for memory, the malloc heap unless
 * RSS grows more than twice as fast (memory outside malloc: mmap, Python's arenas), or the heap
 * was not measured.
 */
export function chartSignalOf(s: ScenarioResult): ChartSignal {
  if (s.leak.kind === 'fd') return 'fds';
  if (memorySignal(s) === 'rss') return 'rss';
  const heap = Math.max(0, s.growth.heapBytesPerCycle ?? 0);
  const rss = s.growth.rssBytesPerCycle ?? 0;
  return s.leak.detected && rss > 2 * heap ? 'rss' : 'heap';
}

/**
 * Whether the scenario gets a chart: a leak, failing or not (a known leak's chart shows it
 * unchanged against the baseline), and a leak the baseline had that is fixed now (its flat
 * line beside the baseline's climb is the evidence). Not a clean run, not an error.
 */
function charted(s: ScenarioResult): boolean {
  if (s.verdict === 'error' || s.error) return false;
  return s.leak.detected || s.comparison?.class === 'fixed';
}

/** Round y bounds outward to whole steps of 1, 2 or 5 × 10ⁿ, spanning at least `minSpan`. */
export function yBounds(low: number, high: number, minSpan: number): { low: number; high: number } {
  const span = Math.max(high - low, minSpan, Number.EPSILON);
  const magnitude = 10 ** Math.floor(Math.log10(span / 4));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((candidate) => span / candidate <= 8) ?? 10 * magnitude;
  const from = Math.floor(Math.min(low, 0) / step) * step;
  const to = Math.max(Math.ceil(high / step) * step, from + Math.ceil(minSpan / step) * step);
  return { low: from, high: to };
}

/** The unit bytes up to `largest` read best in: MiB from 1 MiB, KiB from 1 KiB. */
function byteUnit(largest: number): { name: string; bytes: number } {
  if (largest >= 1024 * 1024) return { name: 'MiB', bytes: 1024 * 1024 };
  if (largest >= 1024) return { name: 'KiB', bytes: 1024 };
  return { name: 'B', bytes: 1 };
}

/** A number for Mermaid's data: at most two decimals, no exponent. */
function plain(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/**
 * The signal that leaks over evenly spaced cycles after the warm-up, relative to the first
 * measured cycle, as a Mermaid line chart with the baseline's line when it measured the same
 * signal, a legend, and the numbers in a folded table. Empty for clean and error scenarios.
 */
export function scenarioChart(s: ScenarioResult): string[] {
  if (!charted(s)) return [];
  const signal = chartSignalOf(s);
  const info = SIGNALS[signal];
  const current = signalSeries(s, signal);
  if (current.cycle.length < 2) return [];
  // A baseline holds one memory series (memorySeries: the heap where measured, else RSS); it is
  // drawn only beside the same signal, never beside descriptors or the other memory signal.
  const stored = s.comparison?.baseline?.series;
  const baseline = stored && stored.cycle.length > 1 && signal !== 'fds' && signal === memorySignal(s) ? { cycle: stored.cycle, values: stored.bytes } : null;

  // Both lines cover the same cycles: where both were measured.
  const from = Math.max(current.cycle[0], baseline?.cycle[0] ?? Number.NEGATIVE_INFINITY);
  const last = Math.min(current.cycle[current.cycle.length - 1], baseline ? baseline.cycle[baseline.cycle.length - 1] : Number.POSITIVE_INFINITY);
  if (last <= from) return [];
  const cycles = evenCycles(from, last, MAX_CHART_POINTS);
  const to = cycles[cycles.length - 1];
  const currentValues = valuesAt(current, cycles);
  const baselineValues = baseline ? valuesAt(baseline, cycles) : null;

  const all = [...currentValues, ...(baselineValues ?? [])];
  const unit = info.bytes ? byteUnit(Math.max(...all.map(Math.abs), info.minSpan)) : { name: 'descriptors', bytes: 1 };
  const bounds = yBounds(Math.min(...all) / unit.bytes, Math.max(...all) / unit.bytes, info.minSpan / unit.bytes);
  const line = (values: number[]) => `[${values.map((v) => plain(v / unit.bytes)).join(', ')}]`;
  const palette = baselineValues ? `${CHART_COLOURS.baseline}, ${CHART_COLOURS.current}` : CHART_COLOURS.current;
  const init = { xyChart: { height: 320 }, themeVariables: { xyChart: { plotColorPalette: palette } } };
  const change = info.bytes ? `growth since cycle ${from}, ${unit.name}` : `added since cycle ${from}`;
  const title = `${info.words} ${change}${baselineValues ? ': baseline and current' : ''}`;

  const words = (v: number | null) => (v === null ? '—' : info.bytes ? bytesWords(v) : plain(v));
  const every = Math.max(1, Math.ceil(cycles.length / MAX_TABLE_ROWS));
  const rows = cycles
    .map((cycle, i) => ({ cycle, current: currentValues[i], baseline: baselineValues ? baselineValues[i] : null }))
    .filter((_, i) => i % every === 0 || i === cycles.length - 1);
  const noBaselineLine = stored && stored.cycle.length > 1 ? ` (the baseline holds no ${info.words} series to draw)` : '';
  const legend = baselineValues
    ? `Lines: **orange** this run, **grey** the baseline — ${info.words}, cycles ${from}–${to} after warm-up, where both were measured`
    : `Line: **orange** this run — ${info.words}, cycles ${from}–${to} after warm-up${noBaselineLine}`;
  return [
    `**${info.words[0].toUpperCase()}${info.words.slice(1)} over cycles**`,
    '',
    '```mermaid',
    `%%{init: ${JSON.stringify(init)}}%%`,
    'xychart-beta',
    `    title "${title}"`,
    `    x-axis "cycle after warm-up" ${from} --> ${to}`,
    `    y-axis "${unit.name}" ${plain(bounds.low)} --> ${plain(bounds.high)}`,
    ...(baselineValues ? [`    line "baseline" ${line(baselineValues)}`] : []),
    `    line "current" ${line(currentValues)}`,
    '```',
    '',
    `<sub>${legend}</sub>`,
    '',
    '<details><summary>The numbers</summary>',
    '',
    baselineValues ? '| cycle | baseline | current |' : `| cycle | ${info.bytes ? 'growth' : 'descriptors added'} |`,
    baselineValues ? '|---:|---:|---:|' : '|---:|---:|',
    ...rows.map((r) => (baselineValues ? `| ${r.cycle} | ${words(r.baseline)} | ${words(r.current)} |` : `| ${r.cycle} | ${words(r.current)} |`)),
    '',
    '</details>',
  ];
}
