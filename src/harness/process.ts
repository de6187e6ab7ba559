/**
 * The harness's process: Python started as the leader of a process group of its own, its
 * output tails, its exit, the signals sent to its group and the timers that send them. One
 * `release()` ends all of it, whatever happened: runHarness calls it in `finally`.
 */
import { execa } from 'execa';
import { ENV_ALLOW_LIST, ENV_ALLOW_PREFIXES, OUTPUT_TAIL_BYTES } from '../settings/constants.js';
import { type EndedGroup, endGroup, signalGroup } from './process-group.js';

// Process groups (and the signals that reach a whole group) are POSIX.
const GROUPS = process.platform !== 'win32';
// How long the pipes are read after the group is ended (a process that left it may hold them).
const PIPE_GRACE_MS = 500;
// How long release() waits for a killed harness to be reaped, so that none outlives the run.
const REAP_GRACE_MS = 1000;

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

/** Start `python args…` in `cwd`, leading a process group of its own, with the scenario's environment. */
function spawnHarness(python: string, args: string[], cwd: string) {
  // The run is followed through the process's own events, not execa's promise: that settles
  // only when every holder of the output pipes has closed them, and a grandchild may never do.
  return execa(python, args, {
    cwd,
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
}

/** How the process ended: its exit, or the error that kept it from starting. */
export interface ProcessEnd {
  exit: { code: number | null; signal: NodeJS.Signals | null } | null;
  spawnError: (Error & { code?: string }) | null;
}

/** The harness process of one run, from its start to its release. */
export class HarnessProcess {
  readonly stdout = new OutputTail(OUTPUT_TAIL_BYTES);
  readonly stderr = new OutputTail(OUTPUT_TAIL_BYTES);
  /** Settles when the process has exited or could not start. */
  readonly ended: Promise<void>;
  private end: ProcessEnd = { exit: null, spawnError: null };
  private readonly child: ReturnType<typeof spawnHarness>;
  private readonly timers: NodeJS.Timeout[] = [];
  private groupEnded = false;

  /** Start `python args…` in `cwd` (see spawnHarness). */
  constructor(python: string, args: string[], cwd: string) {
    this.child = spawnHarness(python, args, cwd);
    this.child.catch(() => undefined);
    this.ended = new Promise<void>((resolve) => {
      this.child.nodeChildProcess.once('exit', (code, signal) => {
        this.end = { exit: { code, signal }, spawnError: this.end.spawnError };
        resolve();
      });
      this.child.nodeChildProcess.once('error', (error) => {
        this.end = { exit: this.end.exit, spawnError: error };
        resolve();
      });
    });
    this.child.stdout.on('data', (chunk: Buffer) => this.stdout.push(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => this.stderr.push(chunk));
    // The child may exit before reading its answer.
    for (const stream of [this.child.stdin, this.child.stdout, this.child.stderr]) stream.on('error', () => undefined);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** How it ended so far (both null while it runs). */
  get outcome(): ProcessEnd {
    return this.end;
  }

  isRunning(): boolean {
    return this.end.exit === null && this.end.spawnError === null;
  }

  /** Write one line to the harness's stdin (its answer to an "await" record). */
  writeLine(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  /** Send `signal` to the harness alone (SIGUSR1 asks faulthandler for the stacks; it would end most other processes). */
  signalHarness(signal: NodeJS.Signals): void {
    if (this.child.pid === undefined || !this.isRunning()) return;
    try {
      process.kill(this.child.pid, signal);
    } catch {
      // already gone
    }
  }

  /** Send `signal` to the whole group (the harness and what it started) while the harness runs. */
  signalAll(signal: NodeJS.Signals): void {
    if (this.child.pid === undefined || !this.isRunning()) return;
    if (!GROUPS || !signalGroup(this.child.pid, signal)) this.child.kill(signal);
  }

  /** Run `action` after `ms`, unless the process is released first; what it throws is dropped. */
  after(ms: number, action: () => unknown): void {
    this.timers.push(
      setTimeout(
        () =>
          void Promise.resolve()
            .then(action)
            .catch(() => undefined),
        ms,
      ),
    );
  }

  /**
   * The harness has exited: end what the scenario left running in its group (SIGTERM, SIGKILL
   * after `graceMs`), then stop reading the pipes (a process that left the group may hold them
   * open forever). Returns what was still running.
   */
  async endGroupAfterExit(graceMs: number): Promise<EndedGroup> {
    let ended: EndedGroup = { members: [], killed: false };
    if (GROUPS && this.child.pid !== undefined && this.end.spawnError === null) {
      ended = await endGroup(this.child.pid, graceMs);
      this.groupEnded = true;
    }
    await atMost(Promise.all([closed(this.child.stdout), closed(this.child.stderr)]), PIPE_GRACE_MS);
    return ended;
  }

  /**
   * Release everything, whatever happened: the timers are cleared; unless the group was ended
   * in order, it is killed (the harness and what the scenario started) and the harness is
   * reaped; the pipes are closed.
   */
  async release(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.length = 0;
    if (!this.groupEnded && this.end.spawnError === null && this.child.pid !== undefined) {
      if (GROUPS) signalGroup(this.child.pid, 'SIGKILL');
      else if (this.isRunning()) this.child.kill('SIGKILL');
      this.groupEnded = true;
      await atMost(this.ended, REAP_GRACE_MS);
    }
    for (const stream of [this.child.stdin, this.child.stdout, this.child.stderr]) stream.destroy();
  }
}

/** Resolves when a stream has closed (at once when it already has). */
function closed(stream: NodeJS.ReadableStream & { closed?: boolean }): Promise<void> {
  if (stream.closed) return Promise.resolve();
  return new Promise((resolve) => stream.once('close', () => resolve()));
}

/** Wait for `promise`, at most `ms`; the timer does not outlive the wait. */
async function atMost(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
