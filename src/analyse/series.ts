/** Series derived from what the harness measured, for charts and baselines. Pure. */
import type { Series } from './types.js';

/** How many points a memory series keeps by default: as many as a baseline may hold. */
export const MEMORY_SERIES_POINTS = 64;

/**
 * The memory series charts compare: the malloc heap (RSS where there is none) over the measured
 * cycles and the extension that confirmed their growth (issue 14), cycles counted after the warm-up, bytes relative to the first point, at most `points`.
 */
export function memorySeries(
  s: { series: Pick<Series, 'cycles'>; warmup: number },
  points: number = MEMORY_SERIES_POINTS,
): { cycle: number[]; bytes: number[] } {
  const c = s.series.cycles;
  const useHeap = c.heapBytes.some((v) => v !== null);
  const values = useHeap ? c.heapBytes : c.rssBytes;
  const rows: { cycle: number; bytes: number }[] = [];
  c.phase.forEach((phase, i) => {
    const value = values[i];
    if ((phase === 'measure' || phase === 'confirm') && value !== null) rows.push({ cycle: c.cycle[i] - s.warmup, bytes: value });
  });
  if (rows.length === 0) return { cycle: [], bytes: [] };
  const step = Math.max(1, Math.ceil(rows.length / points));
  const kept = rows.filter((_, i) => i % step === 0 || i === rows.length - 1).slice(-points);
  const first = kept[0].bytes;
  return { cycle: kept.map((r) => r.cycle), bytes: kept.map((r) => r.bytes - first) };
}

/** A signal a chart can plot: the malloc heap, RSS (bytes) or open file descriptors (a count). */
export type ChartSignal = 'heap' | 'rss' | 'fds';

/** The signal memorySeries (and so every baseline's series) holds: the malloc heap where it was measured, RSS otherwise. */
export function memorySignal(s: { series: Pick<Series, 'cycles'> }): 'heap' | 'rss' {
  return s.series.cycles.heapBytes.some((v) => v !== null) ? 'heap' : 'rss';
}

/**
 * One signal over the measured cycles and the extension that confirmed their growth, every
 * sample kept, cycles counted after the warm-up, values relative to the first point.
 */
export function signalSeries(s: { series: Pick<Series, 'cycles'>; warmup: number }, signal: ChartSignal): { cycle: number[]; values: number[] } {
  const c = s.series.cycles;
  const column = signal === 'heap' ? c.heapBytes : signal === 'rss' ? c.rssBytes : c.fds;
  const cycle: number[] = [];
  const values: number[] = [];
  c.phase.forEach((phase, i) => {
    const value = column[i];
    if ((phase === 'measure' || phase === 'confirm') && value !== null && Number.isFinite(value)) {
      cycle.push(c.cycle[i] - s.warmup);
      values.push(value);
    }
  });
  const first = values[0] ?? 0;
  return { cycle, values: values.map((v) => v - first) };
}

/**
 * A series' values at the given cycles, linearly interpolated between its points (it must be
 * sorted by cycle); held at its first or last value outside them, so callers stay within its range.
 */
export function valuesAt(series: { cycle: readonly number[]; values: readonly number[] }, cycles: readonly number[]): number[] {
  const { cycle, values } = series;
  let j = 0;
  return cycles.map((x) => {
    if (cycle.length === 0) return Number.NaN;
    if (x <= cycle[0]) return values[0];
    if (x >= cycle[cycle.length - 1]) return values[values.length - 1];
    while (j > 0 && cycle[j] > x) j--;
    while (j < cycle.length - 2 && cycle[j + 1] < x) j++;
    const [x0, x1] = [cycle[j], cycle[j + 1]];
    const share = x1 === x0 ? 0 : (x - x0) / (x1 - x0);
    return values[j] + share * (values[j + 1] - values[j]);
  });
}

/**
 * Evenly spaced whole cycles from `from` towards `to`, at most `points` of them: a whole step,
 * so each lands on a measured cycle; the last may stop short of `to` by less than one step.
 */
export function evenCycles(from: number, to: number, points: number): number[] {
  if (to <= from || points < 2) return [from];
  const step = Math.max(1, Math.ceil((to - from) / (points - 1)));
  const count = Math.floor((to - from) / step) + 1;
  return Array.from({ length: count }, (_, i) => from + i * step);
}
