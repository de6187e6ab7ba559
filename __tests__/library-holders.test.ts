/**
 * What holds growth that lies in a library (issue 14): readable labels for C-level containers,
 * where a growing type's objects were allocated (types[].frames), and the root of a retention
 * path as data (retainedByRoot). Real python3 processes through the command line.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { leakgate, ROOT } from './helpers/cli.js';
import { schemaErrors } from './helpers/schema.js';

const FIXTURES = join('__tests__', 'fixtures', 'holders');

/** The line of a `# leakgate: <marker>` comment in a file of the repository. */
function markedLine(path: string, marker = 'leak-site'): number {
  const index = readFileSync(join(ROOT, path), 'utf8')
    .split('\n')
    .findIndex((line) => line.includes(`# leakgate: ${marker}`));
  if (index < 0) throw new Error(`${path} has no '# leakgate: ${marker}' marker`);
  return index + 1;
}

describe("sqlite3's cursor weak references read in words", () => {
  it('one cursor per cycle at --cycles 100: weakref.ReferenceType is held by sqlite3.Connection\'s cursor list, and no part of the path is "?"', async () => {
    // Without confirmation: the extension would see the prune and pass the run with no traced window (issue 14).
    const result = await leakgate(['run', join(FIXTURES, 'sqlite_cursors.py'), '--cycles', '100', '--confirm-cycles', '0']);
    const scenario = result.report!.scenarios[0];
    expect(schemaErrors(result.report)).toEqual([]);
    const weakrefs = scenario.types.find((t) => t.type === 'weakref.ReferenceType');
    expect(weakrefs?.retainedBy).toContain("sqlite3.Connection's cursor weak references (list, pruned every 200 cursors) → [");
    expect(weakrefs?.retainedBy).not.toContain('?');
    // The connection is a module global of the scenario: the path starts in the user's code.
    expect(weakrefs?.retainedBy).toMatch(/^sqlite_cursors\.connection \(sqlite3\.Connection\) → /);
    expect(weakrefs?.retainedByRoot).toEqual({ label: 'sqlite_cursors.connection', module: 'sqlite_cursors', userCode: true });
  });
});

describe('types[].frames: where a growing type is allocated', () => {
  it('a weakref.finalize made in a helper module per cycle: its frames reach the user line that called the helper', async () => {
    const target = join(FIXTURES, 'finalizers.py');
    const result = await leakgate(['run', target, '--cycles', '100']);
    expect(result.exitCode).toBe(1);
    expect(schemaErrors(result.report)).toEqual([]);
    const scenario = result.report!.scenarios[0];
    const finalize = scenario.types.find((t) => t.type === 'weakref.finalize');
    const signals = join(FIXTURES, 'signals.py');
    expect(finalize?.frames.map((frame) => [frame.file, frame.line, frame.function, frame.userCode])).toEqual([
      [signals, markedLine(signals, 'finalizer-made'), 'connect', true],
      [target, markedLine(target), 'cycle', true],
    ]);
    expect(finalize?.frames[0].code).toBe('weakref.finalize(receiver, _forget, key)  # leakgate: finalizer-made');
    // Held by the standard library's registry of finalizers: not the user's code.
    expect(finalize?.retainedByRoot).toEqual({ label: 'weakref.finalize._registry', module: 'weakref', userCode: false });
    // The finalizer's _Info is made inside weakref.finalize.__init__, called from the same line.
    const info = scenario.types.find((t) => t.type === 'weakref.finalize._Info');
    expect(info?.frames[0]).toMatchObject({ function: 'finalize.__init__', userCode: false });
    expect(info?.frames.map((frame) => frame.function).slice(1)).toEqual(['connect', 'cycle']);
  });
});

/** Debian's python3-django: what CI installs (.ci/run). */
const PYTHON = '/usr/bin/python3';
const hasDjango = spawnSync(PYTHON, ['-c', 'import django'], { stdio: 'ignore' }).status === 0;
// Skipped only on a developer's machine without Django: CI installs it, so there the test runs (and fails without it).
const djangoIt = hasDjango || process.env.CI ? it : it.skip;

describe("Django's test client: the finalizers it piles up are traced to Django", () => {
  const example = join('examples', 'django_test_client');

  djangoIt('leaky_client.py: weakref.finalize is made by Signal.connect, called from django/test/client.py, called from the user line', async () => {
    const target = join(example, 'leaky_client.py');
    const result = await leakgate(['run', target, '--python', PYTHON]);
    expect(schemaErrors(result.report)).toEqual([]);
    const scenario = result.report!.scenarios[0];
    const finalize = scenario.types.find((t) => t.type === 'weakref.finalize');
    const frames = finalize!.frames;
    const connect = frames.findIndex((frame) => frame.file.endsWith('django/dispatch/dispatcher.py') && frame.function === 'Signal.connect');
    const client = frames.findIndex((frame) => frame.file.endsWith('django/test/client.py'));
    const user = frames.findIndex((frame) => frame.file === target && frame.line === markedLine(target));
    expect([connect, client, user].every((index) => index >= 0)).toBe(true);
    // Most recent call first: Django's connect, then its test client, then the user's line.
    expect(connect).toBeLessThan(client);
    expect(client).toBeLessThan(user);
    expect(frames[client].function).toMatch(/^(ClientHandler\.__call__|Client\.request)$/);
    expect(frames[user]).toMatchObject({ function: 'cycle', userCode: true });
    expect(frames.slice(0, user).every((frame) => !frame.userCode)).toBe(true);
    // What holds them: weakref's registry of finalizers. Django's heap is large and the walk has a
    // time bound (a quarter of a second for the types here): on a loaded machine a type may get no
    // path, and then no root. The strict check of this root is the finalizers test above.
    const registry = { label: 'weakref.finalize._registry', module: 'weakref', userCode: false };
    const family = scenario.types.filter((t) => ['weakref.finalize', 'weakref.finalize._Info', 'weakref.ReferenceType', 'method'].includes(t.type));
    expect(family.map((t) => t.type).sort()).toEqual(['method', 'weakref.ReferenceType', 'weakref.finalize', 'weakref.finalize._Info']);
    for (const t of family) {
      if (t.retainedByRoot === null) expect(t.retainedBy).toBe('no path found within limits');
      else expect([t.type, t.retainedByRoot]).toEqual([t.type, registry]);
    }
  });

  djangoIt('wsgi_handler.py, the same view through the WSGI handler, passes', async () => {
    const result = await leakgate(['run', join(example, 'wsgi_handler.py'), '--python', PYTHON]);
    expect(result.report!.scenarios[0].leak.reasons).toEqual([]);
    expect(result.exitCode).toBe(0);
  });
});
