/** Run the built command line (dist/cli.js) as users do: a real process, real Python. */
import { execa } from 'execa';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Report } from '../../src/report/types.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'cli.js');
export const FIXTURES = join(ROOT, '__tests__', 'fixtures', 'scenarios');

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
  const result = await execa(process.execPath, [CLI, ...withJson], {
    cwd: options.cwd ?? ROOT,
    env: { ...options.env, CI: 'true', NO_COLOR: '1' },
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
