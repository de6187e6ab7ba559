/**
 * The explain stage end to end (issue 14): real python3 processes through the command line on
 * Debian's Django 3.2 (what CI installs), and a plain user leak beside them.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { leakgate, leakSiteLine, ROOT } from './helpers/cli.js';
import { schemaErrors } from './helpers/schema.js';

const PYTHON = '/usr/bin/python3';
const hasDjango = spawnSync(PYTHON, ['-c', 'import django'], { stdio: 'ignore' }).status === 0;
// Skipped only on a developer's machine without Django: CI installs it, so there the test runs (and fails without it).
const djangoIt = hasDjango || process.env.CI ? it : it.skip;
const example = join('examples', 'django_test_client');

describe("Django's test client at the default settings", () => {
  djangoIt('leaky_client.py does not fail: a known library leak, naming Django, the user line and the workaround', async () => {
    const target = join(example, 'leaky_client.py');
    const result = await leakgate(['run', target, '--python', PYTHON]);
    expect(schemaErrors(result.report)).toEqual([]);
    expect(result.exitCode).toBe(0);
    const scenario = result.report!.scenarios[0];
    expect(scenario.verdict).toBe('pass');
    expect(scenario.leak.detected).toBe(false);
    expect(scenario.explanation?.knownLibraryLeak).toBe(true);
    const known = scenario.explanation!.knownLeaks[0];
    expect(known).toMatchObject({ id: 'django-test-client-signal-finalizers', library: 'Django', linkKind: 'issue' });
    const userLine = `${target}:${leakSiteLine(join(ROOT, target))}`;
    expect(known.calledFrom && `${known.calledFrom.file}:${known.calledFrom.line}`).toBe(userLine);
    expect(scenario.explanation!.library).toMatchObject({ library: 'django', module: 'django.dispatch', calledFrom: { file: target } });
    expect(result.stdout).toContain(`known library leak: Django's test client (django-test-client-signal-finalizers), reached from your line ${userLine}`);
    expect(result.stdout).toContain('Workaround: call the application through its WSGI handler');
    expect(result.stdout).toContain('the fix is not in your code');
    expect(result.report!.summary).toBe('1 known library leak');
  });

  djangoIt('leaky_client.py fails with --fail-on-known-leaks semantics decided from the same report (decide, policy failOnKnownLeaks)', async () => {
    const { decide } = await import('../src/decide/decide.js');
    const { evidenceOf } = await import('../src/report/build.js');
    const result = await leakgate(['run', join(example, 'leaky_client.py'), '--python', PYTHON]);
    const evidence = result.report!.scenarios.map(evidenceOf);
    expect(decide({ scenarios: evidence, policy: { failOn: 'leak', failOnKnownLeaks: true }, compared: false, acceptedBy: null }).status).toBe('fail');
    expect(decide({ scenarios: evidence, policy: { failOn: 'leak' }, compared: false, acceptedBy: null }).status).toBe('pass');
  });

  djangoIt('wsgi_handler.py, the workaround, passes with no known leak listed', async () => {
    const result = await leakgate(['run', join(example, 'wsgi_handler.py'), '--python', PYTHON]);
    expect(result.exitCode).toBe(0);
    expect(result.report!.scenarios[0].explanation).toBeUndefined();
    expect(result.stdout).not.toContain('known library leak');
  });
});

describe('a plain user leak', () => {
  it('is still a leak, and not said to be inside a library', async () => {
    const target = join(ROOT, 'bench', 'scenarios', 'leak_inside_library.py');
    const result = await leakgate(['run', target]);
    expect(result.exitCode).toBe(1);
    const scenario = result.report!.scenarios[0];
    expect(scenario.leak.detected).toBe(true);
    expect(scenario.explanation?.library ?? null).toBeNull();
    expect(scenario.explanation?.knownLeaks ?? []).toEqual([]);
    expect(result.stdout).not.toContain('inside a library');
  });
});
