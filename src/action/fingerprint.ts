/**
 * findingsFingerprint: what a PR comment says, reduced to the findings — verdicts, leak kinds,
 * comparison classes, sites, types — without the measured numbers, timings, or what the
 * retention walk happened to find. Two runs that find the same things give the same
 * fingerprint, so the sticky comment is left alone and nobody is notified for noise (issue 10
 * §5). Holders ("what keeps them alive") are left out: the walk runs within a time budget
 * (leakgate_retention.py, FALLBACK_SCAN_SECONDS and the trace budget), so on a loaded runner
 * the same site is "held by leaky._response_cache → [key 'req-00000132']" in one run and
 * "no path found within limits" in the next; its key is whichever the window sampled.
 * (With holders in, 1 of 20 runs of the action test under load still PATCHed.) Pure: data
 * in, a hash out.
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
      sites: s.sites.map((site) => [site.file, site.line, site.function, site.userCode]).sort(byJson),
      types: s.types.map((t) => t.type).sort(),
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
