/**
 * The data of the harness stage. What crosses the process boundary (the records the Python
 * harness writes) is a zod contract, and its types are derived from it; the rest are plain shapes.
 */
import { z } from 'zod';
import type { ScenarioSettings } from '../settings/types.js';

/** The phases of a run, as the harness names them in its records (and the report in its series). */
export const PhaseSchema = z.enum(['warmup', 'measure', 'trace'], { error: 'a phase (warmup, measure or trace)' });
export type Phase = z.infer<typeof PhaseSchema>;

/** One row of the samples file; NaN where a signal was not sampled on that cycle. */
export interface CycleSample {
  cycle: number;
  phase: Phase;
  seconds: number;
  blocks: number;
  rssBytes: number;
  fds: number;
  tracedBytes: number;
  heapBytes: number;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * An object whose keys are names the scenario chose (type names, descriptor targets). It is
 * checked in place and kept as it is, never copied key by key: a copy would drop an own
 * `__proto__` key (a class may be named so). Readers turn such maps into a Map (growth.ts,
 * namedValues), never read them by property.
 */
function nameMap<T>(what: string, ok: (value: unknown) => value is T) {
  return z.custom<Record<string, T>>(isPlainObject, { error: 'an object' }).check((ctx) => {
    for (const [key, value] of Object.entries(ctx.value)) {
      if (!ok(value)) ctx.issues.push({ code: 'custom', message: what, input: value, path: [key] });
    }
  });
}
const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isString = (value: unknown): value is string => typeof value === 'string';

// Numbers in records are whatever Python wrote; JSON has no NaN or Infinity, and the harness
// never writes them (json.dumps would, and then the line is not JSON and counts as corrupt).
const nullableNumber = z.number({ error: 'a finite number or null' }).nullable();

/** A reading after gc.collect(), with a census of live objects by type. */
export const CheckpointSchema = z.object({
  cycle: z.number(),
  phase: PhaseSchema,
  blocks: nullableNumber,
  rssBytes: nullableNumber,
  fds: nullableNumber,
  heapBytes: nullableNumber,
  /** Live objects by qualified type name. */
  types: nameMap('a finite number', isFiniteNumber),
  /** Open descriptors by what they point to (files, sockets, pipes), at the last checkpoint only. */
  fdTargets: nameMap('a finite number', isFiniteNumber).optional(),
  seconds: z.number(),
});
export type Checkpoint = z.infer<typeof CheckpointSchema>;

/** One frame of a traceback, innermost first, as the harness names it. */
export const SourceFrameSchema = z.object({
  file: z.string().describe('Relative to the working directory for files inside it, absolute otherwise.'),
  line: z.int().min(0),
  function: z.string().describe('Qualified name of the enclosing function, or <module>.'),
  code: z.string().describe('The source line, stripped, at most 200 characters.'),
  userCode: z.boolean().describe('False for the standard library, site-packages and leakgate itself.'),
});
export type SourceFrame = z.infer<typeof SourceFrameSchema>;

/** One traceback's live bytes and blocks at each checkpoint of the traced window. */
export const TracedSiteSchema = z.object({
  frames: z.array(SourceFrameSchema),
  /** What keeps this site's objects alive, for the top sites. */
  retainedBy: z.string().optional(),
  /** The whole stack was captured: it reached the harness's call of the scenario. */
  complete: z.boolean(),
  bytes: z.array(z.number()),
  counts: z.array(z.number()),
});
export type TracedSite = z.infer<typeof TracedSiteSchema>;

export const TracedWindowSchema = z.object({
  frames: z.number(),
  cycles: z.number(),
  checkpointCycles: z.array(z.number()),
  tracedBytes: z.array(z.number()),
  sites: z.array(TracedSiteSchema),
  /** What keeps the growing types' objects alive, by type name. */
  typeRetention: nameMap('a string', isString).optional(),
  /** Time spent finding what keeps the growing objects alive, after the traced cycles; part of `seconds`. */
  retentionSeconds: z.number().optional(),
  /** The whole window: traced cycles, their snapshots and the retention search. */
  seconds: z.number(),
});
export type TracedWindow = z.infer<typeof TracedWindowSchema>;

export const HarnessHelloSchema = z.object({
  python: z.string(),
  implementation: z.string(),
  platform: z.string(),
  notes: z.array(z.string()),
});
export type HarnessHello = z.infer<typeof HarnessHelloSchema>;

/** A source location the harness names (where a thread started, where it runs). */
export const CodePlaceSchema = z.object({ file: z.string(), line: z.number(), function: z.string() });
export type CodePlace = z.infer<typeof CodePlaceSchema>;

/** Absent and null both mean "not known"; the run sees null. */
const place = CodePlaceSchema.nullable().optional().transform((value) => value ?? null);

/** A non-daemon thread still running after teardown(). */
export const LeftThreadSchema = z.object({ name: z.string(), startedAt: place, target: place, runningAt: place });
export type LeftThread = z.infer<typeof LeftThreadSchema>;

/**
 * The records of the harness, one JSON object a line in the records file
 * (src/harness/python: `Records`), told apart by "t". Fields a record has beyond these are
 * not read, and dropped when it is parsed.
 */
export const HARNESS_RECORDS = {
  hello: HarnessHelloSchema.extend({ t: z.literal('hello') }),
  loaded: z.object({ t: z.literal('loaded') }),
  phase: z.object({ t: z.literal('phase'), name: z.string(), cycle: z.number(), frozenObjects: z.number().optional() }),
  progress: z.object({ t: z.literal('progress'), cycle: z.number(), phase: z.string() }),
  checkpoint: CheckpointSchema.extend({ t: z.literal('checkpoint') }),
  await: z.object({ t: z.literal('await'), measuredSeconds: z.number(), warmupSeconds: z.number() }),
  trace: TracedWindowSchema.extend({ t: z.literal('trace') }),
  threads: z.object({ t: z.literal('threads'), threads: z.array(LeftThreadSchema) }),
  error: z.object({
    t: z.literal('error'),
    kind: z.string(),
    message: z.string(),
    cycle: z.number({ error: 'a finite number or null' }).nullable().optional(),
    phase: z.string().optional(),
    traceback: z.string().optional(),
    candidates: z.array(z.string()).optional(),
  }),
  done: z.object({ t: z.literal('done') }),
} as const;

/** One record, as parsed: the union of HARNESS_RECORDS' outputs. */
export type HarnessRecord = { [T in keyof typeof HARNESS_RECORDS]: z.output<(typeof HARNESS_RECORDS)[T]> }[keyof typeof HARNESS_RECORDS];

/** A failure of the scenario or of its process, in words a person can act on. */
export interface ScenarioFailure {
  kind: string;
  message: string;
  hint: string | null;
  cycle: number | null;
  phase: string | null;
  traceback: string | null;
}

export interface CapturedOutput {
  stdoutTail: string;
  stderrTail: string;
  stdoutBytes: number;
  stderrBytes: number;
}

/** Everything one harness process measured, complete or not. */
export interface HarnessRun {
  settings: ScenarioSettings;
  hello: HarnessHello | null;
  samples: CycleSample[];
  checkpoints: Checkpoint[];
  window: TracedWindow | null;
  warmupSeconds: number | null;
  measuredSeconds: number | null;
  failure: ScenarioFailure | null;
  output: CapturedOutput;
  wallSeconds: number;
  exitCode: number | null;
  signal: string | null;
  corruptRecords: number;
  /** Objects the harness froze (gc.freeze) after the warm-up because the heap was big; 0 when it did not. */
  frozenObjects: number;
  /** What the run left behind and leakgate ended: threads still running after teardown(), child processes. */
  warnings?: string[];
}

/** The untraced phase, as the analysis sees it when it decides whether to trace. */
export interface UntracedPhase {
  settings: ScenarioSettings;
  samples: CycleSample[];
  checkpoints: Checkpoint[];
  warmupSeconds: number;
  measuredSeconds: number;
}

/** Whether and how long to run the traced window. */
export interface TracePlan {
  trace: boolean;
  cycles: number;
  budgetSeconds: number;
  checkpoints: number;
  /** Growing types whose objects the window should explain (what keeps them alive). */
  types: string[];
  /** Time the retention-path search may take after the window. */
  retentionSeconds: number;
  /**
   * Whether the window may end before `cycles` once every snapshot rose: only when the untraced
   * phase already saw Python objects grow. Growth that only the window sees may be a bounded
   * cache replacing entries made before tracing began, which rises for as many cycles as it has
   * entries and then stops: that needs the whole window to tell.
   */
  endEarly: boolean;
  reasons: string[];
}
