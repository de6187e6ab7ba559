/**
 * The recorder: folds the harness's records, one at a time, into what the run measured. Pure:
 * no process, file or clock. Each step returns the recording so far and what the caller must
 * do about that record (report progress, answer an "await" record with an extension or a trace plan, start
 * the grace after "done", stop on a record no harness writes).
 */
import { failureFromRecord } from './failures.js';
import type { CodePlace, LeftThread, ParsedLine } from './records.js';
import type { Checkpoint, ExtendPlan, HarnessHello, NativeProfile, ScenarioFailure, TracedWindow, TracePlan } from './types.js';

/** A step of the run, for the progress line or bar. */
export interface ProgressEvent {
  scenario: string;
  phase: string;
  cycle: number;
  totalCycles: number;
}

/** What the records of one run said, so far. */
export interface Recording {
  hello: HarnessHello | null;
  checkpoints: Checkpoint[];
  window: TracedWindow | null;
  /** The cycles profiled for native calls (null: none ran). */
  native: NativeProfile | null;
  warmupSeconds: number | null;
  measuredSeconds: number | null;
  /** The extension's cycles and seconds, from the second "await" (null: none ran). */
  extension: { cycles: number; seconds: number } | null;
  /** The cycles the extension was asked to run, from its phase record (0: none); progress counts them. */
  extensionCycles: number;
  /** The failure the harness wrote an error record for. */
  failure: ScenarioFailure | null;
  frozenObjects: number;
  /** Lines of the records file that were no record (the scenario wrote into it?): skipped and counted. */
  corruptRecords: number;
  /** Threads teardown() left running, in words. */
  warnings: string[];
  /** The last cycle a progress record or checkpoint named. */
  lastCycle: number | null;
  lastPhase: string | null;
  /** The harness wrote its last record. */
  done: boolean;
  /** A record with a bad field: no harness writes it, so the run stops at once. */
  outputProblem: string | null;
}

/** What the caller does after a record. */
export type RecordEffect =
  | { kind: 'none' }
  | { kind: 'progress'; event: ProgressEvent }
  /** The measured phase is over: answer with an extension (planConfirmation), or with the trace plan (planTrace). */
  | { kind: 'plan-confirm'; warmupSeconds: number; measuredSeconds: number }
  /** The extension is over: decide on the traced window (planTrace) and answer the harness. */
  | { kind: 'plan-trace'; warmupSeconds: number; measuredSeconds: number }
  /** The harness is done and ends itself: end it if it lingers. */
  | { kind: 'done' }
  /** A malformed record: end the process and read nothing more. */
  | { kind: 'stop'; problem: string };

/** Before the first record. */
export function emptyRecording(): Recording {
  return {
    hello: null,
    checkpoints: [],
    window: null,
    native: null,
    warmupSeconds: null,
    measuredSeconds: null,
    extension: null,
    extensionCycles: 0,
    failure: null,
    frozenObjects: 0,
    corruptRecords: 0,
    warnings: [],
    lastCycle: null,
    lastPhase: null,
    done: false,
    outputProblem: null,
  };
}

const NONE: RecordEffect = { kind: 'none' };

/** Fold one line of the records file into the recording of scenario `scenario` (of `totalCycles` cycles, warm-up included). */
export function foldRecord(
  recording: Recording,
  line: ParsedLine,
  scenario: { name: string; totalCycles: number },
): { recording: Recording; effect: RecordEffect } {
  if (line.kind === 'corrupt') return { recording: { ...recording, corruptRecords: recording.corruptRecords + 1 }, effect: NONE };
  if (line.kind === 'malformed') return { recording: { ...recording, outputProblem: line.problem }, effect: { kind: 'stop', problem: line.problem } };
  const record = line.record;
  const progress = (phase: string, cycle: number): RecordEffect => ({
    kind: 'progress',
    event: { scenario: scenario.name, phase, cycle, totalCycles: scenario.totalCycles + recording.extensionCycles },
  });
  switch (record.t) {
    case 'hello':
      return {
        recording: { ...recording, hello: { python: record.python, implementation: record.implementation, platform: record.platform, notes: record.notes } },
        effect: NONE,
      };
    case 'loaded':
      return { recording, effect: NONE };
    case 'phase': {
      const extensionCycles = record.name === 'confirm' ? (record.cycles ?? 0) : recording.extensionCycles;
      const next = { ...recording, lastPhase: record.name, frozenObjects: record.frozenObjects ?? recording.frozenObjects, extensionCycles };
      const event = { scenario: scenario.name, phase: record.name, cycle: record.cycle, totalCycles: scenario.totalCycles + extensionCycles };
      return { recording: next, effect: { kind: 'progress', event } };
    }
    case 'progress':
      return { recording: { ...recording, lastCycle: record.cycle }, effect: progress(record.phase, record.cycle) };
    case 'checkpoint': {
      const { t: _t, ...checkpoint } = record;
      return {
        recording: { ...recording, checkpoints: [...recording.checkpoints, checkpoint], lastCycle: record.cycle },
        effect: progress(record.phase, record.cycle),
      };
    }
    case 'await': {
      const seconds = { warmupSeconds: record.warmupSeconds, measuredSeconds: record.measuredSeconds };
      if (record.confirmCycles === undefined) return { recording: { ...recording, ...seconds }, effect: { kind: 'plan-confirm', ...seconds } };
      const extension = { cycles: record.confirmCycles, seconds: record.confirmSeconds ?? 0 };
      return { recording: { ...recording, ...seconds, extension }, effect: { kind: 'plan-trace', ...seconds } };
    }
    case 'trace': {
      const { t: _t, ...window } = record;
      return { recording: { ...recording, window }, effect: NONE };
    }
    case 'native': {
      const { t: _t, ...native } = record;
      return { recording: { ...recording, native }, effect: NONE };
    }
    case 'threads':
      return { recording: { ...recording, warnings: [...recording.warnings, ...record.threads.map(threadLeftWords)] }, effect: NONE };
    case 'error':
      return { recording: { ...recording, failure: failureFromRecord(record) }, effect: NONE };
    case 'done':
      return { recording: { ...recording, done: true }, effect: { kind: 'done' } };
  }
}

/** Whether the samples file is checked for its size before this record (twice a second at most). */
export function checksSamples(line: ParsedLine): boolean {
  return line.kind === 'record' && (line.record.t === 'progress' || line.record.t === 'checkpoint');
}

/** The harness's answer line to an extension plan: at most `maxConfirmCycles` cycles, the size its samples file was made for. */
export function extendAnswer(plan: ExtendPlan, maxConfirmCycles: number): string {
  return JSON.stringify({ extend: true, cycles: Math.min(plan.cycles, maxConfirmCycles), budgetSeconds: plan.budgetSeconds });
}

/** The harness's answer line to a trace plan: at most `maxTraceCycles` cycles, the size its samples file was made for. */
export function traceAnswer(plan: TracePlan, maxTraceCycles: number): string {
  const answer = plan.trace
    ? {
        trace: true,
        cycles: Math.min(plan.cycles, maxTraceCycles),
        budgetSeconds: plan.budgetSeconds,
        checkpoints: plan.checkpoints,
        types: plan.types,
        retentionSeconds: plan.retentionSeconds,
        endEarly: plan.endEarly,
        nativeCycles: plan.nativeCycles ?? 0,
        nativeSeconds: plan.nativeBudgetSeconds ?? 0,
        descriptors: plan.descriptors,
      }
    : { trace: false };
  return JSON.stringify(answer);
}

const place = (p: CodePlace) => `${p.file}:${p.line}`;

/** The warning for a non-daemon thread that teardown() left running. */
function threadLeftWords(thread: LeftThread): string {
  const parts = [`thread '${thread.name}' was still running after teardown()`];
  if (thread.startedAt) parts.push(`started at ${place(thread.startedAt)}`);
  if (thread.runningAt) parts.push(`running at ${place(thread.runningAt)} in ${thread.runningAt.function}`);
  else if (thread.target) parts.push(`target ${thread.target.function} at ${place(thread.target)}`);
  return `${parts.join(', ')}: leakgate ended the process without waiting for it; stop and join it in teardown(), or make it a daemon thread`;
}
