// Measures run-to-run spread of the figures a baseline comparison judges, to choose the
// default tolerance of "worse". Runs every leaky example (and the leaky hard cases) REPEATS
// times with the built CLI and reports, per scenario, the median and the spread of its rate,
// and how many pairs of its runs (the same code, each against another as its baseline) the
// default tolerance would call worse or improved, with and without the rates' 95% margins.
// Usage: node bench/tolerance.mjs [repeats]   (writes bench/results/tolerance.json)
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repeats = Number(process.argv[2] ?? 5);
const targets = [
  ...readdirSync('examples').filter((d) => !d.startsWith('.') && d !== 'workflows').map((d) => `examples/${d}/leaky.py`),
  ...readdirSync('bench/scenarios').filter((f) => f.startsWith('leak_') && !f.includes('flask')).map((f) => `bench/scenarios/${f}`),
];
const scratch = mkdtempSync(join(tmpdir(), 'leakgate-tolerance-'));
const rateOf = (s) => {
  const g = s.growth;
  if (s.leak.kind === 'fd') return { value: g.fdsPerCycle, unit: 'objects', margin: 0 };
  if (s.leak.kind === 'native') return g.heapBytesPerCycle !== null ? { value: g.heapBytesPerCycle, unit: 'bytes', margin: 0 } : { value: g.rssBytesPerCycle, unit: 'bytes', margin: 0 };
  if (g.tracedBytesPerCycle !== null) return { value: g.tracedBytesPerCycle, unit: 'bytes', margin: g.tracedBytesPerCycleMargin ?? 0 };
  return { value: g.blocksPerCycle, unit: 'objects', margin: 0 };
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// The default tolerance and the rule of src/compare.ts (classifyRate): 50% + 1 KiB or 0.5
// objects, widened by the combined 95% margins of the two rates when they have them.
const TOLERANCE = { relative: 0.5, bytes: 1024, objects: 0.5 };
const flips = (runs, unit, withMargin) => {
  let count = 0;
  for (const current of runs) {
    for (const baseline of runs) {
      if (current === baseline) continue;
      const margin = withMargin ? Math.hypot(current.margin, baseline.margin) : 0;
      const absolute = (unit === 'bytes' ? TOLERANCE.bytes : TOLERANCE.objects) + margin;
      if (current.value > baseline.value * (1 + TOLERANCE.relative) + absolute || current.value < baseline.value * (1 - TOLERANCE.relative) - absolute) count += 1;
    }
  }
  return count;
};
const rows = [];
for (const target of targets) {
  const values = [];
  const runs = [];
  let unit = null;
  for (let i = 0; i < repeats; i++) {
    const json = join(scratch, 'r.json');
    try {
      execFileSync(process.execPath, ['dist/cli.js', 'run', target, '--progress', 'none', '--json', json], { stdio: 'ignore' });
    } catch {
      // exit 1 is expected: these scenarios leak
    }
    const s = JSON.parse(readFileSync(json, 'utf8')).scenarios[0];
    const rate = rateOf(s);
    unit = rate.unit;
    values.push(rate.value);
    runs.push(rate);
  }
  const mid = median(values);
  const spreadPercent = (100 * (Math.max(...values) - Math.min(...values))) / Math.abs(mid || 1);
  const worstDeviationPercent = Math.max(...values.map((v) => (100 * Math.abs(v - mid)) / Math.abs(mid || 1)));
  const pairs = runs.length * (runs.length - 1);
  const flipsWithMargin = flips(runs, unit, true);
  const flipsWithoutMargin = flips(runs, unit, false);
  const medianMargin = median(runs.map((r) => r.margin));
  rows.push({ target, unit, median: mid, min: Math.min(...values), max: Math.max(...values), spreadPercent, worstDeviationPercent, medianMargin, pairs, flipsWithMargin, flipsWithoutMargin });
  console.log(`${target.padEnd(48)} ${unit.padEnd(8)} median ${mid.toFixed(2).padStart(10)}  min ${Math.min(...values).toFixed(2).padStart(10)}  max ${Math.max(...values).toFixed(2).padStart(10)}  spread ${spreadPercent.toFixed(1)}%  margin ${medianMargin.toFixed(1)}  flips ${flipsWithMargin}/${pairs} (${flipsWithoutMargin} without the margin)`);
}
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/tolerance.json', `${JSON.stringify({ repeats, node: process.version, rows }, null, 2)}\n`);
