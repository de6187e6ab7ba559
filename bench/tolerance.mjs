// Measures run-to-run spread of the figures a baseline comparison judges, to choose the
// default tolerance of "worse". Runs every leaky example (and the leaky hard cases) REPEATS
// times with the built CLI and reports, per scenario, the median and the spread of its rate.
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
  if (s.leak.kind === 'fd') return { value: g.fdsPerCycle, unit: 'objects' };
  if (s.leak.kind === 'native') return g.heapBytesPerCycle !== null ? { value: g.heapBytesPerCycle, unit: 'bytes' } : { value: g.rssBytesPerCycle, unit: 'bytes' };
  if (g.tracedBytesPerCycle !== null) return { value: g.tracedBytesPerCycle, unit: 'bytes' };
  return { value: g.blocksPerCycle, unit: 'objects' };
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
for (const target of targets) {
  const values = [];
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
  }
  const mid = median(values);
  const spreadPercent = (100 * (Math.max(...values) - Math.min(...values))) / Math.abs(mid || 1);
  const worstDeviationPercent = Math.max(...values.map((v) => (100 * Math.abs(v - mid)) / Math.abs(mid || 1)));
  rows.push({ target, unit, median: mid, min: Math.min(...values), max: Math.max(...values), spreadPercent, worstDeviationPercent });
  console.log(`${target.padEnd(48)} ${unit.padEnd(8)} median ${mid.toFixed(2).padStart(10)}  min ${Math.min(...values).toFixed(2).padStart(10)}  max ${Math.max(...values).toFixed(2).padStart(10)}  spread ${spreadPercent.toFixed(1)}%`);
}
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/tolerance.json', `${JSON.stringify({ repeats, node: process.version, rows }, null, 2)}\n`);
