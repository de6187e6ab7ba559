// Preloaded into a leakgate process (`node --import THIS …`) by contracts-on-demand.test.ts: when
// the process exits, it writes the ids of the zod schemas that were built in it (each contract of a
// document gives its parts ids, e.g. growth, site, scenario, for the published JSON Schemas) to
// the file named by LEAKGATE_TEST_ZOD_IDS, as a JSON array. It reads zod's global registry, the
// same module instance the command line imports.
import { writeFileSync } from 'node:fs';
import { z } from 'zod';

const out = process.env.LEAKGATE_TEST_ZOD_IDS;
if (!out) throw new Error('zod-ids-probe.mjs: set LEAKGATE_TEST_ZOD_IDS to the file to write');
process.on('exit', () => {
  writeFileSync(out, JSON.stringify([...z.globalRegistry._idmap.keys()].sort()));
});
