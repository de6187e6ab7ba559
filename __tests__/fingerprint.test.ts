/**
 * The same findings give the same fingerprint (issue 10 §5): figures, timings and the samples the
 * retention search picked change between runs of the same code; what was found does not.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { commentFingerprint, findingsOf, stableHolderPath } from '../src/report/fingerprint.js';
import type { Report } from '../src/report/types.js';
import { CLI, childEnv, NODE } from './helpers/cli.js';
import { reportOfResults, scenarioResult } from './helpers/results.js';
import { linear, syntheticRun, tracedWindow } from './helpers/synthetic.js';

const run = promisify(execFile);

function leakyReport(): Report {
  const harness = syntheticRun({
    blocks: linear(50_000, 3),
    heapBytes: linear(3e6, 8192),
    types: { 'app.cache.Session': linear(10, 1) },
    window: tracedWindow(8192, [[{ file: 'app/cache.py', line: 14, userCode: true, bytesPerCycle: 8192 }]]),
  });
  harness.window!.sites[0].retainedBy = "app.cache._cache (dict) → [key 'req-00000132'] → bytes";
  harness.window!.typeRetention = { 'app.cache.Session': 'app.cache._sessions (list) → [41] → Session' };
  return reportOfResults([scenarioResult(harness)]);
}

describe('what a fingerprint leaves out', () => {
  it.each([
    { what: "a dict's sampled key", path: "app._cache (dict) → [key 'req-00000132'] → bytes", stable: 'app._cache (dict) → [key] → bytes' },
    { what: 'a key whose repr holds brackets', path: "app._cache (dict) → [key ('a', [1])] → User", stable: 'app._cache (dict) → [key] → User' },
    { what: "a list's index", path: 'app.items (list) → [1041] → dict → .user → User', stable: 'app.items (list) → [index] → dict → .user → User' },
    {
      what: "a thread's current line",
      path: "a live thread's frame serve (server.py:88) → local q in serve → list → [3] → Job",
      stable: "a live thread's frame serve (server.py:#) → local q in serve → list → [index] → Job",
    },
  ])('a holder path without $what', ({ path, stable }) => {
    expect(stableHolderPath(path)).toBe(stable);
  });
});

describe('the same findings give the same fingerprint', () => {
  const base = leakyReport();
  const fingerprint = commentFingerprint(base);

  it('is short and versioned', () => {
    expect(fingerprint).toMatch(/^v1-[0-9a-f]{20}$/);
  });

  it.each([
    {
      what: 'every figure and timing moved',
      change: (r: Report, _before: Report) => {
        const s = r.scenarios[0];
        s.growth = { ...s.growth, rssBytesPerCycle: 47, heapBytesPerCycle: 8859, tracedBytesPerCycle: 8488 };
        s.sites[0].bytesPerCycle *= 1.04;
        s.types[0].perCycle = 1.02;
        s.types[0].count += 17;
        s.timing.wallSeconds = 9.9;
        s.leak.reasons = s.leak.reasons.map((reason) => reason.replace(/\d+(\.\d+)?/g, '9.87'));
        s.series.cycles.rssBytes = s.series.cycles.rssBytes.map((v) => (v === null ? v : v + 4096));
      },
    },
    {
      what: "a container's resize showed in the traced window, and a small steady site",
      change: (r: Report, _before: Report) => {
        const [top] = r.scenarios[0].sites;
        r.scenarios[0].sites.push(
          { ...top, line: 15, bytesPerCycle: top.bytesPerCycle / 18, countPerCycle: 0.14 },
          { ...top, line: 16, bytesPerCycle: 61, countPerCycle: 1 },
        );
      },
    },
    {
      what: 'the retention search ran out of time on a loaded machine',
      change: (r: Report, _before: Report) => {
        r.scenarios[0].sites[0].retainedBy = 'no path found within limits';
        r.scenarios[0].types[0].retainedBy = null;
      },
    },
    {
      what: 'the retention search sampled another key and index',
      change: (r: Report, _before: Report) => {
        r.scenarios[0].sites[0].retainedBy = "app.cache._cache (dict) → [key 'req-00000151'] → bytes";
        r.scenarios[0].types[0].retainedBy = 'app.cache._sessions (list) → [57] → Session';
      },
    },
    {
      what: 'the sites came in another order',
      change: (r: Report, before: Report) => {
        const other = { ...before.scenarios[0].sites[0], file: 'app/other.py' };
        before.scenarios[0].sites.push(other);
        r.scenarios[0].sites = [other, ...r.scenarios[0].sites];
      },
    },
  ])('when $what', ({ change }) => {
    const before = leakyReport();
    const after = leakyReport();
    change(after, before);
    expect(findingsOf(after)).toEqual(findingsOf(before));
    expect(commentFingerprint(after)).toBe(commentFingerprint(before));
  });

  it.each([
    {
      what: 'the verdict',
      change: (r: Report) => {
        r.verdict = 'pass';
      },
    },
    {
      what: 'a new site',
      change: (r: Report) => {
        r.scenarios[0].sites.push({ ...r.scenarios[0].sites[0], file: 'app/new.py', line: 3 });
      },
    },
    {
      what: 'a new site a fifth as large',
      change: (r: Report) => {
        r.scenarios[0].sites.push({ ...r.scenarios[0].sites[0], file: 'app/new.py', line: 3, bytesPerCycle: r.scenarios[0].sites[0].bytesPerCycle / 5 });
      },
    },
    {
      what: 'the line of a site',
      change: (r: Report) => {
        r.scenarios[0].sites[0].line = 15;
      },
    },
    {
      what: 'a new type',
      change: (r: Report) => {
        r.scenarios[0].types.push({ type: 'app.User', perCycle: 1, count: 9, retainedBy: null, retainedByRoot: null, frames: [] });
      },
    },
    {
      what: 'the kind of leak',
      change: (r: Report) => {
        r.scenarios[0].leak.kind = 'native';
      },
    },
    {
      what: 'the class against the baseline',
      change: (r: Report) => {
        r.scenarios[0].comparison = { class: 'worse', reason: 'x', baseline: null, sites: [], types: [], caveats: [] };
      },
    },
    {
      what: 'a regression accepted by a label',
      change: (r: Report) => {
        r.gate = { ...r.gate, acceptedBy: 'leakgate:accept' };
      },
    },
    {
      what: 'a warning',
      change: (r: Report) => {
        r.warnings.push("a thread is still running: 'poller'");
      },
    },
  ])('changes with $what', ({ change }) => {
    const after = leakyReport();
    change(after);
    expect(commentFingerprint(after)).not.toBe(fingerprint);
  });

  it('changes with what the caller shows beside the report', () => {
    expect(commentFingerprint(base, ['baseline: missing'])).not.toBe(commentFingerprint(base, ['baseline: compared']));
  });
});

describe('two real runs of the same leak', () => {
  const work = mkdtempSync(join(tmpdir(), 'leakgate-fingerprint-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('of different lengths, whose figures and sampled keys differ, give one fingerprint', async () => {
    const reports: Report[] = [];
    for (const cycles of ['60', '100']) {
      const json = join(work, `report-${cycles}.json`);
      await run(NODE, [...CLI, 'run', 'examples/unbounded_cache/leaky.py', '--cycles', cycles, '--json', json, '--progress', 'none'], {
        env: childEnv(),
      }).catch((error: { code?: number }) => {
        if (error.code !== 1) throw error; // 1: the leak fails the gate
      });
      reports.push(JSON.parse(readFileSync(json, 'utf8')) as Report);
    }
    const [short, long] = reports;
    expect(short.scenarios[0].verdict).toBe('fail');
    expect(long.scenarios[0].verdict).toBe('fail');
    // The runs differ where runs differ: in what they measured (and the key the retention search sampled, when it found one in time).
    expect(short.scenarios[0].series.cycles.cycle.length).not.toBe(long.scenarios[0].series.cycles.cycle.length);
    expect(commentFingerprint(short)).toBe(commentFingerprint(long));
  }, 180_000);
});
