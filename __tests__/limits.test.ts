/**
 * One set of limits (src/settings/limits.ts, issue 11 §6): the configuration, the command line, the
 * report guard (merge and comment mode), merge and the baseline each accept exactly the limit
 * and refuse one past it, so what one part writes another part reads.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeBaseline } from '../src/adapters/baseline-store.js';
import { BASELINE_LIMITS, parseBaseline, recordBaseline } from '../src/compare/baseline.js';
import { parseUntrustedReport, REPORT_LIMIT_BYTES } from '../src/report/guard.js';
import { mergeReports } from '../src/report/merge.js';
import type { Report, ScenarioResult } from '../src/report/types.js';
import { parseCliArgs } from '../src/settings/cli-args.js';
import { parseConfigFile } from '../src/settings/config-file.js';
import { LIMITS } from '../src/settings/limits.js';
import { leakgate, ROOT } from './helpers/cli.js';
import { reportOfResults, scenarioResult } from './helpers/results.js';
import { schemaErrors } from './helpers/schema.js';
import { syntheticRun } from './helpers/synthetic.js';

/** A small measured scenario (10 cycles), cloned under many names: cheap large reports. */
const template: ScenarioResult = scenarioResult(syntheticRun({ cycles: 10, warmup: 0, checkpointEvery: 5 }));
const scenarios = (count: number, prefix = 's'): ScenarioResult[] =>
  Array.from({ length: count }, (_, i) => ({ ...template, name: `${prefix}${i}`, target: `${prefix}${i}.py` }));
const reportOf = (count: number, prefix?: string): Report => reportOfResults(scenarios(count, prefix));

describe('the report guard (merge, comment mode) accepts the limits and refuses one past', () => {
  it(`a report of ${LIMITS.scenarios} scenarios is read; one of ${LIMITS.scenarios + 1} is refused, naming the limit`, () => {
    expect(schemaErrors(reportOf(1))).toEqual([]);
    const atLimit = parseUntrustedReport(JSON.stringify(reportOf(LIMITS.scenarios)));
    expect(atLimit.ok && atLimit.report.scenarios.length).toBe(LIMITS.scenarios);
    const past = parseUntrustedReport(JSON.stringify(reportOf(LIMITS.scenarios + 1)));
    expect(past).toEqual({ ok: false, reason: `has ${LIMITS.scenarios + 1} scenarios, more than the ${LIMITS.scenarios} a report may hold` });
  });

  it(`a report of exactly ${REPORT_LIMIT_BYTES} bytes is read; one byte more is refused`, () => {
    const text = JSON.stringify(reportOf(2));
    const padded = `${text}${' '.repeat(REPORT_LIMIT_BYTES - Buffer.byteLength(text))}`;
    expect(parseUntrustedReport(padded).ok).toBe(true);
    expect(parseUntrustedReport(`${padded} `)).toEqual({ ok: false, reason: `is ${REPORT_LIMIT_BYTES + 1} bytes, over the ${REPORT_LIMIT_BYTES}-byte cap` });
  });

  it.each([
    {
      key: 'sites' as const,
      limit: LIMITS.sitesPerScenario,
      item: {
        file: 'a.py',
        line: 1,
        function: 'f',
        code: 'x',
        userCode: true,
        stackComplete: true,
        bytesPerCycle: 1,
        countPerCycle: 1,
        retainedBy: null,
        frames: [],
      },
    },
    { key: 'types' as const, limit: LIMITS.typesPerScenario, item: { type: 'T', perCycle: 1, count: 1, retainedBy: null } },
  ])('$limit $key in a scenario are read; one more is refused', ({ key, limit, item }) => {
    const withItems = (count: number) => JSON.stringify(reportOfResults([{ ...template, [key]: Array.from({ length: count }, () => item) }]));
    expect(parseUntrustedReport(withItems(limit)).ok).toBe(true);
    expect(parseUntrustedReport(withItems(limit + 1))).toEqual({
      ok: false,
      reason: `has ${limit + 1} ${key} in scenario 1, more than the ${limit} a scenario may report`,
    });
  });

  it('the published schema states the same limits', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'schema', 'report.schema.json'), 'utf8'));
    expect(schema.properties.scenarios.maxItems).toBe(LIMITS.scenarios);
    const shard = schema.properties.origin.properties.shard.anyOf.find((s: { type?: string }) => s.type === 'object').properties;
    expect([shard.index.maximum, shard.count.maximum, shard.scenariosInAll.maximum]).toEqual([LIMITS.legs, LIMITS.legs, LIMITS.scenarios]);
    expect(schema.$defs.scenario.properties.sites.maxItems).toBe(LIMITS.sitesPerScenario);
    expect(schema.$defs.scenario.properties.types.maxItems).toBe(LIMITS.typesPerScenario);
  });
});

describe('merge accepts legs that hold the limit together and refuses one past it', () => {
  it(`two legs of ${LIMITS.scenarios / 2} merge into one report of ${LIMITS.scenarios}`, () => {
    const merged = mergeReports([
      { label: 'a', report: reportOf(LIMITS.scenarios / 2, 'a'), problem: null },
      { label: 'b', report: reportOf(LIMITS.scenarios / 2, 'b'), problem: null },
    ]);
    expect(merged.scenarios).toHaveLength(LIMITS.scenarios);
    expect(merged.verdict).toBe('pass');
  });

  it('one scenario more is an error: the report stays within the limit and says how many were left out', () => {
    const merged = mergeReports([
      { label: 'a', report: reportOf(LIMITS.scenarios / 2, 'a'), problem: null },
      { label: 'b', report: reportOf(LIMITS.scenarios / 2 + 1, 'b'), problem: null },
    ]);
    expect(merged.scenarios).toHaveLength(LIMITS.scenarios);
    expect(merged.verdict).toBe('error');
    expect(merged.scenarios.at(-1)!.error).toMatchObject({
      kind: 'too-many-scenarios',
      message: `the legs hold ${LIMITS.scenarios + 1} scenarios together, more than the ${LIMITS.scenarios} one report may hold: 2 are left out`,
    });
    // What merge writes, the guard reads.
    expect(parseUntrustedReport(JSON.stringify(merged)).ok).toBe(true);
  });

  it('through the command line: at the limit exit 0, one past it exit 2 with the reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leakgate-limits-'));
    const file = (name: string, report: Report) => {
      writeFileSync(join(dir, name), JSON.stringify(report));
      return join(dir, name);
    };
    const a = file('a.json', reportOf(LIMITS.scenarios / 2, 'a'));
    const b = file('b.json', reportOf(LIMITS.scenarios / 2, 'b'));
    const b1 = file('b1.json', reportOf(LIMITS.scenarios / 2 + 1, 'b'));
    const atLimit = await leakgate(['merge', a, b]);
    expect(atLimit.exitCode).toBe(0);
    expect(atLimit.report!.scenarios).toHaveLength(LIMITS.scenarios);
    const past = await leakgate(['merge', a, b1]);
    expect(past.exitCode).toBe(2);
    expect(past.stderr).toContain(`leakgate: the legs hold ${LIMITS.scenarios + 1} scenarios together, more than the ${LIMITS.scenarios} one report may hold`);
  }, 180_000);
});

describe('the baseline is written and read within the same limits', () => {
  it(`a baseline of ${LIMITS.scenarios} scenarios is written and read back; one of ${LIMITS.scenarios + 1} is refused when written and when read`, () => {
    const { baseline } = recordBaseline(reportOf(LIMITS.scenarios), new Date('2026-11-01T00:00:00Z'));
    const read = parseBaseline(serializeBaseline(baseline));
    expect(read.ok && read.baseline.scenarios.length).toBe(LIMITS.scenarios);
    const { baseline: over } = recordBaseline(reportOf(LIMITS.scenarios + 1), new Date('2026-11-01T00:00:00Z'));
    const refusal = `baseline.scenarios has ${LIMITS.scenarios + 1} entries, more than the ${LIMITS.scenarios} a baseline may hold`;
    expect(() => serializeBaseline(over)).toThrow(`the baseline would be refused when read: it is invalid: ${refusal}`);
    expect(parseBaseline(JSON.stringify(over))).toEqual({ ok: false, reason: `is invalid: ${refusal}` });
  });

  it(`a baseline file of exactly ${BASELINE_LIMITS.fileBytes} bytes is read; one byte more is refused`, () => {
    const text = serializeBaseline(recordBaseline(reportOf(2), new Date()).baseline);
    const padded = `${text}${' '.repeat(BASELINE_LIMITS.fileBytes - Buffer.byteLength(text))}`;
    expect(parseBaseline(padded).ok).toBe(true);
    expect(parseBaseline(`${padded} `)).toEqual({
      ok: false,
      reason: `is ${BASELINE_LIMITS.fileBytes + 1} bytes, over the ${BASELINE_LIMITS.fileBytes}-byte cap`,
    });
  });

  it(`strings longer than ${LIMITS.stringChars} characters are cut when recorded, so the baseline reads back`, () => {
    const long = 'T'.repeat(LIMITS.stringChars + 1000);
    const report = reportOfResults([
      { ...template, name: long, types: [{ type: long, perCycle: 3, count: 30, retainedBy: null, retainedByRoot: null, frames: [] }] },
    ]);
    const read = parseBaseline(serializeBaseline(recordBaseline(report, new Date()).baseline));
    if (!read.ok) throw new Error(read.reason);
    expect(read.baseline.scenarios[0].name).toHaveLength(LIMITS.stringChars);
    expect(read.baseline.scenarios[0].types[0].type).toBe(`${'T'.repeat(LIMITS.stringChars - 1)}…`);
  });

  it(`${LIMITS.sitesPerScenario} sites in a baseline scenario are read; one more is refused`, () => {
    const text = serializeBaseline(recordBaseline(reportOf(1), new Date()).baseline);
    const withSites = (count: number) => {
      const b = JSON.parse(text);
      b.scenarios[0].sites = Array.from({ length: count }, () => ({ file: 'a.py', line: 1, function: 'f', code: 'x', bytesPerCycle: 1, countPerCycle: 1 }));
      return JSON.stringify(b);
    };
    expect(parseBaseline(withSites(LIMITS.sitesPerScenario)).ok).toBe(true);
    expect(parseBaseline(withSites(LIMITS.sitesPerScenario + 1))).toEqual({
      ok: false,
      reason: `is invalid: baseline.scenarios[0].sites has ${LIMITS.sitesPerScenario + 1} entries, more than the ${LIMITS.sitesPerScenario} a baseline may hold`,
    });
  });
});

describe('the command line and the configuration file run at most the limit', () => {
  const toml = (count: number) => Array.from({ length: count }, (_, i) => `[[scenarios]]\nname = "s${i}"\ntarget = "s${i}.py"\n`).join('');
  it(`a configuration of ${LIMITS.scenarios} scenarios is read; one more is refused with the limit and the fix`, () => {
    expect(parseConfigFile(toml(LIMITS.scenarios), 'leakgate.toml')!.scenarios).toHaveLength(LIMITS.scenarios);
    expect(() => parseConfigFile(toml(LIMITS.scenarios + 1), 'leakgate.toml')).toThrow(
      `leakgate.toml: scenarios has ${LIMITS.scenarios + 1} scenarios, more than the ${LIMITS.scenarios} leakgate runs at once`,
    );
  });

  it(`${LIMITS.scenarios} TARGETs are taken; one more is refused`, () => {
    const targets = (count: number) => Array.from({ length: count }, (_, i) => `s${i}.py`);
    const parsed = parseCliArgs(['run', ...targets(LIMITS.scenarios)], {}, false);
    expect(parsed.command === 'run' && parsed.flags.targets.length).toBe(LIMITS.scenarios);
    expect(() => parseCliArgs(['run', ...targets(LIMITS.scenarios + 1)], {}, false)).toThrow(
      `'leakgate run' was given ${LIMITS.scenarios + 1} TARGETs, more than the ${LIMITS.scenarios} scenarios one run may hold`,
    );
  });

  it(`a scenario name of ${LIMITS.scenarioNameChars} characters is read; one more is refused naming the limit`, () => {
    const named = (length: number) => `[[scenarios]]\nname = "${'n'.repeat(length)}"\ntarget = "a.py"\n`;
    expect(parseConfigFile(named(LIMITS.scenarioNameChars), 'leakgate.toml')!.scenarios[0].name).toHaveLength(LIMITS.scenarioNameChars);
    expect(() => parseConfigFile(named(LIMITS.scenarioNameChars + 1), 'leakgate.toml')).toThrow(
      `leakgate.toml: scenarios[0].name must be at most ${LIMITS.scenarioNameChars} characters, but got ${LIMITS.scenarioNameChars + 1}`,
    );
  });

  it(`a fan-out of ${LIMITS.legs} legs is taken; one more is refused`, () => {
    expect(() => parseCliArgs(['run', 'a.py', '--shard', `${LIMITS.legs}/${LIMITS.legs}`], {}, false)).not.toThrow();
    expect(() => parseCliArgs(['run', 'a.py', '--shard', `1/${LIMITS.legs + 1}`], {}, false)).toThrow(`--shard must be i/n with 1 ≤ i ≤ n ≤ ${LIMITS.legs}`);
    expect(() => parseCliArgs(['merge', 'a.json', '--expect-legs', `${LIMITS.legs}`], {}, false)).not.toThrow();
    expect(() => parseCliArgs(['merge', 'a.json', '--expect-legs', `${LIMITS.legs + 1}`], {}, false)).toThrow(
      `--expect-legs must be an integer from 1 to ${LIMITS.legs}`,
    );
  });
});
