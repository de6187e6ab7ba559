/**
 * Legs of a fan-out, end to end with the built CLI and real Python (issue 10 §3–4): a shard
 * with no scenarios still reports, and merge takes each shard 1..n exactly once, refusing
 * duplicated and missing legs and legs of different workflow runs with exit 2.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../src/report/types.js';
import { leakgate } from './helpers/cli.js';
import { schemaErrors } from './helpers/schema.js';

const FAST = ['--cycles', '10', '--warmup', '2', '--progress', 'none'];

/** A project with one configured scenario, so that a fan-out of 2 leaves shard 2 empty. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'leakgate-legs-'));
  writeFileSync(join(dir, 'clean.py'), 'def cycle():\n    return sum(range(100))\n');
  writeFileSync(join(dir, 'leakgate.toml'), '[[scenarios]]\nname = "only"\ntarget = "clean.py"\n');
  return dir;
}

const errorsOf = (report: Report) => report.scenarios.filter((s) => s.verdict === 'error').map((s) => [s.error!.kind, s.error!.message]);

describe('a fan-out of 2 over 1 scenario', () => {
  let dir: string;
  let leg1: string;
  let leg2: string;
  beforeAll(async () => {
    dir = project();
    leg1 = join(dir, 'leg-1.json');
    leg2 = join(dir, 'leg-2.json');
    const first = await leakgate(['run', '--cwd', dir, '--shard', '1/2', ...FAST, '--json', leg1], { json: false });
    expect(first.exitCode).toBe(0);
  }, 180_000);

  it('the empty shard says it has no scenarios, writes JSON and Markdown that say so, and exits 0', async () => {
    const markdown = join(dir, 'leg-2.md');
    const result = await leakgate(['run', '--cwd', dir, '--shard', '2/2', ...FAST, '--json', leg2, '--markdown', markdown], { json: false });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('leakgate: shard 2/2 has no scenarios: 1 scenario split over 2 shards');
    const report = JSON.parse(readFileSync(leg2, 'utf8')) as Report;
    expect(schemaErrors(report)).toEqual([]);
    expect(report).toMatchObject({ verdict: 'pass', scenarios: [], summary: 'shard 2/2 has no scenarios: 1 scenario split over 2 shards' });
    expect(report.origin!.shard).toEqual({ index: 2, count: 2, scenariosInAll: 1 });
    expect(readFileSync(markdown, 'utf8')).toContain('shard 2/2 has no scenarios: 1 scenario split over 2 shards');
  });

  it('each leg carries its shard and the run it came from', () => {
    const report = JSON.parse(readFileSync(leg1, 'utf8')) as Report;
    expect(schemaErrors(report)).toEqual([]);
    expect(report.origin!.shard).toEqual({ index: 1, count: 2, scenariosInAll: 1 });
    expect(report.origin!.runId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(report.origin!.startedAt)).not.toBeNaN();
  });

  it('merging both legs counts the empty one as a leg that ran: the verdict is the first leg’s', async () => {
    const merged = await leakgate(['merge', leg1, leg2, '--expect-legs', '2']);
    expect(merged.exitCode).toBe(0);
    expect(merged.report!.scenarios.map((s) => [s.name, s.verdict])).toEqual([['only', 'pass']]);
    expect(schemaErrors(merged.report)).toEqual([]);
    expect(merged.stderr).toBe('');
  });

  it('a leg given twice is an error naming the shard and both files, and the missing leg is named too', async () => {
    const copy = join(dir, 'leg-1b.json');
    copyFileSync(leg1, copy);
    const merged = await leakgate(['merge', leg1, copy, '--expect-legs', '2']);
    expect(merged.exitCode).toBe(2);
    expect(merged.report!.verdict).toBe('error');
    expect(errorsOf(merged.report!)).toEqual([
      ['duplicate-leg', `shard 1/2 given twice: ${leg1} and ${copy}`],
      ['missing-leg', 'shard 2/2 missing: none of the reports given is shard 2 of 2'],
    ]);
    // The scenario is reported once: the duplicate's copy is left out.
    expect(merged.report!.scenarios.filter((s) => s.name === 'only')).toHaveLength(1);
    expect(merged.stderr).toContain(`leakgate: shard 1/2 given twice: ${leg1} and ${copy}`);
    expect(merged.stdout).toContain('shard 1/2 given twice');
    expect(schemaErrors(merged.report)).toEqual([]);
  });

  it('the same file twice without --expect-legs is refused as well: the legs say how many there are', async () => {
    const merged = await leakgate(['merge', leg1, leg1]);
    expect(merged.exitCode).toBe(2);
    expect(errorsOf(merged.report!).map(([kind]) => kind)).toEqual(['duplicate-leg', 'missing-leg']);
  });

  it('a missing leg is an error naming the shard', async () => {
    const merged = await leakgate(['merge', leg2, '--expect-legs', '2']);
    expect(merged.exitCode).toBe(2);
    expect(errorsOf(merged.report!)).toEqual([['missing-leg', 'shard 1/2 missing: none of the reports given is shard 1 of 2']]);
    expect(merged.stderr).toContain('leakgate: shard 1/2 missing');
  });

  it('a leg of another fan-out size, or a run without --shard, is not one of the legs', async () => {
    const other = join(dir, 'other.json');
    const report = JSON.parse(readFileSync(leg1, 'utf8')) as Report;
    writeFileSync(other, JSON.stringify({ ...report, origin: { ...report.origin, shard: { index: 2, count: 3, scenariosInAll: 1 } } }));
    const plain = join(dir, 'plain.json');
    writeFileSync(plain, JSON.stringify({ ...report, origin: { ...report.origin, runId: 'another', shard: null } }));
    const merged = await leakgate(['merge', leg1, other, plain, '--expect-legs', '2']);
    expect(merged.exitCode).toBe(2);
    expect(errorsOf(merged.report!)).toEqual([
      ['foreign-leg', `${other} is shard 2/3, not one of 2 legs`],
      ['foreign-leg', `${plain} is not a shard: it was run without --shard, so it is not one of the 2 legs`],
      ['missing-leg', 'shard 2/2 missing: none of the reports given is shard 2 of 2'],
    ]);
  });

  it('legs of different workflow runs are refused; attempts of one run are not', async () => {
    const inRun = async (runId: string, attempt: string, shard: string, file: string) => {
      const result = await leakgate(['run', '--cwd', dir, '--shard', shard, ...FAST, '--json', file], {
        json: false,
        env: { GITHUB_ACTIONS: 'true', GITHUB_RUN_ID: runId, GITHUB_RUN_ATTEMPT: attempt },
      });
      expect(result.exitCode).toBe(0);
      return file;
    };
    const a1 = await inRun('111', '1', '1/2', join(dir, 'run-111-leg-1.json'));
    const a2 = await inRun('111', '2', '2/2', join(dir, 'run-111-leg-2.json'));
    const b2 = await inRun('222', '1', '2/2', join(dir, 'run-222-leg-2.json'));
    expect((JSON.parse(readFileSync(a2, 'utf8')) as Report).origin!.ci).toEqual({ runId: '111', runAttempt: '2' });

    const same = await leakgate(['merge', a1, a2, '--expect-legs', '2']);
    expect(same.exitCode).toBe(0);
    const mixed = await leakgate(['merge', a1, b2, '--expect-legs', '2']);
    expect(mixed.exitCode).toBe(2);
    expect(errorsOf(mixed.report!)).toEqual([
      ['foreign-leg', `the legs come from different workflow runs: ${a1} from workflow run 111; ${b2} from workflow run 222`],
    ]);
  }, 180_000);

  it('reports without shard information (single runs, or written before they had one) merge by count as before', async () => {
    const report = JSON.parse(readFileSync(leg1, 'utf8')) as Report;
    const old: Partial<Report> = { ...report };
    delete old.origin;
    const a = join(dir, 'old-a.json');
    const b = join(dir, 'old-b.json');
    writeFileSync(a, JSON.stringify(old));
    writeFileSync(b, JSON.stringify({ ...old, scenarios: [] }));
    const merged = await leakgate(['merge', a, b, '--expect-legs', '3']);
    expect(merged.report!.scenarios.map((s) => [s.name, s.verdict])).toEqual([
      ['only', 'pass'],
      ['(leg 3 of 3)', 'error'],
    ]);
    expect(merged.exitCode).toBe(2);
    const two = await leakgate(['merge', a, b, '--expect-legs', '2']);
    expect(two.exitCode).toBe(0);
  });

  it('an unsharded report given twice is refused: it is one run, by its run id', async () => {
    const report = JSON.parse(readFileSync(leg1, 'utf8')) as Report;
    const single = join(dir, 'single.json');
    writeFileSync(single, JSON.stringify({ ...report, origin: { ...report.origin, shard: null } }));
    const merged = await leakgate(['merge', single, single, '--expect-legs', '2']);
    expect(merged.exitCode).toBe(2);
    expect(errorsOf(merged.report!)).toEqual([['duplicate-leg', `${single} is the same report as ${single} (run ${report.origin!.runId}) given twice`]]);
  });
});
