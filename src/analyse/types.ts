/**
 * The data of the analyse stage. Growth, sites, types and series go into the report and the
 * baseline, so they are zod contracts (report/types.ts and compare/types.ts compose them) and
 * their types are derived from them. Each is built on its first use (`once`): a run without a
 * baseline, and that reads no report, builds none of them.
 */
import { z } from 'zod';
import { nativeCallSchema, phaseSchema, retentionRootSchema, sourceFrameSchema } from '../harness/types.js';
import { once } from '../settings/contract.js';

export const leakKindSchema = once(() => z.literal(['python', 'native', 'fd', null]));
export type LeakKind = Exclude<z.infer<ReturnType<typeof leakKindSchema>>, null>;

/** The per-cycle rates of Growth (its keys but the margins). */
export type GrowthRateKey = Exclude<keyof Growth, `${string}Margin`>;

/** Bounded so that no arithmetic on a rate read back from a file overflows into Infinity (1e15 B is a petabyte a cycle). */
const rate = () => z.number().min(-1e15).max(1e15).nullable();
/** A 95% margin; optional because reports and baselines written before margins existed have none, and their rates count as exact. */
export const margin = (of: string) =>
  z
    .number()
    .min(0)
    .max(1e15)
    .nullable()
    .optional()
    .describe(`Half-width of the 95% confidence interval of ${of} (optional: written before margins existed, then counted as exact).`);

export const growthSchema = once(() =>
  z
    .strictObject({
      tracedBytesPerCycle: rate().describe('Null when no traced window ran (no growth was seen).'),
      /**
       * How well tracedBytesPerCycle is known: the half-width of the 95% confidence interval of the
       * window's per-cycle growth between snapshots (after its first cycle; Student's t). Large for a
       * leak of objects of random sizes traced over a few cycles; null without a window, or with fewer
       * than 3 intervals. Baseline comparisons widen their tolerance by it.
       */
      tracedBytesPerCycleMargin: z
        .number()
        .min(0)
        .max(1e15)
        .nullable()
        .optional()
        .describe(
          'Half-width of the 95% confidence interval of tracedBytesPerCycle ' +
            "(Student's t over the traced window's per-cycle growth between snapshots, after its first cycle); " +
            'null without a window or with fewer than 3 intervals. Baseline comparisons widen their tolerance by it.',
        ),
      rssBytesPerCycle: rate(),
      blocksPerCycle: rate(),
      fdsPerCycle: rate(),
      heapBytesPerCycle: rate().describe('malloc heap in use (glibc mallinfo2), Linux only.'),
      /**
       * Half-widths of the 95% confidence intervals of the untraced rates (Sen's interval of the
       * Theil–Sen slope, halved); null where the signal was not measured.
       */
      rssBytesPerCycleMargin: margin("rssBytesPerCycle (Sen's interval of the Theil–Sen slope, halved)"),
      blocksPerCycleMargin: margin('blocksPerCycle'),
      fdsPerCycleMargin: margin('fdsPerCycle'),
      heapBytesPerCycleMargin: margin('heapBytesPerCycle'),
    })
    .meta({ id: 'growth', description: 'Theil–Sen slopes per cycle; null where the signal was not measured.' }),
);
export type Growth = z.infer<ReturnType<typeof growthSchema>>;

/** Where a retention path starts, as data; null when there is no path. Absent in reports written before it existed. */
const rootOfPath = once(() =>
  retentionRootSchema()
    .strict()
    .meta({ id: 'retentionRoot' })
    .nullable()
    .default(null)
    .describe(
      "Where the retainedBy path starts, as data: its label, the module that owns it and whether that module is the user's code. " +
        'Null when there is no path (not looked for, or none found within limits).',
    ),
);
/** One frame of a traceback in the report (sites' and types' frames share it). */
const reportFrame = once(() => sourceFrameSchema().strict().meta({ id: 'frame' }));

export const siteReportSchema = once(() =>
  z
    .strictObject({
      file: z.string(),
      line: z.int().min(0),
      function: z.string(),
      code: z.string(),
      userCode: z.boolean().describe('False when no frame of the traceback is in user code: the innermost frame is shown instead.'),
      /** False when --frames cut the stack before it reached the scenario's entry point. */
      stackComplete: z.boolean().describe("False when --frames cut the traceback before it reached the scenario's entry point."),
      bytesPerCycle: z.number(),
      countPerCycle: z.number().describe('Live memory blocks per cycle.'),
      /** A path from a root to a sample object, e.g. "myapp.cache._cache (dict) → [key 1041] → User". */
      retainedBy: z
        .string()
        .nullable()
        .describe(
          "What keeps this site's objects alive: a path from a root " +
            '(a module global, a class attribute, a thread, a threading.local, an asyncio task, a functools cache, a logger) to a sample object, ' +
            'or "no path found within limits". Null when not looked for (below the top 3 sites).',
        ),
      retainedByRoot: rootOfPath(),
      objectType: z
        .string()
        .nullable()
        .optional()
        .describe(
          "The type of what this site leaks: the most common among the retention search's sample objects of the site. Null when not looked for or none found.",
        ),
      objectTracked: z
        .boolean()
        .nullable()
        .optional()
        .describe('Whether the garbage collector tracks those objects (it does not track bytes, str, or tuples and dicts of atoms). Null with no objectType.'),
      objectBytes: z
        .number()
        .min(0)
        .nullable()
        .optional()
        .describe("Their mean size in bytes (sys.getsizeof, which counts a bytes' or str's content). Null with no objectType."),
      frames: z.array(reportFrame()).describe('The full traceback of the largest contributor, most recent call first.'),
      /** Half-widths of the 95% confidence intervals of the two rates, as for tracedBytesPerCycleMargin; null with too few snapshots. */
      bytesPerCycleMargin: margin("bytesPerCycle (Student's t over the growth between the traced window's snapshots, after its first cycle)"),
      countPerCycleMargin: margin('countPerCycle'),
    })
    .meta({ id: 'site', description: 'Allocations that kept growing, grouped by their first frame in user code.' }),
);
export type SiteReport = z.infer<ReturnType<typeof siteReportSchema>>;

export const typeReportSchema = once(() =>
  z
    .strictObject({
      type: z.string().describe('Qualified type name, e.g. myapp.cache.Session; builtins bare.'),
      perCycle: z.number().describe('Live objects gained per cycle (0.2 means one every 5 cycles).'),
      /** Half-width of the 95% confidence interval of perCycle (Sen's interval, halved). */
      perCycleMargin: margin("perCycle (Sen's interval, halved)"),
      count: z.int().min(0).describe('Live objects at the last checkpoint.'),
      retainedBy: z.string().nullable().describe('What keeps objects of this type alive, as for sites. Null when no traced window ran.'),
      retainedByRoot: rootOfPath(),
      frames: z
        .array(reportFrame())
        .default([])
        .describe(
          'Where one object of this type, made in the traced window and still alive, was allocated: its traceback, most recent call first. ' +
            'Empty when not known (no traced window, no such object, or an object the tracer cannot place).',
        ),
      partOf: z
        .string()
        .nullable()
        .optional()
        .describe(
          'The growing type that owns objects of this one (its retention path passes through one, e.g. a coroutine of an asyncio Task); ' +
            'listed after that owner. Null for an owner or a type on its own.',
        ),
      untracked: z
        .boolean()
        .optional()
        .describe(
          'True for objects the garbage collector does not track (bytes, str, tuples of atoms): the type census misses them, so they are counted ' +
            "through the growing sites whose samples are of this type: perCycle is those sites' blocks per cycle, " +
            'count their live blocks at the end of the traced window.',
        ),
    })
    .meta({ id: 'type' }),
);
export type TypeReport = z.infer<ReturnType<typeof typeReportSchema>>;

/** Descriptors that leak, grouped by what they point at, their owner's type and the line that opened them (issue 15). */
export const fdOwnerReportSchema = once(() =>
  z
    .strictObject({
      kind: z.enum(['socket', 'file', 'pipe', 'selector', 'other']).describe('What the descriptors are.'),
      target: z.string().describe('What they point at: "socket", "pipe", or a file\'s path.'),
      perCycle: z.number().min(0).describe('Descriptors of this group opened per traced cycle and still open at its end.'),
      count: z.int().min(0).describe('Descriptors of this group the traced window opened and left open.'),
      objectType: z
        .string()
        .nullable()
        .describe('The qualified type of the live objects that own them (socket.socket, _io.TextIOWrapper); null when no object does (os.open, os.pipe).'),
      frames: z
        .array(reportFrame())
        .describe(
          'Where one of them was opened, most recent call first: its owner\'s allocation traceback, or where the file was opened (the "open" audit event). ' +
            'Empty when not known.',
        ),
      retainedBy: z.string().nullable().describe('What keeps an owner alive, as for sites; null when no object owns them.'),
      retainedByRoot: rootOfPath(),
    })
    .meta({ id: 'fdOwner' }),
);
export type FdOwnerReport = z.infer<ReturnType<typeof fdOwnerReportSchema>>;

/** The extension that confirms growth before a leak verdict (issue 14); analyse/confirm.ts computes it. */
export const confirmationSchema = once(() => {
  const amount = z.number().min(-1e15).max(1e15);
  return z
    .strictObject({
      cycles: z.int().min(0).describe('Untraced cycles run after the measured phase to confirm its growth; 0 when none ran.'),
      plannedCycles: z.int().min(0).describe('The cycles the extension was given (--confirm-cycles); it stops earlier at its time bound.'),
      seconds: z.number().min(0).describe('Time the extension took, its checkpoints included.'),
      limitedBy: z
        .enum(['cycles', 'time'])
        .describe('What ended the extension: its cycles, or its time bound (--confirm-seconds, half of what was left of --timeout).'),
      outcome: z
        .enum(['confirmed', 'released', 'not-needed', 'disabled'])
        .describe(
          'confirmed: some growth continued through the extension; released: none did (not a leak); ' +
            'not-needed: the measured phase did not grow; disabled: --confirm-cycles 0.',
        ),
      signals: z
        .array(
          z.strictObject({
            signal: z.enum(['blocks', 'heap', 'rss', 'fds', 'type']),
            type: z.string().nullable().describe("The type's name for signal 'type', else null."),
            measuredPerCycle: amount.describe("The measured phase's Theil–Sen slope, in the signal's unit (blocks, bytes, descriptors, objects)."),
            extensionCycles: z.number().min(0),
            extensionChange: amount.describe("The extension's last point minus the measured phase's fitted end."),
            expectedChange: amount.describe('What continuing needs at least: 0.5 × measuredPerCycle × extensionCycles.'),
            lowestChange: amount.describe("The extension's lowest point minus the measured phase's fitted end."),
            noise: z.number().min(0).max(1e15).describe("The measured phase's largest distance from its fitted line: how far below its end a point may fall."),
            continued: z.boolean(),
          }),
        )
        .describe('Each signal that grew in the measured phase, and whether its growth continued through the extension.'),
    })
    .meta({ id: 'confirmation' });
});

export const seriesSchema = once(() => {
  const numbers = z.array(z.number());
  const nullableNumbers = z.array(z.number().nullable());
  return z.strictObject({
    cycles: z
      .strictObject({
        cycle: numbers,
        phase: z.array(phaseSchema()),
        seconds: numbers,
        blocks: nullableNumbers,
        rssBytes: nullableNumbers,
        fds: nullableNumbers,
        heapBytes: nullableNumbers,
        tracedBytes: nullableNumbers,
      })
      .describe('Per-cycle samples (thinned evenly beyond 2000 rows); null where a signal was not sampled on that cycle.'),
    checkpoints: z
      .strictObject({ cycle: numbers, blocks: nullableNumbers, rssBytes: nullableNumbers, fds: nullableNumbers, heapBytes: nullableNumbers })
      .describe('Readings after gc.collect() at checkpoints of the untraced phase.'),
    traced: z.strictObject({ cycle: numbers, tracedBytes: numbers }).describe('Traced Python bytes at checkpoints of the traced window (empty when none ran).'),
  });
});
export type Series = z.infer<ReturnType<typeof seriesSchema>>;

/** For a native leak: the user's lines that called native code in a few profiled cycles (issue 15); analyse/native.ts shapes it. */
export const nativeLeadSchema = once(() =>
  z
    .strictObject({
      cycles: z.int().min(0).describe('Cycles profiled (a few, not the whole run).'),
      method: z.string().describe('How calls were seen: sys.monitoring (Python 3.12+), or sys.setprofile and a line hook for ctypes (3.9-3.11).'),
      heapMeasured: z.boolean().describe('Whether the malloc heap (glibc mallinfo2) was read around the calls; when not, calls are ranked by count.'),
      calls: z
        .array(
          // The harness's record of a call (harness/types.ts), strict and bounded: reports are read back as untrusted data.
          z.strictObject({
            ...nativeCallSchema().shape,
            heapBytesPerCycle: z
              .number()
              .min(-1e15)
              .max(1e15)
              .nullable()
              .describe('How the malloc heap moved across these calls, per profiled cycle; null where it was not read.'),
          }),
        )
        .max(20)
        .describe("The user's lines that called native code, most heap first, then most calls. A lead, not proof."),
    })
    .meta({ id: 'nativeLead' }),
);
export type NativeLeadReport = z.infer<ReturnType<typeof nativeLeadSchema>>;
