/**
 * What the explain stage puts in the report (a zod contract: report/types.ts composes it, and
 * schema/report.schema.json is generated from it). Built on first use (`once`).
 */
import { z } from 'zod';
import { once } from '../settings/contract.js';
import { LIMITS } from '../settings/limits.js';

const frameRef = () => z.strictObject({ file: z.string(), line: z.int().min(0), function: z.string() });
const MAX_ITEMS = LIMITS.sitesPerScenario + LIMITS.typesPerScenario;

export const explanationSchema = once(() =>
  z
    .strictObject({
      knownLibraryLeak: z
        .boolean()
        .describe('The leak is wholly explained, at least in part by known library leaks: it does not fail the run unless fail-on-known-leaks is set.'),
      knownLeaksVersion: z.int().min(0).describe('The version of leakgate’s list of known library leaks this run matched against.'),
      knownLeaks: z
        .array(
          z.strictObject({
            id: z.string(),
            library: z.string(),
            title: z.string(),
            versions: z.string().describe('The versions it applies to, and those it was checked with.'),
            explanation: z.string(),
            workaround: z.string(),
            link: z.string(),
            linkKind: z.enum(['issue', 'source']).describe('issue: the upstream issue; source: upstream source lines at a release tag.'),
            types: z.array(z.string()).max(LIMITS.typesPerScenario).describe('The growing types it explains.'),
            sites: z.array(z.string()).max(LIMITS.sitesPerScenario).describe('The growing sites (file:line) it explains.'),
            calledFrom: frameRef().nullable().describe("The user's line the recognised growth was allocated from."),
          }),
        )
        .max(MAX_ITEMS)
        .describe('Known library leaks recognised in this scenario’s growth.'),
      library: z
        .strictObject({
          library: z.string().describe('The package (django) or standard-library module (weakref) the growth is inside.'),
          module: z.string().nullable().describe('The module whose frames allocate it (django.dispatch).'),
          holder: z.string().nullable().describe('Where what holds it starts (weakref.finalize._registry).'),
          calledFrom: frameRef().nullable().describe("The user's line that called into the library."),
        })
        .nullable()
        .describe("Set when the growth is allocated and held outside the user's code: the fix is not in their code."),
      suppressed: z
        .array(
          z.strictObject({
            what: z.enum(['type', 'site']),
            name: z.string().describe('The type, or the site as file:line.'),
            reason: z.string(),
            source: z.string().describe('Where the ignore entry was written.'),
          }),
        )
        .max(MAX_ITEMS)
        .describe('Growth matched by ignore entries: listed with their reason, never dropped.'),
      explained: z
        .array(z.strictObject({ reason: z.string(), by: z.array(z.string()).describe('Known leak ids and ignore entries (by where they were written).') }))
        .max(MAX_ITEMS)
        .describe('Leak reasons that no longer stand, and what explains them.'),
    })
    .meta({ id: 'explanation' }),
);
export type ExplanationReport = z.infer<ReturnType<typeof explanationSchema>>;

/** An ignore entry that matched nothing in a run (report-level). */
export const staleIgnoreSchema = once(() =>
  z
    .strictObject({
      source: z.string().describe('Where it was written: pyproject.toml [[tool.leakgate.ignore]] #2.'),
      match: z.string().describe('What it matches: site …, type …, holder ….'),
      scenario: z.string().nullable(),
      reason: z.string(),
    })
    .meta({ id: 'staleIgnore' }),
);
export type StaleIgnore = z.infer<ReturnType<typeof staleIgnoreSchema>>;
