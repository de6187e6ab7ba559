/**
 * Parsing what the Python harness writes: newline-delimited JSON records and the
 * float64 samples file. The child runs untrusted code, and the scenario can write into
 * both files (they are in the run's folder), so every field of every record is checked
 * before it is used: a line that is not a record at all is counted as corrupt; a record
 * we know with a field of the wrong type is an error that names the field (issue 11).
 */
import type { Checkpoint, CycleSample, HarnessHello, Phase, TracedWindow } from './types.js';

// Mirrors ROW_FIELDS and PHASE_CODES in python/leakgate_harness/channels.py.
export const ROW_WIDTH = 8;
export const ROW_BYTES = ROW_WIDTH * 8;
const PHASES: ReadonlyMap<number, Phase> = new Map([
  [1, 'warmup'],
  [2, 'measure'],
  [3, 'trace'],
]);

/** A source location the harness names (where a thread started, where it runs). */
export interface CodePlace {
  file: string;
  line: number;
  function: string;
}

/** A non-daemon thread still running after teardown(). */
export interface LeftThread {
  name: string;
  startedAt: CodePlace | null;
  target: CodePlace | null;
  runningAt: CodePlace | null;
}

export type HarnessRecord =
  | ({ t: 'hello' } & HarnessHello)
  | { t: 'loaded'; async: boolean }
  | { t: 'phase'; name: string; cycle: number; frozenObjects?: number }
  | { t: 'progress'; cycle: number; phase: string }
  | ({ t: 'checkpoint' } & Checkpoint)
  | { t: 'await'; measuredSeconds: number; warmupSeconds: number }
  | ({ t: 'trace' } & TracedWindow)
  | { t: 'threads'; threads: LeftThread[] }
  | { t: 'error'; kind: string; message: string; cycle: number | null; phase?: string; traceback?: string; candidates?: string[] }
  | { t: 'done' };

/** One line of the records file: a record, a line that is no record (corrupt), or a record with a bad field. */
export type ParsedLine = { kind: 'record'; record: HarnessRecord } | { kind: 'corrupt' } | { kind: 'malformed'; problem: string };

type Json = Record<string, unknown>;
/** What is wrong with a field: its path ("sites[2].frames[0].line") and what it is instead. */
interface Problem {
  field: string;
  is: string;
}
/** Checks one value; returns what is wrong with it, or null. */
type Checker = (value: unknown, field: string) => Problem | null;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const own = (object: Json, key: string): unknown => (Object.hasOwn(object, key) ? object[key] : undefined);

/** A short description of a value for an error message: its JSON type and a bounded sample. */
function shown(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
  if (typeof value === 'number') return `a number (${value})`;
  return `${typeof value} (${String(value)})`;
}

const expecting =
  (what: string, ok: (value: unknown) => boolean): Checker =>
  (value, field) =>
    ok(value) ? null : { field, is: `${shown(value)}, not ${what}` };
const str = expecting('a string', (v) => typeof v === 'string');
const num = expecting('a finite number', (v) => typeof v === 'number' && Number.isFinite(v));
const bool = expecting('true or false', (v) => typeof v === 'boolean');
const nullableNum = expecting('a finite number or null', (v) => v === null || (typeof v === 'number' && Number.isFinite(v)));
const phase = expecting('a phase (warmup, measure or trace)', (v) => v === 'warmup' || v === 'measure' || v === 'trace');
const optional =
  (check: Checker): Checker =>
  (value, field) =>
    value === undefined ? null : check(value, field);
const nullable =
  (check: Checker): Checker =>
  (value, field) =>
    value === null ? null : check(value, field);

function listOf(check: Checker): Checker {
  return (value, field) => {
    if (!Array.isArray(value)) return { field, is: `${shown(value)}, not a list` };
    for (let i = 0; i < value.length; i++) {
      const problem = check(value[i], `${field}[${i}]`);
      if (problem) return problem;
    }
    return null;
  };
}

function fields(spec: Record<string, Checker>): Checker {
  return (value, field) => {
    if (!isObject(value)) return { field, is: `${shown(value)}, not an object` };
    for (const [key, check] of Object.entries(spec)) {
      const problem = check(own(value, key), field ? `${field}.${key}` : key);
      if (problem) return problem;
    }
    return null;
  };
}

/** An object used as a map from names (scenario-supplied) to values of one type. */
function mapOf(check: Checker): Checker {
  return (value, field) => {
    if (!isObject(value)) return { field, is: `${shown(value)}, not an object` };
    for (const [key, item] of Object.entries(value)) {
      const problem = check(item, `${field}[${JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key)}]`);
      if (problem) return problem;
    }
    return null;
  };
}

const frame = fields({ file: str, line: num, function: str, code: str, userCode: bool });
const site = fields({ frames: listOf(frame), complete: bool, bytes: listOf(num), counts: listOf(num), retainedBy: optional(str) });
const place = nullable(fields({ file: str, line: num, function: str }));

// The fields of each record this side reads, by the record's "t". Fields not listed are ignored.
const RECORDS: ReadonlyMap<string, Checker> = new Map([
  ['hello', fields({ python: str, implementation: str, platform: str, capabilities: fields({ blocks: bool, rss: bool, fds: bool, heap: bool }), notes: listOf(str) })],
  ['loaded', fields({ async: bool })],
  ['phase', fields({ name: str, cycle: num, frozenObjects: optional(num) })],
  ['progress', fields({ cycle: num, phase: str })],
  ['checkpoint', fields({ cycle: num, phase, blocks: nullableNum, rssBytes: nullableNum, fds: nullableNum, heapBytes: nullableNum, types: mapOf(num), fdTargets: optional(mapOf(num)), seconds: num })],
  ['await', fields({ measuredSeconds: num, warmupSeconds: num })],
  ['trace', fields({ frames: num, cycles: num, checkpointCycles: listOf(num), tracedBytes: listOf(num), sites: listOf(site), seconds: num, retentionSeconds: optional(num), typeRetention: optional(mapOf(str)) })],
  ['threads', fields({ threads: listOf(fields({ name: str, startedAt: optional(place), target: optional(place), runningAt: optional(place) })) })],
  ['error', fields({ kind: str, message: str, cycle: optional(nullableNum), phase: optional(str), traceback: optional(str), candidates: optional(listOf(str)) })],
  ['done', fields({})],
]);

/** Parse one line of the records file (the 1-based `lineNumber` is for messages). */
export function parseRecordLine(line: string, lineNumber: number): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: 'corrupt' };
  }
  if (!isObject(value) || typeof own(value, 't') !== 'string') return { kind: 'corrupt' };
  const type = value.t as string;
  const check = RECORDS.get(type);
  if (check === undefined) return { kind: 'corrupt' };
  const problem = check(value, '');
  if (problem) return { kind: 'malformed', problem: `the harness wrote a malformed record: field '${problem.field}' of record '${type}' (line ${lineNumber} of the records file) is ${problem.is}` };
  if (type === 'threads') {
    const threads = (value.threads as Json[]).map((t) => ({ name: t.name, startedAt: t.startedAt ?? null, target: t.target ?? null, runningAt: t.runningAt ?? null }));
    return { kind: 'record', record: { t: 'threads', threads } as HarnessRecord };
  }
  return { kind: 'record', record: value as HarnessRecord };
}

/** Parse one line of the records file; null when it is not a well-formed record we know. */
export function parseRecord(line: string): HarnessRecord | null {
  const parsed = parseRecordLine(line, 0);
  return parsed.kind === 'record' ? parsed.record : null;
}

/** Decode the samples file: rows of float64, a row with cycle 0 was never written. */
export function parseSamples(bytes: Uint8Array): CycleSample[] {
  const rows = Math.floor(bytes.byteLength / ROW_BYTES);
  const values = rowValues(bytes, rows);
  const samples: CycleSample[] = [];
  for (let row = 0; row < rows; row++) {
    const base = row * ROW_WIDTH;
    const cycle = values[base];
    const phase = PHASES.get(values[base + 1]);
    if (!(cycle >= 1) || phase === undefined) continue;
    samples.push({
      cycle,
      phase,
      seconds: values[base + 2],
      blocks: values[base + 3],
      rssBytes: values[base + 4],
      fds: values[base + 5],
      tracedBytes: values[base + 6],
      heapBytes: values[base + 7],
    });
  }
  return samples;
}

/**
 * The cycle that was under way when the process stopped, or null: the harness marks a row
 * with minus the cycle's number when the cycle starts, and overwrites it when it ends.
 */
export function cycleUnderWay(bytes: Uint8Array): number | null {
  const rows = Math.floor(bytes.byteLength / ROW_BYTES);
  const values = rowValues(bytes, rows);
  let found: number | null = null;
  for (let row = 0; row < rows; row++) {
    const marker = values[row * ROW_WIDTH];
    if (marker <= -1 && Number.isInteger(marker)) found = Math.max(found ?? 0, -marker);
  }
  return found;
}

function rowValues(bytes: Uint8Array, rows: number): Float64Array {
  const aligned = new Uint8Array(rows * ROW_BYTES);
  aligned.set(bytes.subarray(0, aligned.byteLength));
  return new Float64Array(aligned.buffer);
}
