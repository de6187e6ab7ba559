/**
 * Many allocation sites (issue 11, item 7): a scenario with 20,000 distinct growing sites took
 * minutes in the traced window, where Snapshot.statistics("traceback") grouped every trace in
 * Python. The grouping now works from the snapshot's raw traces; it must find what it found
 * before, and scale. Real python3, real CLI.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childEnv, leakgate, leakSiteLine, ROOT } from './helpers/cli.js';

const HARNESS = join(ROOT, 'src', 'harness', 'python');
const SITES = 20_000;

/** A scenario whose cycle calls SITES small functions, each keeping a bytearray of its own, and leaks 64 KiB on one marked line. */
function manySitesScenario(sites: number): string {
  const lines = [`KEPT = [[] for _ in range(${sites})]`, 'LEAKED = []'];
  for (let i = 0; i < sites; i++) lines.push(`def site_${i}(): KEPT[${i}].append(bytearray(64))`);
  lines.push(`SITES = [${Array.from({ length: sites }, (_, i) => `site_${i}`).join(', ')}]`);
  lines.push('def cycle():', '    for site in SITES:', '        site()', '    LEAKED.append(bytearray(65536))  # leakgate: leak-site', '');
  return lines.join('\n');
}

describe('the traced window groups sites as Snapshot.statistics did', () => {
  it('on real snapshots (ties, random sizes, one library line with several callers, sites born late, a hot site), bytes, blocks, the traced total, the order of sites and their series are the same', () => {
    const result = JSON.parse(
      execFileSync('python3', [join(ROOT, '__tests__', 'fixtures', 'sites', 'grouping.py'), HARNESS], { encoding: 'utf8', env: childEnv() }),
    ) as {
      mismatches: string[];
      leftBehind: string[];
      sites: number;
      risingAtEachSnapshot: number[];
      grown: string[][];
    };
    expect(result.mismatches).toEqual([]);
    // Nothing the grouping keeps or leaves behind is outside the harness's files, where it would be the scenario's memory.
    expect(result.leftBehind).toEqual([]);
    // The comparison had something to compare: many sites, some rising to the end, many grown.
    expect(result.sites).toBeGreaterThan(30);
    expect(result.risingAtEachSnapshot.at(-1)).toBeGreaterThan(3);
    expect(result.grown.length).toBeGreaterThan(10);
    // The library's one line, reached from two callers, is two sites.
    const libraryCallers = new Set(result.grown.filter((frames) => frames[0] === 'fakelib.py:3').map((frames) => frames[1]));
    expect(libraryCallers.size).toBeGreaterThanOrEqual(2);
  });
});

describe('many growing sites scale', () => {
  it(`a scenario with ${SITES.toLocaleString('en')} distinct growing sites finishes, caught at its marked line, with the other sites listed after it`, async () => {
    const folder = mkdtempSync(join(tmpdir(), 'leakgate-many-sites-'));
    try {
      const scenario = join(folder, 'many_sites.py');
      writeFileSync(scenario, manySitesScenario(SITES));
      const result = await leakgate(['run', 'many_sites.py', '--cycles', '20'], { cwd: folder });
      const report = result.report!.scenarios[0];
      expect(report.error).toBeNull();
      expect(result.exitCode).toBe(1);
      expect(report.leak.kind).toBe('python');
      expect(`${report.sites[0].file}:${report.sites[0].line}`).toBe(`many_sites.py:${leakSiteLine(scenario)}`);
      // The 64-byte sites were grouped too: the rest of the list is theirs.
      expect(report.sites.length).toBeGreaterThan(10);
      expect(report.sites.slice(1).filter((site) => site.function.startsWith('site_')).length).toBeGreaterThan(5);
      expect(report.timing.tracedCycles).toBeGreaterThan(0);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 180_000);
});
