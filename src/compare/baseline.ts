/**
 * The baseline document: what the default branch's run measured, small and versioned
 * (schema/baseline.schema.json). `recordBaseline` builds one from a report; `parseBaseline`
 * reads one back as untrusted data: every field is validated, every string bounded, nothing
 * is evaluated. Pure: no files here (see store.ts).
 */
import { LEAKGATE_VERSION, NUMERIC_SETTINGS } from '../settings/constants.js';
import { LIMITS } from '../settings/limits.js';
import type { Growth, LeakKind } from '../analyse/types.js';
import { memorySeries, MEMORY_SERIES_POINTS } from '../analyse/series.js';
import type { Report } from '../report/types.js';

export const BASELINE_SCHEMA = 'leakgate/baseline@1';

/** Limits of what a baseline may hold (leakgate's one set, src/settings/limits.ts); past them it is refused, not trimmed. */
export const BASELINE_LIMITS = {
  fileBytes: LIMITS.baselineFileBytes,
  scenarios: LIMITS.scenarios,
  sitesPerScenario: LIMITS.sitesPerScenario,
  typesPerScenario: LIMITS.typesPerScenario,
  seriesPoints: MEMORY_SERIES_POINTS,
  stringChars: LIMITS.stringChars,
  cycles: NUMERIC_SETTINGS.cycles.max,
} as const;

const SITES_KEPT = 20;
const TYPES_KEPT = 20;

export interface BaselineSite {
  file: string;
  line: number;
  function: string;
  code: string;
  bytesPerCycle: number;
  countPerCycle: number;
  /** 95% margins of the two rates; absent (null) in baselines recorded before they existed. */
  bytesPerCycleMargin?: number | null;
  countPerCycleMargin?: number | null;
}

export interface BaselineType {
  type: string;
  perCycle: number;
  perCycleMargin?: number | null;
}

export interface BaselineScenario {
  name: string;
  target: string;
  settings: { cycles: number; warmup: number; frames: number };
  verdict: 'pass' | 'fail';
  leak: { detected: boolean; kind: LeakKind | null };
  growth: Growth;
  sites: BaselineSite[];
  types: BaselineType[];
  /** Memory (malloc heap, or RSS where there is none) over measured cycles, relative to the first point. */
  series: { cycle: number[]; bytes: number[] };
}

export interface Baseline {
  schema: typeof BASELINE_SCHEMA;
  createdAt: string;
  tool: { name: 'leakgate'; version: string };
  environment: { python: string | null; implementation: string | null; platform: string | null };
  scenarios: BaselineScenario[];
}

/** A string cut to what a baseline may hold, so that a baseline leakgate writes is one it reads back. */
function clip(text: string): string {
  return text.length > BASELINE_LIMITS.stringChars ? `${text.slice(0, BASELINE_LIMITS.stringChars - 1)}…` : text;
}

const clipOrNull = (text: string | null): string | null => (text === null ? null : clip(text));

/** A baseline from a report: every scenario that was measured (errors are left out). */
export function recordBaseline(report: Report, createdAt: Date): { baseline: Baseline; skipped: string[] } {
  const measured = report.scenarios.filter((s) => s.verdict !== 'error');
  const first = measured[0];
  const baseline: Baseline = {
    schema: BASELINE_SCHEMA,
    createdAt: createdAt.toISOString(),
    tool: { name: 'leakgate', version: LEAKGATE_VERSION },
    environment: first
      ? { python: clipOrNull(first.environment.python), implementation: clipOrNull(first.environment.implementation), platform: clipOrNull(first.environment.platform) }
      : { python: null, implementation: null, platform: null },
    scenarios: measured.map((s) => ({
      name: clip(s.name),
      target: clip(s.target),
      settings: { cycles: s.cycles, warmup: s.warmup, frames: s.frames },
      verdict: s.leak.detected ? 'fail' : 'pass',
      leak: { detected: s.leak.detected, kind: s.leak.kind },
      growth: { ...s.growth },
      sites: s.sites.slice(0, SITES_KEPT).map((site) => ({
        file: clip(site.file),
        line: site.line,
        function: clip(site.function),
        code: clip(site.code),
        bytesPerCycle: site.bytesPerCycle,
        countPerCycle: site.countPerCycle,
        bytesPerCycleMargin: site.bytesPerCycleMargin ?? null,
        countPerCycleMargin: site.countPerCycleMargin ?? null,
      })),
      types: s.types.slice(0, TYPES_KEPT).map((t) => ({ type: clip(t.type), perCycle: t.perCycle, perCycleMargin: t.perCycleMargin ?? null })),
      series: memorySeries(s),
    })),
  };
  return { baseline, skipped: report.scenarios.filter((s) => s.verdict === 'error').map((s) => s.name) };
}

/** A baseline that cannot be used, and why (the message names the field). */
export class BaselineInvalid extends Error {
  override name = 'BaselineInvalid';
}

type Json = Record<string, unknown>;

class Reader {
  private readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  private fail(reason: string): never {
    throw new BaselineInvalid(`${this.path} ${reason}`);
  }

  at(key: string | number): Reader {
    return new Reader(typeof key === 'number' ? `${this.path}[${key}]` : `${this.path}.${key}`);
  }

  object(value: unknown): Json {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(`must be an object, got ${describe(value)}`);
    return value as Json;
  }

  array(value: unknown, maxItems: number): unknown[] {
    if (!Array.isArray(value)) this.fail(`must be an array, got ${describe(value)}`);
    if (value.length > maxItems) this.fail(`has ${value.length} entries, more than the ${maxItems} a baseline may hold`);
    return value;
  }

  string(value: unknown): string {
    if (typeof value !== 'string') this.fail(`must be a string, got ${describe(value)}`);
    if (value.length > BASELINE_LIMITS.stringChars) this.fail(`is a string of ${value.length} characters, more than ${BASELINE_LIMITS.stringChars}`);
    return value;
  }

  nullableString(value: unknown): string | null {
    return value === null ? null : this.string(value);
  }

  number(value: unknown, bounds: { min?: number; max?: number; integer?: boolean } = {}): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(`must be a number, got ${describe(value)}`);
    if (bounds.integer && !Number.isInteger(value)) this.fail(`must be an integer, got ${value}`);
    if (bounds.min !== undefined && value < bounds.min) this.fail(`must be at least ${bounds.min}, got ${value}`);
    if (bounds.max !== undefined && value > bounds.max) this.fail(`must be at most ${bounds.max}, got ${value}`);
    return value;
  }

  nullableNumber(value: unknown): number | null {
    return value === null ? null : this.number(value, { min: -1e15, max: 1e15 });
  }

  boolean(value: unknown): boolean {
    if (typeof value !== 'boolean') this.fail(`must be true or false, got ${describe(value)}`);
    return value;
  }

  oneOf<T extends string | null>(value: unknown, allowed: readonly T[]): T {
    if (!allowed.includes(value as T)) this.fail(`must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${describe(value)}`);
    return value as T;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

const RATE = { min: -1e15, max: 1e15 };
const MARGIN = { min: 0, max: 1e15 };

/** An optional margin: absent in baselines recorded before margins existed, which count as exact. */
function optionalMargin(r: Reader, value: unknown): number | null {
  return value === undefined || value === null ? null : r.number(value, MARGIN);
}

function readScenario(r: Reader, value: unknown): BaselineScenario {
  const o = r.object(value);
  const settings = r.at('settings').object(o.settings);
  const leak = r.at('leak').object(o.leak);
  const growth = r.at('growth').object(o.growth);
  const series = r.at('series').object(o.series);
  const g = r.at('growth');
  const cycles = r.at('series').at('cycle').array(series.cycle, BASELINE_LIMITS.seriesPoints).map((v, i) => r.at('series').at('cycle').at(i).number(v, { min: 0, max: BASELINE_LIMITS.cycles }));
  const bytes = r.at('series').at('bytes').array(series.bytes, BASELINE_LIMITS.seriesPoints).map((v, i) => r.at('series').at('bytes').at(i).number(v, RATE));
  if (cycles.length !== bytes.length) r.at('series').at('bytes').number(Number.NaN);
  return {
    name: r.at('name').string(o.name),
    target: r.at('target').string(o.target),
    settings: {
      cycles: r.at('settings').at('cycles').number(settings.cycles, { min: 1, max: BASELINE_LIMITS.cycles, integer: true }),
      warmup: r.at('settings').at('warmup').number(settings.warmup, { min: 0, max: BASELINE_LIMITS.cycles, integer: true }),
      frames: r.at('settings').at('frames').number(settings.frames, { min: 1, max: 1000, integer: true }),
    },
    verdict: r.at('verdict').oneOf(o.verdict, ['pass', 'fail'] as const),
    leak: { detected: r.at('leak').at('detected').boolean(leak.detected), kind: r.at('leak').at('kind').oneOf(leak.kind, ['python', 'native', 'fd', null] as const) },
    growth: {
      tracedBytesPerCycle: g.at('tracedBytesPerCycle').nullableNumber(growth.tracedBytesPerCycle),
      // Baselines recorded before it existed have none: their rates count as exact.
      tracedBytesPerCycleMargin: growth.tracedBytesPerCycleMargin === undefined ? null : g.at('tracedBytesPerCycleMargin').nullableNumber(growth.tracedBytesPerCycleMargin),
      rssBytesPerCycle: g.at('rssBytesPerCycle').nullableNumber(growth.rssBytesPerCycle),
      blocksPerCycle: g.at('blocksPerCycle').nullableNumber(growth.blocksPerCycle),
      fdsPerCycle: g.at('fdsPerCycle').nullableNumber(growth.fdsPerCycle),
      heapBytesPerCycle: g.at('heapBytesPerCycle').nullableNumber(growth.heapBytesPerCycle),
      rssBytesPerCycleMargin: optionalMargin(g.at('rssBytesPerCycleMargin'), growth.rssBytesPerCycleMargin),
      blocksPerCycleMargin: optionalMargin(g.at('blocksPerCycleMargin'), growth.blocksPerCycleMargin),
      fdsPerCycleMargin: optionalMargin(g.at('fdsPerCycleMargin'), growth.fdsPerCycleMargin),
      heapBytesPerCycleMargin: optionalMargin(g.at('heapBytesPerCycleMargin'), growth.heapBytesPerCycleMargin),
    },
    sites: r.at('sites').array(o.sites, BASELINE_LIMITS.sitesPerScenario).map((item, i) => {
      const s = r.at('sites').at(i);
      const site = s.object(item);
      return {
        file: s.at('file').string(site.file),
        line: s.at('line').number(site.line, { min: 0, max: 10_000_000, integer: true }),
        function: s.at('function').string(site.function),
        code: s.at('code').string(site.code),
        bytesPerCycle: s.at('bytesPerCycle').number(site.bytesPerCycle, RATE),
        countPerCycle: s.at('countPerCycle').number(site.countPerCycle, RATE),
        bytesPerCycleMargin: optionalMargin(s.at('bytesPerCycleMargin'), site.bytesPerCycleMargin),
        countPerCycleMargin: optionalMargin(s.at('countPerCycleMargin'), site.countPerCycleMargin),
      };
    }),
    types: r.at('types').array(o.types, BASELINE_LIMITS.typesPerScenario).map((item, i) => {
      const t = r.at('types').at(i);
      const type = t.object(item);
      return { type: t.at('type').string(type.type), perCycle: t.at('perCycle').number(type.perCycle, RATE), perCycleMargin: optionalMargin(t.at('perCycleMargin'), type.perCycleMargin) };
    }),
    series: { cycle: cycles, bytes },
  };
}

export type ParsedBaseline = { ok: true; baseline: Baseline } | { ok: false; reason: string };

/** Read a baseline's text as untrusted data; the reason says what is wrong and where. */
export function parseBaseline(text: string): ParsedBaseline {
  if (text.trim() === '') return { ok: false, reason: 'is empty' };
  if (Buffer.byteLength(text) > BASELINE_LIMITS.fileBytes) return { ok: false, reason: `is ${Buffer.byteLength(text)} bytes, over the ${BASELINE_LIMITS.fileBytes}-byte cap` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const truncated = /end of (JSON )?input|Unterminated/i.test((error as Error).message);
    return { ok: false, reason: truncated ? 'is truncated: the JSON ends early' : `is not JSON (${(error as Error).message})` };
  }
  try {
    const root = new Reader('baseline');
    const o = root.object(value);
    if (o.schema !== BASELINE_SCHEMA) {
      const found = typeof o.schema === 'string' ? `'${o.schema.slice(0, 60)}'` : 'no schema field';
      return { ok: false, reason: `has ${found}, not '${BASELINE_SCHEMA}' that leakgate ${LEAKGATE_VERSION} reads: record a new baseline with --save-baseline` };
    }
    const tool = root.at('tool').object(o.tool);
    const env = root.at('environment').object(o.environment);
    const createdAt = root.at('createdAt').string(o.createdAt);
    if (Number.isNaN(Date.parse(createdAt))) root.at('createdAt').number(Number.NaN);
    const scenarios = root.at('scenarios').array(o.scenarios, BASELINE_LIMITS.scenarios).map((s, i) => readScenario(root.at('scenarios').at(i), s));
    const names = new Set<string>();
    for (const [i, s] of scenarios.entries()) {
      if (names.has(s.name)) throw new BaselineInvalid(`baseline.scenarios[${i}].name repeats the scenario name ${JSON.stringify(s.name)}`);
      names.add(s.name);
    }
    return {
      ok: true,
      baseline: {
        schema: BASELINE_SCHEMA,
        createdAt,
        tool: { name: 'leakgate', version: root.at('tool').at('version').string(tool.version) },
        environment: {
          python: root.at('environment').at('python').nullableString(env.python),
          implementation: root.at('environment').at('implementation').nullableString(env.implementation),
          platform: root.at('environment').at('platform').nullableString(env.platform),
        },
        scenarios,
      },
    };
  } catch (error) {
    if (error instanceof BaselineInvalid) return { ok: false, reason: `is invalid: ${error.message}` };
    throw error;
  }
}
