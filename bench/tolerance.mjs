// Measures how the baseline comparison behaves on every benchmark leak (issue 13), with the
// comparison code itself: src/compare/compare.ts and src/compare/baseline.ts are transpiled as they
// are (no copy of the rule lives here) into build/tolerance/ and imported.
//
// For each leaky example and leaky bench scenario, in a scratch repository holding it as
// scenario.py, the built CLI runs:
//   - the same code REPEATS times, each saving a baseline (--save-baseline): every ordered pair
//     of these runs, one as the other's baseline, should be "unchanged" (a flip is worse or improved);
//   - the leak made 2x worse REPEATS times: every cycle runs the scenario's cycle twice (a second
//     call of the leaking line per cycle), compared with each same-code baseline: should be "worse";
//   - the leak made 1.25x worse REPEATS_125 times: a second call on every fourth cycle, reported
//     with the ratio and margin the comparison gives.
// Usage: node bench/tolerance.mjs [repeats=10] [repeats of the 1.25x variant=3]
//        TOLERANCE_ONLY=leak_fd node bench/tolerance.mjs …   (only targets containing the text; their rows replace those of the last results)
// Writes bench/results/tolerance.json; bench/TOLERANCE.md discusses the figures.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

const repeats = Number(process.argv[2] ?? 10);
const repeatsQuarter = Number(process.argv[3] ?? 3);
const targets = [
  ...readdirSync('examples')
    .filter((d) => existsSync(`examples/${d}/leaky.py`))
    .map((d) => `examples/${d}/leaky.py`),
  // Flask is not a dependency of this project: its scenario runs only where it is installed.
  ...readdirSync('bench/scenarios')
    .filter((f) => f.startsWith('leak_') && !f.includes('flask'))
    .map((f) => `bench/scenarios/${f}`),
].filter((t) => !process.env.TOLERANCE_ONLY || t.includes(process.env.TOLERANCE_ONLY));

/** Transpile src/compare/compare.ts, the words of its reasons and what they import (relative imports only) into build/tolerance, and import them. */
async function loadComparison() {
  const out = 'build/tolerance';
  rmSync(out, { recursive: true, force: true });
  const pending = ['src/compare/compare.ts', 'src/compare/baseline.ts', 'src/settings/constants.ts', 'src/report/comparison-words.ts'];
  const done = new Set();
  while (pending.length > 0) {
    const file = pending.pop();
    if (done.has(file)) continue;
    done.add(file);
    const source = readFileSync(file, 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
      fileName: file,
    });
    const target = join(out, file.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
    // Type-only imports are gone from the output; follow the value imports left in it.
    for (const [, spec] of outputText.matchAll(/from\s+'(\.{1,2}\/[^']+)\.js'/g)) pending.push(join(dirname(file), `${spec}.ts`));
  }
  const url = (file) => pathToFileURL(join(process.cwd(), out, file)).href;
  return {
    ...(await import(url('src/compare/compare.js'))),
    ...(await import(url('src/compare/baseline.js'))),
    ...(await import(url('src/settings/constants.js'))),
    ...(await import(url('src/report/comparison-words.js'))),
  };
}

const { compareScenario, comparisonWords, parseBaseline, NUMERIC_SETTINGS, DEFAULT_THRESHOLDS } = await loadComparison();
const tolerance = {
  relativePercent: NUMERIC_SETTINGS.tolerancePercent.default,
  bytesPerCycle: NUMERIC_SETTINGS.toleranceBytesPerCycle.default,
  objectsPerCycle: NUMERIC_SETTINGS.toleranceObjectsPerCycle.default,
};

/** The scenario with its `cycle` wrapped: `extraEvery` 1 runs it twice every cycle, 4 an extra time every fourth cycle. */
function worse(source, extraEvery) {
  const isAsync = /^async def cycle\(/m.test(source);
  const call = isAsync ? 'await _leakgate_bench_cycle()' : '_leakgate_bench_cycle()';
  return `${source}

# leakgate bench: the leak made worse, a second call of the cycle (and its leaking line) every ${extraEvery === 1 ? '' : `${extraEvery}th `}cycle
_leakgate_bench_cycle = cycle
_leakgate_bench_calls = 0


${isAsync ? 'async ' : ''}def cycle():
    global _leakgate_bench_calls
    _leakgate_bench_calls += 1
    if _leakgate_bench_calls % ${extraEvery} == 0:
        ${call}
    return ${call}
`;
}

const scratch = mkdtempSync(join(tmpdir(), 'leakgate-tolerance-'));
const cli = join(process.cwd(), 'dist', 'cli.js');

/** A scratch repository holding the scenario as scenario.py (and the bench's shared _service.py). */
function repository(name, target, text) {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'scenario.py'), text);
  const service = join(dirname(target), '_service.py');
  if (existsSync(service)) copyFileSync(service, join(dir, '_service.py'));
  return dir;
}

/** One run of the built CLI; returns its scenario result and, when asked, the baseline it saved. */
function run(dir, index, saveBaseline) {
  const json = join(dir, `r${index}.json`);
  const baseline = join(dir, `b${index}.json`);
  const args = [cli, 'run', 'scenario.py', '--cwd', dir, '--progress', 'none', '--json', json, ...(saveBaseline ? ['--save-baseline', baseline] : [])];
  try {
    execFileSync(process.execPath, args, { stdio: 'ignore' });
  } catch {
    // exit 1 is expected: these scenarios leak
  }
  const scenario = JSON.parse(readFileSync(json, 'utf8')).scenarios[0];
  if (!saveBaseline) return { scenario, baseline: null };
  const parsed = parseBaseline(readFileSync(baseline, 'utf8'));
  if (!parsed.ok) throw new Error(`${baseline} ${parsed.reason}`);
  return { scenario, baseline: parsed.baseline };
}

const compare = (current, baseline) =>
  comparisonWords(compareScenario(current.scenario, baseline.baseline.scenarios[0], baseline.baseline, tolerance, DEFAULT_THRESHOLDS));
const median = (xs) => (xs.length === 0 ? null : [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]);
const count = (xs) => {
  const counts = {};
  for (const x of xs) counts[x] = (counts[x] ?? 0) + 1;
  return counts;
};
const fixed = (v, digits = 2) => (v === null || v === undefined ? 'n/a' : v.toFixed(digits));

const rows = [];
const started = Date.now();
for (const target of targets) {
  const source = readFileSync(target, 'utf8');
  const slug = relative('.', target).replace(/[/.]/g, '_');
  const sameDir = repository(`${slug}-same`, target, source);
  const doubleDir = repository(`${slug}-double`, target, worse(source, 1));
  const quarterDir = repository(`${slug}-quarter`, target, worse(source, 4));
  const same = Array.from({ length: repeats }, (_, i) => run(sameDir, i, true));
  const doubled = Array.from({ length: repeats }, (_, i) => run(doubleDir, i, false));
  const quarter = Array.from({ length: repeatsQuarter }, (_, i) => run(quarterDir, i, false));

  // The same code: every ordered pair, one as the other's baseline.
  const sameClasses = [];
  const sameReasons = [];
  for (const [i, current] of same.entries()) {
    for (const [j, baseline] of same.entries()) {
      if (i === j) continue;
      const c = compare(current, baseline);
      sameClasses.push(c.class);
      if (c.class !== 'unchanged') sameReasons.push(c.reason);
    }
  }
  // The primary rate of the same-code runs (the first signal compared), for the spread.
  const primaries = same
    .slice(1)
    .map((current) => compare(current, same[0]).signals?.[0])
    .filter(Boolean);
  const primary = primaries[0]?.signal ?? null;
  const values = [primaries[0]?.baseline, ...primaries.map((s) => s.current)].filter((v) => v !== undefined);
  const margins = [primaries[0]?.baselineMargin, ...primaries.map((s) => s.currentMargin)].filter((v) => v !== undefined);
  const mid = median(values);

  // 2x: each doubled run against every same-code baseline; a repeat counts when all its pairs say worse.
  const doubledClasses = [];
  const decidedBy = [];
  const doubledRatios = [];
  let doubledRepeatsWorse = 0;
  for (const current of doubled) {
    const classes = same.map((baseline) => compare(current, baseline));
    if (classes.every((c) => c.class === 'worse')) doubledRepeatsWorse += 1;
    for (const c of classes) {
      doubledClasses.push(c.class);
      const first = c.signals?.find((s) => s.class === 'worse');
      decidedBy.push(first ? first.signal.replace(/:.*/, '') : c.class === 'worse' ? 'new site or type' : c.class);
      if (c.signals?.[0]?.ratio != null) doubledRatios.push(c.signals[0].ratio);
    }
  }

  // 1.25x: the ratio and margin of the primary signal, and the class, against the same-code baseline of the same index.
  const quarterResults = quarter.map((current, i) => {
    const c = compare(current, same[i % same.length]);
    const s = c.signals?.[0] ?? null;
    return { class: c.class, signal: s?.signal ?? null, ratio: s?.ratio ?? null, ratioMargin: s?.ratioMargin ?? null, reason: c.reason };
  });

  const row = {
    target,
    primary,
    sameMedianPerCycle: mid,
    sameMin: values.length ? Math.min(...values) : null,
    sameMax: values.length ? Math.max(...values) : null,
    sameSpreadPercent: mid ? (100 * (Math.max(...values) - Math.min(...values))) / Math.abs(mid) : null,
    sameMedianMargin: median(margins),
    samePairs: sameClasses.length,
    sameClasses: count(sameClasses),
    sameFlips: sameClasses.filter((c) => c === 'worse' || c === 'improved').length,
    sameNotUnchangedReasons: [...new Set(sameReasons)].slice(0, 5),
    doubledPairs: doubledClasses.length,
    doubledClasses: count(doubledClasses),
    doubledRepeatsWorse,
    doubledRepeats: doubled.length,
    doubledDecidedBy: count(decidedBy),
    doubledMedianRatio: median(doubledRatios),
    quarter: quarterResults,
  };
  rows.push(row);
  const quarterWords = quarterResults.map((q) => `${fixed(q.ratio)}×±${fixed(q.ratioMargin)} ${q.class}`).join(', ');
  console.log(
    `${target.padEnd(44)} ${String(primary).padEnd(20)} same: median ${fixed(mid, 1)} spread ${fixed(row.sameSpreadPercent, 1)}% margin ${fixed(row.sameMedianMargin, 1)} flips ${row.sameFlips}/${row.samePairs} ${JSON.stringify(row.sameClasses)} | 2x: worse ${row.doubledClasses.worse ?? 0}/${row.doubledPairs}, repeats ${doubledRepeatsWorse}/${doubled.length}, ratio ${fixed(row.doubledMedianRatio)} by ${JSON.stringify(row.doubledDecidedBy)} | 1.25x: ${quarterWords}`,
  );
}
rmSync(scratch, { recursive: true, force: true });
mkdirSync('bench/results', { recursive: true });
const seconds = Math.round((Date.now() - started) / 1000);
// TOLERANCE_ONLY re-measures some scenarios: their rows replace the same targets' in the last results.
const previous =
  process.env.TOLERANCE_ONLY && existsSync('bench/results/tolerance.json') ? JSON.parse(readFileSync('bench/results/tolerance.json', 'utf8')) : null;
const merged = previous ? previous.rows.map((old) => rows.find((row) => row.target === old.target) ?? old) : rows;
const remeasured = previous
  ? { ...(previous.remeasured ?? {}), ...Object.fromEntries(rows.map((row) => [row.target, { seconds, repeats, repeatsQuarter }])) }
  : undefined;
writeFileSync(
  'bench/results/tolerance.json',
  `${JSON.stringify({ repeats: previous?.repeats ?? repeats, repeatsQuarter: previous?.repeatsQuarter ?? repeatsQuarter, tolerance, thresholds: DEFAULT_THRESHOLDS, node: process.version, seconds: previous?.seconds ?? seconds, ...(remeasured ? { remeasured } : {}), rows: merged }, null, 2)}\n`,
);
console.log(`${rows.length} scenarios, ${seconds} s`);
