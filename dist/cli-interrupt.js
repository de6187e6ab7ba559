import { constants } from 'node:os';

/**
 * Interruption: Ctrl-C, SIGTERM and SIGHUP to leakgate (a cancelled GitHub job sends SIGINT,
 * then SIGTERM) become an AbortSignal that the pipeline passes to every harness run; each run
 * forwards the signal to its scenario's process group, and the command exits 128 + the signal's
 * number (130, 143, 129) after writing its reports.
 */
/** The signals that interrupt a run. */
const INTERRUPT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
/** The signal an abort reason names: the reason itself ('SIGINT'), or an error's `signal`; SIGTERM otherwise. */
function interruptSignalName(reason) {
    const named = typeof reason === 'string' ? reason : typeof reason === 'object' && reason !== null ? reason.signal : undefined;
    return INTERRUPT_SIGNALS.find((signal) => signal === named) ?? 'SIGTERM';
}
/** The exit code of a command stopped by `signal`: 128 + its number, as shells report it. */
function interruptExitCode(signal) {
    return 128 + constants.signals[signal];
}
/**
 * Abort the returned signal on the first SIGINT, SIGTERM or SIGHUP to `target` (with the
 * signal's name as the reason). While installed, these signals no longer end the process by
 * themselves: the caller finishes its reports, then exits with `interruptExitCode`.
 */
function abortOnSignals(target = process) {
    const controller = new AbortController();
    const handlers = INTERRUPT_SIGNALS.map((name) => {
        const handler = () => {
            if (!controller.signal.aborted)
                controller.abort(name);
        };
        target.on(name, handler);
        return [name, handler];
    });
    return {
        signal: controller.signal,
        dispose: () => {
            for (const [name, handler] of handlers)
                target.off(name, handler);
        },
    };
}

export { INTERRUPT_SIGNALS, abortOnSignals, interruptExitCode, interruptSignalName };
