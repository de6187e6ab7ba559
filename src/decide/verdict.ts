/** Plain data shapes of the decide stage: what the decision takes, and the verdict it returns. */
import type { ComparisonClass } from '../compare/types.js';
import type { FailOn } from '../settings/types.js';

export type Status = 'pass' | 'fail' | 'error';

/** What one scenario brings to the decision: whether it was measured, whether it leaks, how it compares. */
export interface ScenarioEvidence {
  name: string;
  /** False when the scenario could not be measured: it is an error under every policy. */
  measured: boolean;
  /** A leak stands after explanation (known library leaks and suppressions do not count), of any kind. */
  leaking: boolean;
  /**
   * The growth is a leak wholly explained, at least in part, by known library leaks (explain/):
   * it fails only when the policy's failOnKnownLeaks is set. Absent: false.
   */
  knownLibraryLeak?: boolean;
  /** Its class against the baseline; null when it was not compared (no entry, or no usable baseline). */
  comparison: ComparisonClass | null;
}

export interface DecisionInput {
  scenarios: readonly ScenarioEvidence[];
  /** --fail-on, the action's fail-on: what the check fails on. */
  policy: {
    failOn: FailOn;
    /** Known library leaks fail the run too (under fail-on leak and regression; never under fail-on never). Absent: false. */
    failOnKnownLeaks?: boolean;
  };
  /** A usable baseline was compared with: without one, fail-on regression falls back to leak. */
  compared: boolean;
  /**
   * The accept label, when the pull request carries it (null otherwise): a failing check then
   * passes, and the report says who accepted it.
   */
  acceptedBy: string | null;
}

/**
 * Why the gate did not simply fail on what it found, most important first: an accept label that
 * turned a failure into a pass, a fail-on regression with no baseline to regress from, or
 * fail-on never.
 */
export type GateReason = { code: 'accepted'; label: string } | { code: 'no-usable-baseline' } | { code: 'fail-on-never' };

/** The decision: the run's status, each scenario's, the gate as applied, and why. */
export interface Verdict {
  status: Status;
  /** Each scenario's status, in the order given. */
  scenarios: { name: string; status: Status }[];
  gate: { failOn: FailOn; applied: FailOn; acceptedBy: string | null };
  reasons: GateReason[];
}
