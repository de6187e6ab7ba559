import { o as once, s as strictObject, a as string, b as array, _ as _enum, L as LIMITS, i as int, c as boolean, F as FAIL_ON_VALUES, l as literal, d as scenarioComparisonSchema, n as number, e as seriesSchema, f as fdOwnerReportSchema, g as nativeLeadSchema, t as typeReportSchema, h as siteReportSchema, j as confirmationSchema, k as leakKindSchema, m as growthSchema, R as REPORT_SCHEMA, D as DOCUMENT_WORDS, p as documentProblem } from './cli-main.js';
import 'node:fs/promises';
import './cli-interrupt.js';
import 'node:os';
import 'node:crypto';
import 'node:path';
import 'node:util';
import 'node:fs';
import 'node:url';
import 'node:child_process';
import 'node:process';
import 'node:string_decoder';
import 'node:tty';
import 'node:timers/promises';
import 'node:events';
import 'node:v8';
import 'node:buffer';
import 'node:stream';
import 'node:stream/promises';
import 'node:path/win32';

/**
 * What the explain stage puts in the report (a zod contract: report/types.ts composes it, and
 * schema/report.schema.json is generated from it). Built on first use (`once`).
 */
const frameRef = () => strictObject({ file: string(), line: int().min(0), function: string() });
const MAX_ITEMS = LIMITS.sitesPerScenario + LIMITS.typesPerScenario;
const explanationSchema = once(() => strictObject({
    knownLibraryLeak: boolean()
        .describe('The leak is wholly explained, at least in part by known library leaks: it does not fail the run unless fail-on-known-leaks is set.'),
    knownLeaksVersion: int().min(0).describe('The version of leakgate’s list of known library leaks this run matched against.'),
    knownLeaks: array(strictObject({
        id: string(),
        library: string(),
        title: string(),
        versions: string().describe('The versions it applies to, and those it was checked with.'),
        explanation: string(),
        workaround: string(),
        link: string(),
        linkKind: _enum(['issue', 'source']).describe('issue: the upstream issue; source: upstream source lines at a release tag.'),
        types: array(string()).max(LIMITS.typesPerScenario).describe('The growing types it explains.'),
        sites: array(string()).max(LIMITS.sitesPerScenario).describe('The growing sites (file:line) it explains.'),
        calledFrom: frameRef().nullable().describe("The user's line the recognised growth was allocated from."),
    }))
        .max(MAX_ITEMS)
        .describe('Known library leaks recognised in this scenario’s growth.'),
    library: strictObject({
        library: string().describe('The package (django) or standard-library module (weakref) the growth is inside.'),
        module: string().nullable().describe('The module whose frames allocate it (django.dispatch).'),
        holder: string().nullable().describe('Where what holds it starts (weakref.finalize._registry).'),
        calledFrom: frameRef().nullable().describe("The user's line that called into the library."),
    })
        .nullable()
        .describe("Set when the growth is allocated and held outside the user's code: the fix is not in their code."),
    suppressed: array(strictObject({
        what: _enum(['type', 'site']),
        name: string().describe('The type, or the site as file:line.'),
        reason: string(),
        source: string().describe('Where the ignore entry was written.'),
    }))
        .max(MAX_ITEMS)
        .describe('Growth matched by ignore entries: listed with their reason, never dropped.'),
    explained: array(strictObject({ reason: string(), by: array(string()).describe('Known leak ids and ignore entries (by where they were written).') }))
        .max(MAX_ITEMS)
        .describe('Leak reasons that no longer stand, and what explains them.'),
})
    .meta({ id: 'explanation' }));
/** An ignore entry that matched nothing in a run (report-level). */
const staleIgnoreSchema = once(() => strictObject({
    source: string().describe('Where it was written: pyproject.toml [[tool.leakgate.ignore]] #2.'),
    match: string().describe('What it matches: site …, type …, holder ….'),
    scenario: string().nullable(),
    reason: string(),
})
    .meta({ id: 'staleIgnore' }));

/** The data of the settings stage; the parts the report carries (the shard, the policy) are zod contracts. */
/** One leg of a fan-out: shard `index` of `count`, out of `scenariosInAll` scenarios before sharding. */
const shardSchema = once(() => strictObject({
    index: int().min(1).max(LIMITS.legs),
    count: int().min(1).max(LIMITS.legs),
    scenariosInAll: int().min(0).max(LIMITS.scenarios).describe('How many scenarios were split over the shards.'),
}));
const failOnSchema = once(() => _enum(FAIL_ON_VALUES).meta({ id: 'failOn' }));

/**
 * The JSON report: leakgate's published contract (schema/report.schema.json is generated from
 * reportSchema() by `npm run schemas`). The types are derived from the schema, so the shape is
 * written once; the parts come from the stages that produce them. It is built on its first use
 * (`once`): only a command that reads a report (merge, the action's comment mode) builds it.
 */
const verdictSchema = once(() => _enum(['pass', 'fail', 'error']).meta({ id: 'verdict' }));
/** Which run made a report, and which leg of a fan-out it is: merge takes each leg exactly once. */
const reportOriginSchema = once(() => strictObject({
    /** A random id of the leakgate process that made the report. */
    runId: string().describe('A random id of the leakgate process that made the report.'),
    /** When that process started (ISO 8601). */
    startedAt: string().describe('When that process started (ISO 8601).'),
    /** The GitHub Actions workflow run (GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT), when it ran in one. */
    ci: strictObject({ runId: string(), runAttempt: string().nullable() })
        .nullable()
        .describe('The GitHub Actions workflow run (GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT) the report was made in, or null outside GitHub Actions.'),
    /** The shard this report is (--shard I/N), or null for a run that was not sharded. */
    shard: shardSchema().nullable().describe('The shard this report is (--shard I/N), or null for a run that was not sharded.'),
})
    .describe('Which run made the report, and which leg of a fan-out it is. ' +
    "`leakgate merge` and the action's merge mode take each shard 1..n exactly once and refuse legs of different workflow runs. " +
    'Absent in reports written before it existed; those merge by count.'));
const scenarioResultSchema = once(() => strictObject({
    name: string(),
    target: string(),
    verdict: verdictSchema(),
    cycles: int().min(1),
    warmup: int().min(0),
    frames: int().min(1),
    environment: strictObject({ python: string().nullable(), implementation: string().nullable(), platform: string().nullable() }),
    unmeasured: array(string()).describe('Figures this platform cannot measure, in words.'),
    growth: growthSchema(),
    leak: strictObject({
        detected: boolean(),
        kind: leakKindSchema(),
        reasons: array(string()).describe('Why this is a leak, in words; empty when none.'),
        notes: array(string()).describe('Growth that was seen but not counted as a leak, and why.'),
    }),
    /** Absent in reports written before confirmation existed (issue 14), and for a scenario that was never measured. */
    confirmation: confirmationSchema().optional(),
    sites: array(siteReportSchema()).max(LIMITS.sitesPerScenario),
    types: array(typeReportSchema()).max(LIMITS.typesPerScenario),
    fdTargets: array(strictObject({ target: string(), growth: int() })),
    /** Present for a native leak when the profiled cycles ran (issue 15). */
    nativeLead: nativeLeadSchema()
        .optional()
        .describe("For a native leak: the user's lines that called native code in a few profiled cycles, a lead and not proof; absent otherwise."),
    /** Absent in reports written before it existed (issue 15) and when descriptors do not leak. */
    fdOwners: array(fdOwnerReportSchema())
        .max(LIMITS.typesPerScenario)
        .optional()
        .describe('Who owns the leaking descriptors, the line that opened them and what holds them; absent when descriptors do not leak.'),
    series: seriesSchema(),
    /** traceSeconds and retentionSeconds are 0 when no traced window ran. */
    timing: strictObject({
        wallSeconds: number().min(0),
        cycleSeconds: number()
            .min(0)
            .describe('Time spent inside cycle() itself, over every cycle run: warm-up, measured, the extension that confirms growth, and traced.'),
        tracedCycles: int().min(0),
        checkpointSeconds: number().min(0),
        traceSeconds: number()
            .min(0)
            .describe('Time spent in the traced window, under tracemalloc: its cycles, their snapshots and the retention search (retentionSeconds is part of it). ' +
            '0 when no traced window ran.'),
        retentionSeconds: number()
            .min(0)
            .describe('Time spent, after the traced cycles, finding what keeps the growing objects alive (the retainedBy paths). 0 when no traced window ran.'),
    }),
    error: strictObject({
        kind: string()
            .describe('missing-file, missing-module, syntax, no-cycle, import-raised, setup-raised, cycle-raised, teardown-raised, ' +
            'exit-called, timeout, crash, killed, exited, channel-lost, python-not-found, python-too-old, internal.'),
        message: string(),
        hint: string().nullable(),
        cycle: int().nullable().describe('1-based, counting warm-up cycles.'),
        traceback: string().nullable(),
        output: string().describe("The tail of the scenario's stdout and stderr."),
    })
        .nullable(),
    /** Present when a baseline was given (null for this scenario when it could not be compared). */
    comparison: scenarioComparisonSchema().optional(),
    /** Present when some growth was explained (known library leaks, suppressions) or lies inside a library (issue 14). */
    explanation: explanationSchema()
        .optional()
        .describe('What of the growth is explained (known library leaks, ignore entries) or lies inside a library; absent when nothing is.'),
})
    .meta({ id: 'scenario' }));
const reportSchema = once(() => strictObject({
    schema: literal(REPORT_SCHEMA),
    tool: strictObject({ name: literal('leakgate'), version: string() }),
    verdict: verdictSchema().describe('The worst verdict of all scenarios.'),
    summary: string().describe('One line for people, e.g. "1 leaking, 1 clean".'),
    gate: strictObject({
        failOn: failOnSchema(),
        applied: failOnSchema(),
        note: string().nullable(),
        acceptedBy: string().nullable().describe('The pull-request label that accepted a regression, or null.'),
        failOnKnownLeaks: boolean().optional().describe('Known library leaks fail the run too; absent when they do not.'),
    })
        .describe('The gate policy asked for (--fail-on) and the one applied: `regression` falls back to `leak` with no usable baseline.'),
    baseline: strictObject({ source: string(), status: _enum(['compared', 'unusable', 'none']), createdAt: string().nullable(), caveats: array(string()) })
        .nullable()
        .describe('The baseline compared with (--baseline), or null when none was given.'),
    warnings: array(string()).describe('Problems that did not stop the run, e.g. an unusable baseline.'),
    staleIgnores: array(staleIgnoreSchema())
        .max(LIMITS.scenarios)
        .optional()
        .describe('Ignore entries that matched nothing in this run (in a merged report: in no leg): remove them. Absent when there are none.'),
    scenarios: array(scenarioResultSchema()).max(LIMITS.scenarios),
    /** Absent in reports written before leakgate recorded it; such reports merge by count. */
    origin: reportOriginSchema().optional(),
})
    .meta({
    title: 'leakgate report',
    description: "The JSON report of `leakgate run --json FILE` and of the action's `report` output. " +
        'Version 1: fields are only ever added within a version; a change that breaks readers gets a new `schema` value.',
}));

/**
 * A report downloaded from another workflow run is untrusted data (the fork-safe pattern:
 * the PR's own code produced it). It is parsed with the report's contract (reportSchema(), the
 * same one the published schema is generated from), with size limits, before anything of it is
 * rendered; strings stay strings and are escaped later.
 */
/** The size cap of a report read as untrusted data (leakgate's one set of limits, src/settings/limits.ts). */
const REPORT_LIMIT_BYTES = LIMITS.reportFileBytes;
/** jitless: a report is parsed once; compiling zod's fast parsers for its object schemas costs more than it saves (see harness/records.ts). */
const PARSE_OPTIONS = { reportInput: true, error: DOCUMENT_WORDS, jitless: true };
/** The report, or the reason it cannot be used. */
function parseUntrustedReport(text) {
    if (Buffer.byteLength(text) > REPORT_LIMIT_BYTES)
        return { ok: false, reason: `is ${Buffer.byteLength(text)} bytes, over the ${REPORT_LIMIT_BYTES}-byte cap` };
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (error) {
        return { ok: false, reason: `is not JSON (${error.message})` };
    }
    // Counted before the schema is checked: no need to validate what will be refused anyway.
    const counted = overLimits(value);
    if (counted)
        return { ok: false, reason: counted };
    const parsed = reportSchema().safeParse(value, PARSE_OPTIONS);
    if (!parsed.success)
        return { ok: false, reason: `does not match the report schema: ${documentProblem(parsed.error, 'report', 'a report')}` };
    return { ok: true, report: parsed.data };
}
/** Why a parsed report holds more than leakgate's limits allow, or null; shapes are the schema's job. */
function overLimits(value) {
    const scenarios = value !== null && typeof value === 'object' ? value.scenarios : undefined;
    if (!Array.isArray(scenarios))
        return null;
    if (scenarios.length > LIMITS.scenarios)
        return `has ${scenarios.length} scenarios, more than the ${LIMITS.scenarios} a report may hold`;
    for (const [index, scenario] of scenarios.entries()) {
        const { sites, types } = (scenario ?? {});
        if (Array.isArray(sites) && sites.length > LIMITS.sitesPerScenario)
            return `has ${sites.length} sites in scenario ${index + 1}, more than the ${LIMITS.sitesPerScenario} a scenario may report`;
        if (Array.isArray(types) && types.length > LIMITS.typesPerScenario)
            return `has ${types.length} types in scenario ${index + 1}, more than the ${LIMITS.typesPerScenario} a scenario may report`;
    }
    return null;
}

export { REPORT_LIMIT_BYTES, parseUntrustedReport };
