/**
 * Suppressions (issue 14 §4): `[[tool.leakgate.ignore]]` of pyproject.toml, `[[ignore]]` of
 * leakgate.toml, and the action's `ignore` input (the same `[[ignore]]` tables as TOML text) →
 * IgnoreEntry[]. Pure. Each entry matches by exactly one of `site`, `type` and `holder`, and
 * carries a required `reason`; every error names where the entry was written, its number,
 * the key, the value and the fix.
 */
import { parse as parseToml } from 'smol-toml';
import { z } from 'zod';
import { IGNORE_KEYS } from './constants.js';
import { once } from './contract.js';
import { didYouMean } from './did-you-mean.js';
import { UsageError } from './errors.js';
import { LIMITS } from './limits.js';
import type { IgnoreEntry } from './types.js';

/** Where a list of entries was written, for messages and for each entry's `source`. */
export interface IgnoreOrigin {
  /** Prefix of an error: `pyproject.toml`, `input 'ignore'`. */
  where: string;
  /** How the tables are written there: `[[tool.leakgate.ignore]]`, `[[ignore]]`. */
  table: string;
  /** Prefix of an entry's `source`, before ` #N`: `pyproject.toml [[tool.leakgate.ignore]]`, `input 'ignore'`. */
  sourcePrefix: string;
}

const MATCHERS = ['site', 'type', 'holder'] as const;

const EXAMPLES: Record<(typeof MATCHERS)[number], string> = {
  site: 'site = "app/views.py:handle" (or "app/views.py:42")',
  type: 'type = "weakref.finalize"',
  holder: 'holder = "weakref.finalize._registry"',
};

/**
 * `path:function` or `path:line`: the path is anything up to the last colon (a Windows drive
 * letter keeps its own), the function a Python name (`<module>`, `<lambda>` and `Class.method`
 * included), the line a positive integer.
 */
const SITE_SHAPE = /^[^\r\n]*[^\s:][^\r\n]*:(?:[1-9]\d*|[A-Za-z_<][\w.<>]*)$/;

/** One entry's shape; the rules across keys (exactly one matcher) are checked after it. */
export const ignoreTableSchema = once(() => {
  const text = (max: number) =>
    z
      .string()
      .trim()
      .min(1)
      .max(max)
      .regex(/^[^\r\n]*$/);
  return z.strictObject({
    site: text(LIMITS.ignorePatternChars).regex(SITE_SHAPE).optional(),
    type: text(LIMITS.ignorePatternChars).optional(),
    holder: text(LIMITS.ignorePatternChars).optional(),
    reason: z.string().trim().min(1).max(LIMITS.ignoreReasonChars),
    scenario: z.string().trim().min(1).max(LIMITS.scenarioNameChars).optional(),
  });
});

/** The first thing wrong with one table, in words: the key, the value and the fix. */
function tableProblem(table: unknown): string | null {
  if (table === null || typeof table !== 'object' || Array.isArray(table)) {
    return `must be a table with a reason and one of site, type, holder, but got ${describe(table)}`;
  }
  const result = ignoreTableSchema().safeParse(table);
  if (result.success) {
    const given = MATCHERS.filter((key) => result.data[key] !== undefined);
    if (given.length === 0) return `says what to ignore with none of site, type, holder: give exactly one, e.g. ${Object.values(EXAMPLES).join(', or ')}`;
    if (given.length > 1) return `has both ${given.join(' and ')}: give exactly one of site, type, holder per entry (write one entry for each)`;
    return null;
  }
  // An unknown key first: a misspelt `reason` is better told as a typo than as a missing reason.
  const issue = result.error.issues.find((i) => i.code === 'unrecognized_keys') ?? result.error.issues[0];
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    const suggestion = didYouMean(key, IGNORE_KEYS);
    const hint = suggestion ? `; did you mean '${suggestion}'?` : '';
    return `has the key '${key}', which is not a key of an ignore entry${hint} (known: ${IGNORE_KEYS.join(', ')})`;
  }
  const key = String(issue.path[0]);
  const value = (table as Record<string, unknown>)[key];
  if (key === 'reason' && (value === undefined || (typeof value === 'string' && value.trim() === ''))) {
    return 'needs a reason: say why this growth is accepted, e.g. reason = "Django 3.2\'s test client keeps a finalizer per request; fixed in Django 4.0"';
  }
  if (typeof value === 'string' && value.trim().length > 0 && issue.code === 'too_big') {
    return `${key} must be at most ${String(issue.maximum)} characters, but got ${value.trim().length}: ${describe(value)}`;
  }
  if (key === 'site' && typeof value === 'string' && value.trim() !== '' && !/[\r\n]/.test(value)) {
    return `site must look like path:function or path:line (e.g. "app/views.py:handle" or "app/views.py:42"), but got ${describe(value)}`;
  }
  const what = key === 'scenario' ? 'the name of a configured scenario' : 'a non-empty string on one line';
  return `${key} must be ${what}, but got ${describe(value)}`;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 60)}…` : value}'`;
  if (value === undefined) return 'nothing';
  return JSON.stringify(value) ?? String(value);
}

/** The tables of `[[…ignore]]` (what TOML gave), checked → entries; throws a UsageError naming the first bad one. */
export function parseIgnoreTables(tables: unknown, origin: IgnoreOrigin): IgnoreEntry[] {
  if (tables === undefined) return [];
  if (!Array.isArray(tables)) {
    throw new UsageError(`${origin.where}: ${origin.table} must be an array of tables (write each entry as ${origin.table}), but got ${describe(tables)}`);
  }
  if (tables.length > LIMITS.ignoreEntries) {
    throw new UsageError(
      `${origin.where}: ${tables.length} ${origin.table} entries, more than the ${LIMITS.ignoreEntries} leakgate reads; ` +
        'match by type or holder to cover many sites with one entry',
    );
  }
  return tables.map((table, index) => {
    const problem = tableProblem(table);
    if (problem !== null) throw new UsageError(`${origin.where}: ${origin.table} #${index + 1} ${problem}`);
    const data = ignoreTableSchema().parse(table);
    return {
      site: data.site ?? null,
      type: data.type ?? null,
      holder: data.holder ?? null,
      reason: data.reason,
      scenario: data.scenario ?? null,
      source: `${origin.sourcePrefix} #${index + 1}`,
    };
  });
}

/** The action's `ignore` input: TOML text of `[[ignore]]` tables, the same entries as the configuration file's. */
export function parseIgnoreInput(text: string, input: string): IgnoreEntry[] {
  if (text.trim() === '') return [];
  const where = `input '${input}'`;
  let document: Record<string, unknown>;
  try {
    document = parseToml(text) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`${where} is not valid TOML (it holds [[ignore]] tables, as leakgate.toml does): ${(error as Error).message.split('\n')[0]}`, {
      cause: error,
    });
  }
  const other = Object.keys(document).find((key) => key !== 'ignore');
  if (other !== undefined) throw new UsageError(`${where} holds only [[ignore]] tables, but has '${other}': write each entry under [[ignore]]`);
  return parseIgnoreTables(document.ignore, { where, table: '[[ignore]]', sourcePrefix: where });
}

/**
 * Entries that name a scenario must name a configured one, when scenarios are configured. With
 * no scenarios configured (TARGETs on the command line) a scenario's name is its target, not
 * known in advance: such an entry applies when a scenario of that name runs (cli-args.ts
 * ignoreFor). Throws naming the entry, the name and the configured names.
 */
export function checkIgnoreScenarios(entries: readonly IgnoreEntry[], configured: readonly string[], configuredIn: string): void {
  if (configured.length === 0) return;
  const names = new Set(configured);
  for (const entry of entries) {
    if (entry.scenario === null || names.has(entry.scenario)) continue;
    const suggestion = didYouMean(entry.scenario, configured);
    throw new UsageError(
      `${entry.source}: scenario '${entry.scenario}' is not configured in ${configuredIn}${suggestion ? `; did you mean '${suggestion}'?` : ''} ` +
        `(configured: ${configured.join(', ')}); leave scenario out to apply the entry to every scenario`,
    );
  }
}
