/**
 * Turning how a harness process ended into words: the exit codes of leakgate_probe.py,
 * signals, time-outs and the error records the harness writes.
 */
import type { ScenarioFailure } from '../model.js';

// Mirrors EXIT_* in python/leakgate_probe.py and python/leakgate_run.py.
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
};

/** Describe an error record written by the harness. */
export function failureFromRecord(record: { kind: string; message: string; cycle: number | null; phase?: string; traceback?: string; candidates?: unknown }): ScenarioFailure {
  let hint = HINTS[record.kind] ?? null;
  if (record.kind === 'no-cycle' && Array.isArray(record.candidates) && record.candidates.length > 0) {
    const names = record.candidates.filter((name): name is string => typeof name === 'string').slice(0, 8);
    hint = `${hint}; functions found: ${names.join(', ')}`;
  }
  return {
    kind: record.kind,
    message: record.message,
    hint,
    cycle: record.cycle ?? null,
    phase: record.phase ?? null,
    traceback: record.traceback ?? null,
  };
}

/** Describe a process that ended without saying why (crash, os._exit, kill, time-out). */
export function failureFromExit(exit: { exitCode: number | null; signal: string | null; timedOut: boolean; timeoutSeconds: number; lastCycle: number | null; lastPhase: string | null; stderrTail: string; python: string }): ScenarioFailure {
  const where = exit.lastCycle ? ` during cycle ${exit.lastCycle}${exit.lastPhase ? ` (${exit.lastPhase})` : ''}` : exit.lastPhase ? ` during ${exit.lastPhase}` : '';
  const base = { cycle: exit.lastCycle, phase: exit.lastPhase, traceback: null };
  if (exit.timedOut) {
    return { ...base, kind: 'timeout', message: `the scenario did not finish within ${exit.timeoutSeconds} s and was stopped${where}`, hint: 'a cycle may hang (a lock, a network call, an input() prompt); raise --timeout if the run is just slow' };
  }
  if (exit.signal) {
    const crash = exit.signal === 'SIGSEGV' || exit.signal === 'SIGBUS' || exit.signal === 'SIGABRT' || exit.signal === 'SIGILL' || exit.signal === 'SIGFPE';
    return {
      ...base,
      kind: crash ? 'crash' : 'killed',
      message: crash ? `the Python interpreter crashed with ${exit.signal}${where}` : `the Python process was killed by ${exit.signal}${where}`,
      hint: crash ? 'a C extension or ctypes call crashed: the Python stack printed by faulthandler is in the output below' : 'something outside leakgate stopped the process (the out-of-memory killer?)',
      traceback: crash ? faulthandlerStack(exit.stderrTail) : null,
    };
  }
  if (exit.exitCode === HARNESS_EXIT.pythonTooOld) {
    return { ...base, kind: 'python-too-old', message: firstLine(exit.stderrTail) ?? `${exit.python} is too old`, hint: 'leakgate needs Python 3.9 or newer: pass --python PATH' };
  }
  if (exit.exitCode === HARNESS_EXIT.channelLost) {
    return { ...base, kind: 'channel-lost', message: `the scenario closed leakgate's private channel${where}`, hint: 'do not close descriptors you did not open (os.closerange, daemonising code)' };
  }
  if (exit.exitCode === HARNESS_EXIT.badInvocation) {
    return { ...base, kind: 'internal', message: `the harness could not read its settings: ${firstLine(exit.stderrTail) ?? 'no detail'}`, hint: 'this is a leakgate bug: please report it with this output' };
  }
  return {
    ...base,
    kind: 'exited',
    message: `the Python process exited with code ${exit.exitCode ?? 'unknown'}${where} before the run finished`,
    hint: 'the scenario ended the process itself (os._exit?) or Python failed to start: see the output below',
  };
}

function firstLine(text: string): string | null {
  const line = text.split('\n').map((l) => l.trim()).find((l) => l.length > 0);
  return line ?? null;
}

/** The "Fatal Python error" block faulthandler prints on a crash. */
function faulthandlerStack(stderr: string): string | null {
  const start = stderr.lastIndexOf('Fatal Python error');
  return start >= 0 ? stderr.slice(start).trim() : null;
}
