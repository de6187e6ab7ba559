/**
 * Confirmation before a leak verdict (issue 14): when the measured phase grows, the harness runs
 * more untraced cycles (the extension), and growth counts as a leak only if it continues through
 * them. Pure: plain data in, plain data out.
 *
 * Why: CPython's sqlite3 keeps a weak reference per cursor in a list it prunes every 201 cursors;
 * SQLAlchemy makes one cursor per query, so a clean scenario grows by exactly 1 block a cycle for
 * 177 cycles and then drops. A measured phase of 100 cycles sees a perfectly linear leak; an
 * extension as long as the measured phase sees the drop.
 */
import type { Checkpoint, CycleSample, ExtendPlan, ExtensionRun, UntracedPhase } from '../harness/types.js';
import { downsample, theilSen } from './stats.js';

/** The extension must end at least this share of the measured slope × its cycles above the measured phase's end. */
export const CONTINUE_SHARE = 0.5;
/** The extension takes at most this share of what is left of the scenario's time-out: the traced window and teardown need the rest. */
export const CONFIRM_TIMEOUT_SHARE = 0.5;
// Theil–Sen pairs grow with the square of the points: long series are reduced by bin medians, as trend() does.
const MAX_FIT_POINTS = 200;

/** A signal growth can be seen in: checkpoints (blocks, heap, per-type counts) or per-cycle samples (RSS, descriptors). */
export type ConfirmedSignalName = 'blocks' | 'heap' | 'rss' | 'fds' | 'type';

/** A signal suspected in the measured phase; `type` names the type for 'type'. */
export interface SuspectedSignal {
  signal: ConfirmedSignalName;
  type: string | null;
}

/** How one suspected signal fared through the extension, in its own unit (blocks, bytes, descriptors, objects). */
export interface SignalConfirmation extends SuspectedSignal {
  /** The measured phase's Theil–Sen slope. */
  measuredPerCycle: number;
  /** Cycles from the measured phase's end to the extension's last point. */
  extensionCycles: number;
  /** The extension's last point minus the fitted line's value at the measured phase's end. */
  extensionChange: number;
  /** What "continues" needs at least: CONTINUE_SHARE × measuredPerCycle × extensionCycles. */
  expectedChange: number;
  /** The extension's lowest point minus the same value. */
  lowestChange: number;
  /** The measured phase's own noise: its largest distance from the fitted line. */
  noise: number;
  continued: boolean;
}

/** The extension's outcome for one run, as the report shows it. */
export interface Confirmation {
  /** Cycles the extension ran (0 when none ran), and the cycles and seconds it was given. */
  cycles: number;
  plannedCycles: number;
  seconds: number;
  limitedBy: 'cycles' | 'time';
  outcome: 'confirmed' | 'released' | 'not-needed' | 'disabled';
  signals: SignalConfirmation[];
}

export interface Points {
  xs: number[];
  ys: number[];
}

/**
 * Whether growth seen in `measured` continues through `extension` (the points after it). Both
 * conditions are needed:
 *  - no extension point falls below the measured phase's end (its fitted value) by more than the
 *    measured phase's noise: growth released with a period up to the extension's length always
 *    drops inside it, by the whole growth accumulated since the last release, far beyond that
 *    noise (after the drop it may grow again, so the end alone would not tell);
 *  - the extension ends at least CONTINUE_SHARE of the measured slope × its cycles above that
 *    end: a cache that fills and then stays flat stops rising.
 * Null with fewer than 2 measured points or no extension point.
 */
export function continuesThroughExtension(measured: Points, extension: Points): Omit<SignalConfirmation, keyof SuspectedSignal> | null {
  if (measured.xs.length < 2 || extension.xs.length === 0) return null;
  const reduced = downsample(measured.xs, measured.ys, MAX_FIT_POINTS);
  const slope = theilSen(reduced.xs, reduced.ys).slope;
  const intercept = medianOf(reduced.xs.map((x, i) => reduced.ys[i] - slope * x));
  const noise = Math.max(...measured.xs.map((x, i) => Math.abs(measured.ys[i] - (intercept + slope * x))));
  const endX = Math.max(...measured.xs);
  const end = intercept + slope * endX;
  const lastIndex = extension.xs.indexOf(Math.max(...extension.xs));
  const extensionCycles = extension.xs[lastIndex] - endX;
  const extensionChange = extension.ys[lastIndex] - end;
  const lowestChange = Math.min(...extension.ys) - end;
  const expectedChange = CONTINUE_SHARE * slope * extensionCycles;
  const continued = extensionChange >= expectedChange && extensionChange > 0 && lowestChange >= -noise;
  return { measuredPerCycle: slope, extensionCycles, extensionChange, expectedChange, lowestChange, noise, continued };
}

function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

type Row = { cycle: number };
function points<T extends Row>(rows: readonly T[], y: (row: T) => number | null | undefined): Points {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const row of rows) {
    const value = y(row);
    if (value === null || value === undefined || !Number.isFinite(value)) continue;
    xs.push(row.cycle);
    ys.push(value);
  }
  return { xs, ys };
}

/** Whether the run holds an extension (checkpoints of the "confirm" phase). */
export function extensionRan(checkpoints: readonly Checkpoint[]): boolean {
  return checkpoints.some((c) => c.phase === 'confirm');
}

/** Each suspected signal's confirmation, keyed by signalKey; signals without enough points are left out. */
export function confirmSignals(
  samples: readonly CycleSample[],
  checkpoints: readonly Checkpoint[],
  suspects: readonly SuspectedSignal[],
): Map<string, SignalConfirmation> {
  const measuredCheckpoints = checkpoints.filter((c) => c.phase === 'measure');
  const extensionCheckpoints = checkpoints.filter((c) => c.phase === 'confirm');
  const measuredRows = samples.filter((s) => s.phase === 'measure');
  const extensionRows = samples.filter((s) => s.phase === 'confirm');
  const confirmed = new Map<string, SignalConfirmation>();
  // Each census as a Map once (type names are the scenario's: never read as properties).
  const censuses = new Map<Checkpoint, Map<string, number>>();
  const census = (c: Checkpoint) => censuses.get(c) ?? censuses.set(c, new Map(Object.entries(c.types))).get(c)!;
  for (const suspect of suspects) {
    let result: ReturnType<typeof continuesThroughExtension>;
    if (suspect.signal === 'rss' || suspect.signal === 'fds') {
      const y = (s: CycleSample) => (suspect.signal === 'rss' ? s.rssBytes : s.fds);
      result = continuesThroughExtension(points(measuredRows, y), points(extensionRows, y));
    } else {
      // A type missing from a census counts as 0 objects, as in the measured phase's trend (growth.ts).
      const y = (c: Checkpoint) =>
        suspect.signal === 'blocks' ? c.blocks : suspect.signal === 'heap' ? c.heapBytes : (census(c).get(suspect.type ?? '') ?? 0);
      result = continuesThroughExtension(points(measuredCheckpoints, y), points(extensionCheckpoints, y));
    }
    if (result !== null) confirmed.set(signalKey(suspect), { ...suspect, ...result });
  }
  return confirmed;
}

/** A signal's key in confirmSignals' map: its name, or "type:" and the type's name. */
export function signalKey(s: SuspectedSignal): string {
  return s.signal === 'type' ? `type:${s.type}` : s.signal;
}

/**
 * The answer to the first question, after the measured phase: extend when it grew (`suspected`)
 * and confirmation is on, for as long as --confirm-seconds and half of what is left of the
 * time-out allow; otherwise `{ extend: false }` (the trace plan follows at once).
 */
export function planExtension(phase: UntracedPhase, suspected: boolean): ExtendPlan | { extend: false } {
  const { settings } = phase;
  if (!suspected || settings.confirmCycles <= 0) return { extend: false };
  const elapsedSeconds = phase.elapsedSeconds ?? phase.warmupSeconds + phase.measuredSeconds;
  const budgetSeconds = Math.min(settings.confirmSeconds, CONFIRM_TIMEOUT_SHARE * (settings.timeoutSeconds - elapsedSeconds));
  if (!(budgetSeconds > 0)) return { extend: false };
  return { extend: true, cycles: settings.confirmCycles, budgetSeconds };
}

/** The run's confirmation for the report, from the extension as it ran and its signals' outcomes. */
export function confirmationOf(
  settings: { confirmCycles: number; confirmSeconds: number },
  extension: ExtensionRun | null | undefined,
  signals: readonly SignalConfirmation[],
): Confirmation {
  if (!extension) {
    const disabled = settings.confirmCycles <= 0 || settings.confirmSeconds <= 0;
    return { cycles: 0, plannedCycles: 0, seconds: 0, limitedBy: 'cycles', outcome: disabled ? 'disabled' : 'not-needed', signals: [] };
  }
  return {
    cycles: extension.cycles,
    plannedCycles: extension.plannedCycles,
    seconds: extension.seconds,
    limitedBy: extension.cycles < extension.plannedCycles ? 'time' : 'cycles',
    outcome: signals.some((s) => s.continued) ? 'confirmed' : 'released',
    signals: [...signals],
  };
}
