/**
 * The chart of a scenario in the Markdown report: a Mermaid line chart of memory over cycles,
 * with the baseline beside it, and the numbers in a table for readers without Mermaid. Pure.
 */

import { memorySeries } from '../analyse/series.js';
import { bytesWords } from './format.js';
import type { ScenarioResult } from './types.js';

const MAX_CHART_POINTS = 40;

/**
 * Memory growth over the measured cycles (the malloc heap, or RSS), relative to the first
 * measured cycle, as a Mermaid line chart, with the baseline's series beside it when there is
 * one, and the numbers in a table beneath for readers without Mermaid.
 */
export function scenarioChart(s: ScenarioResult): string[] {
  const current = memorySeries(s, MAX_CHART_POINTS);
  if (current.cycle.length < 2) return [];
  const signal = s.series.cycles.heapBytes.some((v) => v !== null) ? 'malloc heap' : 'RSS';
  const baseline = s.comparison?.baseline?.series;
  // The baseline's points are placed at the current run's cycles by nearest measured cycle.
  const baselineAt = (cycle: number) => {
    if (!baseline || baseline.cycle.length === 0) return null;
    let best = 0;
    for (let i = 1; i < baseline.cycle.length; i++) if (Math.abs(baseline.cycle[i] - cycle) < Math.abs(baseline.cycle[best] - cycle)) best = i;
    return baseline.bytes[best];
  };
  const kib = (bytes: number) => Math.round(bytes / 1024);
  const now = current.bytes.map(kib);
  const then = baseline && baseline.cycle.length > 1 ? current.cycle.map((c) => kib(baselineAt(c) ?? 0)) : null;
  const all = [...now, ...(then ?? [])];
  const low = Math.min(...all);
  const high = Math.max(...all);
  const rows = current.cycle.map((cycle, i) => ({ cycle, now: current.bytes[i], before: then ? baselineAt(cycle) : null }));
  const every = Math.max(1, Math.ceil(rows.length / 10));
  return [
    `<details><summary>Memory over cycles (${signal}${then ? ', baseline and current' : ''})</summary>`,
    '',
    '```mermaid',
    'xychart-beta',
    `    title "${signal} growth (KiB) over measured cycles${then ? ': baseline, then current' : ''}"`,
    `    x-axis "cycle after warm-up" [${current.cycle.join(', ')}]`,
    `    y-axis "KiB" ${low - 1} --> ${high + 1}`,
    ...(then ? [`    line [${then.join(', ')}]`] : []),
    `    line [${now.join(', ')}]`,
    '```',
    '',
    then ? `| cycle | baseline | current |` : '| cycle | growth |',
    then ? '|---:|---:|---:|' : '|---:|---:|',
    ...rows
      .filter((_, i) => i % every === 0 || i === rows.length - 1)
      .map((r) =>
        then ? `| ${r.cycle} | ${r.before === null ? '—' : bytesWords(r.before)} | ${bytesWords(r.now)} |` : `| ${r.cycle} | ${bytesWords(r.now)} |`,
      ),
    '',
    '</details>',
  ];
}
