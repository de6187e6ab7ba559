/**
 * Many scenarios from a configuration file, end to end with the built CLI: one process each,
 * in parallel with --jobs, errors do not stop the others, one report, and merging legs.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, leakgate, ROOT } from './helpers/cli.js';
import { schemaErrors } from './helpers/schema.js';

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'leakgate-project-'));
  cpSync(join(ROOT, 'examples'), join(dir, 'examples'), { recursive: true });
  cpSync(join(FIXTURES, 'raises_on_37.py'), join(dir, 'broken.py'));
  writeFileSync(
    join(dir, 'pyproject.toml'),
    `[project]
name = "demo"

[tool.leakgate]
cycles = 60
warmup = 10

[[tool.leakgate.scenarios]]
name = "cache"
target = "examples/unbounded_cache/leaky.py"

[[tool.leakgate.scenarios]]
name = "cache-fixed"
target = "examples/unbounded_cache/clean.py"

[[tool.leakgate.scenarios]]
name = "broken"
target = "broken.py"

[[tool.leakgate.scenarios]]
name = "descriptors"
target = "examples/fd_leak/leaky.py"
`,
  );
  return dir;
}

describe('a project with configured scenarios', () => {
  it('runs every configured scenario in its own process, in parallel, and reports all in one', async () => {
    const dir = project();
    const result = await leakgate(['run', '--cwd', dir, '--jobs', '2']);
    const report = result.report!;
    expect(schemaErrors(report)).toEqual([]);
    expect(report.scenarios.map((s) => [s.name, s.verdict])).toEqual([
      ['cache', 'fail'],
      ['cache-fixed', 'pass'],
      ['broken', 'error'],
      ['descriptors', 'fail'],
    ]);
    // The error of one does not stop the others; the overall verdict is the worst of all.
    expect(report.scenarios[2].error!.message).toContain('raised ValueError');
    expect(report.verdict).toBe('error');
    expect(result.exitCode).toBe(2);
    expect(report.scenarios[0].cycles).toBe(60);
    // A summary table first, then the failing scenarios' details first.
    expect(result.stdout.indexOf('Scenarios (4)')).toBeLessThan(result.stdout.indexOf('! ERROR  broken'));
    expect(result.stdout.indexOf('! ERROR  broken')).toBeLessThan(result.stdout.indexOf('✓ PASS  cache-fixed'));
  });

  it('--scenario NAME picks some; an unknown name is an error with a suggestion', async () => {
    const dir = project();
    const picked = await leakgate(['run', '--cwd', dir, '--scenario', 'cache-fixed', '--scenario', 'descriptors']);
    expect(picked.report!.scenarios.map((s) => s.name)).toEqual(['cache-fixed', 'descriptors']);
    expect(picked.exitCode).toBe(1);
    const typo = await leakgate(['run', '--cwd', dir, '--scenario', 'cach'], { json: false });
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toContain("--scenario 'cach' is not configured in pyproject.toml; did you mean 'cache'?");
  });

  it('a bad configuration file stops the run with the file, the key and the fix', async () => {
    const dir = project();
    writeFileSync(join(dir, 'leakgate.toml'), 'cycles = 100\nwarmups = 5\n');
    const result = await leakgate(['run', '--cwd', dir], { json: false });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("leakgate.toml: warmups is not a leakgate setting; did you mean 'warmup'?");
  });

  it('shards, run separately and merged, give one report with every scenario exactly once', async () => {
    const dir = project();
    const legs = [];
    for (const shard of ['1/3', '2/3', '3/3']) {
      const leg = await leakgate(['run', '--cwd', dir, '--shard', shard, '--scenario', 'cache', '--scenario', 'cache-fixed', '--scenario', 'descriptors']);
      const file = join(dir, `leg-${shard.replace('/', '-of-')}.json`);
      writeFileSync(file, JSON.stringify(leg.report));
      legs.push(file);
    }
    const merged = await leakgate(['merge', ...legs, '--expect-legs', '3']);
    expect(merged.report!.scenarios.map((s) => s.name).sort()).toEqual(['cache', 'cache-fixed', 'descriptors']);
    expect(merged.report!.verdict).toBe('fail');
    expect(merged.exitCode).toBe(1);
    expect(schemaErrors(merged.report)).toEqual([]);
  });

  it('a missing leg and a tampered report are reported as errors, never dropped', async () => {
    const dir = project();
    const leg = await leakgate(['run', '--cwd', dir, '--scenario', 'cache-fixed']);
    const good = join(dir, 'leg-1.json');
    writeFileSync(good, JSON.stringify(leg.report));
    const tampered = join(dir, 'leg-2.json');
    writeFileSync(tampered, JSON.stringify({ ...leg.report, verdict: 'pass', scenarios: [{ name: '<img src=x>', verdict: 'pass' }] }));
    const merged = await leakgate(['merge', good, tampered, '--expect-legs', '3', '--markdown', join(dir, 'merged.md')]);
    const names = merged.report!.scenarios.map((s) => [s.name, s.verdict]);
    expect(names).toEqual([
      ['cache-fixed', 'pass'],
      [`(${tampered})`, 'error'],
      ['(leg 3 of 3)', 'error'],
    ]);
    expect(merged.report!.scenarios[1].error!.message).toContain('does not match the report schema');
    expect(merged.report!.scenarios[2].error!.message).toContain('no report was given for it');
    expect(merged.exitCode).toBe(2);
    expect(readFileSync(join(dir, 'merged.md'), 'utf8')).not.toContain('<img');
  });
});
