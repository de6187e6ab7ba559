/**
 * PythonHarness: the adapter that runs one scenario in its own Python process.
 *
 * It writes the harness settings to a private temporary folder, starts Python with an
 * allow-listed environment, tails the records file, answers the harness's question
 * "trace or not?" through `planTrace`, keeps the tail of the scenario's output, enforces
 * the time-out, and returns everything measured, even when the run fails.
 *
 * Every run ends, promptly (issue 10): the harness runs as the leader of a process group of its
 * own; when it has exited, what the scenario left running in the group is ended (SIGTERM, then
 * SIGKILL after a grace) and named in the run's warnings; its pipes are read no longer than a
 * short grace after that. A time-out first asks the harness for every thread's stack. An abort
 * of `hooks.signal` (Ctrl-C, a cancelled job) forwards the signal to the group, kills what is
 * left after a grace, and returns what was measured with an "interrupted" failure. The
 * timers, the watcher, the process and the run's folder are released in `finally`.
 */
import { execa } from 'execa';
import { watch, type FSWatcher } from 'node:fs';
import { mkdtemp, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENV_ALLOW_LIST, ENV_ALLOW_PREFIXES, OUTPUT_TAIL_BYTES } from '../settings/constants.js';
import { interruptSignalName } from './interrupt.js';
import type { Checkpoint, HarnessHello, HarnessRun, ScenarioFailure, TracePlan, TracedWindow, UntracedPhase } from './types.js';
import type { ScenarioSettings } from '../settings/types.js';
import { failureFromExit, failureFromRecord, HARNESS_EXIT, harnessOutputFailure, interruptedFailure } from './failures.js';
import { endGroup, signalGroup, type EndedGroup, type GroupMember } from './process-group.js';
import { harnessPolicy, maxTracedCycles } from './policy.js';
import { cycleUnderWay, parseRecordLine, parseSamples, ROW_BYTES, type CodePlace, type HarnessRecord, type LeftThread } from './records.js';

/** Where the harness's Python files are: beside this module in src/, beside the bundle in dist/. */
export const HARNESS_SCRIPT = fileURLToPath(new URL('./python/leakgate_run.py', import.meta.url));

// How often the records file is read when nothing wakes us sooner. A watcher on the run's
// folder wakes the reader as soon as a record is written (see recordsWatcher); the poll is the
// fallback where file watching is unavailable or drops events.
const POLL_INTERVAL_MS = 10;
// Process groups (and the signals that reach a whole group) are POSIX.
const GROUPS = process.platform !== 'win32';
/** Between SIGTERM to what the scenario left running and SIGKILL to what ignored it. */
export const GROUP_GRACE_MS = 2000;
/** Between forwarding an interruption to the scenario's group and killing what is left. */
export const INTERRUPT_GRACE_MS = 1000;
// How long the pipes are read after the group is ended (a process that left it may hold them).
const PIPE_GRACE_MS = 500;
// How long faulthandler gets to write the stacks on a time-out.
const STACKS_WAIT_MS = 1000;
const MAX_STACKS_BYTES = 256 * 1024;
// The harness ends itself right after its last record; this long after, it is ended.
const DONE_GRACE_MS = 5000;
/** No record the harness writes comes near this; a longer line is refused unread. */
export const MAX_RECORD_BYTES = 16 * 2 ** 20;
/** Nor does a whole run's records file (checkpoints of 2,000 types are ~100 KB each). */
export const MAX_RECORDS_FILE_BYTES = 256 * 2 ** 20;
// Records read per wake-up, so that a flood cannot hold the loop.
const READ_BUDGET_BYTES = 4 * 2 ** 20;

export interface ProgressEvent {
  scenario: string;
  phase: string;
  cycle: number;
  totalCycles: number;
}

export interface HarnessHooks {
  /** Decide, from the untraced phase, whether to run a traced window. */
  planTrace: (phase: UntracedPhase) => TracePlan;
  onProgress?: (event: ProgressEvent) => void;
  /**
   * Aborting it stops the run: its reason names the signal to forward to the scenario's process
   * group ('SIGINT', 'SIGTERM', 'SIGHUP'; anything else forwards SIGTERM); what is left is killed
   * after INTERRUPT_GRACE_MS, and the run comes back with an "interrupted" failure.
   */
  signal?: AbortSignal;
}

/** Build the environment the scenario sees: only allow-listed variables of ours. */
export function scenarioEnvironment(parent: NodeJS.ProcessEnv): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(parent)) {
    if (value === undefined) continue;
    const key = process.platform === 'win32' ? name.toUpperCase() : name;
    if (ENV_ALLOW_LIST.includes(key) || ENV_ALLOW_PREFIXES.some((prefix) => key.startsWith(prefix))) env[name] = value;
  }
  // Unbuffered output, so the tail shown after a crash holds the scenario's last words.
  env.PYTHONUNBUFFERED = '1';
  return env;
}

/** Keeps the last `limitBytes` of a stream and counts the whole. */
export class OutputTail {
  private chunks: Buffer[] = [];
  private keptBytes = 0;
  totalBytes = 0;
  private readonly limitBytes: number;

  constructor(limitBytes: number) {
    this.limitBytes = limitBytes;
  }

  push(chunk: Buffer): void {
    this.totalBytes += chunk.byteLength;
    this.chunks.push(chunk);
    this.keptBytes += chunk.byteLength;
    while (this.keptBytes - this.chunks[0].byteLength >= this.limitBytes) {
      this.keptBytes -= this.chunks[0].byteLength;
      this.chunks.shift();
    }
  }

  text(): string {
    const all = Buffer.concat(this.chunks);
    const tail = all.byteLength > this.limitBytes ? all.subarray(all.byteLength - this.limitBytes) : all;
    const text = tail.toString('utf8');
    return this.totalBytes > tail.byteLength ? `[… ${this.totalBytes - tail.byteLength} earlier bytes not kept]\n${text.replace(/^[^\n]*\n/, '')}` : text;
  }
}

/** What the harness's channels held that no harness writes: the run stops at once. */
export class HarnessOutputError extends Error {}

/** One line of the records file, with its 1-based number (for messages). */
interface RecordLine {
  text: string;
  number: number;
}

/**
 * Tails a growing newline-delimited file, within bounds: no line over `maxLineBytes`, no file
 * over `maxFileBytes` (the scenario can write into it: a 640 MB line without a newline must
 * not be read into memory, issue 11), and at most READ_BUDGET_BYTES per call, so that a
 * flood of records cannot hold the loop.
 */
class RecordTail {
  private offset = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private lineNumber = 0;

  private readonly path: string;
  private readonly maxLineBytes: number;
  private readonly maxFileBytes: number;

  constructor(path: string, maxLineBytes: number, maxFileBytes: number) {
    this.path = path;
    this.maxLineBytes = maxLineBytes;
    this.maxFileBytes = maxFileBytes;
  }

  /** The complete lines written since the last call; `more` when the read budget ran out first. */
  async read(final = false): Promise<{ lines: RecordLine[]; more: boolean }> {
    let handle;
    try {
      handle = await open(this.path, 'r');
    } catch {
      return { lines: [], more: false };
    }
    const lines: RecordLine[] = [];
    let more = false;
    try {
      const buffer = Buffer.alloc(64 * 1024);
      let budget = READ_BUDGET_BYTES;
      for (;;) {
        if (budget <= 0) {
          more = true;
          break;
        }
        const { bytesRead } = await handle.read(buffer, 0, buffer.byteLength, this.offset);
        if (bytesRead === 0) break;
        this.offset += bytesRead;
        budget -= bytesRead;
        if (this.offset > this.maxFileBytes) throw new HarnessOutputError(`the records file grew past ${mebibytes(this.maxFileBytes)}, far more than any run writes: stopped reading it`);
        this.split(buffer.subarray(0, bytesRead), lines);
      }
      if (final && !more && this.pendingBytes > 0) this.push(Buffer.alloc(0), lines);
    } finally {
      await handle.close();
    }
    return { lines, more };
  }

  private split(chunk: Buffer, lines: RecordLine[]): void {
    let start = 0;
    for (let newline = chunk.indexOf(10, start); newline >= 0; newline = chunk.indexOf(10, start)) {
      this.push(chunk.subarray(start, newline), lines);
      start = newline + 1;
    }
    if (start < chunk.byteLength) {
      this.pending.push(Buffer.from(chunk.subarray(start))); // a copy: the read buffer is reused
      this.pendingBytes += chunk.byteLength - start;
      this.checkLength(this.pendingBytes, this.lineNumber + 1);
    }
  }

  private push(piece: Buffer, lines: RecordLine[]): void {
    this.lineNumber += 1;
    this.checkLength(this.pendingBytes + piece.byteLength, this.lineNumber);
    const whole = this.pending.length > 0 ? Buffer.concat([...this.pending, piece]) : piece;
    this.pending = [];
    this.pendingBytes = 0;
    if (whole.byteLength > 0) lines.push({ text: whole.toString('utf8'), number: this.lineNumber });
  }

  private checkLength(bytes: number, lineNumber: number): void {
    if (bytes > this.maxLineBytes) throw new HarnessOutputError(`line ${lineNumber} of the records file is over ${mebibytes(this.maxLineBytes)} long, far more than any record the harness writes: stopped reading it`);
  }
}

const mebibytes = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;

/** The samples file, refused when it is larger than the run's cycles can fill (the harness sizes it up front). */
async function readSamplesFile(path: string, limitBytes: number, cycles: number): Promise<Uint8Array> {
  const size = await stat(path).then((info) => info.size, () => null);
  if (size === null) return new Uint8Array();
  if (size > limitBytes) throw new HarnessOutputError(`the samples file is ${size} bytes, more than the ${limitBytes} bytes that ${cycles} cycles need: stopped reading it`);
  return readFile(path);
}

/** Read at most `limitBytes` of a file; '' when it cannot be read. */
async function readHead(path: string, limitBytes: number): Promise<string> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return '';
  }
  try {
    const buffer = Buffer.alloc(limitBytes);
    const { bytesRead } = await handle.read(buffer, 0, limitBytes, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}
/**
 * Calls `onChange` when `fileName` in `folder` is created or written; null when the platform
 * cannot watch it. The folder is watched, not the file, because the harness creates the file.
 */
function recordsWatcher(folder: string, fileName: string, onChange: () => void): FSWatcher | null {
  try {
    // persistent: false, so that a watcher never keeps the process alive by itself.
    const watcher = watch(folder, { persistent: false }, (_event, changed) => {
      // Some platforms do not say which file changed: a wake-up too many only costs one read.
      if (changed === null || changed === fileName) onChange();
    });
    // After an error (e.g. the folder is gone) the poll carries on alone.
    watcher.on('error', () => watcher.close());
    return watcher;
  } catch {
    return null; // e.g. no inotify watches left (ENOSPC): the poll still reads every record
  }
}

/** Run one scenario to the end (or to its failure) and return what was measured. */
export async function runHarness(settings: ScenarioSettings, hooks: HarnessHooks): Promise<HarnessRun> {
  const started = performance.now();
  const run = emptyRun(settings);
  if (hooks.signal?.aborted) {
    run.failure = interruptedFailure(interruptSignalName(hooks.signal.reason), null);
    return run;
  }
  const folder = await mkdtemp(join(tmpdir(), 'leakgate-'));
  try {
    await measure(folder, settings, hooks, run);
  } finally {
    run.wallSeconds = (performance.now() - started) / 1000;
    await rm(folder, { recursive: true, force: true });
  }
  return run;
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

/** Start the harness in `folder`, follow it to its end, end what it left running; fills `run`. */
async function measure(folder: string, settings: ScenarioSettings, hooks: HarnessHooks, run: HarnessRun): Promise<void> {
  const recordsPath = join(folder, 'records.ndjson');
  const samplesPath = join(folder, 'samples.f64');
  const settingsPath = join(folder, 'settings.json');
  const stacksPath = join(folder, 'stacks.txt');
  const maxTraceCycles = maxTracedCycles(settings.cycles);
  const totalCycles = settings.warmup + settings.cycles;
  const samplesLimitBytes = Math.max(1, totalCycles + maxTraceCycles) * ROW_BYTES;
  await writeFile(settingsPath, JSON.stringify({
    target: await pythonTarget(settings.target, settings.cwd),
    cwd: settings.cwd,
    cycles: settings.cycles,
    warmup: settings.warmup,
    frames: settings.frames,
    recordsPath,
    samplesPath,
    stacksPath,
    policy: harnessPolicy(settings.cycles),
  }));

  const stdout = new OutputTail(OUTPUT_TAIL_BYTES);
  const stderr = new OutputTail(OUTPUT_TAIL_BYTES);
  const tail = new RecordTail(recordsPath, MAX_RECORD_BYTES, MAX_RECORDS_FILE_BYTES);
  let lastCycle: number | null = null;
  let lastPhase: string | null = null;
  let done = false;
  let timedOut = false;
  let interruptedBy: NodeJS.Signals | null = null;
  let outputProblem: string | null = null;
  let lingered = false;

  // No interpreter options on the command line: Python 2 would refuse them (exit 2) before
  // leakgate_run.py could say it is too old. The harness enables faulthandler itself.
  // The run is followed through the process's own events, not execa's promise: that settles
  // only when every holder of the output pipes has closed them, and a grandchild may never do.
  const child = execa(settings.python, [HARNESS_SCRIPT, settingsPath], {
    cwd: settings.cwd,
    env: scenarioEnvironment(process.env),
    extendEnv: false,
    stdin: 'pipe',
    stdout: 'pipe',
    stderr: 'pipe',
    buffer: false,
    reject: false,
    // A process group of its own (the harness leads it), so that the end of the run, a
    // time-out or an interruption also reaches what the scenario started.
    detached: GROUPS,
    windowsHide: true,
  });
  child.catch(() => undefined);
  let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  let spawnError: (Error & { code?: string }) | null = null;
  const ended = new Promise<void>((resolve) => {
    child.nodeChildProcess.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve();
    });
    child.nodeChildProcess.once('error', (error) => {
      spawnError = error;
      resolve();
    });
  });
  const isRunning = () => exit === null && spawnError === null;
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  for (const stream of [child.stdin, child.stdout, child.stderr]) stream.on('error', () => undefined); // the child may exit before reading its answer

  /** Send `signal` to the whole group (the harness and what it started). */
  const signalAll = (signal: NodeJS.Signals) => {
    if (child.pid === undefined || !isRunning()) return;
    if (!GROUPS || !signalGroup(child.pid, signal)) child.kill(signal);
  };

  const timers: NodeJS.Timeout[] = [];
  const later = (ms: number, action: () => unknown) => {
    timers.push(setTimeout(() => void Promise.resolve().then(action).catch(() => undefined), ms));
  };
  later(settings.timeoutSeconds * 1000, async () => {
    if (!isRunning()) return;
    timedOut = true;
    // Where did it hang? faulthandler writes every thread's stack to stacksPath on SIGUSR1
    // (registered by the harness). Only to the harness, not the group: SIGUSR1 ends most processes.
    if (child.pid !== undefined && process.platform !== 'win32') {
      try {
        process.kill(child.pid, 'SIGUSR1');
        await waitForStacks(stacksPath, STACKS_WAIT_MS);
      } catch {
        // already gone
      }
    }
    signalAll('SIGKILL');
  });
  const onAbort = () => {
    if (interruptedBy !== null) return;
    interruptedBy = interruptSignalName(hooks.signal?.reason);
    signalAll(interruptedBy);
    later(INTERRUPT_GRACE_MS, () => signalAll('SIGKILL'));
  };
  hooks.signal?.addEventListener('abort', onAbort, { once: true });

  // The samples file is checked at every progress record and checkpoint (twice a second at
  // most), so that one grown by the scenario stops the run at once, not at its end.
  const checkSamplesSize = async () => {
    const size = await stat(samplesPath).then((info) => info.size, () => 0);
    if (size > samplesLimitBytes) await readSamplesFile(samplesPath, samplesLimitBytes, totalCycles + maxTraceCycles);
  };

  const handle = async (record: HarnessRecord): Promise<void> => {
    switch (record.t) {
      case 'hello':
        run.hello = { python: record.python, implementation: record.implementation, platform: record.platform, notes: record.notes } satisfies HarnessHello;
        break;
      case 'phase':
        lastPhase = record.name;
        if (record.frozenObjects !== undefined) run.frozenObjects = record.frozenObjects;
        hooks.onProgress?.({ scenario: settings.name, phase: record.name, cycle: record.cycle, totalCycles });
        break;
      case 'progress':
        await checkSamplesSize();
        lastCycle = record.cycle;
        hooks.onProgress?.({ scenario: settings.name, phase: record.phase, cycle: record.cycle, totalCycles });
        break;
      case 'checkpoint': {
        await checkSamplesSize();
        const { t: _t, ...checkpoint } = record;
        run.checkpoints.push(checkpoint as Checkpoint);
        lastCycle = record.cycle;
        hooks.onProgress?.({ scenario: settings.name, phase: record.phase, cycle: record.cycle, totalCycles });
        break;
      }
      case 'await': {
        run.warmupSeconds = record.warmupSeconds;
        run.measuredSeconds = record.measuredSeconds;
        const samples = parseSamples(await readSamplesFile(samplesPath, samplesLimitBytes, totalCycles + maxTraceCycles));
        const plan = hooks.planTrace({ settings, samples, checkpoints: run.checkpoints, warmupSeconds: record.warmupSeconds, measuredSeconds: record.measuredSeconds });
        const answer = plan.trace ? { trace: true, cycles: Math.min(plan.cycles, maxTraceCycles), budgetSeconds: plan.budgetSeconds, checkpoints: plan.checkpoints, types: plan.types, retentionSeconds: plan.retentionSeconds, endEarly: plan.endEarly } : { trace: false };
        child.stdin.write(`${JSON.stringify(answer)}\n`);
        break;
      }
      case 'trace': {
        const { t: _t, ...window } = record;
        run.window = window as TracedWindow;
        break;
      }
      case 'threads':
        for (const thread of record.threads) run.warnings!.push(threadLeftWords(thread));
        break;
      case 'error':
        run.failure = failureFromRecord(record);
        break;
      case 'done':
        done = true;
        // The harness ends itself right after "done" (leakgate_run.py's os._exit); if it does
        // not, its group is ended: the results are complete.
        later(DONE_GRACE_MS, () => {
          if (!isRunning()) return;
          lingered = true;
          signalAll('SIGKILL');
        });
        break;
    }
  };

  /** Read and handle the new records; true when there is more to read at once. */
  const drain = async (final: boolean): Promise<boolean> => {
    if (outputProblem !== null) return false;
    try {
      const { lines, more } = await tail.read(final);
      for (const line of lines) {
        const parsed = parseRecordLine(line.text, line.number);
        if (parsed.kind === 'corrupt') run.corruptRecords += 1;
        else if (parsed.kind === 'malformed') throw new HarnessOutputError(parsed.problem);
        else await handle(parsed.record);
      }
      return more;
    } catch (error) {
      if (!(error instanceof HarnessOutputError)) throw error;
      // Stop at once: the process is ended and nothing more of it is read.
      outputProblem = error.message;
      signalAll('SIGKILL');
      return false;
    }
  };

  // The harness blocks after an "await" record until it is answered, so every millisecond between
  // its write and our read is added to the run: the watcher wakes the loop at once, and `written`
  // remembers a write that came while a drain was under way, so that it is not slept through.
  let written = false;
  let wake: (() => void) | null = null;
  const watcher = recordsWatcher(folder, basename(recordsPath), () => {
    written = true;
    wake?.();
  });
  let endedGroup: EndedGroup = { members: [], killed: false };
  try {
    while (isRunning()) {
      if (!written) {
        let poll: NodeJS.Timeout | undefined;
        await Promise.race([
          ended,
          new Promise<void>((resolve) => {
            wake = resolve;
            poll = setTimeout(resolve, POLL_INTERVAL_MS);
          }),
        ]);
        wake = null;
        clearTimeout(poll);
      }
      written = await drain(false);
    }
    while (await drain(true));

    // The harness has exited: end what the scenario left running in its group, then stop
    // reading its pipes (a process that left the group may hold them open forever).
    if (GROUPS && child.pid !== undefined && spawnError === null) endedGroup = await endGroup(child.pid, interruptedBy !== null ? INTERRUPT_GRACE_MS : GROUP_GRACE_MS);
    await Promise.race([Promise.all([closed(child.stdout), closed(child.stderr)]), sleep(PIPE_GRACE_MS)]);

    run.samples = parseSamples(await readSamplesFile(samplesPath, samplesLimitBytes, totalCycles + maxTraceCycles).catch((error: unknown) => {
      if (!(error instanceof HarnessOutputError)) throw error;
      outputProblem ??= error.message;
      return new Uint8Array();
    }));
  } finally {
    watcher?.close();
    for (const timer of timers) clearTimeout(timer);
    hooks.signal?.removeEventListener('abort', onAbort);
    // Whatever threw, nothing of the run outlives it.
    if (isRunning()) signalAll('SIGKILL');
    for (const stream of [child.stdin, child.stdout, child.stderr]) stream.destroy();
  }

  const underWay = cycleUnderWay(await readSamplesFile(samplesPath, samplesLimitBytes, 0).catch(() => new Uint8Array()));
  const lastSample = run.samples.at(-1);
  if (lastSample && (lastCycle === null || lastSample.cycle > lastCycle)) lastCycle = lastSample.cycle;
  run.output = { stdoutTail: stdout.text(), stderrTail: stderr.text(), stdoutBytes: stdout.totalBytes, stderrBytes: stderr.totalBytes };
  const { code: exitCode, signal: exitSignal } = exit ?? { code: null, signal: null };
  run.exitCode = exitCode;
  run.signal = exitSignal;
  const at = { cycleUnderWay: underWay, lastCycle, lastPhase };
  for (const member of endedGroup.members) run.warnings!.push(processLeftWords(member, endedGroup.killed));
  if (lingered) run.warnings!.push(`the Python process had not exited ${DONE_GRACE_MS / 1000} s after the run finished (an atexit handler waiting?): leakgate ended it`);

  if (interruptedBy !== null) {
    run.failure = interruptedFailure(interruptedBy, at);
  } else if (outputProblem !== null) {
    run.failure = harnessOutputFailure(outputProblem, at);
  } else if (run.hello === null && spawnError !== null) {
    run.failure = (spawnError as { code?: string }).code === 'ENOENT' ? pythonNotFound(settings.python) : { kind: 'internal', message: `cannot start Python '${settings.python}': ${(spawnError as Error).message}`, hint: 'check that --python names an executable interpreter', cycle: null, phase: null, traceback: null };
  } else if (timedOut || (!done && run.failure === null) || (run.failure !== null && run.exitCode !== HARNESS_EXIT.scenarioFailed && !done)) {
    const stacks = timedOut ? await readHead(stacksPath, MAX_STACKS_BYTES) : null;
    run.failure = failureFromExit({ exitCode: run.exitCode, signal: run.signal, timedOut, timeoutSeconds: settings.timeoutSeconds, ...at, stderrTail: run.output.stderrTail, python: settings.python, stacks });
  }
}

/** Wait until faulthandler has written the stacks (the file stops growing), at most `limitMs`. */
async function waitForStacks(path: string, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  let previous = -1;
  while (Date.now() < deadline) {
    await sleep(50);
    const size = await stat(path).then((info) => info.size, () => 0);
    if (size > 0 && size === previous) return;
    previous = size;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves when a stream has closed (at once when it already has). */
function closed(stream: NodeJS.ReadableStream & { closed?: boolean }): Promise<void> {
  if (stream.closed) return Promise.resolve();
  return new Promise((resolve) => stream.once('close', () => resolve()));
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

/** The warning for a process the scenario started that outlived the run. */
function processLeftWords(member: GroupMember, killed: boolean): string {
  return `process ${member.pid}${member.command ? ` (${member.command})` : ''}, started by the scenario, was still running after the run: leakgate ended it${killed ? ' (SIGTERM, then SIGKILL after a grace)' : ' (SIGTERM)'}; stop and wait for what you start in teardown()`;
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
/** The most cycles a traced window may take: the harness sizes its samples file with it. */
function pythonNotFound(python: string): ScenarioFailure {
  return {
    kind: 'python-not-found',
    message: `cannot start Python: '${python}' was not found`,
    hint: 'install Python 3.9 or newer, or pass --python PATH (the action input `python`)',
    cycle: null,
    phase: null,
    traceback: null,
  };
}
