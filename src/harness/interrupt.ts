/**
 * Interruption: Ctrl-C, SIGTERM and SIGHUP to leakgate (a cancelled GitHub job sends SIGINT,
 * then SIGTERM) become an AbortSignal that the pipeline passes to every harness run; each run
 * forwards the signal to its scenario's process group, and the command exits 128 + the signal's
 * number (130, 143, 129) after writing its reports.
 */
import { constants } from 'node:os';

/** The signals that interrupt a run. */
export const INTERRUPT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type InterruptSignal = (typeof INTERRUPT_SIGNALS)[number];

/** The signal an abort reason names: the reason itself ('SIGINT'), or an error's `signal`; SIGTERM otherwise. */
export function interruptSignalName(reason: unknown): InterruptSignal {
  const named = typeof reason === 'string' ? reason : typeof reason === 'object' && reason !== null ? (reason as { signal?: unknown }).signal : undefined;
  return INTERRUPT_SIGNALS.find((signal) => signal === named) ?? 'SIGTERM';
}

/** The exit code of a command stopped by `signal`: 128 + its number, as shells report it. */
export function interruptExitCode(signal: InterruptSignal): number {
  return 128 + constants.signals[signal];
}

/**
 * Abort the returned signal on the first SIGINT, SIGTERM or SIGHUP to `target` (with the
 * signal's name as the reason). While installed, these signals no longer end the process by
 * themselves: the caller finishes its reports, then exits with `interruptExitCode`.
 */
export function abortOnSignals(target: Pick<NodeJS.Process, 'on' | 'off'> = process): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const handlers = INTERRUPT_SIGNALS.map((name) => {
    const handler = () => {
      if (!controller.signal.aborted) controller.abort(name);
    };
    target.on(name, handler);
    return [name, handler] as const;
  });
  return {
    signal: controller.signal,
    dispose: () => {
      for (const [name, handler] of handlers) target.off(name, handler);
    },
  };
}
