/**
 * The JSON report: leakgate's published contract (schema/report.schema.json is generated from
 * reportSchema() by `npm run schemas`). The types are derived from the schema, so the shape is
 * written once; the parts come from the stages that produce them. It is built on its first use
 * (`once`): only a command that reads a report (merge, the action's comment mode) builds it.
 */
import { z } from 'zod';
import {
  confirmationSchema,
  fdOwnerReportSchema,
  growthSchema,
  leakKindSchema,
  nativeLeadSchema,
  seriesSchema,
  siteReportSchema,
  typeReportSchema,
} from '../analyse/types.js';
import { scenarioComparisonSchema } from '../compare/types.js';
import { explanationSchema, staleIgnoreSchema } from '../explain/types.js';
import { REPORT_SCHEMA } from '../settings/constants.js';
import { once } from '../settings/contract.js';
import { LIMITS } from '../settings/limits.js';
import { failOnSchema, shardSchema } from '../settings/types.js';

const verdictSchema = once(() => z.enum(['pass', 'fail', 'error']).meta({ id: 'verdict' }));

/** Which run made a report, and which leg of a fan-out it is: merge takes each leg exactly once. */
export const reportOriginSchema = once(() =>
  z
    .strictObject({
      /** A random id of the leakgate process that made the report. */
      runId: z.string().describe('A random id of the leakgate process that made the report.'),
      /** When that process started (ISO 8601). */
      startedAt: z.string().describe('When that process started (ISO 8601).'),
      /** The GitHub Actions workflow run (GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT), when it ran in one. */
      ci: z
        .strictObject({ runId: z.string(), runAttempt: z.string().nullable() })
        .nullable()
        .describe('The GitHub Actions workflow run (GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT) the report was made in, or null outside GitHub Actions.'),
      /** The shard this report is (--shard I/N), or null for a run that was not sharded. */
      shard: shardSchema().nullable().describe('The shard this report is (--shard I/N), or null for a run that was not sharded.'),
    })
    .describe(
      'Which run made the report, and which leg of a fan-out it is. ' +
        "`leakgate merge` and the action's merge mode take each shard 1..n exactly once and refuse legs of different workflow runs. " +
        'Absent in reports written before it existed; those merge by count.',
    ),
);
export type ReportOrigin = z.infer<ReturnType<typeof reportOriginSchema>>;

export const scenarioResultSchema = once(() =>
  z
    .strictObject({
      name: z.string(),
      target: z.string(),
      verdict: verdictSchema(),
      cycles: z.int().min(1),
      warmup: z.int().min(0),
      frames: z.int().min(1),
      environment: z.strictObject({ python: z.string().nullable(), implementation: z.string().nullable(), platform: z.string().nullable() }),
      unmeasured: z.array(z.string()).describe('Figures this platform cannot measure, in words.'),
      growth: growthSchema(),
      leak: z.strictObject({
        detected: z.boolean(),
        kind: leakKindSchema(),
        reasons: z.array(z.string()).describe('Why this is a leak, in words; empty when none.'),
        notes: z.array(z.string()).describe('Growth that was seen but not counted as a leak, and why.'),
      }),
      /** Absent in reports written before confirmation existed (issue 14), and for a scenario that was never measured. */
      confirmation: confirmationSchema().optional(),
      sites: z.array(siteReportSchema()).max(LIMITS.sitesPerScenario),
      types: z.array(typeReportSchema()).max(LIMITS.typesPerScenario),
      fdTargets: z.array(z.strictObject({ target: z.string(), growth: z.int() })),
      /** Present for a native leak when the profiled cycles ran (issue 15). */
      nativeLead: nativeLeadSchema()
        .optional()
        .describe("For a native leak: the user's lines that called native code in a few profiled cycles, a lead and not proof; absent otherwise."),
      /** Absent in reports written before it existed (issue 15) and when descriptors do not leak. */
      fdOwners: z
        .array(fdOwnerReportSchema())
        .max(LIMITS.typesPerScenario)
        .optional()
        .describe('Who owns the leaking descriptors, the line that opened them and what holds them; absent when descriptors do not leak.'),
      series: seriesSchema(),
      /** traceSeconds and retentionSeconds are 0 when no traced window ran. */
      timing: z.strictObject({
        wallSeconds: z.number().min(0),
        cycleSeconds: z
          .number()
          .min(0)
          .describe('Time spent inside cycle() itself, over every cycle run: warm-up, measured, the extension that confirms growth, and traced.'),
        tracedCycles: z.int().min(0),
        checkpointSeconds: z.number().min(0),
        traceSeconds: z
          .number()
          .min(0)
          .describe(
            'Time spent in the traced window, under tracemalloc: its cycles, their snapshots and the retention search (retentionSeconds is part of it). ' +
              '0 when no traced window ran.',
          ),
        retentionSeconds: z
          .number()
          .min(0)
          .describe('Time spent, after the traced cycles, finding what keeps the growing objects alive (the retainedBy paths). 0 when no traced window ran.'),
      }),
      error: z
        .strictObject({
          kind: z
            .string()
            .describe(
              'missing-file, missing-module, syntax, no-cycle, import-raised, setup-raised, cycle-raised, teardown-raised, ' +
                'exit-called, timeout, crash, killed, exited, channel-lost, python-not-found, python-too-old, internal.',
            ),
          message: z.string(),
          hint: z.string().nullable(),
          cycle: z.int().nullable().describe('1-based, counting warm-up cycles.'),
          traceback: z.string().nullable(),
          output: z.string().describe("The tail of the scenario's stdout and stderr."),
        })
        .nullable(),
      /** Present when a baseline was given (null for this scenario when it could not be compared). */
      comparison: scenarioComparisonSchema().optional(),
      /** Present when some growth was explained (known library leaks, suppressions) or lies inside a library (issue 14). */
      explanation: explanationSchema()
        .optional()
        .describe('What of the growth is explained (known library leaks, ignore entries) or lies inside a library; absent when nothing is.'),
    })
    .meta({ id: 'scenario' }),
);
export type ScenarioResult = z.infer<ReturnType<typeof scenarioResultSchema>>;

export const reportSchema = once(() =>
  z
    .strictObject({
      schema: z.literal(REPORT_SCHEMA),
      tool: z.strictObject({ name: z.literal('leakgate'), version: z.string() }),
      verdict: verdictSchema().describe('The worst verdict of all scenarios.'),
      summary: z.string().describe('One line for people, e.g. "1 leaking, 1 clean".'),
      gate: z
        .strictObject({
          failOn: failOnSchema(),
          applied: failOnSchema(),
          note: z.string().nullable(),
          acceptedBy: z.string().nullable().describe('The pull-request label that accepted a regression, or null.'),
          failOnKnownLeaks: z.boolean().optional().describe('Known library leaks fail the run too; absent when they do not.'),
        })
        .describe('The gate policy asked for (--fail-on) and the one applied: `regression` falls back to `leak` with no usable baseline.'),
      baseline: z
        .strictObject({ source: z.string(), status: z.enum(['compared', 'unusable', 'none']), createdAt: z.string().nullable(), caveats: z.array(z.string()) })
        .nullable()
        .describe('The baseline compared with (--baseline), or null when none was given.'),
      warnings: z.array(z.string()).describe('Problems that did not stop the run, e.g. an unusable baseline.'),
      staleIgnores: z
        .array(staleIgnoreSchema())
        .max(LIMITS.scenarios)
        .optional()
        .describe('Ignore entries that matched nothing in this run (in a merged report: in no leg): remove them. Absent when there are none.'),
      scenarios: z.array(scenarioResultSchema()).max(LIMITS.scenarios),
      /** Absent in reports written before leakgate recorded it; such reports merge by count. */
      origin: reportOriginSchema().optional(),
    })
    .meta({
      title: 'leakgate report',
      description:
        "The JSON report of `leakgate run --json FILE` and of the action's `report` output. " +
        'Version 1: fields are only ever added within a version; a change that breaks readers gets a new `schema` value.',
    }),
);
export type Report = z.infer<ReturnType<typeof reportSchema>>;
