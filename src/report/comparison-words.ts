/** Words and marks for comparison classes, shared by the terminal and Markdown renderers. */
import type { ComparisonClass, Growth, GrowthRateKey } from '../model.js';
import { signedBytes, signedCount } from './format.js';

export const CLASS_LABEL: Record<ComparisonClass, string> = {
  new: 'new leak',
  worse: 'worse',
  unchanged: 'known leak, unchanged',
  improved: 'improved',
  fixed: 'fixed',
  clean: 'clean',
  'no-baseline': 'no baseline yet',
};

export const CLASS_MARK: Record<ComparisonClass, string> = {
  new: '🆕',
  worse: '📈',
  unchanged: '➖',
  improved: '📉',
  fixed: '🎉',
  clean: '✅',
  'no-baseline': '❔',
};

/** Rows of (signal, baseline, current) per cycle, for side-by-side tables. */
export function growthRows(current: Growth, baseline: Growth | null): [string, string, string][] {
  const rows: [string, GrowthRateKey, (v: number | null) => string][] = [
    ['traced Python memory', 'tracedBytesPerCycle', signedBytes],
    ['allocated blocks', 'blocksPerCycle', signedCount],
    ['RSS', 'rssBytesPerCycle', signedBytes],
    ['malloc heap', 'heapBytesPerCycle', signedBytes],
    ['open descriptors', 'fdsPerCycle', signedCount],
  ];
  return rows.map(([label, key, format]) => [label, baseline ? format(baseline[key]) : '—', format(current[key])]);
}
