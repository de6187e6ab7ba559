/**
 * parseCliArgs: the command line → a RunConfig, or a UsageError that names the flag, the
 * value and what is accepted. Pure apart from reading the arguments it is given.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { DEFAULT_PYTHON, FAIL_ON_VALUES, NUMERIC_SETTINGS, type NumericSetting, type NumericSettingName, type Thresholds } from './constants.js';
import type { FailOn, RunConfig, ScenarioSettings } from './model.js';

/** A mistake on the command line or in an action input; exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `Usage: leakgate run TARGET... [options]

Runs each TARGET (a Python load scenario) for N cycles after a warm-up, finds what keeps
growing and exits 0 (no leak), 1 (leak) or 2 (error).

TARGET is path/to/file.py (the function cycle), path/to/file.py:func, or package.module:func
importable from the working directory. The module may define setup() and teardown(); any of
them may be async.

Options:
${Object.values(NUMERIC_SETTINGS as Record<string, NumericSetting>)
  .map((s) => `  --${`${s.flag} ${s.integer ? 'N' : 'X'}`.padEnd(30)} ${s.description} (default ${s.default})`)
  .join('\n')}
  --python PATH                   Python interpreter (default ${DEFAULT_PYTHON})
  --cwd DIR                       working directory: the repository root (default .)
  --json FILE                     write the JSON report (schema: schema/report.schema.json)
  --markdown FILE                 write the report as GitHub-flavoured Markdown
  --baseline FILE                 compare with a baseline recorded on the default branch
  --save-baseline FILE            record this run as the baseline (schema: schema/baseline.schema.json)
  --fail-on regression|leak|never what fails the run (default: regression with --baseline, else leak)
  --progress bar|lines|none       progress on stderr (default: bar in a terminal, lines in CI)
  --no-color                      no colours in the terminal report
  -h, --help                      show this help
  -V, --version                   show the version
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

export type CliCommand = { command: 'help' } | { command: 'version' } | { command: 'run'; config: RunConfig };

/** Parse `leakgate ...` arguments (without the node and script paths). */
export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv, isTTY: boolean): CliCommand {
  const numeric = NUMERIC_SETTINGS as Record<NumericSettingName, NumericSetting>;
  const options = {
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean', short: 'V' },
    python: { type: 'string' },
    cwd: { type: 'string' },
    json: { type: 'string' },
    markdown: { type: 'string' },
    baseline: { type: 'string' },
    'save-baseline': { type: 'string' },
    'fail-on': { type: 'string' },
    progress: { type: 'string' },
    'no-color': { type: 'boolean' },
    ...Object.fromEntries(Object.values(numeric).map((s) => [s.flag, { type: 'string' }])),
  } as const;
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    const firstLine = (error as Error).message.split('\n')[0].replace(/\.$/, '');
    throw new UsageError(`${firstLine}; run 'leakgate --help' for the options`, { cause: error });
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const [command, ...targets] = parsed.positionals;
  if (command === undefined) throw new UsageError("missing command: use 'leakgate run TARGET'; run 'leakgate --help' for the options");
  if (command !== 'run') throw new UsageError(`unknown command '${command}': the command is 'run' (leakgate run TARGET)`);
  if (targets.length === 0) throw new UsageError("'leakgate run' needs a TARGET, e.g. leakgate run examples/unbounded_cache/leaky.py");

  const number = (name: NumericSettingName): number => {
    const raw = values[numeric[name].flag];
    return typeof raw === 'string' ? parseNumber(numeric[name], raw, `--${numeric[name].flag}`) : numeric[name].default;
  };
  const thresholds: Thresholds = {
    alpha: number('alpha'),
    minObjectsPerCycle: number('minObjectsPerCycle'),
    minBytesPerCycle: number('minBytesPerCycle'),
    minRssBytesPerCycle: number('minRssBytesPerCycle'),
    minFdsPerCycle: number('minFdsPerCycle'),
  };
  const failOnRaw = values['fail-on'] as string | undefined;
  if (failOnRaw !== undefined && !(FAIL_ON_VALUES as readonly string[]).includes(failOnRaw)) {
    throw new UsageError(`--fail-on must be one of ${FAIL_ON_VALUES.join(', ')}, but got '${failOnRaw}'`);
  }
  const progressRaw = values.progress as string | undefined;
  if (progressRaw !== undefined && !['bar', 'lines', 'none'].includes(progressRaw)) {
    throw new UsageError(`--progress must be one of bar, lines, none, but got '${progressRaw}'`);
  }
  const inCi = Boolean(env.CI) && env.CI !== 'false';
  const progress = (progressRaw as RunConfig['progress'] | undefined) ?? (isTTY && !inCi ? 'bar' : 'lines');
  const cwd = resolve(typeof values.cwd === 'string' ? values.cwd : '.');
  const python = typeof values.python === 'string' && values.python.trim() !== '' ? values.python : DEFAULT_PYTHON;
  const base = {
    cwd,
    python,
    cycles: number('cycles'),
    warmup: number('warmup'),
    frames: number('frames'),
    timeoutSeconds: number('timeoutSeconds'),
    thresholds,
  };
  const scenarios: ScenarioSettings[] = targets.map((target) => ({ ...base, name: target, target }));
  return {
    command: 'run',
    config: {
      scenarios,
      failOn: (failOnRaw as FailOn | undefined) ?? null,
      tolerance: { relativePercent: number('tolerancePercent'), bytesPerCycle: number('toleranceBytesPerCycle'), objectsPerCycle: number('toleranceObjectsPerCycle') },
      baselinePath: typeof values.baseline === 'string' ? values.baseline : null,
      saveBaselinePath: typeof values['save-baseline'] === 'string' ? values['save-baseline'] : null,
      jsonPath: typeof values.json === 'string' ? values.json : null,
      markdownPath: typeof values.markdown === 'string' ? values.markdown : null,
      progress,
      color: isTTY && !values['no-color'] && env.NO_COLOR === undefined,
    },
  };
}
