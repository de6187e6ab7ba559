/**
 * commentFingerprint: what the findings of a report are, without what varies between two runs of
 * the same code, so that the action can tell "the findings changed" from "the figures moved".
 *
 * Two runs of unchanged code differ in every measured number (RSS moves by pages, the heap by
 * malloc's caches), in timings, and in the samples the retention search picks: the path names a
 * sampled key, `[key 'req-00000132']`, which depends on how many cycles the traced window ran
 * (issue 10 §5). A comment rewritten on each run notifies reviewers for nothing, so the action
 * compares fingerprints instead of bodies. Pure: data in, a string out.
 *
 * What holds a site's or a type's objects is left out: it explains a finding rather than being one,
 * and its search is bounded in time, so on a loaded machine one run finds the path and the next
 * says "no path found within limits" (seen in 1 of 2 runs of examples/unbounded_cache/leaky.py
 * while the machine was building). stableHolderPath is for callers that want to show or compare it.
 */
import { createHash } from 'node:crypto';
import type { Report, ScenarioResult } from './types.js';

/** Bumped when what the fingerprint covers changes, so that an old comment counts as changed once. */
export const FINGERPRINT_VERSION = 1;
/** As many sites and types as the full Markdown report shows per scenario. */
const SITES = 5;
const TYPES = 8;
/**
 * A site beside the largest counts when it grows at least this share as fast, by at least this
 * many blocks a cycle. A container's resizes (a dict or list growing with the leak) allocate once
 * in many cycles: they show in one traced window and not in the next, and are not a finding of
 * their own (seen: examples/unbounded_cache/leaky.py:22, 466 B and 0.14 blocks a cycle, in 3 of 4
 * runs of 60 cycles and none of 100).
 */
const SITE_SHARE_OF_LARGEST = 0.1;
const SITE_BLOCKS_PER_CYCLE = 0.5;

/** The findings of one scenario, as the fingerprint sees them. */
export interface ScenarioFindings {
  name: string;
  verdict: ScenarioResult['verdict'];
  kind: ScenarioResult['leak']['kind'];
  detected: boolean;
  class: string | null;
  error: { kind: string; message: string } | null;
  /** The sites that carry the growth, as `file:line function`, sorted. */
  sites: string[];
  types: string[];
  fdTargets: string[];
  comparedSites: string[];
  comparedTypes: string[];
}

export interface Findings {
  version: number;
  verdict: Report['verdict'];
  gate: { applied: string; acceptedBy: string | null };
  baseline: string | null;
  caveats: string[];
  warnings: string[];
  scenarios: ScenarioFindings[];
  /** What the caller adds: state the comment shows beside the report (the baseline's state, a label). */
  context: string[];
}

/** Text with its numbers left out: counts, sizes, timings, addresses, cycle numbers. */
export function withoutNumbers(text: string): string {
  return String(text)
    .replace(/0x[0-9a-f]+/gi, '0x#')
    .replace(/\d+/g, '#');
}

/**
 * A retention path without the parts that depend on which objects were sampled: a dict's sampled
 * key, a list's index, a thread's current line. "app._cache (dict) → [key 'req-00000132'] → bytes"
 * becomes "app._cache (dict) → [key] → bytes".
 */
export function stableHolderPath(path: string): string {
  return withoutNumbers(
    String(path)
      .replace(/\[key .*?\](?= → |$)/g, '[key]')
      .replace(/\[\d+\](?= → |$)/g, '[index]'),
  );
}

function descriptorKind(target: string): string {
  // socket and pipe come folded; a path names its folder (a temp file's own name is random).
  const slash = target.lastIndexOf('/');
  return withoutNumbers(slash > 0 ? `${target.slice(0, slash)}/…` : target);
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

function scenarioFindings(s: ScenarioResult): ScenarioFindings {
  // Sites of the scenario's code (or on a stack cut short); the runtime's own allocations come and go.
  const shown = [...s.sites].sort((a, b) => b.bytesPerCycle - a.bytesPerCycle).slice(0, SITES);
  const largest = shown[0]?.bytesPerCycle ?? 0;
  const sites = shown.filter(
    (site, i) =>
      (site.userCode || !site.stackComplete) &&
      (i === 0 || (site.bytesPerCycle >= SITE_SHARE_OF_LARGEST * largest && site.countPerCycle >= SITE_BLOCKS_PER_CYCLE)),
  );
  const c = s.comparison;
  return {
    name: s.name,
    verdict: s.verdict,
    kind: s.leak.kind,
    detected: s.leak.detected,
    class: c?.class ?? null,
    error: s.error ? { kind: s.error.kind, message: withoutNumbers(s.error.message) } : null,
    sites: sorted(sites.map((site) => `${site.file}:${site.line} ${site.function}`)),
    types: sorted(s.types.slice(0, TYPES).map((t) => t.type)),
    fdTargets: sorted(s.fdTargets.map((t) => descriptorKind(t.target))),
    comparedSites: sorted((c?.sites ?? []).filter((site) => site.class !== 'clean').map((site) => `${site.class} ${site.file}:${site.line} ${site.function}`)),
    comparedTypes: sorted((c?.types ?? []).filter((t) => t.class !== 'clean').map((t) => `${t.class} ${t.type}`)),
  };
}

/** What a report found, without figures, timings or sampled keys: the input of commentFingerprint. */
export function findingsOf(report: Report, context: readonly string[] = []): Findings {
  return {
    version: FINGERPRINT_VERSION,
    verdict: report.verdict,
    gate: { applied: report.gate.applied, acceptedBy: report.gate.acceptedBy },
    baseline: report.baseline?.status ?? null,
    caveats: (report.baseline?.caveats ?? []).map(withoutNumbers),
    warnings: report.warnings.map(withoutNumbers),
    scenarios: [...report.scenarios].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map(scenarioFindings),
    context: [...context],
  };
}

/**
 * A short hash of the findings (verdicts, classes, kinds, the sites that carry the growth as
 * file:line and function, types, errors and warnings without their numbers):
 * equal for two runs of the same code, different when a finding is new, gone or changed class.
 * `context` adds what the comment shows beside the report (e.g. the baseline's state).
 */
export function commentFingerprint(report: Report, context: readonly string[] = []): string {
  const hash = createHash('sha256')
    .update(JSON.stringify(findingsOf(report, context)))
    .digest('hex');
  return `v${FINGERPRINT_VERSION}-${hash.slice(0, 20)}`;
}
