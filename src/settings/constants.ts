/**
 * One map of settings: their names as CLI flags and action inputs, their defaults and bounds.
 * The CLI parser and the action read this table, so the two cannot drift apart.
 */

export const LEAKGATE_VERSION = '0.1.0';
export const REPORT_SCHEMA = 'leakgate/report@1';

/** Exit codes of `leakgate run`: each means one thing. */
export const EXIT = { pass: 0, fail: 1, error: 2 } as const;

/** Thresholds below which growth is not called a leak, however significant. */
export interface Thresholds {
  /** One-sided significance level of the Mann–Kendall trend test. */
  alpha: number;
  /** Minimum growth of allocated blocks (pymalloc) or of any type's live objects. */
  minObjectsPerCycle: number;
  /** Minimum growth of traced Python memory, or of the malloc heap when RSS is not known. */
  minBytesPerCycle: number;
  /** Minimum growth of resident memory for a native leak. */
  minRssBytesPerCycle: number;
  /** Minimum growth of open descriptors. */
  minFdsPerCycle: number;
}

/** A numeric setting: its flag, action input, words, default and bounds. */
interface NumericSettingFields {
  flag: string;
  input: string;
  description: string;
  default: number;
  min: number;
  max: number;
}

export interface IntegerSetting extends NumericSettingFields {
  integer: true;
}

export interface NumberSetting extends NumericSettingFields {
  integer: false;
}

export type NumericSetting = IntegerSetting | NumberSetting;

/** Numeric settings shared by the command line and the action. */
export const NUMERIC_SETTINGS = {
  cycles: { flag: 'cycles', input: 'cycles', description: 'measured cycles after the warm-up', default: 100, min: 10, max: 1_000_000, integer: true },
  warmup: { flag: 'warmup', input: 'warmup', description: 'warm-up cycles, not measured', default: 20, min: 0, max: 1_000_000, integer: true },
  frames: { flag: 'frames', input: 'frames', description: 'traceback depth kept per allocation site', default: 10, min: 1, max: 100, integer: true },
  timeoutSeconds: {
    flag: 'timeout',
    input: 'timeout',
    description: 'seconds one scenario may run before it is stopped',
    default: 600,
    min: 1,
    max: 86_400,
    integer: false,
  },
  // Issue 14: growth in the measured phase is called a leak only when it continues through these cycles.
  confirmCycles: {
    flag: 'confirm-cycles',
    input: 'confirm-cycles',
    description:
      'untraced cycles run after the measured phase when it grew, to confirm the growth before a leak verdict ' +
      '(-1: as many as --cycles; 0: no confirmation)',
    default: -1,
    min: -1,
    max: 1_000_000,
    integer: true,
  },
  confirmSeconds: {
    flag: 'confirm-seconds',
    input: 'confirm-seconds',
    description: 'seconds the confirming cycles may take at most (never more than half of what is left of --timeout)',
    default: 120,
    min: 0,
    max: 86_400,
    integer: false,
  },
  alpha: { flag: 'alpha', input: 'alpha', description: 'significance level of the trend test', default: 0.01, min: 1e-9, max: 0.2, integer: false },
  minObjectsPerCycle: {
    flag: 'min-objects-per-cycle',
    input: 'min-objects-per-cycle',
    description: 'smallest growth of blocks or objects per cycle called a leak',
    default: 0.05,
    min: 0,
    max: 1e9,
    integer: false,
  },
  minBytesPerCycle: {
    flag: 'min-bytes-per-cycle',
    input: 'min-bytes-per-cycle',
    description: 'smallest growth of traced bytes per cycle called a leak',
    default: 256,
    min: 0,
    max: 1e12,
    integer: false,
  },
  minRssBytesPerCycle: {
    flag: 'min-rss-bytes-per-cycle',
    input: 'min-rss-bytes-per-cycle',
    description: 'smallest growth of RSS per cycle called a native leak',
    default: 16_384,
    min: 0,
    max: 1e12,
    integer: false,
  },
  minFdsPerCycle: {
    flag: 'min-fds-per-cycle',
    input: 'min-fds-per-cycle',
    description: 'smallest growth of open descriptors per cycle called a leak',
    default: 0.02,
    min: 0,
    max: 1e6,
    integer: false,
  },
  tolerancePercent: {
    flag: 'tolerance',
    input: 'tolerance',
    description: 'relative part of the tolerance of "worse" than the baseline, in percent',
    default: 50,
    min: 0,
    max: 10_000,
    integer: false,
  },
  // The floor of "worse" is each signal's detection threshold (--min-…-per-cycle); these raise it (issue 13).
  toleranceBytesPerCycle: {
    flag: 'tolerance-bytes-per-cycle',
    input: 'tolerance-bytes-per-cycle',
    description: 'smallest change in bytes per cycle called worse or improved, when above the detection thresholds (0: the thresholds alone)',
    default: 0,
    min: 0,
    max: 1e12,
    integer: false,
  },
  toleranceObjectsPerCycle: {
    flag: 'tolerance-objects-per-cycle',
    input: 'tolerance-objects-per-cycle',
    description:
      'smallest change in objects, blocks or descriptors per cycle called worse or improved, when above the detection thresholds (0: the thresholds alone)',
    default: 0,
    min: 0,
    max: 1e9,
    integer: false,
  },
} as const satisfies Record<string, NumericSetting>;

export type NumericSettingName = keyof typeof NUMERIC_SETTINGS;

/** The extension's length for a run of `cycles` measured cycles: --confirm-cycles, where -1 means as many as --cycles. */
export function confirmCyclesFor(confirmCycles: number, cycles: number): number {
  return confirmCycles < 0 ? cycles : confirmCycles;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  alpha: NUMERIC_SETTINGS.alpha.default,
  minObjectsPerCycle: NUMERIC_SETTINGS.minObjectsPerCycle.default,
  minBytesPerCycle: NUMERIC_SETTINGS.minBytesPerCycle.default,
  minRssBytesPerCycle: NUMERIC_SETTINGS.minRssBytesPerCycle.default,
  minFdsPerCycle: NUMERIC_SETTINGS.minFdsPerCycle.default,
};

export const FAIL_ON_VALUES = ['regression', 'leak', 'never'] as const;

/**
 * Switches (true or false) shared by the command line (`--flag`), the configuration file
 * (`flag = true`) and the action (input `flag: 'true'`): one name each (issue 14).
 */
export const SWITCHES = {
  failOnKnownLeaks: {
    flag: 'fail-on-known-leaks',
    input: 'fail-on-known-leaks',
    description: 'fail on a known library leak too (default: reported, does not fail)',
    default: false,
  },
} as const;

/**
 * The collection form of pytest targets (issue 17): pytest's arguments, split as a shell would
 * (no shell runs); every test they collect becomes a scenario named by its node id. The same
 * name is the CLI flag (`--pytest "tests/api -k 'checkout or cart'"`), the configuration key
 * (top level, or in a [[scenarios]] table instead of `target`) and the action input.
 */
export const PYTEST_SETTING = {
  flag: 'pytest',
  input: 'pytest',
  key: 'pytest',
  description: 'run every test these pytest arguments collect, each as a scenario named by its node id (repeatable)',
} as const;

/** The suppressions: `[[tool.leakgate.ignore]]` (`[[ignore]]` in leakgate.toml) and the action's input of that name, and each entry's keys. */
export const IGNORE_TABLE = 'ignore';
export const IGNORE_KEYS = ['site', 'type', 'holder', 'reason', 'scenario'] as const;

/** The default interpreter: `python3` where it exists by that name, `python` on Windows. */
export const DEFAULT_PYTHON = process.platform === 'win32' ? 'python' : 'python3';

/** How much of the scenario's stdout and stderr is kept, each, for error reports. */
export const OUTPUT_TAIL_BYTES = 16 * 1024;

/**
 * Environment variables a scenario may see. The scenario is pull-request code: tokens and
 * runner secrets (ACTIONS_RUNTIME_TOKEN, GITHUB_TOKEN, INPUT_*) must never reach it.
 */
export const ENV_ALLOW_LIST: readonly string[] = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LANGUAGE',
  'TZ',
  'TERM',
  'TMPDIR',
  'TMP',
  'TEMP',
  'PYTHONPATH',
  'PYTHONHASHSEED',
  'PYTHONUTF8',
  'PYTHONIOENCODING',
  'PYTHONWARNINGS',
  'PYTHONDONTWRITEBYTECODE',
  'VIRTUAL_ENV',
  'CONDA_PREFIX',
  'PYENV_VERSION',
  'PYENV_ROOT',
  'LD_LIBRARY_PATH',
  'DYLD_LIBRARY_PATH',
  'CI',
  'SYSTEMROOT',
  'SYSTEMDRIVE',
  'WINDIR',
  'COMSPEC',
  'PATHEXT',
  'APPDATA',
  'LOCALAPPDATA',
  'USERPROFILE',
  'PROGRAMDATA',
];
/** Prefixes of allowed variables (locale settings). */
export const ENV_ALLOW_PREFIXES: readonly string[] = ['LC_'];
