/** Progress lines name scenarios, which a pull request's configuration file chooses: they stay one inert line. */
import { progressReporter } from '../src/adapters/progress.js';

it.each(['lines', 'bar'] as const)('a scenario name with a line break cannot start a workflow command in %s progress', (style) => {
  const written: string[] = [];
  const progress = progressReporter(style, (text) => written.push(text));
  progress.onProgress({ scenario: 'checkout\n::add-mask::leakgate\r::error file=app.py::forged', phase: 'measure', cycle: 5, totalCycles: 100 });
  const lines = written.join('').split(/\r\n|\r|\n/);
  expect(lines.some((line) => line.includes('checkout'))).toBe(true);
  expect(lines.filter((line) => /^\s*::/.test(line))).toEqual([]);
});

it('the cycles after the planned ones (profile, trace, teardown) are not counted "of" a smaller total', () => {
  const written: string[] = [];
  const progress = progressReporter('lines', (text) => written.push(text));
  progress.onProgress({ scenario: 's', phase: 'confirm', cycle: 120, totalCycles: 220 });
  progress.onProgress({ scenario: 's', phase: 'trace', cycle: 225, totalCycles: 220 });
  progress.onProgress({ scenario: 's', phase: 'teardown', cycle: 245, totalCycles: 220 });
  expect(written).toEqual(['leakgate: s: confirm (cycle 120 of 220)\n', 'leakgate: s: trace (cycle 225)\n', 'leakgate: s: teardown (cycle 245)\n']);
});
