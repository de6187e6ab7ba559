/**
 * Why a scenario compares as it does with the baseline, and what makes the comparison less exact,
 * as data: a code and its numbers. src/report/comparison-words.ts words them; nothing here is English.
 */
import type { LeakKind } from '../analyse/types.js';
import type { ScenarioComparison, SignalComparison } from './types.js';

/** Growth the baseline did not have that would itself be called a leak: a site or a type. */
export type NewGrowth = { what: 'site'; file: string; line: number; bytesPerCycle: number } | { what: 'type'; type: string; objectsPerCycle: number };

export type ComparisonReason =
  | { code: 'not-in-baseline' }
  | { code: 'clean' }
  /** The baseline leaked; the leak is still measured but now explained (known library leak, ignore entry): not counted, not fixed. */
  | { code: 'explained'; baselineKind: LeakKind | null }
  /** The baseline's leak is gone. */
  | { code: 'fixed'; baselineKind: LeakKind | null }
  /** A leak where the baseline had none. */
  | { code: 'new-leak'; kind: LeakKind | null }
  /** A leak of another kind than the baseline's. */
  | { code: 'new-kind'; kind: LeakKind | null; baselineKind: LeakKind | null }
  /** A known leak, one of whose rates is worse. */
  | { code: 'worse-rate'; signal: SignalComparison }
  /** A known leak, with new growth beside it; `primary`: the leak's leading rate, when it has one. */
  | { code: 'new-growth'; primary: SignalComparison | null; growth: NewGrowth }
  | { code: 'improved'; signal: SignalComparison }
  /** A known leak whose rates stay within the tolerance; `primary`: its leading rate, when it has one. */
  | { code: 'unchanged'; primary: SignalComparison | null };

/** What differs between the baseline's run and this one, so that figures may differ too. */
export type ComparisonCaveat =
  | { code: 'python-version'; baseline: string; current: string }
  | { code: 'implementation'; baseline: string; current: string }
  | { code: 'platform'; baseline: string; current: string }
  | { code: 'run-length'; baseline: { cycles: number; warmup: number }; current: { cycles: number; warmup: number } }
  | { code: 'frames'; baseline: number; current: number };

/** A scenario's comparison as the compare stage returns it: the report's, with its reason and caveats as data. */
export type Comparison = Omit<ScenarioComparison, 'reason' | 'caveats'> & { reason: ComparisonReason; caveats: ComparisonCaveat[] };
