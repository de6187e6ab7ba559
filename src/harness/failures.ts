/**
 * Turning how a harness process ended into words: the exit codes of the harness,
 * signals, time-outs and the error records the harness writes.
 */
import type { ScenarioFailure } from './types.js';

// Mirrors EXIT_* in python/leakgate_harness/own.py and python/leakgate_run.py.
export const HARNESS_EXIT = {
  ok: 0,
  scenarioFailed: 10,
  badInvocation: 11,
  channelLost: 12,
  pythonTooOld: 13,
} as const;

const HINTS: Record<string, string> = {
  'missing-file': 'check the path: it is resolved from the working directory',
  'missing-module': 'check the module name, and run leakgate from the directory it is importable from (or set PYTHONPATH)',
  syntax: 'fix the syntax error; `python -m py_compile FILE` shows it too',
  'no-cycle': 'define `def cycle():` in the module, or name the function as FILE.py:FUNCTION',
  'import-raised': 'the module must import without errors: run `python FILE.py` to see the failure',
  'setup-raised': 'fix setup(): it runs once before the warm-up',
  'teardown-raised': 'fix teardown(): it runs once after the last cycle',
  'cycle-raised': 'a cycle must not raise: catch expected errors inside cycle()',
  'exit-called': 'a scenario must not call sys.exit(): return from cycle() instead',
  // A pytest node id as the target, or a collection (issue 17).
  'pytest-not-found':
    'a node id is the path of the test file relative to the working directory, then ::Class::test_name[param], ' +
    'as `python -m pytest --collect-only -q` lists them',
  'pytest-usage': 'check the pytest arguments: `python -m pytest --collect-only -q ARGS`, run in the working directory, shows the same error',
  'collect-failed': 'pytest could not collect the tests: `python -m pytest --collect-only -q`, run in the working directory, shows the same error',
  'test-failed': 'the test must pass on every cycle: one that passes once and then fails keeps state from the run before (run it twice with pytest to see)',
  'test-skipped': 'a skipped test cannot be measured: measure a test that runs in this environment',
  'test-xfailed': 'a test expected to fail cannot be measured: measure a test that passes',
  'fixture-error': "fix the fixture: pytest's traceback is below",
};

/** Describe an error record written by the harness. */
export function failureFromRecord(record: {
  kind: string;
  message: string;
  cycle?: number | null;
  phase?: string;
  traceback?: string;
  candidates?: string[];
}): ScenarioFailure {
  // The kind comes from the records file, which the scenario can write: an own key, not a prototype's ('constructor').
  let hint = Object.hasOwn(HINTS, record.kind) ? HINTS[record.kind] : null;
  if (record.kind === 'no-cycle' && Array.isArray(record.candidates) && record.candidates.length > 0) {
    const names = record.candidates.slice(0, 8);
    hint = `${hint}; functions found: ${names.join(', ')}`;
  }
  if (record.kind === 'pytest-not-found' && Array.isArray(record.candidates))
    hint = record.candidates.length > 0 ? `did you mean ${record.candidates.slice(0, 8).join(', ')}? ${hint}` : `no test of that file is close; ${hint}`;
  return {
    kind: record.kind,
    message: record.message,
    hint,
    cycle: record.cycle ?? null,
    phase: record.phase ?? null,
    traceback: record.traceback ?? null,
  };
}

/** How a harness process ended, with where the run was when it did. */
export interface HarnessExit {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  timeoutSeconds: number;
  /** The cycle under way when the process stopped (the samples file's marker), or null between cycles. */
  cycleUnderWay: number | null;
  /** The last cycle that completed. */
  lastCycle: number | null;
  lastPhase: string | null;
  stderrTail: string;
  python: string;
  /** Every Python thread's stack, as faulthandler wrote it when the time-out was reached. */
  stacks?: string | null;
}

/** "during cycle 30 (measure)", "during teardown, after cycle 120", "after cycle 12 (measure)": one numbering for every failure. */
export function whereTheRunWas(exit: Pick<HarnessExit, 'cycleUnderWay' | 'lastCycle' | 'lastPhase'>): { where: string; cycle: number | null } {
  const phase = exit.lastPhase;
  if (exit.cycleUnderWay !== null) return { where: ` during cycle ${exit.cycleUnderWay}${phase ? ` (${phase})` : ''}`, cycle: exit.cycleUnderWay };
  if (phase && !['warmup', 'measure', 'confirm', 'profile', 'trace'].includes(phase))
    return { where: ` during ${phase}${exit.lastCycle ? `, after cycle ${exit.lastCycle}` : ''}`, cycle: exit.lastCycle };
  if (exit.lastCycle) return { where: ` after cycle ${exit.lastCycle}${phase ? ` (${phase})` : ''}`, cycle: exit.lastCycle };
  return { where: phase ? ` during ${phase}` : '', cycle: null };
}

/** Describe a process that ended without saying why (crash, os._exit, kill, time-out). */
export function failureFromExit(exit: HarnessExit): ScenarioFailure {
  const { where, cycle } = whereTheRunWas(exit);
  const base = { cycle, phase: exit.lastPhase, traceback: null };
  if (exit.timedOut) {
    return {
      ...base,
      kind: 'timeout',
      message: `the scenario did not finish within ${exit.timeoutSeconds} s and was stopped${where}`,
      hint:
        'a cycle may hang (a lock, a network call, an input() prompt): ' +
        'the stack of every thread when it was stopped is below; raise --timeout if the run is just slow',
      traceback: exit.stacks ? userStacks(exit.stacks) : null,
    };
  }
  if (exit.signal) {
    const crash = exit.signal === 'SIGSEGV' || exit.signal === 'SIGBUS' || exit.signal === 'SIGABRT' || exit.signal === 'SIGILL' || exit.signal === 'SIGFPE';
    return {
      ...base,
      kind: crash ? 'crash' : 'killed',
      message: crash ? `the Python interpreter crashed with ${exit.signal}${where}` : `the Python process was killed by ${exit.signal}${where}`,
      hint: crash
        ? 'a C extension or ctypes call crashed: the Python stack printed by faulthandler is in the output below'
        : 'something outside leakgate stopped the process (the out-of-memory killer?)',
      traceback: crash ? faulthandlerStack(exit.stderrTail) : null,
    };
  }
  if (exit.exitCode === HARNESS_EXIT.pythonTooOld) {
    return {
      ...base,
      kind: 'python-too-old',
      message: firstLine(exit.stderrTail) ?? `${exit.python} is too old`,
      hint: 'leakgate needs Python 3.9 or newer: pass --python PATH',
    };
  }
  if (exit.exitCode === HARNESS_EXIT.channelLost) {
    return {
      ...base,
      kind: 'channel-lost',
      message: `the scenario closed leakgate's private channel${where}`,
      hint: 'do not close descriptors you did not open (os.closerange, daemonising code)',
    };
  }
  if (exit.exitCode === HARNESS_EXIT.badInvocation) {
    return {
      ...base,
      kind: 'internal',
      message: `the harness could not read its settings: ${firstLine(exit.stderrTail) ?? 'no detail'}`,
      hint: 'this is a leakgate bug: please report it with this output',
    };
  }
  return {
    ...base,
    kind: 'exited',
    message: `the Python process exited with code ${exit.exitCode ?? 'unknown'}${where} before the run finished`,
    hint: 'the scenario ended the process itself (os._exit?) or Python failed to start: see the output below',
  };
}

/** The run was stopped by a signal to leakgate (Ctrl-C, SIGTERM, SIGHUP, a cancelled job). */
export function interruptedFailure(signalName: string, at: Pick<HarnessExit, 'cycleUnderWay' | 'lastCycle' | 'lastPhase'> | null): ScenarioFailure {
  const { where, cycle } = at ? whereTheRunWas(at) : { where: ' before it started', cycle: null };
  return {
    kind: 'interrupted',
    message: `interrupted by ${signalName}${where}`,
    hint: 'leakgate was asked to stop (Ctrl-C, a cancelled job): what was measured until then is kept; run it again to finish',
    cycle,
    phase: at?.lastPhase ?? null,
    traceback: null,
  };
}

/** The harness's channels held something no harness writes: a malformed or oversized record, an oversized samples file. */
export function harnessOutputFailure(problem: string, at: Pick<HarnessExit, 'cycleUnderWay' | 'lastCycle' | 'lastPhase'>): ScenarioFailure {
  return {
    kind: 'harness-output',
    message: problem,
    hint:
      "the scenario may have written into leakgate's run folder (records.ndjson, samples.f64), which it must not touch; " +
      'if it did not, this is a leakgate bug: please report it',
    cycle: whereTheRunWas(at).cycle,
    phase: at.lastPhase,
    traceback: null,
  };
}

/** Python could not be started: not found, or not executable. */
export function spawnFailure(python: string, error: Error & { code?: string }): ScenarioFailure {
  if (error.code === 'ENOENT') {
    return {
      kind: 'python-not-found',
      message: `cannot start Python: '${python}' was not found`,
      hint: 'install Python 3.9 or newer, or pass --python PATH (the action input `python`)',
      cycle: null,
      phase: null,
      traceback: null,
    };
  }
  return {
    kind: 'internal',
    message: `cannot start Python '${python}': ${error.message}`,
    hint: 'check that --python names an executable interpreter',
    cycle: null,
    phase: null,
    traceback: null,
  };
}

/** Everything known when a run is over, for the one failure it ends with. */
export interface RunEnd extends HarnessExit {
  /** The failure the harness wrote an error record for. */
  recorded: ScenarioFailure | null;
  /** The harness wrote its last record. */
  done: boolean;
  /** The harness said hello: Python started. */
  started: boolean;
  /** The signal that interrupted the run (Ctrl-C, a cancelled job), or null. */
  interruptedBy: string | null;
  /** What the channels held that no harness writes, or null. */
  outputProblem: string | null;
  /** Why the process could not start, or null. */
  spawnError: (Error & { code?: string }) | null;
}

/**
 * The failure a run ends with, first match wins: an interruption, a corrupt channel, Python
 * that did not start, then how the process ended when it did not finish (a time-out, a
 * signal, an exit code; an error record explains an exit only with the scenario-failed code).
 * Otherwise the harness's own error record, or null for a run that finished.
 */
export function runFailure(end: RunEnd): ScenarioFailure | null {
  const at = { cycleUnderWay: end.cycleUnderWay, lastCycle: end.lastCycle, lastPhase: end.lastPhase };
  if (end.interruptedBy !== null) return interruptedFailure(end.interruptedBy, at);
  if (end.outputProblem !== null) return harnessOutputFailure(end.outputProblem, at);
  if (!end.started && end.spawnError !== null) return spawnFailure(end.python, end.spawnError);
  if (end.timedOut || (!end.done && end.recorded === null) || (end.recorded !== null && end.exitCode !== HARNESS_EXIT.scenarioFailed && !end.done))
    return failureFromExit(end);
  return end.recorded;
}

/** The warning for a process the scenario started that outlived the run. */
export function processLeftWords(member: { pid: number; command: string | null }, killed: boolean): string {
  return (
    `process ${member.pid}${member.command ? ` (${member.command})` : ''}, started by the scenario, was still running after the run: ` +
    `leakgate ended it${killed ? ' (SIGTERM, then SIGKILL after a grace)' : ' (SIGTERM)'}; stop and wait for what you start in teardown()`
  );
}

// Frames of the harness itself, left out of the stacks shown: the scenario's are what matter.
const HARNESS_FRAME = /^\s*File "[^"]*[\\/](leakgate_run\.py|leakgate_harness[\\/][^"\\/]+\.py)"/;

/**
 * faulthandler's dump of every thread (each "most recent call first", so the innermost frame
 * leads), without the harness's own frames; the thread that ran the cycles is marked "Current".
 */
export function userStacks(dump: string): string {
  const lines = dump.split('\n').filter((line) => !HARNESS_FRAME.test(line));
  return lines.join('\n').trim();
}

function firstLine(text: string): string | null {
  const line = text
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.length > 0);
  return line ?? null;
}

/** The "Fatal Python error" block faulthandler prints on a crash. */
function faulthandlerStack(stderr: string): string | null {
  const start = stderr.lastIndexOf('Fatal Python error');
  return start >= 0 ? stderr.slice(start).trim() : null;
}
