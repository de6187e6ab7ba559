/**
 * Collections of pytest tests (issue 17): a `pytest` entry (--pytest "ARGS", `pytest = "…"`, the
 * action input) becomes one scenario per test pytest collects with those arguments, named by
 * its node id, with the entry's settings. Pure: the collection itself is given as `collect`
 * (harness/pytest-collect.ts runs it in Python). Sharding and the ignore entries' scenarios,
 * which resolveRunConfig leaves for later when a run has a collection, are applied here, to
 * the expanded list, so every leg of a fan-out shares the same list.
 */
import { UsageError } from './errors.js';
import { LIMITS } from './limits.js';
import { shardOf } from './select.js';
import type { IgnoreEntry, RunConfig, ScenarioSettings } from './types.js';

/** What a collection is asked for: pytest's arguments, run by `python` in `cwd`. */
export interface CollectRequest {
  python: string;
  cwd: string;
  args: string;
  timeoutSeconds: number;
}

/** Runs one collection: the node ids it found, relative to `cwd`; throws a UsageError that says why it could not. */
export type CollectNodeIds = (request: CollectRequest) => Promise<string[]>;

/** The run with every collection replaced by its tests; the config itself when it has none. */
export async function expandCollections(config: RunConfig, collect: CollectNodeIds): Promise<RunConfig> {
  if (!config.scenarios.some((s) => s.pytest !== undefined)) return config;
  const names = new Set<string>();
  const expanded: ScenarioSettings[] = [];
  const add = (scenario: ScenarioSettings) => {
    // A test both named and collected, or collected twice, runs once.
    if (names.has(scenario.name)) return;
    names.add(scenario.name);
    expanded.push(scenario);
  };
  for (const scenario of config.scenarios) {
    const { pytest: args, ...template } = scenario;
    if (args === undefined) {
      add(scenario);
      continue;
    }
    const ids = await collect({ python: scenario.python, cwd: scenario.cwd, args, timeoutSeconds: scenario.timeoutSeconds });
    if (ids.length === 0)
      throw new UsageError(
        `pytest collected no test with the arguments '${args}' (in ${scenario.cwd}): ` +
          `check them with \`${scenario.python} -m pytest --collect-only -q ${args}\` in that folder`,
      );
    const long = ids.find((id) => id.length > LIMITS.targetChars);
    if (long !== undefined)
      throw new UsageError(
        `pytest '${args}' collected the node id '${long.slice(0, 60)}…' of ${long.length} characters, more than the ${LIMITS.targetChars} a target may have`,
      );
    for (const id of ids) add({ ...template, name: id, target: id });
  }
  if (expanded.length > LIMITS.scenarios)
    throw new UsageError(
      `the collections give ${expanded.length} scenarios, more than the ${LIMITS.scenarios} one run may hold: ` +
        'narrow the pytest arguments (-k, a folder) or split them over several runs',
    );
  const shard = config.shard ? { ...config.shard, scenariosInAll: expanded.length } : null;
  return {
    ...config,
    scenarios: shard ? shardOf(expanded, shard) : expanded,
    shard,
    ignore: ignoreForScenarios(config.ignore, expanded),
  };
}

/** The entries for every scenario, or for one of these (as resolveRunConfig keeps them for a run without collections). */
function ignoreForScenarios(entries: readonly IgnoreEntry[], scenarios: readonly ScenarioSettings[]): IgnoreEntry[] {
  const names = new Set(scenarios.map((s) => s.name));
  return entries.filter((entry) => entry.scenario === null || names.has(entry.scenario));
}
