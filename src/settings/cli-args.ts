/**
 * The command line: parseCliArgs turns arguments into flags (only what was given), and
 * resolveRunConfig merges them over the configuration file and the defaults:
 *     flag  >  [[scenarios]] table  >  [tool.leakgate] top level  >  default.
 * Both are pure; every mistake is a UsageError naming the flag, the value and what is accepted.
 */

import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { collectionName, didYouMean, type FileConfig, type FileScenario, type NumericValues } from './config-file.js';
import {
  confirmCyclesFor,
  DEFAULT_PYTHON,
  FAIL_ON_VALUES,
  NUMERIC_SETTINGS,
  type NumericSetting,
  type NumericSettingName,
  PYTEST_SETTING,
  SWITCHES,
} from './constants.js';
import { UsageError } from './errors.js';
import { checkIgnoreScenarios } from './ignore.js';
import { LIMITS } from './limits.js';
import { parseShard, pickScenarios, shardOf } from './select.js';
import type { FailOn, IgnoreEntry, RunConfig, ScenarioSettings, Shard } from './types.js';

export { UsageError };

/** A flag that is not a numeric setting: its value's placeholder (none for a switch) and its help. */
interface OtherOption {
  flag: string;
  /** The value's placeholder in the help, e.g. FILE; null for a switch. */
  value: string | null;
  description: string;
  short?: string;
  multiple?: boolean;
}

/** Every other flag, in the order --help lists them; the parser and its messages read this table. */
const OTHER_OPTIONS: readonly OtherOption[] = [
  { flag: 'python', value: 'PATH', description: `Python interpreter (default ${DEFAULT_PYTHON})` },
  { flag: 'cwd', value: 'DIR', description: 'working directory: the repository root (default .)' },
  { flag: 'config', value: 'FILE', description: 'the configuration file (default: leakgate.toml, else pyproject.toml)' },
  { flag: 'scenario', value: 'NAME', description: 'run this configured scenario (repeatable)', multiple: true },
  { flag: PYTEST_SETTING.flag, value: '"ARGS"', description: PYTEST_SETTING.description, multiple: true },
  { flag: 'shard', value: 'I/N', description: 'run the I-th of N shares of the scenarios (for a CI matrix)' },
  { flag: 'jobs', value: 'N', description: 'run N scenarios at a time (default 1; see the README on noise)' },
  { flag: 'json', value: 'FILE', description: 'write the JSON report (schema: schema/report.schema.json)' },
  { flag: 'markdown', value: 'FILE', description: 'write the report as GitHub-flavoured Markdown' },
  { flag: 'baseline', value: 'FILE', description: 'compare with a baseline recorded on the default branch' },
  { flag: 'save-baseline', value: 'FILE', description: 'record this run as the baseline (schema: schema/baseline.schema.json)' },
  { flag: 'fail-on', value: 'regression|leak|never', description: 'what fails the run (default: regression with --baseline, else leak)' },
  { flag: SWITCHES.failOnKnownLeaks.flag, value: null, description: SWITCHES.failOnKnownLeaks.description },
  { flag: 'expect-legs', value: 'N', description: 'merge: how many legs there should be; missing ones are errors' },
  { flag: 'progress', value: 'bar|lines|none', description: 'progress on stderr (default: bar in a terminal, lines in CI)' },
  { flag: 'no-color', value: null, description: 'no colours in the terminal report' },
  { flag: 'help', value: null, description: 'show this help', short: 'h' },
  { flag: 'version', value: null, description: 'show the version', short: 'V' },
];

export const USAGE = `Usage: leakgate run [TARGET...] [options]
       leakgate merge REPORT.json... [--expect-legs N] [--json FILE] [--markdown FILE]

run: runs each TARGET (a Python load scenario) for N cycles after a warm-up, finds what keeps
growing and exits 0 (no leak), 1 (leak) or 2 (error). With no TARGET it runs the scenarios
configured in [tool.leakgate] of pyproject.toml, or in leakgate.toml.

TARGET is path/to/file.py (the function cycle), path/to/file.py:func, or package.module:func
importable from the working directory. The module may define setup() and teardown(); any of
them may be async. A TARGET with :: is a pytest node id (tests/test_api.py::test_checkout,
tests/test_api.py::TestCart::test_add, tests/test_api.py::test_render[big]): one cycle is one
run of the test with its function-scoped fixtures; --pytest "ARGS" runs every test pytest
collects with ARGS (e.g. --pytest "tests/api -k 'checkout or cart'"), each as a scenario.

merge: joins the JSON reports of several legs (leakgate run --shard i/n) into one report.

Options:
${Object.values(NUMERIC_SETTINGS as Record<string, NumericSetting>)
  .map((s) => `  --${`${s.flag} ${s.integer ? 'N' : 'X'}`.padEnd(30)} ${s.description} (default ${s.default})`)
  .join('\n')}
${OTHER_OPTIONS.map((o) => `  ${(o.short ? `-${o.short}, --${o.flag}` : `--${o.flag}${o.value ? ` ${o.value}` : ''}`).padEnd(31)} ${o.description}`).join('\n')}
`;

/** Parse a number flag, naming the flag, the value and the accepted range on error. */
export function parseNumber(setting: NumericSetting, raw: string, origin: string): number {
  // A percentage may be written with its sign: --tolerance 50%.
  const trimmed = setting.flag === 'tolerance' ? raw.trim().replace(/%$/, '') : raw.trim();
  const value = Number(trimmed);
  const kind = setting.integer ? 'an integer' : 'a number';
  if (trimmed === '' || !Number.isFinite(value) || (setting.integer && !Number.isInteger(value))) {
    throw new UsageError(`${origin} must be ${kind} from ${setting.min} to ${setting.max}, but got '${raw}'`);
  }
  if (value < setting.min || value > setting.max) {
    throw new UsageError(`${origin} must be ${kind} from ${setting.min} to ${setting.max}, but got ${value}`);
  }
  return value;
}

/** What the command line said, and nothing it did not say. */
export interface CliFlags {
  targets: string[];
  /** pytest's arguments of each collection (--pytest, the action input `pytest`): one scenario per test collected. */
  pytest: string[];
  scenarioNames: string[];
  numbers: NumericValues;
  python?: string;
  failOn?: FailOn;
  cwd: string;
  configPath: string | null;
  shard: { index: number; count: number } | null;
  jobs: number;
  jsonPath: string | null;
  markdownPath: string | null;
  baselinePath: string | null;
  saveBaselinePath: string | null;
  progress: RunConfig['progress'];
  color: boolean;
  /** Suppressions given outside the configuration file: the action's `ignore` input (none on the command line). */
  ignore: IgnoreEntry[];
  /** Given: true or false; not given: the configuration file's, else false. */
  failOnKnownLeaks?: boolean;
}

export type CliCommand =
  | { command: 'help' }
  | { command: 'version' }
  | { command: 'run'; flags: CliFlags }
  | { command: 'merge'; reports: string[]; expectLegs: number | null; flags: CliFlags };

type ParseArgsOptions = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

/** The options as node:util's parseArgs takes them, with what each flag's value is, for messages. */
function optionTable(): { options: ParseArgsOptions; valueWords: Map<string, string | null> } {
  const options: ParseArgsOptions = {};
  const valueWords = new Map<string, string | null>();
  for (const s of Object.values(NUMERIC_SETTINGS as Record<string, NumericSetting>)) {
    options[s.flag] = { type: 'string' };
    valueWords.set(s.flag, `${s.integer ? 'N' : 'X'}, ${s.integer ? 'an integer' : 'a number'} from ${s.min} to ${s.max}`);
  }
  for (const o of OTHER_OPTIONS) {
    options[o.flag] = { type: o.value ? 'string' : 'boolean', ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
    valueWords.set(o.flag, o.value);
  }
  return { options, valueWords };
}

/**
 * Arguments → values, with messages that name the flag and the fix. node:util's own messages
 * ("Unknown option '--cycels'. To specify a positional argument starting with a '-', place it
 * at the end of the command after '--', as in '-- \"--cycels\"") name no fix and carry an
 * unbalanced quote (issue 10 §3), so its tokens are checked here and it never throws.
 */
function readArgs(argv: readonly string[]): { values: Record<string, string | string[] | boolean | undefined>; positionals: string[] } {
  const { options, valueWords } = optionTable();
  const parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: false, tokens: true });
  const longNames = [...valueWords.keys()];
  for (const token of parsed.tokens) {
    if (token.kind !== 'option') continue;
    const shown = token.rawName;
    if (!Object.hasOwn(options, token.name)) {
      const typed = shown.startsWith('--') ? shown.slice(2) : shown.replace(/^-/, '');
      const suggestion = didYouMean(typed, longNames);
      throw new UsageError(`unknown option ${shown}${suggestion ? `; did you mean --${suggestion}?` : `; run 'leakgate --help' for the options`}`);
    }
    const placeholder = valueWords.get(token.name) ?? null;
    if (options[token.name].type === 'boolean') {
      if (token.inlineValue) throw new UsageError(`${shown} takes no value, but got '${token.value ?? ''}': write ${shown} alone`);
      continue;
    }
    const value = token.value;
    const example = `${shown} ${placeholder}`;
    if (value === undefined) throw new UsageError(`${shown} needs a value: ${example}`);
    // "--cycles --json r.json": parseArgs took the next flag as the value. A negative number is
    // a value (its range check names it); a value that must start with '-' can be written inline.
    if (!token.inlineValue && value.length > 1 && value.startsWith('-') && !/^-\.?\d/.test(value)) {
      const inline = placeholder && /^[A-Z]+$/.test(placeholder) ? ` (write ${shown}=${value} if the value starts with '-')` : '';
      throw new UsageError(`${shown} needs a value, but is followed by the option ${value}: ${example}${inline}`);
    }
  }
  return { values: parsed.values as Record<string, string | string[] | boolean | undefined>, positionals: parsed.positionals };
}

/** Parse `leakgate ...` arguments (without the node and script paths). */
export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv, isTTY: boolean): CliCommand {
  const numeric = NUMERIC_SETTINGS as Record<NumericSettingName, NumericSetting>;
  const parsed = readArgs(argv);
  const values = parsed.values;
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const [command, ...positionals] = parsed.positionals;
  if (command === undefined) throw new UsageError("missing command: use 'leakgate run [TARGET]'; run 'leakgate --help' for the options");
  if (command !== 'run' && command !== 'merge') throw new UsageError(`unknown command '${command}': the commands are 'run' (leakgate run TARGET) and 'merge'`);

  const numbers: NumericValues = {};
  for (const [name, setting] of Object.entries(numeric) as [NumericSettingName, NumericSetting][]) {
    const raw = values[setting.flag];
    if (typeof raw === 'string') numbers[name] = parseNumber(setting, raw, `--${setting.flag}`);
  }
  const failOn = values['fail-on'] as string | undefined;
  if (failOn !== undefined && !(FAIL_ON_VALUES as readonly string[]).includes(failOn)) {
    throw new UsageError(`--fail-on must be one of ${FAIL_ON_VALUES.join(', ')}, but got '${failOn}'`);
  }
  const progressRaw = values.progress as string | undefined;
  if (progressRaw !== undefined && !['bar', 'lines', 'none'].includes(progressRaw)) {
    throw new UsageError(`--progress must be one of bar, lines, none, but got '${progressRaw}'`);
  }
  const jobsRaw = values.jobs as string | undefined;
  const jobs = jobsRaw === undefined ? 1 : Number(jobsRaw);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new UsageError(`--jobs must be an integer from 1 to 64, but got '${jobsRaw}'`);
  const inCi = Boolean(env.CI) && env.CI !== 'false';
  const str = (key: string) => (typeof values[key] === 'string' && (values[key] as string).trim() !== '' ? (values[key] as string) : null);
  const flags: CliFlags = {
    targets: command === 'run' ? positionals : [],
    pytest: ((values[PYTEST_SETTING.flag] as string[] | undefined) ?? []).map((args) => args.trim()).filter((args) => args !== ''),
    scenarioNames: (values.scenario as string[] | undefined) ?? [],
    numbers,
    python: str('python') ?? undefined,
    failOn: failOn as FailOn | undefined,
    cwd: resolve(str('cwd') ?? '.'),
    configPath: str('config'),
    shard: str('shard') ? parseShard(str('shard')!, '--shard') : null,
    jobs,
    jsonPath: str('json'),
    markdownPath: str('markdown'),
    baselinePath: str('baseline'),
    saveBaselinePath: str('save-baseline'),
    progress: (progressRaw as RunConfig['progress'] | undefined) ?? (isTTY && !inCi ? 'bar' : 'lines'),
    color: isTTY && !values['no-color'] && env.NO_COLOR === undefined,
    ignore: [],
    failOnKnownLeaks: values[SWITCHES.failOnKnownLeaks.flag] === true ? true : undefined,
  };
  if (command === 'merge') {
    if (positionals.length === 0) throw new UsageError("'leakgate merge' needs the JSON reports of the legs, e.g. leakgate merge leg-1.json leg-2.json");
    const expectRaw = str('expect-legs');
    const expectLegs = expectRaw === null ? null : Number(expectRaw);
    if (expectLegs !== null && (!Number.isInteger(expectLegs) || expectLegs < 1 || expectLegs > LIMITS.legs))
      throw new UsageError(`--expect-legs must be an integer from 1 to ${LIMITS.legs}, but got '${expectRaw}'`);
    if (positionals.length > LIMITS.legs)
      throw new UsageError(`'leakgate merge' was given ${positionals.length} reports, more than the ${LIMITS.legs} legs a fan-out may have`);
    return { command: 'merge', reports: positionals, expectLegs, flags };
  }
  if (flags.targets.length > LIMITS.scenarios)
    throw new UsageError(
      `'leakgate run' was given ${flags.targets.length} TARGETs, more than the ${LIMITS.scenarios} scenarios one run may hold; ` +
        `split them with --shard or over several runs`,
    );
  const long = flags.targets.find((target) => target.length > LIMITS.targetChars);
  if (long !== undefined)
    throw new UsageError(`TARGET '${long.slice(0, 60)}…' is ${long.length} characters, more than the ${LIMITS.targetChars} a target may have`);
  if ((flags.targets.length > 0 || flags.pytest.length > 0) && flags.scenarioNames.length > 0) {
    throw new UsageError(`give either TARGETs (or --${PYTEST_SETTING.flag}) or --scenario NAMEs, not both: --scenario picks configured scenarios by name`);
  }
  const longArgs = flags.pytest.find((args) => args.length > LIMITS.targetChars);
  if (longArgs !== undefined)
    throw new UsageError(
      `--${PYTEST_SETTING.flag} '${longArgs.slice(0, 60)}…' is ${longArgs.length} characters, more than the ${LIMITS.targetChars} it may have`,
    );
  return { command: 'run', flags };
}

/** Merge flags over the configuration file and the defaults into what runs. */
export function resolveRunConfig(flags: CliFlags, file: FileConfig | null): RunConfig {
  const numeric = NUMERIC_SETTINGS as Record<NumericSettingName, NumericSetting>;
  const value = (name: NumericSettingName, table: NumericValues = {}): number =>
    flags.numbers[name] ?? table[name] ?? file?.numbers[name] ?? numeric[name].default;
  let chosen: FileScenario[];
  if (flags.targets.length > 0 || flags.pytest.length > 0) {
    chosen = [
      ...flags.targets.map((target) => ({ name: target, target, numbers: {} })),
      ...flags.pytest.map((args) => ({ name: collectionName(args), target: '', pytest: args, numbers: {} })),
    ];
  } else if (file && file.scenarios.length > 0) {
    chosen = pickScenarios(file.scenarios, flags.scenarioNames, file.source);
  } else if (flags.scenarioNames.length > 0) {
    throw new UsageError(
      `--scenario needs scenarios configured in [tool.leakgate] of pyproject.toml or in leakgate.toml, ` +
        `and ${file ? `${file.source} has none` : 'there is no such file'}`,
    );
  } else {
    throw new UsageError(
      "'leakgate run' needs a TARGET (e.g. leakgate run examples/unbounded_cache/leaky.py), or [[tool.leakgate.scenarios]] in pyproject.toml",
    );
  }
  // A collection's scenarios are known when it runs: sharding and the ignore entries' scenarios wait for it (settings/pytest.ts).
  const collecting = chosen.some((s) => s.pytest !== undefined);
  const shard: Shard | null = flags.shard ? { ...flags.shard, scenariosInAll: chosen.length } : null;
  if (file && !file.scenarios.some((s) => s.pytest !== undefined))
    checkIgnoreScenarios(
      flags.ignore,
      file.scenarios.map((s) => s.name),
      file.source,
    );
  // Before sharding: merge calls an entry stale only when every leg found it stale (report/merge.ts).
  const ignore = collecting ? [...(file?.ignore ?? []), ...flags.ignore] : ignoreFor([...(file?.ignore ?? []), ...flags.ignore], chosen);
  if (flags.shard && !collecting) chosen = shardOf(chosen, flags.shard);
  const scenarios: ScenarioSettings[] = chosen.map((s) => ({
    name: s.name,
    target: s.target,
    cwd: flags.cwd,
    python: flags.python ?? s.python ?? file?.python ?? DEFAULT_PYTHON,
    cycles: value('cycles', s.numbers),
    warmup: value('warmup', s.numbers),
    frames: value('frames', s.numbers),
    timeoutSeconds: value('timeoutSeconds', s.numbers),
    confirmCycles: confirmCyclesFor(value('confirmCycles', s.numbers), value('cycles', s.numbers)),
    confirmSeconds: value('confirmSeconds', s.numbers),
    thresholds: {
      alpha: value('alpha', s.numbers),
      minObjectsPerCycle: value('minObjectsPerCycle', s.numbers),
      minBytesPerCycle: value('minBytesPerCycle', s.numbers),
      minRssBytesPerCycle: value('minRssBytesPerCycle', s.numbers),
      minFdsPerCycle: value('minFdsPerCycle', s.numbers),
    },
    ...(s.pytest !== undefined ? { pytest: s.pytest } : {}),
  }));
  return {
    scenarios,
    failOn: flags.failOn ?? file?.failOn ?? null,
    tolerance: {
      relativePercent: value('tolerancePercent'),
      bytesPerCycle: value('toleranceBytesPerCycle'),
      objectsPerCycle: value('toleranceObjectsPerCycle'),
    },
    baselinePath: flags.baselinePath,
    saveBaselinePath: flags.saveBaselinePath,
    jsonPath: flags.jsonPath,
    markdownPath: flags.markdownPath,
    progress: flags.progress,
    color: flags.color,
    jobs: flags.jobs,
    shard,
    ignore,
    failOnKnownLeaks: flags.failOnKnownLeaks ?? file?.failOnKnownLeaks ?? SWITCHES.failOnKnownLeaks.default,
  };
}

/**
 * The entries that apply to the scenarios this run takes (TARGETs, or --scenario's picks): an
 * entry for a scenario left out is not this run's, and would otherwise be reported as stale.
 * Every leg of a fan-out keeps the same entries, so that merge can tell which matched nowhere.
 */
function ignoreFor(entries: readonly IgnoreEntry[], chosen: readonly { name: string }[]): IgnoreEntry[] {
  const names = new Set(chosen.map((s) => s.name));
  return entries.filter((entry) => entry.scenario === null || names.has(entry.scenario));
}
