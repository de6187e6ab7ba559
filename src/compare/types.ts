/**
 * The data of the compare stage: the baseline a run is compared with and the comparison it gets.
 * Both cross a boundary (the baseline file; the report), so they are zod contracts, and the types
 * are derived from them. schema/baseline.schema.json is generated from baselineSchema() (npm run schemas).
 * Each schema is built on its first use (`once`): a run without a baseline builds no baseline schema.
 */
import { z } from 'zod';
import { MEMORY_SERIES_POINTS } from '../analyse/series.js';
import { type Growth, growthSchema, leakKindSchema, margin } from '../analyse/types.js';
import { NUMERIC_SETTINGS } from '../settings/constants.js';
import { described, once } from '../settings/contract.js';
import { LIMITS } from '../settings/limits.js';

/** How a scenario, site or type compares with the baseline. */
export const comparisonClassSchema = once(() => z.enum(['new', 'worse', 'unchanged', 'improved', 'fixed', 'clean', 'no-baseline']).meta({ id: 'class' }));
export type ComparisonClass = z.infer<ReturnType<typeof comparisonClassSchema>>;

export const siteComparisonSchema = once(() =>
  z.strictObject({
    class: comparisonClassSchema(),
    file: z.string(),
    line: z.int(),
    function: z.string(),
    code: z.string(),
    bytesPerCycle: z.number().nullable(),
    baselineBytesPerCycle: z.number().nullable(),
    countPerCycle: z.number().nullable().optional(),
    baselineCountPerCycle: z.number().nullable().optional(),
    /** Where the matched baseline site was, when its line number or its text differs (an edited or moved line). */
    baselineLine: z.int().nullable().optional().describe("The matched baseline site's line, when it moved or its text was edited."),
    baselineCode: z.string().nullable().optional().describe("The matched baseline site's source line, when it was edited."),
  }),
);
export type SiteComparison = z.infer<ReturnType<typeof siteComparisonSchema>>;

export const typeComparisonSchema = once(() =>
  z.strictObject({
    class: comparisonClassSchema(),
    type: z.string(),
    perCycle: z.number().nullable(),
    baselinePerCycle: z.number().nullable(),
  }),
);
export type TypeComparison = z.infer<ReturnType<typeof typeComparisonSchema>>;

/**
 * One rate compared with the baseline's. The change is worse when
 *   current − baseline > max(relative × baseline, floor) + √(currentMargin² + baselineMargin²)
 * and improved when baseline − current exceeds the same allowance.
 */
export const signalComparisonSchema = once(() =>
  z
    .strictObject({
      /** What was compared: a Growth key, `type:<name>`, `site-bytes:<file>:<line>` or `site-count:<file>:<line>`. */
      signal: z
        .string()
        .describe(
          'A growth key (tracedBytesPerCycle, blocksPerCycle, heapBytesPerCycle, rssBytesPerCycle, fdsPerCycle), ' +
            'type:<name>, site-bytes:<file>:<line> or site-count:<file>:<line>.',
        ),
      unit: z.enum(['bytes', 'objects', 'descriptors', 'blocks']),
      class: z.enum(['worse', 'improved', 'unchanged']),
      current: z.number(),
      currentMargin: z.number().min(0),
      baseline: z.number(),
      baselineMargin: z.number().min(0),
      /** current / baseline and the margin of that ratio; null when the baseline rate is not positive. */
      ratio: z.number().nullable().describe('current / baseline; null when the baseline rate is not positive.'),
      ratioMargin: z.number().nullable(),
      relativePercent: z.number(),
      /** The smallest change per cycle called worse or improved: the detection threshold of this signal, or the configured absolute tolerance if larger. */
      floorPerCycle: z.number().describe("The signal's detection threshold, or the configured absolute tolerance when larger."),
      /** The change per cycle past which it is worse or improved: max(relative × baseline, floor) + the combined margin. */
      allowancePerCycle: z.number().describe('max(relative × baseline, floor) + the combined margin.'),
    })
    .meta({ id: 'signalComparison' }),
);
export type SignalComparison = z.infer<ReturnType<typeof signalComparisonSchema>>;

export const scenarioComparisonSchema = once(() =>
  z
    .strictObject({
      class: comparisonClassSchema(),
      /** Why this class, in words. */
      reason: z.string(),
      baseline: z
        .strictObject({
          verdict: z.enum(['pass', 'fail']),
          kind: leakKindSchema(),
          cycles: z.int(),
          warmup: z.int(),
          growth: growthSchema(),
          /** Memory over measured cycles, relative to its first value, for charts. */
          series: z.strictObject({ cycle: z.array(z.number()), bytes: z.array(z.number()) }),
        })
        .nullable(),
      sites: z.array(siteComparisonSchema()),
      types: z.array(typeComparisonSchema()),
      caveats: z.array(z.string()),
      /**
       * Every rate of a known leak compared with the baseline's (its kind's signals, then matched
       * types and sites), the one that decided first. Absent when the scenario was not a known leak
       * of the same kind in both runs.
       */
      signals: z
        .array(signalComparisonSchema())
        .optional()
        .describe(
          "Every rate of a known leak compared with the baseline's: " +
            'worse when current − baseline > max(relative × baseline, floor) + √(current margin² + baseline margin²).',
        ),
    })
    .meta({ id: 'comparison', description: 'This scenario against the baseline.' }),
);
export type ScenarioComparison = z.infer<ReturnType<typeof scenarioComparisonSchema>>;

// ——— The baseline document ———

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

const text = () => z.string().max(BASELINE_LIMITS.stringChars);
/** Rates are bounded so that no arithmetic on a baseline overflows into Infinity. */
const rate = () => z.number().min(-1e15).max(1e15);
const MARGIN_KEYS = ['tracedBytesPerCycleMargin', 'rssBytesPerCycleMargin', 'blocksPerCycleMargin', 'fdsPerCycleMargin', 'heapBytesPerCycleMargin'] as const;
/**
 * The baseline's growth with every margin present, null where the baseline has none (recorded
 * before margins existed): the report's comparison shows the baseline's growth as it always did.
 */
const withMargins = (growth: Growth): Growth => {
  const out: Growth = { ...growth };
  for (const key of MARGIN_KEYS) out[key] = growth[key] ?? null;
  return out;
};

export const baselineSiteSchema = once(() =>
  z.object({
    file: text(),
    line: z.int().min(0).max(10_000_000),
    function: text(),
    code: text(),
    bytesPerCycle: rate(),
    countPerCycle: rate(),
    bytesPerCycleMargin: margin('bytesPerCycle'),
    countPerCycleMargin: margin('countPerCycle'),
  }),
);
export type BaselineSite = z.infer<ReturnType<typeof baselineSiteSchema>>;

export const baselineTypeSchema = once(() => z.object({ type: text(), perCycle: rate(), perCycleMargin: margin('perCycle') }));
export type BaselineType = z.infer<ReturnType<typeof baselineTypeSchema>>;

export const baselineScenarioSchema = once(() =>
  z
    .object({
      name: text().describe('Scenarios are matched by name; names are unique.'),
      target: text(),
      settings: z.object({
        cycles: z.int().min(1).max(BASELINE_LIMITS.cycles),
        warmup: z.int().min(0).max(BASELINE_LIMITS.cycles),
        frames: z.int().min(1).max(1000),
      }),
      verdict: z.enum(['pass', 'fail']),
      leak: z.object({ detected: z.boolean(), kind: leakKindSchema() }),
      growth: growthSchema().transform(withMargins),
      sites: z
        .array(baselineSiteSchema())
        .max(BASELINE_LIMITS.sitesPerScenario)
        .describe('Matched across commits by file, function and source text; the line breaks ties.'),
      types: z.array(baselineTypeSchema()).max(BASELINE_LIMITS.typesPerScenario).describe('Matched by qualified name.'),
      /** Memory (malloc heap, or RSS where there is none) over measured cycles, relative to the first point. */
      series: z
        .object({
          cycle: z.array(z.number().min(0).max(BASELINE_LIMITS.cycles)).max(BASELINE_LIMITS.seriesPoints),
          bytes: z.array(rate()).max(BASELINE_LIMITS.seriesPoints),
        })
        .check((ctx) => {
          const { cycle, bytes } = ctx.value;
          if (cycle.length !== bytes.length)
            ctx.issues.push({
              code: 'custom',
              message: `has ${bytes.length} points, not the ${cycle.length} of series.cycle: both columns describe the same points`,
              input: bytes,
              path: ['bytes'],
            });
        })
        .describe(
          `Memory (the malloc heap, or RSS) over measured cycles, relative to the first point: at most ${BASELINE_LIMITS.seriesPoints} points, for charts.`,
        ),
    })
    .meta({ id: 'scenario' }),
);
export type BaselineScenario = z.infer<ReturnType<typeof baselineScenarioSchema>>;

export const baselineSchema = once(() =>
  z
    .object({
      schema: z.literal(BASELINE_SCHEMA),
      createdAt: z
        .string()
        .max(BASELINE_LIMITS.stringChars)
        .refine((value) => !Number.isNaN(Date.parse(value)), { error: (issue) => `must be a date and time (ISO 8601), got ${described(issue.input)}` })
        .describe('When the baseline was recorded (ISO 8601).'),
      tool: z.object({ name: z.literal('leakgate'), version: text() }),
      environment: z
        .object({ python: text().nullable(), implementation: text().nullable(), platform: text().nullable() })
        .describe('Where the baseline was recorded: a different Python minor version or platform still compares, with a caveat.'),
      scenarios: z
        .array(baselineScenarioSchema())
        .max(BASELINE_LIMITS.scenarios)
        .check((ctx) => {
          const names = new Set<string>();
          for (const [index, scenario] of ctx.value.entries()) {
            if (names.has(scenario.name))
              ctx.issues.push({
                code: 'custom',
                message: `repeats the scenario name ${JSON.stringify(scenario.name)}: names are unique`,
                input: scenario.name,
                path: [index, 'name'],
              });
            names.add(scenario.name);
          }
        }),
    })
    .meta({
      title: 'leakgate baseline',
      description:
        `What a run on the default branch measured, written by \`leakgate run --save-baseline FILE\` and read by \`--baseline FILE\`. ` +
        `Figures are per cycle, so runs of different lengths compare. leakgate reads a baseline as untrusted data: ` +
        `it validates every field against these bounds and refuses (with a warning, never a crash) ` +
        `a file that breaks them or is larger than ${BASELINE_LIMITS.fileBytes / 1024 / 1024} MiB. A project with 20 scenarios writes about 20-60 KiB.`,
    }),
);
export type Baseline = z.infer<ReturnType<typeof baselineSchema>>;
