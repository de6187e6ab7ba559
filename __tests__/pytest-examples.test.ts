/**
 * Issue 17's proof on examples/pytest, a small shop and its test suite, run by the command line
 * from src/ with Debian's pytest (`/usr/bin/python3`: pytest 7, pytest-asyncio, anyio; `.ci/run`
 * installs them): the leaky test is caught and attributed to the app's line that leaks, every
 * clean test passes with no growth in 5 runs out of 5, and each failure of the issue's §4 exits
 * 2 with its message.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { leakgate, leakSiteLine, ROOT } from './helpers/cli.js';
import { schemaErrors } from './helpers/schema.js';

const PYTHON = '/usr/bin/python3';
const EXAMPLE = join(ROOT, 'examples', 'pytest');
const FAILURES = '__tests__/fixtures/pytest-failures/test_failures.py';
/** The shop's tests but test_checkout, by node id as pytest names them from examples/pytest. */
const CLEAN_TESTS = [
  'tests/test_app.py::TestCart::test_add',
  'tests/test_app.py::TestCart::test_add_refuses_a_silly_quantity',
  'tests/test_app.py::test_an_empty_cart_cannot_be_checked_out',
  'tests/test_app.py::test_export_orders',
  'tests/test_app.py::test_low_stock_is_logged',
  'tests/test_app.py::test_money_in_the_configured_currency',
  'tests/test_app.py::test_print_receipt',
  'tests/test_app.py::test_render[big]',
  'tests/test_app.py::test_render[small]',
  'tests/test_notify.py::test_send_all_with_anyio',
  'tests/test_notify.py::test_send_receipt',
];
const CLEAN_RUNS = 5;
const SCOPES = '__tests__/fixtures/pytest-scopes/test_scopes.py::test_scopes';

describe('the example suite', () => {
  it('passes as an ordinary pytest suite, async tests included', () => {
    const out = execFileSync(PYTHON, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'examples/pytest'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    });
    expect(out).toMatch(/\b12 passed\b/);
    expect(out).not.toMatch(/skipped|failed|error/);
  });
});

describe('the pytest workflow example', () => {
  it("passes pytest's arguments to the action, and in the example they select the checkout and the cart's tests", () => {
    const wf = parse(readFileSync(join(ROOT, 'examples', 'workflows', 'leakgate-pytest.yml'), 'utf8'));
    const step = wf.jobs.leakgate.steps.find((s: { uses?: string }) => s.uses?.startsWith('leakgate/leakgate@'));
    expect(step.with.pytest).toBe("tests -k 'checkout or cart'");
    expect(step.with.scenario).toBeUndefined();
    const out = execFileSync(PYTHON, ['-m', 'pytest', '--collect-only', '-q', '-p', 'no:cacheprovider', 'tests', '-k', 'checkout or cart'], {
      cwd: EXAMPLE,
      encoding: 'utf8',
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    });
    expect(out.split('\n').filter((line) => line.includes('::'))).toEqual([
      'tests/test_app.py::test_checkout',
      'tests/test_app.py::test_an_empty_cart_cannot_be_checked_out',
      'tests/test_app.py::TestCart::test_add',
      'tests/test_app.py::TestCart::test_add_refuses_a_silly_quantity',
    ]);
  });
});

describe('a pytest test as a leak scenario', () => {
  it("test_checkout is caught, attributed to the receipt cache's line in the app, with the cache as holder", async () => {
    const nodeId = 'examples/pytest/tests/test_app.py::test_checkout';
    const result = await leakgate(['run', nodeId, '--python', PYTHON, '--progress', 'none']);
    expect(result.exitCode).toBe(1);
    const report = result.report!;
    expect(schemaErrors(report)).toEqual([]);
    const scenario = report.scenarios[0];
    expect(scenario.name).toBe(nodeId);
    expect(scenario).toMatchObject({ verdict: 'fail', leak: { detected: true, kind: 'python' }, error: null });
    const top = scenario.sites[0];
    const app = 'examples/pytest/shop/receipts.py';
    expect(`${top.file}:${top.line}`).toBe(`${app}:${leakSiteLine(join(ROOT, app))}`);
    expect(top.userCode).toBe(true);
    expect(top.bytesPerCycle).toBeGreaterThan(256);
    expect(top.retainedBy).toContain('shop.receipts._receipts');
    // The test's own frame is in the stack that leads there.
    expect(top.frames.map((f) => `${f.file}:${f.function}`)).toContain('examples/pytest/tests/test_app.py:test_checkout');
    expect(result.stdout).toContain(`${app}:${top.line}`);
  });

  it(`every other test of the shop passes with no growth, in ${CLEAN_RUNS} runs of the collection form out of ${CLEAN_RUNS}`, async () => {
    for (let run = 1; run <= CLEAN_RUNS; run++) {
      const result = await leakgate(['run', '--pytest', "tests -k 'not checkout'", '--python', PYTHON, '--progress', 'none'], { cwd: EXAMPLE });
      const scenarios = result.report?.scenarios ?? [];
      // In any order: the set of scenarios is the point, each with a clean verdict.
      const summary = scenarios
        .map((s) => ({ run, name: s.name, verdict: s.verdict, detected: s.leak.detected, reasons: s.leak.reasons, error: s.error }))
        .sort((a, b) => a.name.localeCompare(b.name));
      expect(summary).toEqual(
        [...CLEAN_TESTS].sort((a, b) => a.localeCompare(b)).map((name) => ({ run, name, verdict: 'pass', detected: false, reasons: [], error: null })),
      );
      expect(schemaErrors(result.report)).toEqual([]);
      expect(result.exitCode).toBe(0);
    }
  }, 600_000);
});

describe('a cycle is one run of the test, with its function-scoped fixtures, the module-scoped ones kept', () => {
  it('leakgate renews the function-scoped fixture every cycle and sets the module-scoped one up once', async () => {
    // test_scopes asserts both on every run: repeated any other way, it fails and the run ends in exit 2.
    const result = await leakgate(['run', SCOPES, '--python', PYTHON, '--cycles', '30', '--warmup', '5']);
    expect(result.report?.scenarios[0].error ?? null).toBeNull();
    expect(result.exitCode).toBe(0);
  });

  it("the benchmark's bare pytest loop repeats a test the same way, and stops on a failing run", () => {
    const run = (nodeId: string) =>
      spawnSync(PYTHON, ['bench/bare_pytest.py', nodeId, '--cycles', '10', '--warmup', '2'], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
      });
    expect(run(SCOPES).status).toBe(0);
    const failing = run(`${FAILURES}::test_stock_runs_out_on_the_fifth_run`);
    expect(failing.status).toBe(1);
    expect(failing.stderr).toContain('run 5: ');
    expect(failing.stderr).toContain('stock went negative on run 5');
  });
});

describe('a pytest target that cannot run exits 2 with a message that says why', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'leakgate-pytest-examples-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('a Python without pytest is named, with the fix', async () => {
    // Debian's Python with -S: no site-packages, so no pytest, wherever the machine keeps it.
    const python = join(folder, 'python-without-site');
    writeFileSync(python, `#!/bin/sh\nexec ${PYTHON} -S "$@"\n`);
    chmodSync(python, 0o755);
    expect(() => execFileSync(python, ['-c', 'import pytest'], { stdio: 'ignore' })).toThrow();
    const result = await leakgate(['run', 'examples/pytest/tests/test_app.py::test_checkout', '--python', python]);
    expect(result.exitCode).toBe(2);
    const error = result.report!.scenarios[0].error!;
    expect(error.message).toMatch(/pytest is not installed for \S*python/);
    expect(`${error.message} ${error.hint}`).toMatch(/--python/);
    expect(result.stdout).toMatch(/pytest is not installed for/);
  });

  it('a node id that collects nothing is named, with the close matches', async () => {
    const result = await leakgate(['run', 'examples/pytest/tests/test_app.py::test_chekout', '--python', PYTHON]);
    expect(result.exitCode).toBe(2);
    const error = result.report!.scenarios[0].error!;
    expect(error.message).toContain('test_chekout');
    const text = `${error.message}\n${error.hint ?? ''}`;
    expect(text).toMatch(/test_checkout\b/);
    // Close matches are close: a one-letter slip suggests the test it misspells, not every test of the file.
    expect(text).not.toContain('test_render[big]');
    expect(text).not.toContain('test_export_orders');
    expect(schemaErrors(result.report)).toEqual([]);
  });

  it('a test that fails on its 5th run stops the run at cycle 5 with its assertion message', async () => {
    const result = await leakgate(['run', `${FAILURES}::test_stock_runs_out_on_the_fifth_run`, '--python', PYTHON, '--warmup', '2', '--cycles', '10']);
    expect(result.exitCode).toBe(2);
    const error = result.report!.scenarios[0].error!;
    expect(error.message).toMatch(/cycle 5\b/);
    expect(error.message).toContain('stock went negative on run 5');
    expect(error.cycle).toBe(5);
    expect(schemaErrors(result.report)).toEqual([]);
  });

  it('a test skipped from its 4th run stops the run at cycle 4 with the reason', async () => {
    const result = await leakgate(['run', `${FAILURES}::test_skipped_from_the_fourth_run`, '--python', PYTHON, '--warmup', '2', '--cycles', '10']);
    expect(result.exitCode).toBe(2);
    const error = result.report!.scenarios[0].error!;
    expect(error.message).toMatch(/cycle 4\b/);
    expect(error.message).toMatch(/skip/i);
    expect(error.message).toContain('the payment sandbox is closed after run 3');
    expect(error.cycle).toBe(4);
  });

  it("a fixture's error shows its traceback, down to the user's line", async () => {
    const result = await leakgate(['run', `${FAILURES}::test_with_a_broken_fixture`, '--python', PYTHON]);
    expect(result.exitCode).toBe(2);
    const error = result.report!.scenarios[0].error!;
    expect(`${error.message}\n${error.traceback ?? ''}`).toContain('RuntimeError: cannot open the orders database: disk full');
    // The raising line, in Python's form (File "…conftest.py", line 7) or pytest's (conftest.py:7).
    const conftest = readFileSync(join(ROOT, '__tests__/fixtures/pytest-failures/conftest.py'), 'utf8').split('\n');
    const line = conftest.findIndex((text) => text.includes('raise RuntimeError')) + 1;
    expect(error.traceback).toMatch(new RegExp(`conftest\\.py(", line |:)${line}\\b`));
    expect(error.traceback).toContain('open_orders_database');
    expect(schemaErrors(result.report)).toEqual([]);
  });
});
