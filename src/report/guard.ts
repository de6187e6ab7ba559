/**
 * A report downloaded from another workflow run is untrusted data (the fork-safe pattern:
 * the PR's own code produced it). It is validated against the published schema, with size
 * limits, before anything of it is rendered; strings stay strings and are escaped later.
 */
import Ajv2020 from 'ajv/dist/2020.js';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Report } from '../model.js';

export const REPORT_LIMIT_BYTES = 16 * 1024 * 1024;
const MAX_SCENARIOS = 500;

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
  if (Buffer.byteLength(text) > REPORT_LIMIT_BYTES) return { ok: false, reason: `is over the ${REPORT_LIMIT_BYTES}-byte cap` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `is not JSON (${(error as Error).message})` };
  }
  const validate = validator();
  if (!validate(value)) {
    const first = validate.errors?.[0];
    return { ok: false, reason: `does not match the report schema: ${first?.instancePath || '/'} ${first?.message ?? ''}`.trim() };
  }
  const report = value as unknown as Report;
  if (report.scenarios.length > MAX_SCENARIOS) return { ok: false, reason: `has ${report.scenarios.length} scenarios, more than ${MAX_SCENARIOS}` };
  return { ok: true, report };
}
