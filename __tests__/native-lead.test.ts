/**
 * A lead for native leaks (issue 15): when RSS and the malloc heap grow while Python objects stay
 * flat, a few profiled cycles name the user's lines that call native code (ctypes functions,
 * extension modules), most heap first. Real leakgate runs on real Pythons: 3.9 and 3.11 see
 * ctypes calls through a line hook, 3.12+ through sys.monitoring.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leakgate, leakSiteLine, ROOT } from './helpers/cli.js';

/** The interpreter of each wanted minor version found on this machine (python3, then pyenv's). */
function interpreter(minor: number): string | null {
  const candidates = ['python3'];
  const pyenv = join(process.env.HOME ?? '/root', '.pyenv', 'versions');
  if (existsSync(pyenv)) for (const v of readdirSync(pyenv)) candidates.push(join(pyenv, v, 'bin', 'python3'));
  for (const path of candidates) {
    try {
      const version = execFileSync(path, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' }).trim();
      if (version === `3.${minor}`) return path;
    } catch {
      // not a working interpreter
    }
  }
  return null;
}

const LEAKY = 'examples/native/leaky.py';

describe('a native leak names the line that calls malloc first', () => {
  it.each([9, 11, 12])('on Python 3.%i', async (minor) => {
    const python = interpreter(minor);
    // Each of these is installed on the project's machines (.ci/run); a missing one is a failure, not a skip.
    expect(python).not.toBeNull();
    const result = await leakgate(['run', LEAKY, '--python', python!]);
    const scenario = result.report!.scenarios[0];
    expect(scenario.leak.kind).toBe('native');
    const lead = scenario.nativeLead!;
    expect(lead.cycles).toBeGreaterThanOrEqual(1);
    expect(lead.calls[0]).toMatchObject({
      callee: 'ctypes libc.malloc',
      module: 'ctypes',
      file: LEAKY,
      line: leakSiteLine(join(ROOT, LEAKY)),
      function: 'cycle',
    });
    // 256 KiB a call, read around it: the heap's movement is what ranks it first.
    expect(lead.calls[0].heapBytesPerCycle).toBeGreaterThan(200 * 1024);
    expect(result.stdout).toContain('Native memory grows; your cycle calls into (a lead, not proof');
    expect(result.stdout).toMatch(/1\. ctypes libc\.malloc at examples\/native\/leaky\.py:\d+ in cycle/);
  });
});

const ZLIB_LEAK = `import ctypes
import ctypes.util
import zlib

libc = ctypes.CDLL(ctypes.util.find_library("c") or None)
libc.malloc.restype = ctypes.c_void_p
libc.malloc.argtypes = [ctypes.c_size_t]
PAYLOAD = zlib.compress(b"leakgate " * 20000)


def cycle():
    text = zlib.decompress(PAYLOAD)
    block = libc.malloc(128 * 1024)
    ctypes.memset(block, 1, 128 * 1024)
    return len(text)
`;

it('a builtin C function (zlib.decompress) is listed with its line, beside the ctypes call', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'leakgate-native-'));
  writeFileSync(join(folder, 'zlib_leak.py'), ZLIB_LEAK);
  const result = await leakgate(['run', 'zlib_leak.py'], { cwd: folder });
  const scenario = result.report!.scenarios[0];
  expect(scenario.leak.kind).toBe('native');
  const calls = scenario.nativeLead!.calls;
  expect(calls.find((c) => c.callee === 'zlib.decompress')).toMatchObject({ module: 'zlib', file: 'zlib_leak.py', line: 12, function: 'cycle' });
  expect(calls.find((c) => c.callee === 'ctypes libc.malloc')).toMatchObject({ file: 'zlib_leak.py', line: 13 });
  // The interpreter's own builtins (len) are not native code that could leak.
  expect(calls.some((c) => c.callee.includes('len'))).toBe(false);
});

it('a clean native scenario gets no lead and runs no profiled cycle', async () => {
  const result = await leakgate(['run', 'examples/native/clean.py']);
  const scenario = result.report!.scenarios[0];
  expect(result.exitCode).toBe(0);
  expect(scenario.nativeLead).toBeUndefined();
  expect(scenario.series.cycles.phase).not.toContain('profile');
  expect(result.stdout).not.toContain('your cycle calls into');
});

it('a Python leak pays for no profiled cycle', async () => {
  const result = await leakgate(['run', 'examples/unbounded_cache/leaky.py']);
  const scenario = result.report!.scenarios[0];
  expect(scenario.leak.kind).toBe('python');
  expect(scenario.nativeLead).toBeUndefined();
  expect(scenario.series.cycles.phase).not.toContain('profile');
});
