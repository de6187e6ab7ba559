/** Which scenarios a run takes: by name (`--scenario`) and by shard (`--shard i/n`). */

import { didYouMean, type FileScenario } from './config-file.js';
import { UsageError } from './errors.js';
import { LIMITS } from './limits.js';

/** Which scenarios `--scenario NAME` picks; an unknown name is an error with a suggestion. */
export function pickScenarios(scenarios: readonly FileScenario[], names: readonly string[], source: string): FileScenario[] {
  if (names.length === 0) return [...scenarios];
  const known = scenarios.map((s) => s.name);
  return names.map((name) => {
    const found = scenarios.find((s) => s.name === name);
    if (!found) {
      const suggestion = didYouMean(name, known);
      throw new UsageError(
        `--scenario '${name}' is not configured in ${source}${suggestion ? `; did you mean '${suggestion}'?` : ''} (configured: ${known.join(', ') || 'none'})`,
      );
    }
    return found;
  });
}

/** Parse `i/n` (1-based): the shard this run takes. */
export function parseShard(raw: string, origin: string): { index: number; count: number } {
  const match = raw.trim().match(/^(\d+)\s*\/\s*(\d+)$/);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index < 1 || index > count || count > LIMITS.legs) {
    throw new UsageError(`${origin} must be i/n with 1 ≤ i ≤ n ≤ ${LIMITS.legs}, e.g. 2/4, but got '${raw}'`);
  }
  return { index, count };
}

/** The scenarios of shard i of n: every scenario lands in exactly one shard (round robin). */
export function shardOf<T>(items: readonly T[], shard: { index: number; count: number }): T[] {
  return items.filter((_, position) => position % shard.count === shard.index - 1);
}
