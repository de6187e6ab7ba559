/**
 * Why the analysis calls a run leaking, and what it saw but did not count, as data: a code and its
 * numbers. src/report/ words them (report/words.ts); nothing here is English.
 */

/** A memory signal outside pymalloc's small blocks: the resident set, or the malloc heap. */
export type MemorySignal = 'rss' | 'heap';

/** One reason the run leaks, in the order the report lists them. */
export type LeakReason =
  | { code: 'fds-grow'; fdsPerCycle: number }
  | { code: 'traced-grows'; bytesPerCycle: number }
  | { code: 'blocks-grow'; blocksPerCycle: number }
  | { code: 'type-grows'; type: string; objectsPerCycle: number }
  /** Memory grows while Python does not: a native leak. `traced`: a traced window ran (and stayed flat). */
  | { code: 'native-grows'; signal: MemorySignal; bytesPerCycle: number; traced: boolean }
  /** Memory grows along with leaking Python objects. */
  | { code: 'memory-grows'; signal: MemorySignal; bytesPerCycle: number };

/** Growth seen but not counted as a leak, and why. */
export type GrowthNote =
  /** Blocks grew, but the traced window found no growing allocation of the scenario's code; `runtimeSites`: where it found the runtime's (at most 3). */
  | { code: 'blocks-not-counted'; blocksPerCycle: number; runtimeSites: { file: string; line: number }[] }
  /** gc.freeze() after the warm-up: live-object counts are of objects born since. */
  | { code: 'objects-frozen'; objects: number }
  /**
   * A signal leaked in the measured phase but did not continue through the extension (issue 14):
   * `fellBack` when it dropped below the measured phase's end (released periodically), else it levelled off.
   */
  | {
      code: 'growth-released';
      signal: 'blocks' | 'heap' | 'rss' | 'fds' | 'type';
      type: string | null;
      perCycle: number;
      measuredCycles: number;
      extensionCycles: number;
      fellBack: boolean;
    }
  /** The heap grew with no Python growth, below the minimum a native leak needs. */
  | { code: 'heap-below-native'; bytesPerCycle: number; nativeMinimumBytesPerCycle: number };
