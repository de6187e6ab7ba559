/** The pytest collections of a run (issue 17), wired to the Python process that collects them; shared by the CLI and the action. */
import { collectNodeIds } from '../harness/pytest-collect.js';
import { expandCollections } from '../settings/pytest.js';
import type { RunConfig } from '../settings/types.js';

/**
 * The run with each pytest collection replaced by the tests it collects; pytest starts only for a run that has one.
 * The collector is imported statically: the action is one bundle (dist/index.js), with no chunks to load.
 */
export async function withCollections(config: RunConfig): Promise<RunConfig> {
  if (!config.scenarios.some((s) => s.pytest !== undefined)) return config;
  return expandCollections(config, collectNodeIds);
}
