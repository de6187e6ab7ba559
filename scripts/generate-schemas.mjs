// Writes the published JSON Schemas (schema/report.schema.json, schema/baseline.schema.json) from
// the zod contracts they describe, so that the shape of a report or a baseline is written once.
//   npm run schemas                 write them
//   npm run schemas -- --check      exit 1, naming the stale files, when a committed one differs
//   … --dir DIR                     read and write DIR/schema/ instead of the repository's
// It runs the TypeScript source with Node's type stripping: node --import ./scripts/src-loader.mjs.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { baselineSchema } from '../src/compare/types.ts';
import { reportSchema } from '../src/report/types.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ID_BASE = 'https://github.com/leakgate/leakgate/schema/';

const DOCUMENTS = [
  { file: 'report.schema.json', schema: reportSchema() },
  { file: 'baseline.schema.json', schema: baselineSchema() },
];

/** z.int() states JavaScript's safe-integer range as bounds; that range says nothing to a reader of the schema. */
function withoutSafeIntegerBounds({ jsonSchema }) {
  if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
  if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
}

/** One document's JSON Schema as text: what a reader may send (io: input), stable key order, pretty. */
export function schemaText(file, schema) {
  const generated = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'throw', override: withoutSafeIntegerBounds });
  const { $schema, title, description, $defs, ...rest } = generated;
  const defs =
    $defs === undefined
      ? undefined
      : Object.fromEntries(
          Object.keys($defs)
            .sort()
            .map((name) => [name, $defs[name]]),
        );
  const document = { $schema, $id: `${ID_BASE}${file}`, title, description, ...rest, ...(defs ? { $defs: defs } : {}) };
  return `${JSON.stringify(document, null, 2)}\n`;
}

const { values } = parseArgs({ options: { check: { type: 'boolean', default: false }, dir: { type: 'string', default: ROOT } } });
const stale = [];
for (const { file, schema } of DOCUMENTS) {
  const path = join(values.dir, 'schema', file);
  const text = schemaText(file, schema);
  if (values.check) {
    let committed = null;
    try {
      committed = readFileSync(path, 'utf8');
    } catch {
      // a missing file is stale
    }
    if (committed !== text) stale.push(relative(process.cwd(), path) || path);
  } else {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    console.log(`wrote ${relative(process.cwd(), path)} (${Buffer.byteLength(text)} bytes)`);
  }
}
if (stale.length > 0) {
  console.error(`stale generated schema: ${stale.join(', ')} differ from the zod contracts; run \`npm run schemas\` and commit the result`);
  process.exitCode = 1;
}
