/**
 * The records channel: the newline-delimited records file the harness writes in the run's
 * folder (and the samples and stacks files beside it), read within bounds. The scenario can
 * write into these files too, so every read is bounded and a file that no harness writes stops
 * the run (HarnessOutputError) instead of filling leakgate's memory.
 */
import { type FSWatcher, watch } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { type ParsedLine, parseRecordLine } from './records.js';

// How often the records file is read when nothing wakes us sooner. A watcher on the run's
// folder wakes the reader as soon as a record is written (see recordsWatcher); the poll is the
// fallback where file watching is unavailable or drops events.
const POLL_INTERVAL_MS = 10;
/** No record the harness writes comes near this; a longer line is refused unread. */
export const MAX_RECORD_BYTES = 16 * 2 ** 20;
/** Nor does a whole run's records file (checkpoints of 2,000 types are ~100 KB each). */
export const MAX_RECORDS_FILE_BYTES = 256 * 2 ** 20;
// Records read per wake-up, so that a flood cannot hold the loop.
const READ_BUDGET_BYTES = 4 * 2 ** 20;

/** What the harness's channels held that no harness writes: the run stops at once. */
export class HarnessOutputError extends Error {}

/** One line of the records file, with its 1-based number (for messages). */
interface RecordLine {
  text: string;
  number: number;
}

const mebibytes = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;

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
        if (this.offset > this.maxFileBytes)
          throw new HarnessOutputError(`the records file grew past ${mebibytes(this.maxFileBytes)}, far more than any run writes: stopped reading it`);
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
    if (bytes > this.maxLineBytes)
      throw new HarnessOutputError(
        `line ${lineNumber} of the records file is over ${mebibytes(this.maxLineBytes)} long, far more than any record the harness writes: stopped reading it`,
      );
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

/**
 * The records file of one run, read as it grows. The harness blocks after an "await" record
 * until it is answered, so every millisecond between its write and our read is added to the
 * run: a watcher wakes `wait` at once, and a write that comes while a read is under way is
 * remembered, so that it is not slept through. `close()` releases the watcher.
 */
export class RecordsChannel {
  private readonly tail: RecordTail;
  private readonly watcher: FSWatcher | null;
  private written = false;
  private wake: (() => void) | null = null;

  constructor(recordsPath: string) {
    this.tail = new RecordTail(recordsPath, MAX_RECORD_BYTES, MAX_RECORDS_FILE_BYTES);
    this.watcher = recordsWatcher(dirname(recordsPath), basename(recordsPath), () => {
      this.written = true;
      this.wake?.();
    });
  }

  /** Wait for a write, for `until` to settle, or for the poll interval, whichever comes first. */
  async wait(until: Promise<void>): Promise<void> {
    // A write seen since the last wait is taken once: a loop of waits always yields to the
    // event loop (and so to the process's exit event) between writes.
    if (this.written) {
      this.written = false;
      return;
    }
    let poll: NodeJS.Timeout | undefined;
    await Promise.race([
      until,
      new Promise<void>((resolve) => {
        this.wake = resolve;
        poll = setTimeout(resolve, POLL_INTERVAL_MS);
      }),
    ]);
    this.wake = null;
    clearTimeout(poll);
  }

  /**
   * The lines written since the last read, parsed; `more` when there is more to read at once.
   * `final` takes a last line without its newline too. Throws HarnessOutputError on a line or
   * file far larger than any harness writes.
   */
  async read(final: boolean): Promise<{ lines: ParsedLine[]; more: boolean }> {
    this.written = false; // what this read finds needs no wake-up; a write during it does
    const { lines, more } = await this.tail.read(final);
    if (more) this.written = true;
    return { lines: lines.map((line) => parseRecordLine(line.text, line.number)), more };
  }

  close(): void {
    this.watcher?.close();
  }
}

/** The samples file, refused when it is larger than the run's cycles can fill (the harness sizes it up front). */
export async function readSamplesFile(path: string, limitBytes: number, cycles: number): Promise<Uint8Array> {
  const size = await checkSamplesFile(path, limitBytes, cycles);
  return size === null ? new Uint8Array() : readFile(path);
}

/** The samples file's size (null when it does not exist); HarnessOutputError when it outgrew what `cycles` cycles need. */
export async function checkSamplesFile(path: string, limitBytes: number, cycles: number): Promise<number | null> {
  const size = await stat(path).then(
    (info) => info.size,
    () => null,
  );
  if (size !== null && size > limitBytes)
    throw new HarnessOutputError(`the samples file is ${size} bytes, more than the ${limitBytes} bytes that ${cycles} cycles need: stopped reading it`);
  return size;
}

/** Read at most `limitBytes` of a file; '' when it cannot be read. */
export async function readHead(path: string, limitBytes: number): Promise<string> {
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

/** Wait until faulthandler has written the stacks (the file stops growing), at most `limitMs`. */
export async function waitForStacks(path: string, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  let previous = -1;
  while (Date.now() < deadline) {
    await new Promise<void>((resolve) => setTimeout(resolve, 50));
    const size = await stat(path).then(
      (info) => info.size,
      () => 0,
    );
    if (size > 0 && size === previous) return;
    previous = size;
  }
}
