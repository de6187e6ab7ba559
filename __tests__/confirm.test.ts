/**
 * Confirmation before a leak verdict (issue 14): growth seen in the measured phase counts only if
 * it continues through the extension. Pure table tests over synthetic series with known shapes.
 */
import { describe, expect, it } from '@jest/globals';
import { CONFIRM_TIMEOUT_SHARE, continuesThroughExtension, type Points } from '../src/analyse/confirm.js';
import { analyseGrowth, planConfirmation, planTrace } from '../src/analyse/growth.js';
import { growthNoteWords } from '../src/report/words.js';
import { seededGaussian } from './helpers/seeded.js';
import { fillsThenFlat, linear, type SignalShape, type SyntheticShape, type settings, syntheticRun } from './helpers/synthetic.js';

/** Growth of `perCycle` from cycle `from`, released to `start` whenever `period` cycles have passed since `releasedAt`. */
const sawtooth =
  (start: number, perCycle: number, period: number, releasedAt = 20): SignalShape =>
  (c) =>
    start + perCycle * ((((c - releasedAt) % period) + period) % period);

/** Points of a shape at the measured checkpoints (cycles 20..120 every 5) and at the extension's (5 over cycles 121..220). */
function phases(shape: SignalShape, noise?: { seed: number; sd: number }): { measured: Points; extension: Points } {
  const gauss = noise ? seededGaussian(noise.seed) : () => 0;
  const at = (xs: number[]) => ({ xs, ys: xs.map((x) => shape(x) + gauss() * (noise?.sd ?? 0)) });
  return { measured: at(Array.from({ length: 21 }, (_, i) => 20 + 5 * i)), extension: at([140, 160, 180, 200, 220]) };
}

describe('the rule: growth continues when the extension ends well above the measured end and never falls below it', () => {
  it.each([
    { what: 'linear growth continues', shape: linear(1000, 1), continued: true },
    { what: 'fast linear growth continues', shape: linear(1000, 250), continued: true },
    { what: 'growth released every 150 cycles (a buffer flushed) is released', shape: sawtooth(1000, 1, 150), continued: false },
    // CPython's sqlite3 prunes its cursor weak references every 201 cursors: in the scenario, first at cycle 177.
    { what: "sqlite3's cursor list, pruned at cycle 177 and every 201 cycles after, is released", shape: sawtooth(1000, 1, 201, 177 - 201), continued: false },
    { what: 'growth released at the very end of the extension is released', shape: sawtooth(1000, 1, 200), continued: false },
    { what: 'growth released right after the measured phase, growing again, is released', shape: sawtooth(1000, 3, 105), continued: false },
    {
      // The measured end is 100 above the start; after a drop of 40 at cycle 135 the extension still ends 60 above it.
      what: 'growth that falls below the measured end inside the extension and then grows back is released',
      shape: (c: number) => linear(1000, 1)(c) - (c >= 135 ? 40 : 0),
      continued: false,
    },
    { what: 'a cache that fills during the extension and stays flat is not confirmed', shape: fillsThenFlat(1000, 2, 130), continued: false },
    { what: 'a cache that is full when the extension starts is not confirmed', shape: fillsThenFlat(1000, 2, 121), continued: false },
  ])('$what', ({ shape, continued }) => {
    const { measured, extension } = phases(shape);
    expect(continuesThroughExtension(measured, extension)?.continued).toBe(continued);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('a noisy linear leak (seed %i, noise 3× the growth per checkpoint interval) is still confirmed', (seed) => {
    const { measured, extension } = phases(linear(50_000, 2), { seed, sd: 30 });
    const result = continuesThroughExtension(measured, extension);
    expect(result?.continued).toBe(true);
    // The measured slope is the leak's, within the noise.
    expect(result?.measuredPerCycle).toBeGreaterThan(1);
    expect(result?.measuredPerCycle).toBeLessThan(3);
  });

  it('says by how much: the change over the extension, what continuing needs, the lowest point and the noise', () => {
    const { measured, extension } = phases(sawtooth(1000, 1, 150));
    expect(continuesThroughExtension(measured, extension)).toEqual({
      measuredPerCycle: 1,
      extensionCycles: 100,
      // At cycle 220: 50 cycles after the release at 170; the measured phase ended at 1100.
      extensionChange: -50,
      expectedChange: 50,
      // At cycle 180: 10 cycles after the release.
      lowestChange: -90,
      noise: 0,
      continued: false,
    });
  });

  it('has no answer without two measured points or an extension point', () => {
    expect(continuesThroughExtension({ xs: [20], ys: [1] }, { xs: [40], ys: [2] })).toBeNull();
    expect(continuesThroughExtension({ xs: [20, 40], ys: [1, 2] }, { xs: [], ys: [] })).toBeNull();
  });
});

describe('analyseGrowth counts a signal as leaking only when it continued through the extension', () => {
  it.each([
    { what: 'a blocks leak that continues', shape: { blocks: linear(50_000, 2) }, kind: 'python', outcome: 'confirmed' },
    { what: 'blocks released every 150 cycles', shape: { blocks: sawtooth(50_000, 2, 150) }, kind: null, outcome: 'released' },
    { what: 'a type that keeps growing', shape: { types: { 'app.Job': linear(0, 1) } }, kind: 'python', outcome: 'confirmed' },
    {
      what: 'weak references pruned every 201 cycles',
      shape: { types: { 'weakref.ReferenceType': sawtooth(2700, 1, 201, -24) } },
      kind: null,
      outcome: 'released',
    },
    { what: 'a cache that fills in the extension', shape: { blocks: fillsThenFlat(50_000, 2, 125) }, kind: null, outcome: 'released' },
    {
      what: 'a native leak in RSS that continues',
      shape: { rssBytes: linear(2e7, 65_536), heapBytes: linear(3e6, 65_536) },
      kind: 'native',
      outcome: 'confirmed',
    },
    { what: 'descriptors that keep leaking', shape: { fds: linear(9, 1) }, kind: 'fd', outcome: 'confirmed' },
  ])('$what', ({ shape, kind, outcome }) => {
    const analysis = analyseGrowth(syntheticRun({ ...(shape as SyntheticShape), extensionCycles: 100 }));
    expect(analysis.kind).toBe(kind);
    expect(analysis.confirmation).toMatchObject({ cycles: 100, plannedCycles: 100, limitedBy: 'cycles', outcome });
    expect(analysis.confirmation.signals.length).toBeGreaterThan(0);
    // Rates stay the measured phase's: baselines compare them.
    if ('blocks' in shape) expect(analysis.growth.blocksPerCycle).toBeCloseTo(2, 5);
  });

  it('says what was released, and how, in a note', () => {
    const released = analyseGrowth(syntheticRun({ blocks: sawtooth(50_000, 1, 150), extensionCycles: 100 }));
    const note = released.notes.find((n) => n.code === 'growth-released');
    expect(note).toMatchObject({ signal: 'blocks', perCycle: 1, measuredCycles: 100, extensionCycles: 100, fellBack: true });
    expect(growthNoteWords(note!)).toBe(
      'allocated blocks grew by 1 per cycle for 100 cycles, then fell back during the 100-cycle extension: periodic release, not a leak',
    );
    const filled = analyseGrowth(syntheticRun({ types: { 'app.Entry': fillsThenFlat(0, 1, 125) }, extensionCycles: 100 }));
    expect(growthNoteWords(filled.notes.find((n) => n.code === 'growth-released')!)).toBe(
      'app.Entry objects grew by 1 per cycle for 100 cycles, then stopped growing during the 100-cycle extension: it levelled off (a cache that filled), not a leak',
    );
  });

  it('keeps only the leaking types that continued', () => {
    const analysis = analyseGrowth(syntheticRun({ types: { 'app.Job': linear(0, 1), 'weakref.ReferenceType': sawtooth(2700, 1, 150) }, extensionCycles: 100 }));
    expect(analysis.types.map((t) => t.type)).toEqual(['app.Job']);
    expect(analysis.confirmation.signals.map((s) => [s.type, s.continued])).toEqual(
      expect.arrayContaining([
        ['app.Job', true],
        ['weakref.ReferenceType', false],
      ]),
    );
  });

  it('an extension cut by its time bound says so', () => {
    const run = { ...syntheticRun({ blocks: linear(50_000, 2), extensionCycles: 40 }) };
    run.extension = { plannedCycles: 100, budgetSeconds: 1, cycles: 40, seconds: 1.2 };
    expect(analyseGrowth(run).confirmation).toMatchObject({ cycles: 40, plannedCycles: 100, limitedBy: 'time', outcome: 'confirmed' });
  });

  it.each([
    { what: 'a clean run needs no extension', confirmCycles: 100, outcome: 'not-needed' },
    { what: 'confirm-cycles 0 disables it', confirmCycles: 0, outcome: 'disabled' },
  ])('$what', ({ confirmCycles, outcome }) => {
    const run = syntheticRun({});
    run.settings = { ...run.settings, confirmCycles };
    expect(analyseGrowth(run).confirmation).toEqual({ cycles: 0, plannedCycles: 0, seconds: 0, limitedBy: 'cycles', outcome, signals: [] });
  });

  it('without an extension (confirm-cycles 0), measured growth is a leak as before', () => {
    const run = syntheticRun({ blocks: sawtooth(50_000, 2, 150) });
    run.settings = { ...run.settings, confirmCycles: 0 };
    expect(analyseGrowth(run).kind).toBe('python');
  });
});

describe('planConfirmation extends only a run that grew, within its time bounds', () => {
  const phase = (shape: Parameters<typeof syntheticRun>[0], over: Partial<ReturnType<typeof settings>> = {}, elapsedSeconds = 2) => {
    const run = syntheticRun(shape);
    return {
      settings: { ...run.settings, ...over },
      samples: run.samples,
      checkpoints: run.checkpoints,
      warmupSeconds: 0.5,
      measuredSeconds: 1,
      elapsedSeconds,
    };
  };
  it.each([
    { what: 'a flat run is not extended', p: phase({}), plan: { extend: false } },
    { what: 'growing blocks are extended by confirm-cycles', p: phase({ blocks: linear(50_000, 1) }), plan: { extend: true, cycles: 100, budgetSeconds: 120 } },
    { what: 'growing descriptors are extended', p: phase({ fds: linear(9, 1) }), plan: { extend: true, cycles: 100, budgetSeconds: 120 } },
    { what: 'confirm-cycles 0: no extension', p: phase({ blocks: linear(50_000, 1) }, { confirmCycles: 0 }), plan: { extend: false } },
    {
      what: 'the budget is confirm-seconds',
      p: phase({ blocks: linear(50_000, 1) }, { confirmCycles: 300, confirmSeconds: 7 }),
      plan: { extend: true, cycles: 300, budgetSeconds: 7 },
    },
    {
      what: 'the budget never exceeds half of what is left of the time-out',
      p: phase({ blocks: linear(50_000, 1) }, { timeoutSeconds: 30 }, 10),
      plan: { extend: true, cycles: 100, budgetSeconds: CONFIRM_TIMEOUT_SHARE * 20 },
    },
    { what: 'no time left: no extension', p: phase({ blocks: linear(50_000, 1) }, { timeoutSeconds: 30 }, 31), plan: { extend: false } },
  ])('$what', ({ p, plan }) => {
    expect(planConfirmation(p)).toEqual(plan);
  });
});

describe('planTrace after the extension traces only what continued', () => {
  const planOf = (shape: Parameters<typeof syntheticRun>[0]) => {
    const run = syntheticRun({ ...(shape as SyntheticShape), extensionCycles: 100 });
    return planTrace({ settings: run.settings, samples: run.samples, checkpoints: run.checkpoints, warmupSeconds: 0.02, measuredSeconds: 0.1 });
  };
  it('a released run pays for no traced window', () => {
    expect(planOf({ blocks: sawtooth(50_000, 1, 150), types: { 'weakref.ReferenceType': sawtooth(2700, 1, 150) } }).trace).toBe(false);
  });
  it('a confirmed leak is traced, for its confirmed types only', () => {
    const plan = planOf({ blocks: linear(50_000, 2), types: { 'app.Job': linear(0, 1), 'weakref.ReferenceType': sawtooth(2700, 1, 150) } });
    expect(plan.trace).toBe(true);
    expect(plan.types).toEqual(['app.Job']);
  });
});
