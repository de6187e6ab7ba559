/**
 * Records the real reports behind issue 16's rendering cases into __tests__/fixtures/reports/:
 * `leakgate run … --json` on the examples, from src/ (no build), with /usr/bin/python3 (it sees
 * Django, for the known library leak). __tests__/helpers/report-cases.ts reads them.
 *
 *   node --import ./scripts/src-loader.mjs scripts/record-report-cases.mjs   (Node 24: node_modules/.bin/node)
 *
 * The comparison case needs code that changed between the baseline and the pull request, so it
 * runs copies of the examples in two folders with the same relative names: `baseline/` as the
 * default branch had them, `current/` as the pull request has them.
 */

import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, '__tests__', 'fixtures', 'reports');
const PYTHON = process.env.LEAKGATE_CASES_PYTHON ?? '/usr/bin/python3';
const CLI = ['--import', pathToFileURL(join(ROOT, 'scripts', 'src-loader.mjs')).href, join(ROOT, 'src', 'cli.ts')];

/** `leakgate run ARGS` from src/ in `cwd`; exit 1 (leak) and 2 (error) are what some cases are for. */
function leakgate(args, cwd = ROOT) {
  try {
    execFileSync(process.execPath, [...CLI, 'run', ...args, '--python', PYTHON, '--progress', 'none', '--no-color'], {
      cwd,
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', CI: 'true', NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  } catch (error) {
    if (error.status !== 1 && error.status !== 2) throw new Error(`leakgate run ${args.join(' ')} exited ${error.status}`, { cause: error });
  }
}

function record(name, targets, cwd = ROOT, extra = []) {
  const file = join(OUT, `${name}.json`);
  leakgate([...targets, '--json', file, ...extra], cwd);
  // Pretty-printed, so a re-recording reads as a diff.
  writeFileSync(file, `${JSON.stringify(JSON.parse(readFileSync(file, 'utf8')), null, 2)}\n`);
  console.log(`recorded ${file}`);
}

/** The comparison's scenarios: [name in the repository, the example the baseline ran, the one the pull request runs]. */
const COMPARED = [
  ['scenarios/checkout.py', 'unbounded_cache/clean.py', 'unbounded_cache/leaky.py'], // new
  ['scenarios/listeners.py', 'listeners/leaky.py', 'listeners/leaky.py'], // worse: 8 KiB → 32 KiB a cycle, below
  ['scenarios/sessions.py', 'closures/leaky.py', 'closures/leaky.py'], // known: leaks on both sides, unchanged
  ['scenarios/shop_client.py', 'django_test_client/leaky_client.py', 'django_test_client/leaky_client.py'], // a known library leak (Django's test client)
  ['scenarios/receipts.py', 'unbounded_cache/leaky.py', 'unbounded_cache/clean.py'], // fixed
  ['scenarios/config_reader.py', 'fd_leak/clean.py', 'fd_leak/clean.py'], // clean
];

function comparison() {
  const work = join(tmpdir(), 'leakgate-report-cases');
  rmSync(work, { recursive: true, force: true });
  try {
    for (const side of ['baseline', 'current']) {
      const folder = join(work, side);
      mkdirSync(join(folder, 'scenarios'), { recursive: true });
      cpSync(join(ROOT, 'examples', 'django_test_client', 'shop.py'), join(folder, 'scenarios', 'shop.py'));
      for (const [name, before, after] of COMPARED) {
        let source = readFileSync(join(ROOT, 'examples', side === 'baseline' ? before : after), 'utf8');
        // The pull request makes each listener's buffer four times larger: the leak gets worse.
        if (name === 'scenarios/listeners.py' && side === 'current') source = source.replace('bytearray(8192)', 'bytearray(32768)');
        writeFileSync(join(folder, name), source);
      }
    }
    const names = COMPARED.map(([name]) => name);
    // Relative to the run's folder, as the action passes the baseline it downloaded.
    leakgate([...names, '--save-baseline', '../baseline.json', '--fail-on', 'never'], join(work, 'baseline'));
    record('comparison', names, join(work, 'current'), ['--baseline', '../baseline.json']);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

mkdirSync(OUT, { recursive: true });
// As the action runs a pull request with no baseline yet: fail-on regression falls back to leak, with the gate's note.
const AS_THE_ACTION = ['--fail-on', 'regression'];
record('single-leak', ['examples/unbounded_cache/leaky.py'], ROOT, AS_THE_ACTION);
record('clean', ['examples/unbounded_cache/clean.py'], ROOT, AS_THE_ACTION);
record(
  'mixed',
  [
    'examples/unbounded_cache/leaky.py',
    'examples/listeners/leaky.py',
    'examples/fd_leak/leaky.py',
    'examples/native/leaky.py',
    'examples/asyncio_tasks/clean.py',
    '__tests__/fixtures/reports/scenarios/broken_orders.py',
  ],
  ROOT,
  AS_THE_ACTION,
);
comparison();
