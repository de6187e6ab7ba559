/**
 * A report downloaded from another workflow run is untrusted data (the fork-safe pattern:
 * the PR's own code produced it). It is validated against the published schema, with size
 * limits, before anything of it is rendered; strings stay strings and are escaped later.
 */
import Ajv2020 from 'ajv/dist/2020.js';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LIMITS } from '../settings/limits.js';
import type { Report } from './types.js';

/** The size cap of a report read as untrusted data (leakgate's one set of limits, src/settings/limits.ts). */
export const REPORT_LIMIT_BYTES = LIMITS.reportFileBytes;

/** The published schema: beside the bundle in dist/schema/, or at the repository root from src/. */
function loadSchema(): object {
  const candidates = ['./schema/report.schema.json', '../../schema/report.schema.json'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  const path = candidates.find((p) => existsSync(p));
  if (!path) throw new Error(`leakgate cannot find its report schema (looked in ${candidates.join(', ')})`);
  return JSON.parse(readFileSync(path, 'utf8')) as object;
}

type Validator = ReturnType<Ajv2020['compile']>;
let compiled: Validator | null = null;

/**
 * The schema's validator, compiled on first use: ajv generates and compiles code for the whole
 * schema, tens of milliseconds that `leakgate run` (which never reads an untrusted report)
 * should not pay at start-up.
 */
function validator(): Validator {
  compiled ??= new Ajv2020({ allErrors: false, strict: false }).compile(loadSchema());
  return compiled;
}

/** The report, or the reason it cannot be used. */
export function parseUntrustedReport(text: string): { ok: true; report: Report } | { ok: false; reason: string } {
  if (Buffer.byteLength(text) > REPORT_LIMIT_BYTES) return { ok: false, reason: `is ${Buffer.byteLength(text)} bytes, over the ${REPORT_LIMIT_BYTES}-byte cap` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `is not JSON (${(error as Error).message})` };
  }
  // Counted before the schema is checked: no need to validate what will be refused anyway.
  const counted = overLimits(value);
  if (counted) return { ok: false, reason: counted };
  const validate = validator();
  if (!validate(value)) {
    const first = validate.errors?.[0];
    return { ok: false, reason: `does not match the report schema: ${first?.instancePath || '/'} ${first?.message ?? ''}`.trim() };
  }
  return { ok: true, report: value as unknown as Report };
}

/** Why a parsed report holds more than leakgate's limits allow, or null; shapes are the schema's job. */
function overLimits(value: unknown): string | null {
  const scenarios = value !== null && typeof value === 'object' ? (value as { scenarios?: unknown }).scenarios : undefined;
  if (!Array.isArray(scenarios)) return null;
  if (scenarios.length > LIMITS.scenarios) return `has ${scenarios.length} scenarios, more than the ${LIMITS.scenarios} a report may hold`;
  for (const [index, scenario] of scenarios.entries()) {
    const { sites, types } = (scenario ?? {}) as { sites?: unknown; types?: unknown };
    if (Array.isArray(sites) && sites.length > LIMITS.sitesPerScenario) return `has ${sites.length} sites in scenario ${index + 1}, more than the ${LIMITS.sitesPerScenario} a scenario may report`;
    if (Array.isArray(types) && types.length > LIMITS.typesPerScenario) return `has ${types.length} types in scenario ${index + 1}, more than the ${LIMITS.typesPerScenario} a scenario may report`;
  }
  return null;
}
