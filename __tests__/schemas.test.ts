/**
 * The published JSON Schemas (schema/*.json) are generated from the zod contracts by
 * `npm run schemas` (scripts/generate-schemas.mjs): the committed files must be what the
 * contracts generate now, or a reader of the schema and leakgate disagree about the shape.
 */

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { parseBaseline, recordBaseline } from '../src/compare/baseline.js';
import { BASELINE_LIMITS, BASELINE_SCHEMA } from '../src/compare/types.js';
import { parseUntrustedReport } from '../src/report/guard.js';
import { REPORT_SCHEMA } from '../src/settings/constants.js';
import { ROOT } from './helpers/cli.js';
import { reportOfResults, scenarioResult } from './helpers/results.js';
import { linear, syntheticRun, tracedWindow } from './helpers/synthetic.js';

/** Run the generator with `args` (it runs the TypeScript source through Node's type stripping). */
const generator = (args: string[]) =>
  execa(process.execPath, ['--import', './scripts/src-loader.mjs', 'scripts/generate-schemas.mjs', ...args], { cwd: ROOT, reject: false, timeout: 60_000 });

const committed = (file: string) => JSON.parse(readFileSync(join(ROOT, 'schema', file), 'utf8'));

describe('the published schemas are generated from the zod contracts', () => {
  it('the committed schema files are exactly what `npm run schemas` generates now', async () => {
    const result = await generator(['--check']);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
  });

  it('a committed schema that differs from the contracts, or is missing, is named as stale', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leakgate-schemas-'));
    try {
      cpSync(join(ROOT, 'schema'), join(dir, 'schema'), { recursive: true });
      const report = JSON.parse(readFileSync(join(dir, 'schema', 'report.schema.json'), 'utf8'));
      report.properties.scenarios.maxItems += 1;
      writeFileSync(join(dir, 'schema', 'report.schema.json'), `${JSON.stringify(report, null, 2)}\n`);
      rmSync(join(dir, 'schema', 'baseline.schema.json'));
      const result = await generator(['--check', '--dir', dir]);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(
        /stale generated schema: .*report\.schema\.json, .*baseline\.schema\.json differ from the zod contracts; run `npm run schemas`/,
      );

      // Writing them makes the check pass, and generating twice gives the same bytes.
      expect((await generator(['--dir', dir])).exitCode).toBe(0);
      const first = readFileSync(join(dir, 'schema', 'report.schema.json'), 'utf8');
      expect((await generator(['--dir', dir])).exitCode).toBe(0);
      expect(readFileSync(join(dir, 'schema', 'report.schema.json'), 'utf8')).toBe(first);
      expect((await generator(['--check', '--dir', dir])).exitCode).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("each schema names its document's version and states the baseline's limits", () => {
    const report = committed('report.schema.json');
    expect(report.properties.schema.const).toBe(REPORT_SCHEMA);
    expect(report.additionalProperties).toBe(false);
    const baseline = committed('baseline.schema.json');
    expect(baseline.properties.schema.const).toBe(BASELINE_SCHEMA);
    expect(baseline.properties.scenarios.maxItems).toBe(BASELINE_LIMITS.scenarios);
    const scenario = baseline.$defs.scenario.properties;
    expect([scenario.sites.maxItems, scenario.types.maxItems, scenario.series.properties.bytes.maxItems]).toEqual([
      BASELINE_LIMITS.sitesPerScenario,
      BASELINE_LIMITS.typesPerScenario,
      BASELINE_LIMITS.seriesPoints,
    ]);
    expect(scenario.name.maxLength).toBe(BASELINE_LIMITS.stringChars);
  });
});

describe('a document read back through its contract is the document leakgate wrote', () => {
  const leaky = syntheticRun({
    blocks: linear(50_000, 3),
    heapBytes: linear(3e6, 8192),
    fds: linear(9, 1),
    types: { 'myapp.cache.Session': linear(10, 1) },
    window: tracedWindow(8192, [[{ file: 'myapp/cache.py', line: 14, userCode: true, bytesPerCycle: 8192 }]]),
  });
  const report = reportOfResults([scenarioResult(leaky)]);

  it('a report parsed by the guard serialises to the same bytes, field order included (merge writes what it read)', () => {
    expect(report.scenarios[0].sites.length).toBeGreaterThan(0);
    const text = `${JSON.stringify(report, null, 2)}\n`;
    const parsed = parseUntrustedReport(text);
    expect(parsed.ok && `${JSON.stringify(parsed.report, null, 2)}\n`).toBe(text);
  });

  it('a recorded baseline parses back to the same bytes', () => {
    const { baseline } = recordBaseline(report, new Date('2026-11-20T10:00:00Z'));
    const text = JSON.stringify(baseline);
    const parsed = parseBaseline(text);
    expect(parsed.ok && JSON.stringify(parsed.baseline)).toBe(text);
  });
});
