/**
 * Parsing what the Python harness writes: newline-delimited JSON records and the
 * float64 samples file. The child runs untrusted code, so every record is checked
 * by a type guard before it is used; anything else is counted as corrupt.
 */
import type { Checkpoint, CycleSample, HarnessHello, Phase, SourceFrame, TracedSite, TracedWindow } from '../model.js';

// Mirrors ROW_FIELDS and PHASE_CODES in python/leakgate_probe.py.
export const ROW_WIDTH = 8;
const PHASES: Record<number, Phase> = { 1: 'warmup', 2: 'measure', 3: 'trace' };

export type HarnessRecord =
  | ({ t: 'hello' } & HarnessHello)
  | { t: 'loaded'; async: boolean }
  | { t: 'phase'; name: string; cycle: number; frozenObjects?: number }
  | { t: 'progress'; cycle: number; phase: string }
  | ({ t: 'checkpoint' } & Checkpoint)
  | { t: 'await'; measuredSeconds: number; warmupSeconds: number }
  | ({ t: 'trace' } & TracedWindow)
  | { t: 'error'; kind: string; message: string; cycle: number | null; phase?: string; traceback?: string; [key: string]: unknown }
  | { t: 'done' };

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isNullableNumber = (value: unknown): value is number | null => value === null || isNumber(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const isNumberArray = (value: unknown): value is number[] => Array.isArray(value) && value.every(isNumber);
const isCountMap = (value: unknown): value is Record<string, number> => isObject(value) && Object.values(value).every(isNumber);

function isFrame(value: unknown): value is SourceFrame {
  return isObject(value) && isString(value.file) && isNumber(value.line) && isString(value.function) && isString(value.code) && typeof value.userCode === 'boolean';
}

function isSite(value: unknown): value is TracedSite {
  return isObject(value) && Array.isArray(value.frames) && value.frames.every(isFrame) && typeof value.complete === 'boolean' && isNumberArray(value.bytes) && isNumberArray(value.counts) && (value.retainedBy === undefined || isString(value.retainedBy));
}

/** Parse one line of the records file; null when it is not a record we know. */
export function parseRecord(line: string): HarnessRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (!isObject(value) || !isString(value.t)) return null;
  switch (value.t) {
    case 'hello':
      return isString(value.python) && isString(value.implementation) && isString(value.platform) && isObject(value.capabilities) && Array.isArray(value.notes) && value.notes.every(isString)
        ? (value as HarnessRecord)
        : null;
    case 'loaded':
      return typeof value.async === 'boolean' ? (value as HarnessRecord) : null;
    case 'phase':
      return isString(value.name) && isNumber(value.cycle) && (value.frozenObjects === undefined || isNumber(value.frozenObjects)) ? (value as HarnessRecord) : null;
    case 'progress':
      return isNumber(value.cycle) && isString(value.phase) ? (value as HarnessRecord) : null;
    case 'checkpoint':
      return isNumber(value.cycle) && isString(value.phase) && isNullableNumber(value.blocks) && isNullableNumber(value.rssBytes) && isNullableNumber(value.fds) && isNullableNumber(value.heapBytes) && isCountMap(value.types) && (value.fdTargets === undefined || isCountMap(value.fdTargets)) && isNumber(value.seconds)
        ? (value as HarnessRecord)
        : null;
    case 'await':
      return isNumber(value.measuredSeconds) && isNumber(value.warmupSeconds) ? (value as HarnessRecord) : null;
    case 'trace':
      return isNumber(value.frames) && isNumber(value.cycles) && isNumberArray(value.checkpointCycles) && isNumberArray(value.tracedBytes) && Array.isArray(value.sites) && value.sites.every(isSite) && isNumber(value.seconds) && (value.retentionSeconds === undefined || isNumber(value.retentionSeconds)) && (value.typeRetention === undefined || (isObject(value.typeRetention) && Object.values(value.typeRetention).every(isString)))
        ? (value as HarnessRecord)
        : null;
    case 'error':
      return isString(value.kind) && isString(value.message) && isNullableNumber(value.cycle ?? null) ? (value as HarnessRecord) : null;
    case 'done':
      return value as HarnessRecord;
    default:
      return null;
  }
}

/** Decode the samples file: rows of float64, a row with cycle 0 was never written. */
export function parseSamples(bytes: Uint8Array): CycleSample[] {
  const rows = Math.floor(bytes.byteLength / (ROW_WIDTH * 8));
  const aligned = new Uint8Array(rows * ROW_WIDTH * 8);
  aligned.set(bytes.subarray(0, aligned.byteLength));
  const values = new Float64Array(aligned.buffer);
  const samples: CycleSample[] = [];
  for (let row = 0; row < rows; row++) {
    const base = row * ROW_WIDTH;
    const cycle = values[base];
    const phase = PHASES[values[base + 1]];
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
