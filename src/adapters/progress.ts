/** Progress on stderr: a bar that redraws in a terminal, plain lines in CI and logs. */
import type { ProgressEvent } from '../harness/python-harness.js';
import { terminalText } from '../report/inert.js';

export interface ProgressSink {
  onProgress: (event: ProgressEvent) => void;
  done: () => void;
}

const BAR_WIDTH = 24;

/**
 * "20 of 120" in the planned phases; after them (the native profile, the traced window, teardown)
 * the cycle alone: the total counts the warm-up, measured and confirming cycles only.
 */
function cycleOf(e: ProgressEvent): string {
  return e.cycle <= e.totalCycles && PLANNED_PHASES.has(e.phase) ? `${e.cycle} of ${e.totalCycles}` : String(e.cycle);
}
const PLANNED_PHASES: ReadonlySet<string> = new Set(['warmup', 'measure', 'confirm']);

/** A progress reporter writing to `write` (stderr), in the given style. */
export function progressReporter(style: 'bar' | 'lines' | 'none', write: (text: string) => void): ProgressSink {
  if (style === 'none') return { onProgress: () => undefined, done: () => undefined };
  if (style === 'lines') {
    let lastKey = '';
    return {
      onProgress: (e) => {
        // One line per phase, and one per checkpoint-sized step of the measured phase.
        const tenth = e.phase === 'measure' ? Math.floor((10 * e.cycle) / Math.max(1, e.totalCycles)) : 0;
        const key = `${e.scenario}|${e.phase}|${tenth}`;
        if (key === lastKey) return;
        lastKey = key;
        // The scenario's name is the pull request's (a configuration file): one inert line.
        write(`leakgate: ${terminalText(e.scenario)}: ${terminalText(e.phase)}${e.cycle ? ` (cycle ${cycleOf(e)})` : ''}\n`);
      },
      done: () => undefined,
    };
  }
  let drawn = false;
  return {
    onProgress: (e) => {
      const share = Math.min(1, e.cycle / Math.max(1, e.totalCycles));
      const filled = Math.round(share * BAR_WIDTH);
      write(
        `\r\u001b[2K[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ` +
          `${terminalText(e.phase).padEnd(8)} ${cycleOf(e).replace(' of ', '/').padStart(6)}  ${terminalText(e.scenario)}`,
      );
      drawn = true;
    },
    done: () => {
      if (drawn) write('\r\u001b[2K');
      drawn = false;
    },
  };
}
