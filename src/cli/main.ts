/**
 * The command line: parse → run the pipeline → print and write the reports → exit code.
 * Exit codes: 0 no leak, 1 leak found, 2 error (bad flags, a scenario that cannot run).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { EXIT, LEAKGATE_VERSION } from '../constants.js';
import { parseCliArgs, USAGE, UsageError } from '../config.js';
import { recordBaseline } from '../baseline/baseline.js';
import { readBaselineFile, writeBaselineFile } from '../baseline/store.js';
import { runHarness } from '../harness/python-harness.js';
import type { Report } from '../model.js';
import { runPipeline } from '../pipeline.js';
import { renderMarkdown } from '../report/markdown.js';
import { renderTerminal } from '../report/terminal.js';
import { progressReporter } from './progress.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
}

/** Run `leakgate` with these arguments; resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseCliArgs(argv, io.env, io.isTTY);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`leakgate: ${error.message}\n`);
      return EXIT.error;
    }
    throw error;
  }
  if (parsed.command === 'help') {
    io.stdout(USAGE);
    return EXIT.pass;
  }
  if (parsed.command === 'version') {
    io.stdout(`leakgate ${LEAKGATE_VERSION}\n`);
    return EXIT.pass;
  }
  const { config } = parsed;
  const baseline = config.baselinePath ? await readBaselineFile(config.baselinePath) : null;
  const progress = progressReporter(config.progress, io.stderr);
  const report = await runPipeline({ ...config, baseline }, { runHarness, onProgress: progress.onProgress });
  progress.done();
  io.stdout(renderTerminal(report, { color: config.color }));
  for (const warning of report.warnings) io.stderr(`leakgate: warning: ${warning}\n`);
  let written = await writeReports(report, config.jsonPath, config.markdownPath, io);
  if (config.saveBaselinePath) written = (await saveBaseline(report, config.saveBaselinePath, io)) && written;
  if (!written) return EXIT.error;
  return EXIT[report.verdict];
}

/** Record the run as a baseline; scenarios that could not be measured are left out, with a warning. */
async function saveBaseline(report: Report, path: string, io: CliIo): Promise<boolean> {
  const { baseline, skipped } = recordBaseline(report, new Date());
  if (skipped.length > 0) io.stderr(`leakgate: warning: the baseline leaves out scenarios that could not be measured: ${skipped.join(', ')}\n`);
  try {
    await writeBaselineFile(path, baseline);
    io.stderr(`leakgate: baseline of ${baseline.scenarios.length} scenario${baseline.scenarios.length === 1 ? '' : 's'} written to ${path}\n`);
    return true;
  } catch (error) {
    io.stderr(`leakgate: cannot write the baseline to ${path}: ${(error as Error).message}; pick a writable path\n`);
    return false;
  }
}

/** Write the JSON and Markdown reports; a failure is an error (exit 2) but the terminal report stands. */
async function writeReports(report: Report, jsonPath: string | null, markdownPath: string | null, io: CliIo): Promise<boolean> {
  let ok = true;
  const write = async (path: string, text: string, what: string) => {
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, text);
    } catch (error) {
      ok = false;
      io.stderr(`leakgate: cannot write the ${what} to ${path}: ${(error as Error).message}; pick a writable path\n`);
    }
  };
  if (jsonPath) await write(jsonPath, `${JSON.stringify(report, null, 2)}\n`, 'JSON report');
  if (markdownPath) await write(markdownPath, renderMarkdown(report), 'Markdown report');
  return ok;
}
