/**
 * parseConfigFile: `[tool.leakgate]` of pyproject.toml, or a leakgate.toml, → FileConfig.
 * Pure: it is given the text and the file's name. TOML is parsed with smol-toml and checked
 * with zod; every error names the file, the key path, the bad value and what is accepted, and
 * an unknown key gets a "did you mean" suggestion.
 *
 * Keys are the command line's flag names (cycles, warmup, frames, timeout, confirm-cycles,
 * confirm-seconds, python, fail-on, tolerance, alpha, min-…-per-cycle, tolerance-…-per-cycle,
 * fail-on-known-leaks); each [[scenarios]] table has a name, a target and any of the
 * per-scenario keys as overrides; each [[ignore]] table is a suppression with a reason (ignore.ts).
 * A [[scenarios]] table may give `pytest = "ARGS"` instead of a target (its name is then
 * optional), and the top level may too: each test pytest collects with those arguments
 * becomes a scenario named by its node id (issue 17, settings/pytest.ts).
 */
import { parse as parseToml } from 'smol-toml';
import { z } from 'zod';
import { FAIL_ON_VALUES, IGNORE_TABLE, NUMERIC_SETTINGS, type NumericSetting, type NumericSettingName, PYTEST_SETTING, SWITCHES } from './constants.js';
import { didYouMean } from './did-you-mean.js';
import { UsageError } from './errors.js';
import { checkIgnoreScenarios, parseIgnoreTables } from './ignore.js';
import { LIMITS } from './limits.js';
import type { IgnoreEntry } from './types.js';

export { didYouMean };

/** Settings a scenario table may override (the rest apply to the run as a whole). */
const PER_SCENARIO: readonly NumericSettingName[] = [
  'cycles',
  'warmup',
  'frames',
  'timeoutSeconds',
  'confirmCycles',
  'confirmSeconds',
  'alpha',
  'minObjectsPerCycle',
  'minBytesPerCycle',
  'minRssBytesPerCycle',
  'minFdsPerCycle',
];
const RUN_WIDE: readonly NumericSettingName[] = ['tolerancePercent', 'toleranceBytesPerCycle', 'toleranceObjectsPerCycle'];

export type NumericValues = Partial<Record<NumericSettingName, number>>;

export interface FileScenario {
  name: string;
  /** The scenario's target; '' for a collection. */
  target: string;
  /** pytest's arguments: this entry is a collection of node ids (issue 17). */
  pytest?: string;
  python?: string;
  numbers: NumericValues;
}

export interface FileConfig {
  /** The file, for messages: "pyproject.toml" or "leakgate.toml". */
  source: string;
  python?: string;
  failOn?: (typeof FAIL_ON_VALUES)[number];
  numbers: NumericValues;
  scenarios: FileScenario[];
  /** `[[tool.leakgate.ignore]]` (`[[ignore]]` in leakgate.toml): suppressions with a reason (ignore.ts). */
  ignore: IgnoreEntry[];
  failOnKnownLeaks?: boolean;
}

/** The name of a collection given without one: `pytest ARGS`. */
export function collectionName(args: string): string {
  return `pytest ${args}`;
}

const settings = NUMERIC_SETTINGS as Record<NumericSettingName, NumericSetting>;
const byKey = new Map(Object.entries(settings).map(([name, s]) => [s.flag, name as NumericSettingName]));

function accepted(setting: NumericSetting): string {
  const kind = setting.integer ? 'an integer' : 'a number';
  return `${kind} from ${setting.min} to ${setting.max}${setting.flag === 'tolerance' ? ' (or a string like "50%")' : ''}`;
}

function numberSchema(setting: NumericSetting) {
  const base = z.number().min(setting.min).max(setting.max);
  const number = setting.integer ? base.int() : base;
  if (setting.flag !== 'tolerance') return number;
  // "50%" is how people write a percentage in TOML.
  return z
    .union([
      number,
      z
        .string()
        .regex(/^\s*\d+(\.\d+)?\s*%\s*$/)
        .transform((text) => Number(text.trim().replace('%', ''))),
    ])
    .pipe(number);
}

const shape = (names: readonly NumericSettingName[]) => Object.fromEntries(names.map((name) => [settings[name].flag, numberSchema(settings[name]).optional()]));

/** The root table's schema, the [[scenarios]] tables', and their keys for "did you mean". */
function buildSchemas() {
  const scenario = z.strictObject({
    // Both optional here: an entry has a target and a name, or pytest's arguments (checkEntry).
    name: z.string().min(1).max(LIMITS.scenarioNameChars).optional(),
    target: z.string().min(1).max(LIMITS.targetChars).optional(),
    [PYTEST_SETTING.key]: z.string().trim().min(1).max(LIMITS.targetChars).optional(),
    python: z.string().min(1).optional(),
    ...shape(PER_SCENARIO),
  });
  const root = z.strictObject({
    python: z.string().min(1).optional(),
    [PYTEST_SETTING.key]: z.string().trim().min(1).max(LIMITS.targetChars).optional(),
    'fail-on': z.enum(FAIL_ON_VALUES).optional(),
    ...shape([...PER_SCENARIO, ...RUN_WIDE]),
    scenarios: z.array(scenario).max(LIMITS.scenarios).optional(),
    [SWITCHES.failOnKnownLeaks.flag]: z.boolean().optional(),
    // Checked entry by entry in ignore.ts, whose messages name the entry's number.
    [IGNORE_TABLE]: z.unknown().optional(),
  });
  return { root, rootKeys: Object.keys(root.shape), scenarioKeys: Object.keys(scenario.shape) };
}

let schemas: ReturnType<typeof buildSchemas> | null = null;

/**
 * The zod schemas, built on first use: building them costs milliseconds at start-up, and most
 * runs read no configuration file.
 */
function configSchemas(): ReturnType<typeof buildSchemas> {
  schemas ??= buildSchemas();
  return schemas;
}

function keyPath(prefix: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : `${text}.${String(part)}`), prefix);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((value, part) => (value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[part] : undefined), root);
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 60)}…` : value}'`;
  if (value === undefined) return 'nothing';
  return JSON.stringify(value) ?? String(value);
}

/** A [[scenarios]] table's name and target, or its pytest arguments: exactly one of target and pytest. */
function checkEntry(table: Record<string, unknown>, at: string): Pick<FileScenario, 'name' | 'target' | 'pytest'> {
  const target = table.target as string | undefined;
  const pytest = table[PYTEST_SETTING.key] as string | undefined;
  if (target !== undefined && pytest !== undefined)
    throw new UsageError(
      `${at} has both target and ${PYTEST_SETTING.key}: give one ` +
        `(target: a scenario module or a pytest node id; ${PYTEST_SETTING.key}: pytest's arguments, to run every test they collect)`,
    );
  if (pytest !== undefined) return { name: (table.name as string | undefined) ?? collectionName(pytest), target: '', pytest };
  if (target === undefined)
    throw new UsageError(`${at}.target must be a non-empty string, but got nothing (or give ${PYTEST_SETTING.key} = "ARGS" to run every test pytest collects)`);
  if (table.name === undefined) throw new UsageError(`${at}.name must be a non-empty string, but got nothing`);
  return { name: table.name as string, target };
}

/** Parse a configuration file's text; throws a UsageError that names the file and key. */
export function parseConfigFile(text: string, source: string): FileConfig | null {
  let document: Record<string, unknown>;
  try {
    document = parseToml(text) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`${source} is not valid TOML: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
  const isPyproject = source.endsWith('pyproject.toml');
  const prefix = isPyproject ? 'tool.leakgate' : source.replace(/^.*\//, '');
  const section = isPyproject ? (document.tool as Record<string, unknown> | undefined)?.leakgate : document;
  if (section === undefined) return null;
  const { root, rootKeys, scenarioKeys } = configSchemas();
  const result = root.safeParse(section);
  if (!result.success) {
    const issue = result.error.issues[0];
    const at = keyPath(isPyproject ? 'tool.leakgate' : '', issue.path).replace(/^\./, '');
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0];
      const known = issue.path.length > 0 ? scenarioKeys : rootKeys;
      const where = keyPath(isPyproject ? 'tool.leakgate' : '', [...issue.path, key]).replace(/^\./, '');
      const suggestion = didYouMean(key, known);
      throw new UsageError(`${source}: ${where} is not a leakgate setting${suggestion ? `; did you mean '${suggestion}'?` : ''} (known: ${known.join(', ')})`);
    }
    const last = issue.path[issue.path.length - 1];
    const setting = typeof last === 'string' ? byKey.get(last) : undefined;
    const value = valueAt(section, issue.path);
    if (issue.code === 'too_big' && Array.isArray(value)) {
      throw new UsageError(
        `${source}: ${at || prefix} has ${value.length} scenarios, more than the ${LIMITS.scenarios} leakgate runs at once; ` +
          `split them over several configuration files or workflows`,
      );
    }
    if (issue.code === 'too_big' && typeof value === 'string') {
      throw new UsageError(`${source}: ${at || prefix} must be at most ${String(issue.maximum)} characters, but got ${value.length}: ${describeValue(value)}`);
    }
    const expected =
      setting !== undefined
        ? accepted(settings[setting])
        : last === 'fail-on'
          ? `one of ${FAIL_ON_VALUES.join(', ')}`
          : last === SWITCHES.failOnKnownLeaks.flag
            ? 'true or false'
            : last === 'scenarios'
              ? 'an array of [[scenarios]] tables'
              : issue.path.length >= 2 && typeof issue.path[issue.path.length - 1] === 'number'
                ? 'a table with name and target'
                : 'a non-empty string';
    throw new UsageError(`${source}: ${at || prefix} must be ${expected}, but got ${describeValue(value)}`);
  }
  const data = result.data as Record<string, unknown>;
  const numbersOf = (table: Record<string, unknown>, names: readonly NumericSettingName[]): NumericValues =>
    Object.fromEntries(names.filter((name) => table[settings[name].flag] !== undefined).map((name) => [name, table[settings[name].flag] as number]));
  const tablePath = isPyproject ? 'tool.leakgate.scenarios' : 'scenarios';
  const scenarios: FileScenario[] = ((data.scenarios as Record<string, unknown>[] | undefined) ?? []).map((s, i) => ({
    ...checkEntry(s, `${source}: ${keyPath(tablePath, [i])}`),
    python: s.python as string | undefined,
    numbers: numbersOf(s, PER_SCENARIO),
  }));
  const topPytest = data[PYTEST_SETTING.key] as string | undefined;
  if (topPytest !== undefined) scenarios.push({ name: collectionName(topPytest), target: '', pytest: topPytest, numbers: {} });
  const names = new Set<string>();
  scenarios.forEach((s, i) => {
    if (names.has(s.name)) throw new UsageError(`${source}: ${keyPath(tablePath, [i])}.name repeats the name '${s.name}': scenario names must be unique`);
    names.add(s.name);
  });
  const table = isPyproject ? `[[tool.leakgate.${IGNORE_TABLE}]]` : `[[${IGNORE_TABLE}]]`;
  const ignore = parseIgnoreTables(data[IGNORE_TABLE], { where: source, table, sourcePrefix: `${source} ${table}` });
  // A collection's scenarios are named by the node ids it finds, known only when it runs.
  if (!scenarios.some((s) => s.pytest !== undefined))
    checkIgnoreScenarios(
      ignore,
      scenarios.map((s) => s.name),
      source,
    );
  return {
    source,
    python: data.python as string | undefined,
    failOn: data['fail-on'] as FileConfig['failOn'],
    numbers: numbersOf(data, [...PER_SCENARIO, ...RUN_WIDE]),
    scenarios,
    ignore,
    failOnKnownLeaks: data[SWITCHES.failOnKnownLeaks.flag] as boolean | undefined,
  };
}
