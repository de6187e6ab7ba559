/**
 * PythonHarness: the adapter that runs one scenario in its own Python process, in four parts:
 * the process (process.ts: spawn, process group, signals, timers), the records channel
 * (channel.ts: the records, samples and stacks files, read within bounds), the recorder
 * (recorder.ts: a pure fold of the records into what was measured) and the failure mapping
 * (failures.ts: how the run ended, in words). This module wires them for one run.
 *
 * It writes the harness settings to a private temporary folder, starts Python with an
 * allow-listed environment, follows the records file, answers the harness's questions
 * "extend to confirm the growth?" (`planConfirmation`) and "trace or not?" (`planTrace`), enforces the time-out, and returns everything measured,
 * even when the run fails.
 *
 * Every run ends, promptly (issue 10): the harness runs as the leader of a process group of its
 * own; when it has exited, what the scenario left running in the group is ended (SIGTERM, then
 * SIGKILL after a grace) and named in the run's warnings; its pipes are read no longer than a
 * short grace after that. A time-out first asks the harness for every thread's stack. An abort
 * of `hooks.signal` (Ctrl-C, a cancelled job) forwards the signal to the group, kills what is
 * left after a grace, and returns what was measured with an "interrupted" failure. Whatever
 * throws (a hook included), the process and its group, the timers, the watcher, the abort
 * listener and the run's folder are released in `finally`.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScenarioSettings } from '../settings/types.js';
import { checkSamplesFile, HarnessOutputError, RecordsChannel, readHead, readSamplesFile, waitForStacks } from './channel.js';
import { interruptedFailure, processLeftWords, runFailure } from './failures.js';
import { type InterruptSignal, interruptSignalName } from './interrupt.js';
import { HARNESS_POLICY, harnessPolicy, maxTracedCycles } from './policy.js';
import { HarnessProcess } from './process.js';
import type { EndedGroup } from './process-group.js';
import { checksSamples, emptyRecording, extendAnswer, foldRecord, type ProgressEvent, type RecordEffect, type Recording, traceAnswer } from './recorder.js';
import { cycleUnderWay, parseSamples, ROW_BYTES } from './records.js';
import type { CycleSample, ExtendPlan, ExtensionRun, HarnessRun, TracePlan, UntracedPhase } from './types.js';

export type { ProgressEvent } from './recorder.js';

/** Where the harness's Python files are: beside this module in src/, beside the bundle in dist/. */
export const HARNESS_SCRIPT = fileURLToPath(new URL('./python/leakgate_run.py', import.meta.url));

/** Between SIGTERM to what the scenario left running and SIGKILL to what ignored it. */
export const GROUP_GRACE_MS = 2000;
/** Between forwarding an interruption to the scenario's group and killing what is left. */
export const INTERRUPT_GRACE_MS = 1000;
// How long faulthandler gets to write the stacks on a time-out.
const STACKS_WAIT_MS = 1000;
const MAX_STACKS_BYTES = 256 * 1024;
// The harness ends itself right after its last record; this long after, it is ended.
const DONE_GRACE_MS = 5000;

export interface HarnessHooks {
  /** Decide, from the untraced phase (the extension's cycles included, when one ran), whether to run a traced window. */
  planTrace: (phase: UntracedPhase) => TracePlan;
  /**
   * Decide, from the measured phase, whether to run the extension that confirms growth first;
   * `{ extend: false }`, or no hook, answers with the trace plan at once (issue 14).
   */
  planConfirmation?: (phase: UntracedPhase) => ExtendPlan | { extend: false };
  onProgress?: (event: ProgressEvent) => void;
  /**
   * Aborting it stops the run: its reason names the signal to forward to the scenario's process
   * group ('SIGINT', 'SIGTERM', 'SIGHUP'; anything else forwards SIGTERM); what is left is killed
   * after INTERRUPT_GRACE_MS, and the run comes back with an "interrupted" failure.
   */
  signal?: AbortSignal;
}

/** The files of one run, in its private folder. */
interface RunPaths {
  folder: string;
  settings: string;
  records: string;
  samples: string;
  stacks: string;
}

function runPaths(folder: string): RunPaths {
  return {
    folder,
    settings: join(folder, 'settings.json'),
    records: join(folder, 'records.ndjson'),
    samples: join(folder, 'samples.f64'),
    stacks: join(folder, 'stacks.txt'),
  };
}

/** The settings file the harness reads (leakgate_run.py): what to run, how, and where its channels are. */
async function harnessSettings(settings: ScenarioSettings, paths: RunPaths): Promise<Record<string, unknown>> {
  return {
    target: await pythonTarget(settings.target, settings.cwd),
    cwd: settings.cwd,
    cycles: settings.cycles,
    warmup: settings.warmup,
    frames: settings.frames,
    confirmCycles: settings.confirmCycles,
    recordsPath: paths.records,
    samplesPath: paths.samples,
    stacksPath: paths.stacks,
    policy: harnessPolicy(settings.cycles),
    // A run of a scenario; a collection of pytest node ids sends the arguments (pytest-collect.ts).
    collect: null,
  };
}

/** Run one scenario to the end (or to its failure) and return what was measured. */
export async function runHarness(settings: ScenarioSettings, hooks: HarnessHooks): Promise<HarnessRun> {
  const started = performance.now();
  if (hooks.signal?.aborted) return { ...emptyRun(settings), failure: interruptedFailure(interruptSignalName(hooks.signal.reason), null) };
  const paths = runPaths(await mkdtemp(join(tmpdir(), 'leakgate-')));
  let harness: HarnessProcess | null = null;
  let channel: RecordsChannel | null = null;
  try {
    await writeFile(paths.settings, JSON.stringify(await harnessSettings(settings, paths)));
    // No interpreter options on the command line: Python 2 would refuse them (exit 2) before
    // leakgate_run.py could say it is too old. The harness enables faulthandler itself.
    harness = new HarnessProcess(settings.python, [HARNESS_SCRIPT, paths.settings], settings.cwd);
    channel = new RecordsChannel(paths.records);
    const run = await follow(settings, hooks, paths, harness, channel, started);
    return { ...run, wallSeconds: (performance.now() - started) / 1000 };
  } finally {
    // Whatever threw, nothing of the run outlives it.
    channel?.close();
    await harness?.release();
    await rm(paths.folder, { recursive: true, force: true });
  }
}

function emptyRun(settings: ScenarioSettings): HarnessRun {
  return {
    settings,
    hello: null,
    samples: [],
    checkpoints: [],
    window: null,
    warmupSeconds: null,
    measuredSeconds: null,
    failure: null,
    output: { stdoutTail: '', stderrTail: '', stdoutBytes: 0, stderrBytes: 0 },
    wallSeconds: 0,
    exitCode: null,
    signal: null,
    corruptRecords: 0,
    frozenObjects: 0,
    warnings: [],
  };
}

/** Follow the started harness to its end, end what it left running, and say what it measured. */
async function follow(
  settings: ScenarioSettings,
  hooks: HarnessHooks,
  paths: RunPaths,
  harness: HarnessProcess,
  channel: RecordsChannel,
  startedMs: number,
): Promise<HarnessRun> {
  const maxTraceCycles = maxTracedCycles(settings.cycles);
  const totalCycles = settings.warmup + settings.cycles;
  // The samples file holds a row for every cycle: warm-up, measured, the extension, the profiled cycles and the traced window.
  const rows = totalCycles + settings.confirmCycles + HARNESS_POLICY.nativeCycles + maxTraceCycles;
  const samplesLimitBytes = Math.max(1, rows) * ROW_BYTES;
  const readSamples = () => readSamplesFile(paths.samples, samplesLimitBytes, rows);
  // Set by the answer to the first question (act, below); `as`: assigned in a callback, so not narrowed to null.
  let extendPlan = null as ExtendPlan | null;
  const scenario = { name: settings.name, totalCycles };
  let recording: Recording = emptyRecording();
  let timedOut = false;
  let interruptedBy: InterruptSignal | null = null;
  let lingered = false;

  harness.after(settings.timeoutSeconds * 1000, async () => {
    if (!harness.isRunning()) return;
    timedOut = true;
    // Where did it hang? faulthandler writes every thread's stack to the stacks file on SIGUSR1
    // (registered by the harness). Only to the harness, not the group: SIGUSR1 ends most processes.
    if (process.platform !== 'win32' && harness.pid !== undefined) {
      harness.signalHarness('SIGUSR1');
      await waitForStacks(paths.stacks, STACKS_WAIT_MS);
    }
    harness.signalAll('SIGKILL');
  });
  const onAbort = () => {
    if (interruptedBy !== null) return;
    interruptedBy = interruptSignalName(hooks.signal?.reason);
    harness.signalAll(interruptedBy);
    harness.after(INTERRUPT_GRACE_MS, () => harness.signalAll('SIGKILL'));
  };
  hooks.signal?.addEventListener('abort', onAbort, { once: true });

  /** What the caller of the harness is told, and asked, after a record. */
  const act = async (effect: RecordEffect): Promise<void> => {
    switch (effect.kind) {
      case 'progress':
        hooks.onProgress?.(effect.event);
        break;
      case 'plan-confirm':
      case 'plan-trace': {
        const phase: UntracedPhase = {
          settings,
          samples: parseSamples(await readSamples()),
          checkpoints: recording.checkpoints,
          warmupSeconds: effect.warmupSeconds,
          measuredSeconds: effect.measuredSeconds,
          elapsedSeconds: (performance.now() - startedMs) / 1000,
        };
        const extend = effect.kind === 'plan-confirm' ? (hooks.planConfirmation?.(phase) ?? null) : null;
        if (extend?.extend) {
          extendPlan = { ...extend, cycles: Math.min(extend.cycles, settings.confirmCycles) };
          harness.writeLine(extendAnswer(extendPlan, settings.confirmCycles));
        } else harness.writeLine(traceAnswer(hooks.planTrace(phase), maxTraceCycles));
        break;
      }
      case 'done':
        // The harness ends itself right after "done" (leakgate_run.py's os._exit); if it does
        // not, its group is ended: the results are complete.
        harness.after(DONE_GRACE_MS, () => {
          if (!harness.isRunning()) return;
          lingered = true;
          harness.signalAll('SIGKILL');
        });
        break;
      case 'stop':
        // A record no harness writes: the process is ended and nothing more of it is read.
        harness.signalAll('SIGKILL');
        break;
      case 'none':
        break;
    }
  };

  /** Read and fold the new records; true when there is more to read at once. */
  const drain = async (final: boolean): Promise<boolean> => {
    if (recording.outputProblem !== null) return false;
    try {
      const { lines, more } = await channel.read(final);
      for (const line of lines) {
        // The samples file is checked at every progress record and checkpoint (twice a second at
        // most), so that one grown by the scenario stops the run at once, not at its end.
        if (checksSamples(line)) await checkSamplesFile(paths.samples, samplesLimitBytes, rows);
        const step = foldRecord(recording, line, scenario);
        recording = step.recording;
        await act(step.effect);
        if (recording.outputProblem !== null) return false;
      }
      return more;
    } catch (error) {
      if (!(error instanceof HarnessOutputError)) throw error;
      // Stop at once: the process is ended and nothing more of it is read.
      recording = { ...recording, outputProblem: error.message };
      harness.signalAll('SIGKILL');
      return false;
    }
  };

  let samples: CycleSample[];
  let endedGroup: EndedGroup;
  try {
    while (harness.isRunning()) {
      await channel.wait(harness.ended);
      await drain(false);
    }
    while (await drain(true));
    // The harness has exited: end what the scenario left running in its group, then stop
    // reading its pipes (a process that left the group may hold them open forever).
    endedGroup = await harness.endGroupAfterExit(interruptedBy !== null ? INTERRUPT_GRACE_MS : GROUP_GRACE_MS);
    samples = parseSamples(
      await readSamples().catch((error: unknown) => {
        if (!(error instanceof HarnessOutputError)) throw error;
        recording = { ...recording, outputProblem: recording.outputProblem ?? error.message };
        return new Uint8Array();
      }),
    );
  } finally {
    hooks.signal?.removeEventListener('abort', onAbort);
  }

  const underWay = cycleUnderWay(await readSamplesFile(paths.samples, samplesLimitBytes, 0).catch(() => new Uint8Array()));
  const lastSample = samples.at(-1);
  const lastCycle = lastSample && (recording.lastCycle === null || lastSample.cycle > recording.lastCycle) ? lastSample.cycle : recording.lastCycle;
  const { exit, spawnError } = harness.outcome;
  const output = {
    stdoutTail: harness.stdout.text(),
    stderrTail: harness.stderr.text(),
    stdoutBytes: harness.stdout.totalBytes,
    stderrBytes: harness.stderr.totalBytes,
  };
  const warnings = [...recording.warnings, ...endedGroup.members.map((member) => processLeftWords(member, endedGroup.killed))];
  if (lingered)
    warnings.push(`the Python process had not exited ${DONE_GRACE_MS / 1000} s after the run finished (an atexit handler waiting?): leakgate ended it`);
  const extension: ExtensionRun | null =
    extendPlan !== null && recording.extension !== null
      ? { plannedCycles: extendPlan.cycles, budgetSeconds: extendPlan.budgetSeconds, ...recording.extension }
      : null;
  const failure = runFailure({
    recorded: recording.failure,
    done: recording.done,
    started: recording.hello !== null,
    interruptedBy,
    outputProblem: recording.outputProblem,
    spawnError,
    exitCode: exit?.code ?? null,
    signal: exit?.signal ?? null,
    timedOut,
    timeoutSeconds: settings.timeoutSeconds,
    cycleUnderWay: underWay,
    lastCycle,
    lastPhase: recording.lastPhase,
    stderrTail: output.stderrTail,
    python: settings.python,
    stacks: timedOut ? await readHead(paths.stacks, MAX_STACKS_BYTES) : null,
  });
  return {
    settings,
    hello: recording.hello,
    samples,
    checkpoints: recording.checkpoints,
    window: recording.window,
    native: recording.native,
    warmupSeconds: recording.warmupSeconds,
    measuredSeconds: recording.measuredSeconds,
    failure,
    output,
    wallSeconds: 0,
    exitCode: exit?.code ?? null,
    signal: exit?.signal ?? null,
    corruptRecords: recording.corruptRecords,
    frozenObjects: recording.frozenObjects,
    warnings,
    extension,
  };
}

/**
 * The target as the harness must be given it. Node reads a file name that is not UTF-8
 * (`caf\xe9.py`) from the command line as U+FFFD; when exactly one file in that folder
 * decodes to the same text, its real name is passed the way Python spells such names
 * (surrogateescape: the byte 0xE9 as U+DCE9), which JSON carries as an escape.
 */
export async function pythonTarget(target: string, cwd: string): Promise<string> {
  if (!target.includes('\uFFFD') || process.platform === 'win32') return target;
  const colon = target.indexOf(':');
  const spec = colon >= 0 ? target.slice(0, colon) : target;
  const rest = colon >= 0 ? target.slice(colon) : '';
  const name = basename(spec);
  if (!name.includes('\uFFFD') || dirname(spec).includes('\uFFFD')) return target;
  const entries = await readdir(resolve(cwd, dirname(spec)), { encoding: 'buffer' }).catch(() => [] as Buffer[]);
  const matches = entries.filter((entry) => entry.toString('utf8') === name);
  if (matches.length !== 1) return target;
  return `${spec.slice(0, spec.length - name.length)}${surrogateEscape(matches[0])}${rest}`;
}

/** Decode bytes as Python's os.fsdecode does on POSIX: UTF-8, each undecodable byte as U+DC80..U+DCFF. */
export function surrogateEscape(bytes: Uint8Array): string {
  const strict = new TextDecoder('utf-8', { fatal: true });
  let text = '';
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i];
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length > 0 && i + length <= bytes.length) {
      try {
        text += strict.decode(bytes.subarray(i, i + length));
        i += length;
        continue;
      } catch {
        // not a valid sequence: escape the lead byte below
      }
    }
    text += String.fromCharCode(0xdc00 + lead);
    i += 1;
  }
  return text;
}
