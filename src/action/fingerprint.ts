/**
 * findingsFingerprint: what a PR comment says, reduced to the findings — verdicts, leak kinds,
 * comparison classes, sites, types, holders — without the measured numbers, timings or the
 * keys the retention walk happened to sample. Two runs that find the same things give the
 * same fingerprint, so the sticky comment is left alone and nobody is notified for noise
 * (issue 10 §5: `[key 'req-00000132']` depends on how many cycles the traced window ran).
 * Pure: data in, a hash out.
 */
import { createHash } from 'node:crypto';
import type { Report } from '../model.js';

/** What the comment shows besides the report: its notes on the baseline and the accept label. */
export interface CommentContext {
  baselineStatus: string;
  baselineReason: string;
  acceptLabel: string;
  accepted: boolean;
}

/**
 * A holder path without what was sampled: `[key 'req-00000132']` → `[key]`, `[41]` → `[index]`.
 * The harness writes a key as `[key <short repr>]` (leakgate_retention.py, `edge`).
 */
export function withoutSampledKeys(path: string | null): string | null {
  if (path === null) return null;
  return path.replace(/\[key .*?\](?=\s*(?:→|$))/g, '[key]').replace(/\[\d+\]/g, '[index]');
}

/** The findings of a report, as plain data in a fixed order (exported for tests). */
export function findingsOf(report: Report, context: CommentContext): unknown {
  return {
    tool: report.tool.version,
    verdict: report.verdict,
    gate: { failOn: report.gate.failOn, applied: report.gate.applied, acceptedBy: report.gate.acceptedBy },
    baseline: report.baseline ? { status: report.baseline.status, caveats: [...report.baseline.caveats].sort() } : null,
    comment: context,
    scenarios: report.scenarios.map((s) => ({
      name: s.name,
      target: s.target,
      verdict: s.verdict,
      leak: { detected: s.leak.detected, kind: s.leak.kind },
      unmeasured: [...s.unmeasured].sort(),
      error: s.error ? { kind: s.error.kind, message: s.error.message, cycle: s.error.cycle } : null,
      comparison: s.comparison
        ? {
            class: s.comparison.class,
            sites: s.comparison.sites.map((c) => [c.class, c.file, c.line, c.function]).sort(byJson),
            types: s.comparison.types.map((c) => [c.class, c.type]).sort(byJson),
          }
        : null,
      // Sorted: two sites growing alike may swap ranks from one run to the next.
      sites: s.sites.map((site) => [site.file, site.line, site.function, site.userCode, withoutSampledKeys(site.retainedBy)]).sort(byJson),
      types: s.types.map((t) => [t.type, withoutSampledKeys(t.retainedBy)]).sort(byJson),
      fdTargets: s.fdTargets.map((f) => f.target).sort(),
    })),
  };
}

const byJson = (a: unknown, b: unknown): number => {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

/** sha256 of the findings, as hex. */
export function findingsFingerprint(report: Report, context: CommentContext): string {
  return createHash('sha256').update(JSON.stringify(findingsOf(report, context))).digest('hex');
}

/**
 * The hidden line that carries the fingerprint in the comment body: a Markdown link reference
 * definition, which renders as nothing, rather than a second HTML comment (the marker's
 * `-->` stays the only one in the body).
 */
export function fingerprintLine(fingerprint: string): string {
  return `[//]: # (leakgate-findings sha256=${fingerprint})`;
}
