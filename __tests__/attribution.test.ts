/**
 * Function names in sites and tracebacks come from the source's syntax tree: qualified names
 * ("Client.run_wsgi_app"), the same for the scenario's code and a library's. Real python3
 * processes: the harness package is loaded from dist/python as the harness loads it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leakgate, ROOT } from './helpers/cli.js';

const HARNESS = join(ROOT, 'src', 'harness', 'python');
const FIXTURE = join(ROOT, '__tests__', 'fixtures', 'attribution', 'names.py');

/** The name the harness gives each line of a file, as {line: name}, from a real python3 (-B: no bytecode beside the harness). */
function namesOf(file: string, lines: number[]): Record<string, string> {
  const script = `
import json, sys
sys.path.insert(0, ${JSON.stringify(HARNESS)})
from leakgate_harness.attribution import CodeIndex
index = CodeIndex(${JSON.stringify(ROOT)})
print(json.dumps({str(line): index.frame(sys.argv[1], line)["function"] for line in json.loads(sys.argv[2])}))
`;
  return JSON.parse(execFileSync('python3', ['-B', '-c', script, file, JSON.stringify(lines)], { encoding: 'utf8' })) as Record<string, string>;
}

describe('a line is named after the function whose frame runs it', () => {
  const lines = readFileSync(FIXTURE, 'utf8').split('\n');
  const expected = lines
    .map((text, i) => ({ line: i + 1, text, name: /# name: (\S+)/.exec(text)?.[1] }))
    .filter((entry): entry is { line: number; text: string; name: string } => entry.name !== undefined);
  const names = namesOf(
    FIXTURE,
    expected.map((e) => e.line),
  );

  it('the fixture marks every kind of line: module level, nested class and method, decorators, async def, lambdas and comprehensions', () => {
    expect(expected.length).toBeGreaterThan(25);
    for (const kind of ['<module>', 'Client.Session.open', 'decorate.<locals>.wrapper', 'handler.<locals>.inner', 'Client.fetch', 'Client', 'fallback'])
      expect(expected.map((e) => e.name)).toContain(kind);
  });

  it.each(expected)('line $line: $name', ({ line, name }) => {
    expect(names[String(line)]).toBe(name);
  });

  it('a file that does not parse names every line <module>, and a line past its end too', () => {
    const folder = mkdtempSync(join(tmpdir(), 'leakgate-names-'));
    writeFileSync(join(folder, 'broken.py'), 'def f(:\n    return 1\n');
    expect(namesOf(join(folder, 'broken.py'), [2])).toEqual({ 2: '<module>' });
    expect(namesOf(FIXTURE, [10_000])).toEqual({ 10000: '<module>' });
  });
});

describe("a library's function keeps its qualified name in a report", () => {
  // werkzeug's Client.run_wsgi_app was shown as "Client" (and its module-level run_wsgi_app as
  // "<module>") when library frames were named from indentation, which a string literal at
  // column 0 inside a function misleads.
  const folder = mkdtempSync(join(tmpdir(), 'leakgate-library-names-'));
  const library = join(folder, 'venv', 'lib', 'site-packages');
  mkdirSync(library, { recursive: true });
  writeFileSync(
    join(library, 'fakeweb.py'),
    `
_responses = []


class Client:
    def __init__(self, app):
        self.app = app

    def run_wsgi_app(self, environ):
        banner = """
served by fakeweb
"""
        return run_wsgi_app(self.app, environ)


def run_wsgi_app(app, environ):
    headers = """
Content-Type: text/plain
"""
    body = app(environ)
    _responses.append(body)
    return body
`,
  );
  writeFileSync(
    join(folder, 'app.py'),
    `
import sys

sys.path.insert(0, ${JSON.stringify(library)})
import fakeweb


def app(environ):
    return bytearray(4096)  # leakgate: leak-site


client = fakeweb.Client(app)


def cycle():
    client.run_wsgi_app({"PATH_INFO": "/"})
`,
  );

  it('the stack of the growing site names Client.run_wsgi_app and run_wsgi_app, in library code', async () => {
    const result = await leakgate(['run', 'app.py', '--cwd', folder]);
    expect(result.exitCode).toBe(1);
    const site = result.report!.scenarios[0].sites[0];
    expect(`${site.file}:${site.line} ${site.function}`).toBe('app.py:9 app');
    const named = site.frames.map((frame) => [frame.function, frame.userCode]);
    expect(named).toEqual(
      expect.arrayContaining([
        ['run_wsgi_app', false],
        ['Client.run_wsgi_app', false],
        ['cycle', true],
      ]),
    );
  });
});
