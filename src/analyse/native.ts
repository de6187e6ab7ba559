/**
 * A lead for native leaks (issue 15): when memory grows and Python objects do not, the harness
 * profiles a few cycles (python/leakgate_harness/native.py) and names the user's lines that call
 * native code (ctypes functions, extension modules), ranked by how the malloc heap moved across
 * those calls. Pure: this module plans the profile and shapes what came back; report/ words it.
 *
 * Why a few profiled cycles and not the traced window: the window runs under tracemalloc, whose
 * own bookkeeping moves the malloc heap on every Python allocation, and which the window's
 * sizing times by its first cycle; separate cycles, untraced, cost 5 cycles of hooks and leave the
 * window as it was.
 */
import { HARNESS_POLICY } from '../harness/policy.js';
import type { NativeProfile, TracePlan } from '../harness/types.js';
import type { NativeLeadReport } from './types.js';

export type NativeLead = NativeLeadReport;

/** The trace plan's native part: profile policy.nativeCycles cycles within nativeBudgetShare of the untraced cycles' time, or none. */
export function nativeProfilePlan(nativeSuspected: boolean, untracedSeconds: number): Pick<TracePlan, 'nativeCycles' | 'nativeBudgetSeconds'> {
  if (!nativeSuspected) return { nativeCycles: 0, nativeBudgetSeconds: 0 };
  return { nativeCycles: HARNESS_POLICY.nativeCycles, nativeBudgetSeconds: Math.max(0.05, HARNESS_POLICY.nativeBudgetShare * untracedSeconds) };
}

/** The lead as the report carries it; null when no profile ran. An empty `calls`: the cycles made no native call from user code that could be seen. */
export function nativeLeadOf(profile: NativeProfile | null | undefined): NativeLead | null {
  if (!profile) return null;
  return {
    cycles: profile.cycles,
    method: profile.method,
    heapMeasured: profile.heapMeasured,
    calls: profile.calls.map((c) => ({
      callee: c.callee,
      module: c.module,
      file: c.file,
      line: c.line,
      function: c.function,
      code: c.code,
      calls: c.calls,
      heapBytesPerCycle: c.heapBytesPerCycle,
    })),
  };
}
