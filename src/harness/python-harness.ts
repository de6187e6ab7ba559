/**
 * PythonHarness: the adapter that runs one scenario in its own Python process.
 *
 * It writes the harness settings to a private temporary folder, starts Python with an
 * allow-listed environment, tails the records file, answers the harness's question
 * "trace or not?" through `planTrace`, keeps the tail of the scenario's output, enforces
 * the time-out, and returns everything measured, even when the run fails.
 */
import { execa } from 'execa';
import { watch, type FSWatcher } from 'node:fs';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENV_ALLOW_LIST, ENV_ALLOW_PREFIXES, OUTPUT_TAIL_BYTES } from '../constants.js';
import type { Checkpoint, HarnessHello, HarnessRun, ScenarioFailure, ScenarioSettings, TracePlan, TracedWindow, UntracedPhase } from '../model.js';
import { failureFromExit, failureFromRecord, HARNESS_EXIT } from './failures.js';
import { parseRecord, parseSamples, type HarnessRecord } from './records.js';

/** Where the harness's Python files are: beside this module in src/, beside the bundle in dist/. */
export const HARNESS_SCRIPT = fileURLToPath(new URL('./python/leakgate_run.py', import.meta.url));

// How often the records file is read when nothing wakes us sooner. A watcher on the run's
// folder wakes the reader as soon as a record is written (see recordsWatcher); the poll is the
// fallback where file watching is unavailable or drops events.
const POLL_INTERVAL_MS = 10;

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

  constructor(private readonly limitBytes: number) {}

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

/** Tails a growing newline-delimited file. */
class RecordTail {
  private offset = 0;
  private partial = '';

  constructor(private readonly path: string) {}

  async read(final = false): Promise<string[]> {
    let handle;
    try {
      handle = await open(this.path, 'r');
    } catch {
      return [];
    }
    try {
      const chunks: Buffer[] = [];
      for (;;) {
        const buffer = Buffer.alloc(64 * 1024);
        const { bytesRead } = await handle.read(buffer, 0, buffer.byteLength, this.offset);
        if (bytesRead === 0) break;
        this.offset += bytesRead;
        chunks.push(buffer.subarray(0, bytesRead));
      }
      const text = this.partial + Buffer.concat(chunks).toString('utf8');
      const lines = text.split('\n');
      this.partial = lines.pop() ?? '';
      if (final && this.partial) {
        lines.push(this.partial);
        this.partial = '';
      }
      return lines.filter((line) => line.length > 0);
    } finally {
      await handle.close();
    }
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
  const folder = await mkdtemp(join(tmpdir(), 'leakgate-'));
  const recordsPath = join(folder, 'records.ndjson');
  const samplesPath = join(folder, 'samples.f64');
  const settingsPath = join(folder, 'settings.json');
  const maxTraceCycles = maxTracedCycles(settings.cycles);
  await writeFile(settingsPath, JSON.stringify({
    target: settings.target,
    cwd: settings.cwd,
    cycles: settings.cycles,
    warmup: settings.warmup,
    frames: settings.frames,
    recordsPath,
    samplesPath,
    maxTraceCycles,
  }));

  const started = performance.now();
  const run: HarnessRun = {
    settings,
    hello: null,
    async: false,
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
  };
  const stdout = new OutputTail(OUTPUT_TAIL_BYTES);
  const stderr = new OutputTail(OUTPUT_TAIL_BYTES);
  const tail = new RecordTail(recordsPath);
  let lastCycle: number | null = null;
  let lastPhase: string | null = null;
  let done = false;
  let timedOut = false;
  let spawnError: Error | null = null;
  const totalCycles = settings.warmup + settings.cycles;

  const child = execa(settings.python, ['-X', 'faulthandler', HARNESS_SCRIPT, settingsPath], {
    cwd: settings.cwd,
    env: scenarioEnvironment(process.env),
    extendEnv: false,
    stdin: 'pipe',
    stdout: 'pipe',
    stderr: 'pipe',
    buffer: false,
    reject: false,
    // A process group of its own, so a time-out also stops what the scenario started.
    detached: process.platform !== 'win32',
    cleanup: true,
  });
  child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
  child.stdin?.on('error', () => undefined); // the child may exit before reading its answer

  const kill = () => {
    try {
      if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
      else child.kill('SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  };
  const timer = setTimeout(() => {
    timedOut = true;
    kill();
  }, settings.timeoutSeconds * 1000);

  const handle = async (record: HarnessRecord): Promise<void> => {
    switch (record.t) {
      case 'hello':
        run.hello = { python: record.python, implementation: record.implementation, platform: record.platform, capabilities: record.capabilities, notes: record.notes } satisfies HarnessHello;
        break;
      case 'loaded':
        run.async = record.async;
        break;
      case 'phase':
        lastPhase = record.name;
        if (record.frozenObjects !== undefined) run.frozenObjects = record.frozenObjects;
        hooks.onProgress?.({ scenario: settings.name, phase: record.name, cycle: record.cycle, totalCycles });
        break;
      case 'progress':
        lastCycle = record.cycle;
        hooks.onProgress?.({ scenario: settings.name, phase: record.phase, cycle: record.cycle, totalCycles });
        break;
      case 'checkpoint': {
        const { t: _t, ...checkpoint } = record;
        run.checkpoints.push(checkpoint as Checkpoint);
        lastCycle = record.cycle;
        hooks.onProgress?.({ scenario: settings.name, phase: record.phase, cycle: record.cycle, totalCycles });
        break;
      }
      case 'await': {
        run.warmupSeconds = record.warmupSeconds;
        run.measuredSeconds = record.measuredSeconds;
        const samples = parseSamples(await readFile(samplesPath));
        const plan = hooks.planTrace({ settings, samples, checkpoints: run.checkpoints, warmupSeconds: record.warmupSeconds, measuredSeconds: record.measuredSeconds });
        const answer = plan.trace ? { trace: true, cycles: Math.min(plan.cycles, maxTraceCycles), budgetSeconds: plan.budgetSeconds, checkpoints: plan.checkpoints, types: plan.types, retentionSeconds: plan.retentionSeconds, endEarly: plan.endEarly } : { trace: false };
        child.stdin?.write(`${JSON.stringify(answer)}\n`);
        break;
      }
      case 'trace': {
        const { t: _t, ...window } = record;
        run.window = window as TracedWindow;
        break;
      }
      case 'error':
        run.failure = failureFromRecord(record);
        break;
      case 'done':
        done = true;
        break;
    }
  };

  const drain = async (final: boolean) => {
    for (const line of await tail.read(final)) {
      const record = parseRecord(line);
      if (record === null) run.corruptRecords += 1;
      else await handle(record);
    }
  };

  let exited = false;
  const finished = child.then(
    (result) => {
      exited = true;
      return result;
    },
    (error: Error) => {
      exited = true;
      spawnError = error;
      return null;
    },
  );
  // The harness blocks after an "await" record until it is answered, so every millisecond between
  // its write and our read is added to the run: the watcher wakes the loop at once, and `written`
  // remembers a write that came while a drain was under way, so that it is not slept through.
  let written = false;
  let wake: (() => void) | null = null;
  const watcher = recordsWatcher(folder, basename(recordsPath), () => {
    written = true;
    wake?.();
  });
  try {
    while (!exited) {
      if (!written) {
        let poll: NodeJS.Timeout | undefined;
        await Promise.race([
          finished,
          new Promise<void>((resolve) => {
            wake = resolve;
            poll = setTimeout(resolve, POLL_INTERVAL_MS);
          }),
        ]);
        wake = null;
        clearTimeout(poll);
      }
      written = false;
      await drain(false);
    }
  } finally {
    watcher?.close();
  }
  clearTimeout(timer);
  const result = await finished;
  await drain(true);

  run.samples = parseSamples(await readFile(samplesPath).catch(() => new Uint8Array()));
  const lastSample = run.samples.at(-1);
  if (lastSample && (lastCycle === null || lastSample.cycle > lastCycle)) lastCycle = lastSample.cycle;
  run.output = { stdoutTail: stdout.text(), stderrTail: stderr.text(), stdoutBytes: stdout.totalBytes, stderrBytes: stderr.totalBytes };
  run.exitCode = result?.exitCode ?? null;
  run.signal = result?.signal ?? null;
  run.wallSeconds = (performance.now() - started) / 1000;

  if (run.hello === null && (spawnError !== null || isNotFound(result))) {
    run.failure = pythonNotFound(settings.python);
  } else if (!done && run.failure === null) {
    run.failure = failureFromExit({ exitCode: run.exitCode, signal: run.signal, timedOut, timeoutSeconds: settings.timeoutSeconds, lastCycle, lastPhase, stderrTail: run.output.stderrTail, python: settings.python });
  } else if (run.failure !== null && run.exitCode !== HARNESS_EXIT.scenarioFailed && timedOut) {
    run.failure = failureFromExit({ exitCode: run.exitCode, signal: run.signal, timedOut, timeoutSeconds: settings.timeoutSeconds, lastCycle, lastPhase, stderrTail: run.output.stderrTail, python: settings.python });
  }
  await rm(folder, { recursive: true, force: true });
  return run;
}

/** The most cycles a traced window may take: the harness sizes its samples file with it. */
export function maxTracedCycles(cycles: number): number {
  return Math.max(10, Math.ceil(cycles / 5));
}

function isNotFound(result: unknown): boolean {
  const value = result as { failed?: boolean; code?: string; cause?: { code?: string } } | null;
  return Boolean(value?.failed && (value.code === 'ENOENT' || value.cause?.code === 'ENOENT'));
}

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
