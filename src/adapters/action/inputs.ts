/**
 * parseActionInputs: the action's inputs → ActionConfig. Pure: it is given `getInput`.
 * An invalid input fails at once, naming the input, the value and what is accepted. The
 * numeric inputs come from the same table as the CLI flags (constants.ts).
 */

import { resolve } from 'node:path';
import { type CliFlags, parseNumber, UsageError } from '../../settings/cli-args.js';
import type { NumericValues } from '../../settings/config-file.js';
import {
  FAIL_ON_VALUES,
  IGNORE_TABLE,
  NUMERIC_SETTINGS,
  type NumericSetting,
  type NumericSettingName,
  PYTEST_SETTING,
  SWITCHES,
} from '../../settings/constants.js';
import { parseIgnoreInput } from '../../settings/ignore.js';
import { LIMITS } from '../../settings/limits.js';
import { parseShard } from '../../settings/select.js';

export const MODES = ['auto', 'check', 'baseline', 'comment', 'merge'] as const;
export type Mode = (typeof MODES)[number];
export const COMMENT_POLICIES = ['always', 'on-change', 'on-failure', 'never'] as const;
export type CommentPolicy = (typeof COMMENT_POLICIES)[number];

/** The action's own inputs (beyond the numeric ones shared with the CLI), with their defaults. */
export const ACTION_INPUTS = {
  scenario: '',
  [PYTEST_SETTING.input]: '',
  'scenario-name': '',
  config: '',
  shard: '',
  legs: '',
  python: '',
  'fail-on': '',
  [SWITCHES.failOnKnownLeaks.input]: '',
  [IGNORE_TABLE]: '',
  mode: 'auto',
  'baseline-name': 'leakgate-baseline',
  'report-name': 'leakgate-report',
  'retention-days': '90',
  comment: 'always',
  'accept-label': 'leakgate:accept',
  'github-token': '${{ github.token }}',
  'working-directory': '.',
  'allow-privileged-pr-code': 'false',
  'api-timeout-seconds': '30',
} as const;

/** The inputs, validated; scenarios are resolved later with the configuration file. */
export interface ActionConfig {
  flags: CliFlags;
  mode: Mode;
  baselineName: string;
  reportName: string;
  retentionDays: number;
  comment: CommentPolicy;
  acceptLabel: string;
  token: string;
  /** merge: how many legs the fan-out had. */
  legs: number | null;
  /** Run scenarios on privileged events (pull_request_target, workflow_run, issue_comment). */
  allowPrivilegedPrCode: boolean;
  /** How long one GitHub REST request may take before it is given up (and retried). */
  apiTimeoutSeconds: number;
}

function oneOf<T extends string>(name: string, raw: string, allowed: readonly T[], fallback: T): T {
  const value = raw.trim() === '' ? fallback : raw.trim();
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`input '${name}' must be one of ${allowed.join(', ')}, but got '${raw}'`);
  return value as T;
}

function yesNo<Fallback extends boolean | undefined>(name: string, raw: string, fallback: Fallback): boolean | Fallback {
  const value = raw.trim().toLowerCase();
  if (value === '') return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new UsageError(`input '${name}' must be true or false, but got '${raw}'`);
}

// Artifact names may not hold these characters (actions/toolkit's artifact name rules).
const ARTIFACT_NAME_FORBIDDEN = /["':<>|*?\\/\r\n]/;

function artifactName(name: string, raw: string, fallback: string): string {
  const value = raw.trim() || fallback;
  if (ARTIFACT_NAME_FORBIDDEN.test(value) || value.length > 200) {
    throw new UsageError(`input '${name}' must be an artifact name without " : < > | * ? \\ / or line breaks, at most 200 characters, but got '${raw}'`);
  }
  return value;
}

const lines = (raw: string) =>
  raw
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));

/**
 * Read and validate every input; the first invalid one throws a UsageError. An empty numeric
 * input means "the configuration file's value, else the default", as an absent CLI flag does.
 */
export function parseActionInputs(getInput: (name: string) => string): ActionConfig {
  const numeric = NUMERIC_SETTINGS as Record<NumericSettingName, NumericSetting>;
  const numbers: NumericValues = {};
  for (const [name, setting] of Object.entries(numeric) as [NumericSettingName, NumericSetting][]) {
    const raw = getInput(setting.input);
    if (raw.trim() !== '') numbers[name] = parseNumber(setting, raw, `input '${setting.input}'`);
  }
  const mode = oneOf('mode', getInput('mode'), MODES, 'auto');
  const targets = lines(getInput('scenario'));
  // One collection a line: pytest's arguments (issue 17).
  const pytest = lines(getInput(PYTEST_SETTING.input));
  const scenarioNames = lines(getInput('scenario-name'));
  if ((targets.length > 0 || pytest.length > 0) && scenarioNames.length > 0)
    throw new UsageError(`give either input 'scenario' (targets) or '${PYTEST_SETTING.input}', or 'scenario-name' (configured scenarios), not both`);
  const longArgs = pytest.find((args) => args.length > LIMITS.targetChars);
  if (longArgs !== undefined)
    throw new UsageError(`input '${PYTEST_SETTING.input}' has a line of ${longArgs.length} characters, more than the ${LIMITS.targetChars} it may have`);
  const failOnRaw = getInput('fail-on').trim();
  const retentionRaw = getInput('retention-days').trim() || ACTION_INPUTS['retention-days'];
  const retentionDays = Number(retentionRaw);
  if (!Number.isInteger(retentionDays) || retentionDays < 1 || retentionDays > 90) {
    throw new UsageError(`input 'retention-days' must be an integer from 1 to 90, but got '${getInput('retention-days')}'`);
  }
  const legsRaw = getInput('legs').trim();
  const legs = legsRaw === '' ? null : Number(legsRaw);
  if (legs !== null && (!Number.isInteger(legs) || legs < 1 || legs > LIMITS.legs))
    throw new UsageError(`input 'legs' must be an integer from 1 to ${LIMITS.legs}, but got '${legsRaw}'`);
  if (mode === 'merge' && legs === null)
    throw new UsageError("input 'legs' is needed in mode merge: the number of legs of the matrix (e.g. 4 for shard 1/4 … 4/4)");
  const timeoutRaw = getInput('api-timeout-seconds').trim() || ACTION_INPUTS['api-timeout-seconds'];
  const apiTimeoutSeconds = Number(timeoutRaw);
  if (!Number.isFinite(apiTimeoutSeconds) || apiTimeoutSeconds < 1 || apiTimeoutSeconds > 600) {
    throw new UsageError(`input 'api-timeout-seconds' must be a number of seconds from 1 to 600, but got '${getInput('api-timeout-seconds')}'`);
  }
  const shardRaw = getInput('shard').trim();
  const flags: CliFlags = {
    targets,
    pytest,
    scenarioNames,
    numbers,
    python: getInput('python').trim() || undefined,
    failOn: failOnRaw === '' ? undefined : oneOf('fail-on', failOnRaw, FAIL_ON_VALUES, 'regression'),
    cwd: resolve(getInput('working-directory').trim() || '.'),
    configPath: getInput('config').trim() || null,
    shard: shardRaw ? parseShard(shardRaw, "input 'shard'") : null,
    jobs: 1,
    jsonPath: null,
    markdownPath: null,
    baselinePath: null,
    saveBaselinePath: null,
    progress: 'lines',
    color: false,
    ignore: parseIgnoreInput(getInput(IGNORE_TABLE), IGNORE_TABLE),
    failOnKnownLeaks: yesNo(SWITCHES.failOnKnownLeaks.input, getInput(SWITCHES.failOnKnownLeaks.input), undefined),
  };
  return {
    flags,
    mode,
    baselineName: artifactName('baseline-name', getInput('baseline-name'), ACTION_INPUTS['baseline-name']),
    reportName: artifactName('report-name', getInput('report-name'), ACTION_INPUTS['report-name']),
    retentionDays,
    comment: oneOf('comment', getInput('comment'), COMMENT_POLICIES, 'always'),
    acceptLabel: getInput('accept-label').trim() || ACTION_INPUTS['accept-label'],
    token: getInput('github-token').trim(),
    legs,
    allowPrivilegedPrCode: yesNo('allow-privileged-pr-code', getInput('allow-privileged-pr-code'), false),
    apiTimeoutSeconds,
  };
}

/** The artifact name of one leg's report: report-name-shard-I-of-N. */
export function legArtifactName(reportName: string, shard: { index: number; count: number }): string {
  return `${reportName}-shard-${shard.index}-of-${shard.count}`;
}
