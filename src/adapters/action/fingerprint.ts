/**
 * The comment's findings fingerprint, as the action uses it: the report's findings
 * (report/fingerprint.ts, commentFingerprint: verdicts, classes, kinds, the sites that carry the
 * growth, types, errors and warnings, without figures, timings, sampled keys or holders) plus
 * what the comment shows beside the report. Two runs that find the same things give the same
 * fingerprint, so the sticky comment is left alone and nobody is notified for noise (issue 10
 * §5). Holders are left out there: the retention walk runs within a time budget, so on a loaded
 * runner one run finds "held by leaky._response_cache → [key 'req-00000132']" and the next
 * "no path found within limits" (with holders in, 1 of 20 runs of the action test under load
 * still PATCHed). Pure.
 */

import { commentFingerprint, withoutNumbers } from '../../report/fingerprint.js';
import type { Report } from '../../report/types.js';

/** What the comment shows besides the report: its notes on the baseline and the accept label. */
export interface CommentContext {
  baselineStatus: string;
  baselineReason: string;
  acceptLabel: string;
  accepted: boolean;
}

/** The fingerprint of the findings and of the comment's own notes. */
export function findingsFingerprint(report: Report, context: CommentContext): string {
  return commentFingerprint(report, [context.baselineStatus, withoutNumbers(context.baselineReason), context.acceptLabel, String(context.accepted)]);
}

/**
 * The hidden line that carries the fingerprint in the comment body: a Markdown link reference
 * definition, which renders as nothing, rather than a second HTML comment (the marker's
 * `-->` stays the only one in the body).
 */
export function fingerprintLine(fingerprint: string): string {
  return `[//]: # (leakgate-findings ${fingerprint})`;
}
