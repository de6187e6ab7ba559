/**
 * parseActionInputs: the action's inputs → ActionConfig. Pure: it is given `getInput`.
 * An invalid input fails at once, naming the input, the value and what is accepted. The
 * numeric inputs come from the same table as the CLI flags (constants.ts).
 */
import { DEFAULT_PYTHON, FAIL_ON_VALUES, NUMERIC_SETTINGS, type NumericSetting, type NumericSettingName } from '../constants.js';
import { parseNumber, UsageError } from '../config.js';
import type { FailOn, ScenarioSettings, Tolerance } from '../model.js';
import { resolve } from 'node:path';

export const MODES = ['auto', 'check', 'baseline', 'comment'] as const;
export type Mode = (typeof MODES)[number];
export const COMMENT_POLICIES = ['always', 'on-change', 'on-failure', 'never'] as const;
export type CommentPolicy = (typeof COMMENT_POLICIES)[number];

/** The action's own inputs (beyond the numeric ones shared with the CLI), with their defaults. */
export const ACTION_INPUTS = {
  scenario: '',
  python: DEFAULT_PYTHON,
  'fail-on': 'regression',
  mode: 'auto',
  'baseline-name': 'leakgate-baseline',
  'report-name': 'leakgate-report',
  'retention-days': '90',
  comment: 'always',
  'accept-label': 'leakgate:accept',
  'github-token': '${{ github.token }}',
  'working-directory': '.',
} as const;

export interface ActionConfig {
  scenarios: ScenarioSettings[];
  failOn: FailOn;
  tolerance: Tolerance;
  mode: Mode;
  baselineName: string;
  reportName: string;
  retentionDays: number;
  comment: CommentPolicy;
  acceptLabel: string;
  token: string;
  workingDirectory: string;
}

function oneOf<T extends string>(name: string, raw: string, allowed: readonly T[], fallback: T): T {
  const value = raw.trim() === '' ? fallback : raw.trim();
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`input '${name}' must be one of ${allowed.join(', ')}, but got '${raw}'`);
  return value as T;
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

/** Read and validate every input; the first invalid one throws a UsageError. */
export function parseActionInputs(getInput: (name: string) => string): ActionConfig {
  const numeric = NUMERIC_SETTINGS as Record<NumericSettingName, NumericSetting>;
  const number = (name: NumericSettingName): number => {
    const raw = getInput(numeric[name].input);
    return raw.trim() === '' ? numeric[name].default : parseNumber(numeric[name], raw, `input '${numeric[name].input}'`);
  };
  const mode = oneOf('mode', getInput('mode'), MODES, 'auto');
  const targets = getInput('scenario')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  if (targets.length === 0 && mode !== 'comment') throw new UsageError("input 'scenario' is empty: give one target per line, e.g. tests/leak/checkout.py");
  const workingDirectory = resolve(getInput('working-directory').trim() || '.');
  const thresholds = {
    alpha: number('alpha'),
    minObjectsPerCycle: number('minObjectsPerCycle'),
    minBytesPerCycle: number('minBytesPerCycle'),
    minRssBytesPerCycle: number('minRssBytesPerCycle'),
    minFdsPerCycle: number('minFdsPerCycle'),
  };
  const base = {
    cwd: workingDirectory,
    python: getInput('python').trim() || DEFAULT_PYTHON,
    cycles: number('cycles'),
    warmup: number('warmup'),
    frames: number('frames'),
    timeoutSeconds: number('timeoutSeconds'),
    thresholds,
  };
  const retentionRaw = getInput('retention-days').trim() || ACTION_INPUTS['retention-days'];
  const retentionDays = Number(retentionRaw);
  if (!Number.isInteger(retentionDays) || retentionDays < 1 || retentionDays > 90) {
    throw new UsageError(`input 'retention-days' must be an integer from 1 to 90, but got '${getInput('retention-days')}'`);
  }
  const acceptLabel = getInput('accept-label').trim() || ACTION_INPUTS['accept-label'];
  return {
    scenarios: targets.map((target) => ({ ...base, name: target, target })),
    failOn: oneOf('fail-on', getInput('fail-on'), FAIL_ON_VALUES, 'regression'),
    tolerance: { relativePercent: number('tolerancePercent'), bytesPerCycle: number('toleranceBytesPerCycle'), objectsPerCycle: number('toleranceObjectsPerCycle') },
    mode,
    baselineName: artifactName('baseline-name', getInput('baseline-name'), ACTION_INPUTS['baseline-name']),
    reportName: artifactName('report-name', getInput('report-name'), ACTION_INPUTS['report-name']),
    retentionDays,
    comment: oneOf('comment', getInput('comment'), COMMENT_POLICIES, 'always'),
    acceptLabel,
    token: getInput('github-token').trim(),
    workingDirectory,
  };
}
