/**
 * The data of the harness stage. What crosses the process boundary (the records the Python
 * harness writes) is a zod contract, and its types are derived from it; the rest are plain shapes.
 * Each schema is built on its first use (`once`, settings/contract.ts): a run builds the
 * schemas of the records it reads, no more.
 */
import { z } from 'zod';
import { once } from '../settings/contract.js';
import type { ScenarioSettings } from '../settings/types.js';

/** The phases of a run, as the harness names them in its records (and the report in its series). */
export const phaseSchema = once(() =>
  z.enum(['warmup', 'measure', 'trace', 'confirm', 'profile'], { error: 'a phase (warmup, measure, confirm, profile or trace)' }),
);
export type Phase = z.infer<ReturnType<typeof phaseSchema>>;

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

/** A reading after gc.collect(), with a census of live objects by type. */
export const checkpointSchema = once(() => {
  // Numbers in records are whatever Python wrote; JSON has no NaN or Infinity, and the harness
  // never writes them (json.dumps would, and then the line is not JSON and counts as corrupt).
  const nullableNumber = z.number({ error: 'a finite number or null' }).nullable();
  return z.object({
    cycle: z.number(),
    phase: phaseSchema(),
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
});
export type Checkpoint = z.infer<ReturnType<typeof checkpointSchema>>;

/** One frame of a traceback, innermost first, as the harness names it. */
export const sourceFrameSchema = once(() =>
  z.object({
    file: z.string().describe('Relative to the working directory for files inside it, absolute otherwise.'),
    line: z.int().min(0),
    function: z.string().describe('Qualified name of the enclosing function, or <module>.'),
    code: z.string().describe('The source line, stripped, at most 200 characters.'),
    userCode: z.boolean().describe('False for the standard library, site-packages and leakgate itself.'),
  }),
);
export type SourceFrame = z.infer<ReturnType<typeof sourceFrameSchema>>;

/** Where a retention path starts, as data: its label, the module that owns it, whether that module is the user's code. */
export const retentionRootSchema = once(() =>
  z.object({
    label: z.string().describe('The root as the path names it, e.g. weakref.finalize._registry or functools cache of a sqlite3.Connection.'),
    module: z.string().nullable().describe('The Python module that owns the root (weakref, sqlite3, myapp.cache), or null when unknown.'),
    userCode: z.boolean().describe("Whether that module's file is the user's code, as for frames."),
    insertedAt: sourceFrameSchema()
      .nullable()
      .optional()
      .describe(
        "The user's line that writes into the root's container (NAME[key] = …, NAME.append(…), self.attr…), " +
          'one in a function on the allocation stack first; ' +
          'null or absent when not looked for (not a module global or class attribute of user code) or not found.',
      ),
  }),
);
export type RetentionRoot = z.infer<ReturnType<typeof retentionRootSchema>>;
const isFrames = (value: unknown): value is SourceFrame[] => z.array(sourceFrameSchema()).safeParse(value).success;
const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.length <= 64 && value.every(isString);
const isRootOrNull = (value: unknown): value is RetentionRoot | null => value === null || retentionRootSchema().safeParse(value).success;

/** One traceback's live bytes and blocks at each checkpoint of the traced window. */
const tracedSiteSchema = () =>
  z.object({
    frames: z.array(sourceFrameSchema()),
    /** What keeps this site's objects alive, for the top sites. */
    retainedBy: z.string().optional(),
    /** Where that path starts; null when no path was found. */
    retainedByRoot: retentionRootSchema().nullable().optional(),
    /** The type most common among the site's retention samples (explained sites only); null without samples. */
    objectType: z.string().nullable().optional(),
    /** Whether the GC tracks those objects (bytes, str and tuples of atoms it does not: the type census misses them). */
    objectTracked: z.boolean().nullable().optional(),
    /** Their mean size (sys.getsizeof, which counts a bytes' or str's content). */
    objectBytes: z.number().nullable().optional(),
    /** The whole stack was captured: it reached the harness's call of the scenario. */
    complete: z.boolean(),
    bytes: z.array(z.number()),
    counts: z.array(z.number()),
  });
export type TracedSite = z.infer<ReturnType<typeof tracedSiteSchema>>;

/** Descriptors the traced window opened and left open, grouped by what they point at and the type of their owner (issue 15). */
export const fdOwnerSchema = once(() =>
  z.object({
    kind: z.enum(['socket', 'file', 'pipe', 'selector', 'other']),
    /** What they point at: "socket", "pipe", a file's path. */
    target: z.string(),
    /** Descriptors of this group opened in the window and still open at its end. */
    count: z.int().min(0),
    /** The qualified type of the objects that own them (socket.socket, _io.TextIOWrapper); null when no live object does (os.open, os.pipe). */
    objectType: z.string().nullable(),
    /** Where one of them was opened, most recent call first: its owner's allocation, or the "open" audit event; [] when not known. */
    frames: z.array(sourceFrameSchema()),
    /** What keeps an owner alive; null when no object owns them. */
    retainedBy: z.string().nullable(),
    retainedByRoot: retentionRootSchema().nullable(),
  }),
);
export type FdOwner = z.infer<ReturnType<typeof fdOwnerSchema>>;

/** The traced window's record; read once a run, when a window ran. */
export const tracedWindowSchema = once(() =>
  z.object({
    frames: z.number(),
    cycles: z.number(),
    checkpointCycles: z.array(z.number()),
    tracedBytes: z.array(z.number()),
    sites: z.array(tracedSiteSchema()),
    /** What keeps the growing types' objects alive, by type name. */
    typeRetention: nameMap('a string', isString).optional(),
    /** Where each of those paths starts, by type name; null when no path was found. */
    typeRetainedByRoot: nameMap('a retention root or null', isRootOrNull).optional(),
    /** Where one sample of each growing type was allocated in the window, most recent call first; [] when not known. */
    typeFrames: nameMap('a list of frames', isFrames).optional(),
    /** The type names of the objects along each type's retention path, root first, the sample last: which growing type owns another. */
    typePathTypes: nameMap('a list of type names', isStrings).optional(),
    /** For weak reference types, the type their samples point at (a weak reference is made for that object: it belongs with it). */
    typeReferents: nameMap('a type name', isString).optional(),
    /** Time spent finding what keeps the growing objects alive, after the traced cycles; part of `seconds`. */
    retentionSeconds: z.number().optional(),
    /** The owners of the descriptors the window opened, when open descriptors grew; absent otherwise. */
    fdOwners: z.array(fdOwnerSchema()).optional(),
    /** The whole window: traced cycles, their snapshots and the retention search. */
    seconds: z.number(),
  }),
);
export type TracedWindow = z.infer<ReturnType<typeof tracedWindowSchema>>;

/** A user line that called native code in the cycles profiled for a native lead (python/leakgate_harness/native.py). */
export const nativeCallSchema = once(() =>
  z.object({
    callee: z.string().describe('What was called: "ctypes libc.malloc", "zlib.decompress", "sqlite3.Cursor.execute".'),
    module: z.string().describe('The module it comes from: ctypes, zlib, sqlite3.'),
    file: z.string(),
    line: z.int().min(0),
    function: z.string(),
    code: z.string(),
    calls: z.int().min(0).describe('Calls over the profiled cycles.'),
    heapBytesPerCycle: z
      .number()
      .nullable()
      .describe('How the malloc heap moved across these calls, per profiled cycle (estimated from the calls it was read around); null where not read.'),
  }),
);
export type NativeCall = z.infer<ReturnType<typeof nativeCallSchema>>;

/** The "native" record: the profiled cycles and the user lines that called native code in them, most heap first. */
export const nativeProfileSchema = once(() =>
  z.object({
    cycles: z.number(),
    method: z.string(),
    heapMeasured: z.boolean(),
    sites: z.number(),
    droppedCalls: z.number(),
    calls: z.array(nativeCallSchema()),
    seconds: z.number(),
  }),
);
export type NativeProfile = z.infer<ReturnType<typeof nativeProfileSchema>>;

export const harnessHelloSchema = once(() =>
  z.object({
    python: z.string(),
    implementation: z.string(),
    platform: z.string(),
    notes: z.array(z.string()),
  }),
);
export type HarnessHello = z.infer<ReturnType<typeof harnessHelloSchema>>;

/** A source location the harness names (where a thread started, where it runs). */
const codePlaceSchema = () => z.object({ file: z.string(), line: z.number(), function: z.string() });
export type CodePlace = z.infer<ReturnType<typeof codePlaceSchema>>;

/** A non-daemon thread still running after teardown(). */
export const leftThreadSchema = once(() => {
  /** Absent and null both mean "not known"; the run sees null. */
  const place = codePlaceSchema()
    .nullable()
    .optional()
    .transform((value) => value ?? null);
  return z.object({ name: z.string(), startedAt: place, target: place, runningAt: place });
});
export type LeftThread = z.infer<ReturnType<typeof leftThreadSchema>>;

/**
 * The records of the harness, one JSON object a line in the records file
 * (src/harness/python: `Records`), told apart by "t". Fields a record has beyond these are
 * not read, and dropped when it is parsed. Each kind's schema is built when the first record of
 * that kind is read: a run that writes no error record never builds the error record's schema.
 */
export const HARNESS_RECORDS = {
  hello: once(() => harnessHelloSchema().extend({ t: z.literal('hello') })),
  loaded: once(() => z.object({ t: z.literal('loaded') })),
  phase: once(() =>
    z.object({
      t: z.literal('phase'),
      name: z.string(),
      cycle: z.number(),
      frozenObjects: z.number().optional(),
      /** The extension's planned cycles, on its phase record. */
      cycles: z.number().optional(),
    }),
  ),
  progress: once(() => z.object({ t: z.literal('progress'), cycle: z.number(), phase: z.string() })),
  checkpoint: once(() => checkpointSchema().extend({ t: z.literal('checkpoint') })),
  /** The harness waits for an answer: after the measured phase, and again after the extension (then with confirmCycles and confirmSeconds). */
  await: once(() =>
    z.object({
      t: z.literal('await'),
      measuredSeconds: z.number(),
      warmupSeconds: z.number(),
      confirmCycles: z.number().optional(),
      confirmSeconds: z.number().optional(),
    }),
  ),
  trace: once(() => tracedWindowSchema().extend({ t: z.literal('trace') })),
  native: once(() => nativeProfileSchema().extend({ t: z.literal('native') })),
  threads: once(() => z.object({ t: z.literal('threads'), threads: z.array(leftThreadSchema()) })),
  error: once(() =>
    z.object({
      t: z.literal('error'),
      kind: z.string(),
      message: z.string(),
      cycle: z.number({ error: 'a finite number or null' }).nullable().optional(),
      phase: z.string().optional(),
      traceback: z.string().optional(),
      candidates: z.array(z.string()).optional(),
    }),
  ),
  done: once(() => z.object({ t: z.literal('done') })),
} as const;

/** One record, as parsed: the union of the outputs of HARNESS_RECORDS' schemas. */
export type HarnessRecord = { [T in keyof typeof HARNESS_RECORDS]: z.output<ReturnType<(typeof HARNESS_RECORDS)[T]>> }[keyof typeof HARNESS_RECORDS];

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
  /** The extension that confirmed growth, when one ran (absent or null: none). */
  extension?: ExtensionRun | null;
  /** The cycles profiled for native calls, when memory grew and Python objects did not (absent or null: none ran). */
  native?: NativeProfile | null;
}

/** The extension as it ran: the cycles and time it was given, the cycles it ran and the seconds they took (checkpoints included). */
export interface ExtensionRun {
  plannedCycles: number;
  budgetSeconds: number;
  cycles: number;
  seconds: number;
}

/** The answer to the first question when the measured phase grew: run `cycles` more untraced cycles, for `budgetSeconds` at most. */
export interface ExtendPlan {
  extend: true;
  cycles: number;
  budgetSeconds: number;
}

/** The untraced phase, as the analysis sees it when it decides whether to trace. */
export interface UntracedPhase {
  settings: ScenarioSettings;
  samples: CycleSample[];
  checkpoints: Checkpoint[];
  warmupSeconds: number;
  measuredSeconds: number;
  /** Seconds since the harness started (for the extension's time bound); absent: unknown. */
  elapsedSeconds?: number;
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
  /**
   * Cycles to profile for the native calls the user's lines make, before the window (issue 15), and
   * the time they may take; absent or 0: none. Asked for when memory grows and Python objects do not.
   */
  nativeCycles?: number;
  nativeBudgetSeconds?: number;
  /** Whether open descriptors grow: the window then finds the objects that own its new descriptors. */
  descriptors: boolean;
}
