/**
 * The attacks of issue 11 §2–3 as they were run: a real scenario whose leaking types carry
 * hostile names, through the built CLI and real Python. And issue 10 §3: a missing scenario file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leakgate } from './helpers/cli.js';
import { outsideCode } from './helpers/hostile.js';

const work = mkdtempSync(join(tmpdir(), 'leakgate-hostile-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SCENARIO = String.raw`
_kept = []


def _kind(qualname, module="hostile"):
    kind = type("T", (), {})
    kind.__qualname__ = qualname
    kind.__module__ = module
    return kind


# The first grows fastest; "constructor" (module builtins) grows slowest: ranked below the top five.
KINDS = [
    (_kind("K\n::error file=app.py,line=1::forged\n::add-mask::leakgate"), 7),
    (_kind("# [link](https://evil.example/c) <img src=https://evil.example/x>"), 6),
    (_kind("\u202Eevil \x1b[31mred @someone #123 a|b __init__"), 5),
    (_kind("ok\r##[error]legacy"), 4),
    (_kind("Plain"), 3),
    (_kind("constructor", "builtins"), 1),
]


def cycle():
    for kind, count in KINDS:
        for _ in range(count):
            _kept.append(kind())  # [link](https://evil.example/c) @someone
`;

describe('a scenario whose leaking types have hostile names', () => {
  it('gives a report that is data: no workflow command on stdout, no structure or link in the Markdown, no crash', async () => {
    const scenario = join(work, 'hostile_types.py');
    writeFileSync(scenario, SCENARIO);
    const markdownPath = join(work, 'report.md');
    const run = await leakgate(['run', scenario, '--cycles', '40', '--warmup', '5', '--markdown', markdownPath, '--progress', 'none']);
    expect(run.stderr).not.toMatch(/TypeError|internal error/);
    expect(run.exitCode).toBe(1);
    const types = run.report!.scenarios[0].types.map((t) => t.type);
    expect(types).toEqual(expect.arrayContaining([expect.stringContaining('constructor'), expect.stringContaining('::error file=app.py')]));
    expect(types.findIndex((t) => t.endsWith('constructor'))).toBeGreaterThanOrEqual(5);

    for (const output of [run.stdout, run.stderr]) {
      expect(output.split(/\r\n|\r|\n/).filter((line) => /^\s*::/.test(line) || line.includes('##['))).toEqual([]);
      expect(output).not.toMatch(/[\u001b\u202e]/);
    }
    expect(run.stdout).toContain('K\\n::error file=app.py,line=1::forged\\n::add-mask::leakgate');
    expect(run.stdout).toContain('\\u202eevil \\x1b[31mred');

    const markdown = readFileSync(markdownPath, 'utf8');
    const lines = markdown.split('\n');
    expect(lines.filter((line) => line.startsWith('#') && !/^##(#)? (✅|❌|⚠️) /.test(line))).toEqual([]);
    // Untrusted code is literal in fenced blocks and code spans (hostile-report.test.ts renders them to check): the rest is checked here.
    const ours = outsideCode(markdown).replace(/```mermaid[\s\S]*?```|<\/?(code|pre|details|summary|sub)>/g, '');
    expect(ours).not.toMatch(/<[a-z!/]/i);
    expect(ours).not.toMatch(/(^|[^\\])\]\(|:\/\/|@[a-z]|(?<!&)#\d/i);
    expect(ours).not.toMatch(/[\u001b\u202e\r]/);
    let header = -1;
    const cells = (row: string) => row.replace(/\\./g, '').split('|').length;
    for (const line of lines) {
      if (!line.startsWith('|')) header = -1;
      else if (header < 0) header = cells(line);
      else expect(cells(line)).toBe(header);
    }
    expect(markdown).toMatch(/^\| <code>constructor<\/code> \| 1 object per cycle \| \d+ \| — \|$/m);
  }, 240_000);
});

describe('a missing scenario file', () => {
  it('prints only the error: no table of n/a growth, no Python version', async () => {
    const run = await leakgate(['run', join(work, 'no_such_scenario.py'), '--progress', 'none']);
    expect(run.exitCode).toBe(2);
    const output = `${run.stdout}\n${run.stderr}`;
    expect(output).toMatch(/scenario file not found: .*no_such_scenario\.py/);
    expect(output).toMatch(/check the path/);
    expect(output).not.toMatch(/n\/a|Growth per cycle|Python \d|cycles after/);
  }, 120_000);
});
