/**
 * Run the command line from its source (src/cli.ts) as users run the built one: a real process,
 * real Python. Node 24 strips the types; scripts/src-loader.mjs maps the `.js` specifiers to `.ts`,
 * so a change in src/ is what the next test runs, without a build. Only dist-smoke.test.ts runs dist/.
 */

import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import type { Report } from '../../src/report/types.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');
/** The project's own Node (the `node@24` devDependency): it strips types, the system Node may not. */
export const NODE = join(ROOT, 'node_modules', '.bin', 'node');
/** Node's arguments that run the command line from the source tree under `root`: `[...cliArgs(), 'run', …]`. */
export function cliArgs(root: string = ROOT): string[] {
  return ['--import', pathToFileURL(join(root, 'scripts', 'src-loader.mjs')).href, join(root, 'src', 'cli.ts')];
}
/** Node's arguments that run the command line from src/. */
export const CLI: readonly string[] = cliArgs();
export const FIXTURES = join(ROOT, '__tests__', 'fixtures', 'scenarios');

/**
 * A runnable copy of the source tree in `folder` (src/, the loader, package.json, and a link to
 * node_modules), for tests that write beside the harness and must not touch the one other tests
 * run. Returns the copy's root: run it with `cliArgs(root)`.
 */
export function copySource(folder: string): string {
  const root = join(folder, 'leakgate');
  mkdirSync(join(root, 'scripts'), { recursive: true });
  cpSync(join(ROOT, 'src'), join(root, 'src'), { recursive: true, filter: (path) => !path.endsWith('__pycache__') });
  cpSync(join(ROOT, 'scripts', 'src-loader.mjs'), join(root, 'scripts', 'src-loader.mjs'));
  cpSync(join(ROOT, 'package.json'), join(root, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  return root;
}

/**
 * What every child a test starts adds to its environment. Tests import the harness directly and
 * run scenarios from the repository: without this, Python would write `__pycache__` into src/ and
 * the fixtures, and a test of the harness's own bytecode hygiene could pass or fail on what an
 * earlier test left behind.
 */
export const CHILD_ENV = { PYTHONDONTWRITEBYTECODE: '1' } as const;
/** The test process's environment plus CHILD_ENV, for `execFileSync('python3', …, { env: childEnv() })`. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...CHILD_ENV, ...extra };
}

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  report: Report | null;
}

/** Run `leakgate ARGS --json <tmp>` and return the exit code, output and parsed JSON report. */
export async function leakgate(args: string[], options: { cwd?: string; env?: Record<string, string>; json?: boolean } = {}): Promise<CliResult> {
  const folder = mkdtempSync(join(tmpdir(), 'leakgate-test-'));
  const jsonPath = join(folder, 'report.json');
  const withJson = options.json === false ? args : [...args, '--json', jsonPath];
  const result = await execa(NODE, [...CLI, ...withJson], {
    cwd: options.cwd ?? ROOT,
    env: { ...CHILD_ENV, ...options.env, CI: 'true', NO_COLOR: '1' },
    reject: false,
    timeout: 180_000,
  });
  let report: Report | null = null;
  try {
    report = JSON.parse(readFileSync(jsonPath, 'utf8')) as Report;
  } catch {
    report = null;
  }
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr), report };
}

/** The line number of the `# leakgate: leak-site` marker in a scenario file. */
export function leakSiteLine(path: string): number {
  const lines = readFileSync(path, 'utf8').split('\n');
  const index = lines.findIndex((line) => line.includes('# leakgate: leak-site'));
  if (index < 0) throw new Error(`${path} has no '# leakgate: leak-site' marker`);
  return index + 1;
}
