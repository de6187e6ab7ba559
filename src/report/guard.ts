/**
 * A report downloaded from another workflow run is untrusted data (the fork-safe pattern:
 * the PR's own code produced it). It is parsed with the report's contract (reportSchema(), the
 * same one the published schema is generated from), with size limits, before anything of it is
 * rendered; strings stay strings and are escaped later.
 */
import { DOCUMENT_WORDS, documentProblem } from '../settings/contract.js';
import { LIMITS } from '../settings/limits.js';
import { type Report, reportSchema } from './types.js';

/** The size cap of a report read as untrusted data (leakgate's one set of limits, src/settings/limits.ts). */
export const REPORT_LIMIT_BYTES = LIMITS.reportFileBytes;

/** jitless: a report is parsed once; compiling zod's fast parsers for its object schemas costs more than it saves (see harness/records.ts). */
const PARSE_OPTIONS = { reportInput: true, error: DOCUMENT_WORDS, jitless: true } as const;

/** The report, or the reason it cannot be used. */
export function parseUntrustedReport(text: string): { ok: true; report: Report } | { ok: false; reason: string } {
  if (Buffer.byteLength(text) > REPORT_LIMIT_BYTES)
    return { ok: false, reason: `is ${Buffer.byteLength(text)} bytes, over the ${REPORT_LIMIT_BYTES}-byte cap` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `is not JSON (${(error as Error).message})` };
  }
  // Counted before the schema is checked: no need to validate what will be refused anyway.
  const counted = overLimits(value);
  if (counted) return { ok: false, reason: counted };
  const parsed = reportSchema().safeParse(value, PARSE_OPTIONS);
  if (!parsed.success) return { ok: false, reason: `does not match the report schema: ${documentProblem(parsed.error, 'report', 'a report')}` };
  return { ok: true, report: parsed.data };
}

/** Why a parsed report holds more than leakgate's limits allow, or null; shapes are the schema's job. */
function overLimits(value: unknown): string | null {
  const scenarios = value !== null && typeof value === 'object' ? (value as { scenarios?: unknown }).scenarios : undefined;
  if (!Array.isArray(scenarios)) return null;
  if (scenarios.length > LIMITS.scenarios) return `has ${scenarios.length} scenarios, more than the ${LIMITS.scenarios} a report may hold`;
  for (const [index, scenario] of scenarios.entries()) {
    const { sites, types } = (scenario ?? {}) as { sites?: unknown; types?: unknown };
    if (Array.isArray(sites) && sites.length > LIMITS.sitesPerScenario)
      return `has ${sites.length} sites in scenario ${index + 1}, more than the ${LIMITS.sitesPerScenario} a scenario may report`;
    if (Array.isArray(types) && types.length > LIMITS.typesPerScenario)
      return `has ${types.length} types in scenario ${index + 1}, more than the ${LIMITS.typesPerScenario} a scenario may report`;
  }
  return null;
}
