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
