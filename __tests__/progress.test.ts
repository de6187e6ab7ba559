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
