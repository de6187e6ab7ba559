/**
 * The recorder folds the harness's records into what a run measured, and the failure mapping
 * says how the run ended: both pure, so table tests over records, with no process.
 */
import { HARNESS_EXIT, type RunEnd, runFailure } from '../src/harness/failures.js';
import { checksSamples, emptyRecording, extendAnswer, foldRecord, type RecordEffect, type Recording, traceAnswer } from '../src/harness/recorder.js';
import type { HarnessRecord, ParsedLine } from '../src/harness/records.js';
import type { Checkpoint, TracedWindow } from '../src/harness/types.js';

const SCENARIO = { name: 'app.py', totalCycles: 120 };
const rec = (record: HarnessRecord): ParsedLine => ({ kind: 'record', record });
const checkpoint = (cycle: number, phase: 'warmup' | 'measure' | 'trace' = 'measure'): Checkpoint => ({
  cycle,
  phase,
  blocks: 1000 + cycle,
  rssBytes: 2 ** 20,
  fds: 4,
  heapBytes: null,
  types: { dict: cycle },
  seconds: 0.01,
});
const WINDOW: TracedWindow = { frames: 10, cycles: 12, checkpointCycles: [101, 106, 112], tracedBytes: [10, 20, 30], sites: [], seconds: 0.5 };

/** Fold the lines in order; the recording and every effect. */
function fold(lines: ParsedLine[]): { recording: Recording; effects: RecordEffect[] } {
  let recording = emptyRecording();
  const effects: RecordEffect[] = [];
  for (const line of lines) {
    const step = foldRecord(recording, line, SCENARIO);
    recording = step.recording;
    effects.push(step.effect);
  }
  return { recording, effects };
}

describe('the recorder folds records into what was measured', () => {
  it.each([
    {
      what: 'hello says which Python ran, with nothing to do',
      lines: [rec({ t: 'hello', python: '3.12.1', implementation: 'cpython', platform: 'linux', notes: ['n'] })],
      expected: { hello: { python: '3.12.1', implementation: 'cpython', platform: 'linux', notes: ['n'] } },
      effects: [{ kind: 'none' }],
    },
    {
      what: 'a phase names where the run is and reports progress; frozen objects are kept',
      lines: [rec({ t: 'phase', name: 'warmup', cycle: 0 }), rec({ t: 'phase', name: 'measure', cycle: 20, frozenObjects: 5000 })],
      expected: { lastPhase: 'measure', frozenObjects: 5000, lastCycle: null },
      effects: [
        { kind: 'progress', event: { scenario: 'app.py', phase: 'warmup', cycle: 0, totalCycles: 120 } },
        { kind: 'progress', event: { scenario: 'app.py', phase: 'measure', cycle: 20, totalCycles: 120 } },
      ],
    },
    {
      what: 'progress and checkpoints move the last cycle; checkpoints are kept in order without their tag',
      lines: [rec({ t: 'progress', cycle: 30, phase: 'measure' }), rec({ t: 'checkpoint', ...checkpoint(40) }), rec({ t: 'checkpoint', ...checkpoint(60) })],
      expected: { lastCycle: 60, checkpoints: [checkpoint(40), checkpoint(60)] },
      effects: [
        { kind: 'progress', event: { scenario: 'app.py', phase: 'measure', cycle: 30, totalCycles: 120 } },
        { kind: 'progress', event: { scenario: 'app.py', phase: 'measure', cycle: 40, totalCycles: 120 } },
        { kind: 'progress', event: { scenario: 'app.py', phase: 'measure', cycle: 60, totalCycles: 120 } },
      ],
    },
    {
      what: 'the first await keeps the phase times and asks whether to extend the run (or for the trace plan at once)',
      lines: [rec({ t: 'await', warmupSeconds: 1.5, measuredSeconds: 9 })],
      expected: { warmupSeconds: 1.5, measuredSeconds: 9, extension: null },
      effects: [{ kind: 'plan-confirm', warmupSeconds: 1.5, measuredSeconds: 9 }],
    },
    {
      what: "the extension's phase record adds its cycles to the progress total",
      lines: [rec({ t: 'phase', name: 'confirm', cycle: 120, cycles: 100 }), rec({ t: 'progress', cycle: 150, phase: 'confirm' })],
      expected: { lastPhase: 'confirm', extensionCycles: 100, lastCycle: 150 },
      effects: [
        { kind: 'progress', event: { scenario: 'app.py', phase: 'confirm', cycle: 120, totalCycles: 220 } },
        { kind: 'progress', event: { scenario: 'app.py', phase: 'confirm', cycle: 150, totalCycles: 220 } },
      ],
    },
    {
      what: 'the await after the extension keeps its cycles and seconds and asks for the trace plan',
      lines: [
        rec({ t: 'await', warmupSeconds: 1.5, measuredSeconds: 9 }),
        rec({ t: 'await', warmupSeconds: 1.5, measuredSeconds: 9, confirmCycles: 60, confirmSeconds: 4.5 }),
      ],
      expected: { warmupSeconds: 1.5, measuredSeconds: 9, extension: { cycles: 60, seconds: 4.5 } },
      effects: [
        { kind: 'plan-confirm', warmupSeconds: 1.5, measuredSeconds: 9 },
        { kind: 'plan-trace', warmupSeconds: 1.5, measuredSeconds: 9 },
      ],
    },
    {
      what: 'the traced window is kept without its tag',
      lines: [rec({ t: 'trace', ...WINDOW })],
      expected: { window: WINDOW },
      effects: [{ kind: 'none' }],
    },
    {
      what: 'threads left running become warnings naming where they started and run',
      lines: [
        rec({
          t: 'threads',
          threads: [
            {
              name: 'poller',
              startedAt: { file: 'app.py', line: 3, function: 'setup' },
              target: null,
              runningAt: { file: 'app.py', line: 9, function: 'poll' },
            },
          ],
        }),
      ],
      expected: {
        warnings: [expect.stringMatching(/^thread 'poller' was still running after teardown\(\), started at app\.py:3, running at app\.py:9 in poll: /)],
      },
      effects: [{ kind: 'none' }],
    },
    {
      what: 'an error record becomes the failure with its hint; an unknown kind such as "constructor" has none',
      lines: [rec({ t: 'error', kind: 'constructor', message: 'boom', cycle: 31, phase: 'measure' })],
      expected: { failure: { kind: 'constructor', message: 'boom', hint: null, cycle: 31, phase: 'measure', traceback: null } },
      effects: [{ kind: 'none' }],
    },
    {
      what: 'done marks the run complete and starts the grace for a lingering process',
      lines: [rec({ t: 'done' })],
      expected: { done: true },
      effects: [{ kind: 'done' }],
    },
    {
      what: 'a line that is no record is counted and skipped',
      lines: [{ kind: 'corrupt' }, { kind: 'corrupt' }, rec({ t: 'progress', cycle: 7, phase: 'warmup' })] as ParsedLine[],
      expected: { corruptRecords: 2, lastCycle: 7 },
      effects: [{ kind: 'none' }, { kind: 'none' }, { kind: 'progress', event: { scenario: 'app.py', phase: 'warmup', cycle: 7, totalCycles: 120 } }],
    },
    {
      what: 'a malformed record stops the run with its problem',
      lines: [{ kind: 'malformed', problem: "field 'types' is a string" }] as ParsedLine[],
      expected: { outputProblem: "field 'types' is a string" },
      effects: [{ kind: 'stop', problem: "field 'types' is a string" }],
    },
  ])('$what', ({ lines, expected, effects }) => {
    const folded = fold(lines);
    expect(folded.recording).toMatchObject(expected);
    expect(folded.effects).toEqual(effects);
  });

  it('never changes the recording it is given', () => {
    const before = emptyRecording();
    const snapshot = structuredClone(before);
    foldRecord(before, rec({ t: 'checkpoint', ...checkpoint(40) }), SCENARIO);
    foldRecord(before, rec({ t: 'threads', threads: [{ name: 't', startedAt: null, target: null, runningAt: null }] }), SCENARIO);
    expect(before).toEqual(snapshot);
  });

  it('checks the samples file at progress records and checkpoints only', () => {
    expect(
      [
        rec({ t: 'progress', cycle: 1, phase: 'warmup' }),
        rec({ t: 'checkpoint', ...checkpoint(2) }),
        rec({ t: 'done' }),
        { kind: 'corrupt' } as ParsedLine,
      ].map(checksSamples),
    ).toEqual([true, true, false, false]);
  });

  it.each([
    { what: 'no trace', plan: { trace: false, cycles: 50 }, answer: { trace: false } },
    {
      what: 'a trace within the samples file',
      plan: { trace: true, cycles: 12 },
      answer: { trace: true, cycles: 12, budgetSeconds: 30, checkpoints: 4, types: ['Order'], retentionSeconds: 2, endEarly: true, descriptors: true },
    },
    { what: 'a trace longer than the samples file holds, cut to it', plan: { trace: true, cycles: 500 }, answer: { trace: true, cycles: 24 } },
  ])('answers the harness: $what', ({ plan, answer }) => {
    const full = { budgetSeconds: 30, checkpoints: 4, types: ['Order'], retentionSeconds: 2, endEarly: true, descriptors: true, reasons: ['why'], ...plan };
    expect(JSON.parse(traceAnswer(full, 24))).toMatchObject(answer);
    expect(JSON.parse(traceAnswer(full, 24))).not.toHaveProperty('reasons');
  });

  it.each([
    { what: 'an extension within the samples file', cycles: 80, answer: { extend: true, cycles: 80, budgetSeconds: 12.5 } },
    { what: 'an extension longer than the samples file holds, cut to it', cycles: 500, answer: { extend: true, cycles: 100, budgetSeconds: 12.5 } },
  ])('answers the harness: $what', ({ cycles, answer }) => {
    expect(JSON.parse(extendAnswer({ extend: true, cycles, budgetSeconds: 12.5 }, 100))).toEqual(answer);
  });
});

describe('the failure mapping says how a run ended, first match wins', () => {
  const finished: RunEnd = {
    recorded: null,
    done: true,
    started: true,
    interruptedBy: null,
    outputProblem: null,
    spawnError: null,
    exitCode: 0,
    signal: null,
    timedOut: false,
    timeoutSeconds: 600,
    cycleUnderWay: null,
    lastCycle: 120,
    lastPhase: 'teardown',
    stderrTail: '',
    python: 'python3',
    stacks: null,
  };
  const raised = { kind: 'cycle-raised', message: 'cycle() raised', hint: 'h', cycle: 30, phase: 'measure', traceback: 'Traceback' };
  const notFound = Object.assign(new Error('spawn python9 ENOENT'), { code: 'ENOENT' });
  it.each([
    { what: 'a run that finished has no failure', end: {}, kind: null },
    {
      what: 'an interruption wins over everything',
      end: { interruptedBy: 'SIGINT', outputProblem: 'x', timedOut: true, done: false, cycleUnderWay: 31, lastPhase: 'measure' },
      kind: 'interrupted',
      message: /interrupted by SIGINT during cycle 31 \(measure\)/,
    },
    {
      what: 'a corrupt channel wins over the exit',
      end: { outputProblem: 'the records file grew past 256 MiB', exitCode: null, signal: 'SIGKILL', done: false },
      kind: 'harness-output',
      message: /grew past 256 MiB/,
    },
    {
      what: 'Python that was not found',
      end: { started: false, done: false, spawnError: notFound, exitCode: null, python: 'python9' },
      kind: 'python-not-found',
      message: /'python9' was not found/,
    },
    {
      what: 'a time-out, with the stacks',
      end: {
        timedOut: true,
        done: false,
        signal: 'SIGKILL',
        exitCode: null,
        stacks: 'Thread 0x1 (most recent call first):\n  File "app.py", line 9 in cycle',
        cycleUnderWay: 30,
        lastPhase: 'measure',
      },
      kind: 'timeout',
      message: /within 600 s and was stopped during cycle 30/,
    },
    {
      what: "the harness's error record, when it exited with the scenario-failed code",
      end: { recorded: raised, done: false, exitCode: HARNESS_EXIT.scenarioFailed },
      kind: 'cycle-raised',
      message: /cycle\(\) raised/,
    },
    {
      what: 'an error record with another exit: how the process ended wins',
      end: { recorded: raised, done: false, exitCode: null, signal: 'SIGSEGV', cycleUnderWay: 30, lastPhase: 'measure' },
      kind: 'crash',
      message: /crashed with SIGSEGV during cycle 30/,
    },
    {
      what: 'an exit before "done" without an error record',
      end: { done: false, exitCode: 7, cycleUnderWay: 30, lastPhase: 'measure' },
      kind: 'exited',
      message: /exited with code 7 during cycle 30 \(measure\)/,
    },
  ])('$what', ({ end, kind, message }: { end: Partial<RunEnd>; kind: string | null; message?: RegExp }) => {
    const failure = runFailure({ ...finished, ...end });
    expect(failure?.kind ?? null).toBe(kind);
    if (message) expect(failure?.message).toMatch(message);
  });
});
