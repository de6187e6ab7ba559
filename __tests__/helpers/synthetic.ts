/** Synthetic harness runs with known growth and seeded noise, for table tests of the analysis. */

import type { Checkpoint, CycleSample, HarnessRun, TracedWindow } from '../../src/harness/types.js';
import { DEFAULT_THRESHOLDS } from '../../src/settings/constants.js';
import type { ScenarioSettings } from '../../src/settings/types.js';
import { seededGaussian } from './seeded.js';

export type SignalShape = (cycle: number) => number;

export interface SyntheticShape {
  cycles?: number;
  warmup?: number;
  checkpointEvery?: number;
  blocks?: SignalShape;
  rssBytes?: SignalShape;
  heapBytes?: SignalShape;
  fds?: SignalShape;
  types?: Record<string, SignalShape>;
  window?: TracedWindow | null;
  noise?: { seed: number; blocks?: number; rssBytes?: number; heapBytes?: number };
  /** Cycles of the extension that confirms growth (issue 14), with 5 checkpoints; the shapes go on through it. None by default. */
  extensionCycles?: number;
}

export const settings = (overrides: Partial<ScenarioSettings> = {}): ScenarioSettings => ({
  name: 'synthetic.py',
  target: 'synthetic.py',
  cwd: '/repo',
  python: 'python3',
  cycles: 100,
  warmup: 20,
  frames: 10,
  timeoutSeconds: 600,
  confirmCycles: 100,
  confirmSeconds: 120,
  thresholds: { ...DEFAULT_THRESHOLDS },
  ...overrides,
});

const flat =
  (value: number): SignalShape =>
  () =>
    value;

/** Linear growth of `perCycle` from `start`, beginning at `from` (a cycle number). */
export const linear =
  (start: number, perCycle: number, from = 20): SignalShape =>
  (c) =>
    start + perCycle * Math.max(0, c - from);
/** Growth until cycle `until`, flat after: a cache that fills and stays full. */
export const fillsThenFlat =
  (start: number, perCycle: number, until: number, from = 20): SignalShape =>
  (c) =>
    start + perCycle * (Math.min(until, Math.max(from, c)) - from);
/** One unit every `period` cycles. */
export const staircase =
  (start: number, period: number, from = 20): SignalShape =>
  (c) =>
    start + Math.floor(Math.max(0, c - from) / period);

/** Build a HarnessRun with the given signal shapes; noise is seeded and reproducible. */
export function syntheticRun(shape: SyntheticShape): HarnessRun {
  const cycles = shape.cycles ?? 100;
  const warmup = shape.warmup ?? 20;
  const every = shape.checkpointEvery ?? 5;
  const gauss = seededGaussian(shape.noise?.seed ?? 1);
  const noisy = (value: number, sd = 0) => value + (sd ? gauss() * sd : 0);
  const blocks = shape.blocks ?? flat(50_000);
  const rss = shape.rssBytes ?? flat(20_000_000);
  const heap = shape.heapBytes ?? flat(3_000_000);
  const fds = shape.fds ?? flat(9);
  const samples: CycleSample[] = [];
  const checkpoints: Checkpoint[] = [];
  const extensionCycles = shape.extensionCycles ?? 0;
  const extensionEvery = Math.max(1, Math.ceil(extensionCycles / 5));
  for (let cycle = 1; cycle <= warmup + cycles + extensionCycles; cycle++) {
    const extension = cycle > warmup + cycles;
    samples.push({
      cycle,
      phase: cycle <= warmup ? 'warmup' : extension ? 'confirm' : 'measure',
      seconds: 0.001,
      blocks: Math.round(noisy(blocks(cycle), shape.noise?.blocks)),
      rssBytes: Math.round(noisy(rss(cycle), shape.noise?.rssBytes)),
      fds: fds(cycle),
      tracedBytes: Number.NaN,
      heapBytes: Math.round(noisy(heap(cycle), shape.noise?.heapBytes)),
    });
    const checkpointHere = extension
      ? (cycle - warmup - cycles) % extensionEvery === 0 || cycle === warmup + cycles + extensionCycles
      : cycle >= warmup && (cycle - warmup) % every === 0;
    if (checkpointHere) {
      const types: Record<string, number> = { dict: 5000, list: 2000, function: 4000 };
      for (const [name, count] of Object.entries(shape.types ?? {})) types[name] = Math.round(count(cycle));
      checkpoints.push({
        cycle,
        phase: extension ? 'confirm' : 'measure',
        blocks: Math.round(noisy(blocks(cycle), shape.noise?.blocks)),
        rssBytes: Math.round(noisy(rss(cycle), shape.noise?.rssBytes)),
        fds: fds(cycle),
        heapBytes: Math.round(noisy(heap(cycle), shape.noise?.heapBytes)),
        types,
        seconds: 0.002,
      });
    }
  }
  return {
    settings: settings({ cycles, warmup }),
    hello: { python: '3.11.7', implementation: 'cpython', platform: 'linux', notes: [] },
    samples,
    checkpoints,
    window: shape.window ?? null,
    warmupSeconds: 0.02,
    measuredSeconds: 0.1,
    failure: null,
    output: { stdoutTail: '', stderrTail: '', stdoutBytes: 0, stderrBytes: 0 },
    wallSeconds: 0.5,
    exitCode: 0,
    signal: null,
    corruptRecords: 0,
    frozenObjects: 0,
    extension: extensionCycles > 0 ? { plannedCycles: extensionCycles, budgetSeconds: 120, cycles: extensionCycles, seconds: 0.1 } : null,
  };
}

/** A traced window over cycles 121..140 where `site` grows by bytesPerCycle and the total grows likewise. */
export function tracedWindow(bytesPerCycle: number, sites: { file: string; line: number; userCode: boolean; bytesPerCycle: number }[][] = []): TracedWindow {
  const checkpointCycles = [120, 123, 126, 129, 132, 135, 138, 140];
  return {
    frames: 10,
    cycles: 20,
    checkpointCycles,
    tracedBytes: checkpointCycles.map((c) => Math.round(1000 + bytesPerCycle * (c - 120))),
    sites: sites.map((frames) => ({
      frames: frames.map((f) => ({ file: f.file, line: f.line, function: 'f', code: 'x = 1', userCode: f.userCode })),
      complete: true,
      bytes: checkpointCycles.map((c) => Math.round(frames[0].bytesPerCycle * (c - 120))),
      counts: checkpointCycles.map((c) => c - 120),
    })),
    seconds: 0.3,
  };
}
