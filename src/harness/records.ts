/**
 * Parsing what the Python harness writes: newline-delimited JSON records and the
 * float64 samples file. The child runs untrusted code, and the scenario can write into
 * both files (they are in the run's folder), so every record is parsed with its contract
 * (HARNESS_RECORDS in types.ts) before it is used: a line that is not a record at all is counted
 * as corrupt; a record we know with a field of the wrong type is an error that names the field (issue 11).
 */
import { pathText, RECORD_WORDS, shown } from '../settings/contract.js';
import { type CycleSample, HARNESS_RECORDS, type HarnessRecord, type Phase } from './types.js';

export type { CodePlace, HarnessRecord, LeftThread } from './types.js';

// Mirrors ROW_FIELDS and PHASE_CODES in python/leakgate_harness/channels.py.
export const ROW_WIDTH = 8;
export const ROW_BYTES = ROW_WIDTH * 8;
const PHASES: ReadonlyMap<number, Phase> = new Map([
  [1, 'warmup'],
  [2, 'measure'],
  [3, 'trace'],
  [4, 'confirm'],
  [5, 'profile'],
]);

/** One line of the records file: a record, a line that is no record (corrupt), or a record with a bad field. */
export type ParsedLine = { kind: 'record'; record: HarnessRecord } | { kind: 'corrupt' } | { kind: 'malformed'; problem: string };

/** The contract of each record by its "t", built on first use; a Map, so that a "t" such as "constructor" finds nothing. */
const RECORDS: ReadonlyMap<string, (typeof HARNESS_RECORDS)[keyof typeof HARNESS_RECORDS]> = new Map(Object.entries(HARNESS_RECORDS));
/**
 * jitless: zod compiles a fast parser for each object schema on its first parse (≈1-2 ms each,
 * ≈8 ms for a run's record kinds); a run reads tens to hundreds of records, far too few for it
 * to pay back (it saves ≈4 µs a record), so records are parsed without it. Same results.
 */
const PARSE_OPTIONS = { reportInput: true, error: RECORD_WORDS, jitless: true } as const;

/** Parse one line of the records file (the 1-based `lineNumber` is for messages). */
export function parseRecordLine(line: string, lineNumber: number): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: 'corrupt' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, 't')) return { kind: 'corrupt' };
  const type = (value as { t: unknown }).t;
  const contract = typeof type === 'string' ? RECORDS.get(type) : undefined;
  if (contract === undefined) return { kind: 'corrupt' };
  const parsed = contract().safeParse(value, PARSE_OPTIONS);
  if (parsed.success) return { kind: 'record', record: parsed.data as HarnessRecord };
  const issue = parsed.error.issues[0];
  const field = pathText('', issue.path);
  return {
    kind: 'malformed',
    problem:
      `the harness wrote a malformed record: field '${field}' of record '${type as string}' ` +
      `(line ${lineNumber} of the records file) is ${shown((issue as { input?: unknown }).input)}, not ${issue.message}`,
  };
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
