/**
 * The baseline document: what the default branch's run measured, small and versioned
 * (schema/baseline.schema.json). `recordBaseline` builds one from a report; `parseBaseline`
 * reads one back as untrusted data: every field is validated, every string bounded, nothing
 * is evaluated. Pure: no files here (see store.ts).
 */

import { memorySeries } from '../analyse/series.js';
import type { Report } from '../report/types.js';
import { LEAKGATE_VERSION } from '../settings/constants.js';
import { DOCUMENT_WORDS, documentProblem } from '../settings/contract.js';
import { BASELINE_LIMITS, BASELINE_SCHEMA, type Baseline, baselineSchema } from './types.js';

export type { Baseline, BaselineScenario, BaselineSite, BaselineType } from './types.js';
export { BASELINE_LIMITS, BASELINE_SCHEMA } from './types.js';

const SITES_KEPT = 20;
const TYPES_KEPT = 20;

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
      ? {
          python: clipOrNull(first.environment.python),
          implementation: clipOrNull(first.environment.implementation),
          platform: clipOrNull(first.environment.platform),
        }
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

export type ParsedBaseline = { ok: true; baseline: Baseline } | { ok: false; reason: string };

/**
 * Why a parsed baseline holds more than leakgate's limits allow, or null. Counted before the
 * schema is checked, so that a million entries are refused by their count, not parsed one by one.
 */
function overLimits(value: unknown): string | null {
  const scenarios = value !== null && typeof value === 'object' ? (value as { scenarios?: unknown }).scenarios : undefined;
  if (!Array.isArray(scenarios)) return null;
  const tooMany = (where: string, items: unknown, limit: number) =>
    Array.isArray(items) && items.length > limit ? `${where} has ${items.length} entries, more than the ${limit} a baseline may hold` : null;
  const counted = tooMany('baseline.scenarios', scenarios, BASELINE_LIMITS.scenarios);
  if (counted) return counted;
  for (const [index, scenario] of scenarios.entries()) {
    if (scenario === null || typeof scenario !== 'object') continue;
    const { sites, types, series } = scenario as { sites?: unknown; types?: unknown; series?: { cycle?: unknown; bytes?: unknown } | null };
    const where = `baseline.scenarios[${index}]`;
    const problem =
      tooMany(`${where}.sites`, sites, BASELINE_LIMITS.sitesPerScenario) ??
      tooMany(`${where}.types`, types, BASELINE_LIMITS.typesPerScenario) ??
      tooMany(`${where}.series.cycle`, series?.cycle, BASELINE_LIMITS.seriesPoints) ??
      tooMany(`${where}.series.bytes`, series?.bytes, BASELINE_LIMITS.seriesPoints);
    if (problem) return problem;
  }
  return null;
}

/** jitless: a baseline is parsed once; compiling zod's fast parsers costs more than it saves (see harness/records.ts). */
const PARSE_OPTIONS = { reportInput: true, error: DOCUMENT_WORDS, jitless: true } as const;

/** Read a baseline's text as untrusted data; the reason says what is wrong and where. */
export function parseBaseline(text: string): ParsedBaseline {
  if (text.trim() === '') return { ok: false, reason: 'is empty' };
  if (Buffer.byteLength(text) > BASELINE_LIMITS.fileBytes)
    return { ok: false, reason: `is ${Buffer.byteLength(text)} bytes, over the ${BASELINE_LIMITS.fileBytes}-byte cap` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const truncated = /end of (JSON )?input|Unterminated/i.test((error as Error).message);
    return { ok: false, reason: truncated ? 'is truncated: the JSON ends early' : `is not JSON (${(error as Error).message})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, reason: `is invalid: baseline must be an object, got ${Array.isArray(value) ? 'an array' : String(value)}` };
  const schema = (value as { schema?: unknown }).schema;
  if (schema !== BASELINE_SCHEMA) {
    const found = typeof schema === 'string' ? `'${schema.slice(0, 60)}'` : 'no schema field';
    return { ok: false, reason: `has ${found}, not '${BASELINE_SCHEMA}' that leakgate ${LEAKGATE_VERSION} reads: record a new baseline with --save-baseline` };
  }
  const counted = overLimits(value);
  if (counted) return { ok: false, reason: `is invalid: ${counted}` };
  const parsed = baselineSchema().safeParse(value, PARSE_OPTIONS);
  if (!parsed.success) return { ok: false, reason: `is invalid: ${documentProblem(parsed.error, 'baseline', 'a baseline')}` };
  return { ok: true, baseline: parsed.data };
}
