/**
 * The command line: parse → run the pipeline → print and write the reports → exit code.
 * Exit codes: 0 no leak, 1 leak found, 2 error (bad flags, a scenario that cannot run);
 * 130/143/129 when interrupted by SIGINT/SIGTERM/SIGHUP (the reports are written first).
 *
 * The harness and the report guard are imported by the commands that use them, so each
 * lands in a chunk of its own: `--version` loads neither, which keeps its start-up short.
 */

import { readFile } from 'node:fs/promises';
import { recordBaseline } from '../../compare/baseline.js';
import { interruptExitCode, interruptSignalName } from '../../harness/interrupt.js';
import { runPipeline } from '../../pipeline.js';
import { defuseWorkflowCommands, markdownCode, terminalLines, terminalText } from '../../report/inert.js';
import { renderMarkdownWithin } from '../../report/markdown.js';
import { LEG_ERROR_KINDS, type Leg, mergeReports } from '../../report/merge.js';
import { reportOrigin, withOrigin } from '../../report/origin.js';
import { renderTerminal } from '../../report/terminal.js';
import type { Report } from '../../report/types.js';
import { type CliFlags, parseCliArgs, resolveRunConfig, USAGE, UsageError } from '../../settings/cli-args.js';
import { EXIT, LEAKGATE_VERSION } from '../../settings/constants.js';
import { readConfigFile } from '../../settings/load-config.js';
import { readBaselineFile, writeBaselineFile } from '../baseline-store.js';
import { withCollections } from '../collections.js';
import { progressReporter } from '../progress.js';
import { writeFileAtomic } from './write-file.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
  /**
   * Aborted when leakgate is asked to stop (see interrupt.ts): the scenarios under way are
   * stopped, the reports are written with what was measured, and the exit code is 128 + the
   * signal's number.
   */
  signal?: AbortSignal;
}

/**
 * A usage error for stderr. Its message may quote what the project printed or raised (a pytest
 * collection's traceback and output, issue 17): hidden characters shown as escapes, its lines
 * kept, no line able to start a workflow command when the CLI runs in a GitHub Actions step.
 */
function usageErrorText(error: UsageError): string {
  return defuseWorkflowCommands(`leakgate: ${terminalLines(error.message).join('\n')}\n`);
}

/** Run `leakgate` with these arguments; resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseCliArgs(argv, io.env, io.isTTY);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(usageErrorText(error));
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
  if (parsed.command === 'merge') return mergeCommand(parsed.reports, parsed.expectLegs, parsed.flags, io);
  let config;
  try {
    config = await withCollections(resolveRunConfig(parsed.flags, await readConfigFile(parsed.flags.cwd, parsed.flags.configPath)));
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(usageErrorText(error));
      return EXIT.error;
    }
    throw error;
  }
  const startedAt = new Date();
  const baseline = config.baselinePath ? await readBaselineFile(config.baselinePath) : null;
  // Several scenarios at once would interleave a progress bar: lines instead.
  const progress = progressReporter(config.jobs > 1 && config.progress === 'bar' ? 'lines' : config.progress, io.stderr);
  const { runHarness } = await import('../../harness/python-harness.js');
  const report = withOrigin(
    await runPipeline({ ...config, baseline }, { runHarness, onProgress: progress.onProgress, signal: io.signal }),
    reportOrigin(io.env, config.shard, startedAt),
  );
  progress.done();
  // A shard with no scenarios still writes its report: merge counts it as a leg that ran.
  io.stdout(report.scenarios.length === 0 ? `leakgate: ${report.summary}\n` : renderTerminal(report, { color: config.color }));
  for (const warning of report.warnings) io.stderr(`leakgate: warning: ${terminalText(warning)}\n`);
  let written = await writeReports(report, config.jsonPath, config.markdownPath, io);
  // An interrupted run is not recorded as a baseline: it measured only part of what it should.
  if (io.signal?.aborted) {
    const signal = interruptSignalName(io.signal.reason);
    io.stderr(`leakgate: interrupted by ${signal}: the scenarios were stopped and the reports keep what was measured\n`);
    return interruptExitCode(signal);
  }
  if (config.saveBaselinePath) written = (await saveBaseline(report, config.saveBaselinePath, io)) && written;
  if (!written) return EXIT.error;
  return EXIT[report.verdict];
}

/** `leakgate merge`: one report from the legs' JSON reports, each read as untrusted data. */
async function mergeCommand(paths: readonly string[], expectLegs: number | null, flags: CliFlags, io: CliIo): Promise<number> {
  const startedAt = new Date();
  const { parseUntrustedReport } = await import('../../report/guard.js');
  const legs: Leg[] = [];
  for (const path of paths) {
    const text = await readFile(path, 'utf8').catch((error: Error) => {
      legs.push({ label: path, report: null, problem: `cannot be read (${error.message})` });
      return null;
    });
    if (text === null) continue;
    const parsed = parseUntrustedReport(text);
    legs.push(parsed.ok ? { label: path, report: parsed.report, problem: null } : { label: path, report: null, problem: `the report ${parsed.reason}` });
  }
  const report = withOrigin(mergeReports(legs, { expectLegs }), reportOrigin(io.env, null, startedAt));
  io.stdout(renderTerminal(report, { color: flags.color }));
  for (const scenario of report.scenarios)
    if (scenario.error && LEG_ERROR_KINDS.includes(scenario.error.kind)) io.stderr(`leakgate: ${terminalText(scenario.error.message)}\n`);
  const written = await writeReports(report, flags.jsonPath, flags.markdownPath, io);
  if (flags.saveBaselinePath && !(await saveBaseline(report, flags.saveBaselinePath, io))) return EXIT.error;
  return written ? EXIT[report.verdict] : EXIT.error;
}

/** Record the run as a baseline; scenarios that could not be measured are left out, with a warning. */
async function saveBaseline(report: Report, path: string, io: CliIo): Promise<boolean> {
  const { baseline, skipped } = recordBaseline(report, new Date());
  if (skipped.length > 0) io.stderr(`leakgate: warning: the baseline leaves out scenarios that could not be measured: ${terminalText(skipped.join(', '))}\n`);
  try {
    await writeBaselineFile(path, baseline);
    io.stderr(`leakgate: baseline of ${baseline.scenarios.length} scenario${baseline.scenarios.length === 1 ? '' : 's'} written to ${path}\n`);
    return true;
  } catch (error) {
    io.stderr(`leakgate: cannot write the baseline to ${path}: ${(error as Error).message}; pick a writable path\n`);
    return false;
  }
}

/** The `--markdown` file: under GitHub's 65,536 characters, as the comment is, naming the JSON report when detail was dropped. */
export function markdownFile(report: Report, jsonPath: string | null, now: Date): string {
  const where = jsonPath ? `every figure is in the JSON report <code>${markdownCode(jsonPath)}</code>` : 'every figure is in the JSON report (`--json FILE`)';
  return renderMarkdownWithin(report, { now }, { dropped: `Shortened to fit GitHub's limit of 65,536 characters: ${where}.` });
}

/** Write the JSON and Markdown reports, each whole or not at all; a failure is an error (exit 2) but the terminal report stands. */
async function writeReports(report: Report, jsonPath: string | null, markdownPath: string | null, io: CliIo): Promise<boolean> {
  let ok = true;
  const write = async (path: string, text: string, what: string) => {
    try {
      await writeFileAtomic(path, text);
    } catch (error) {
      ok = false;
      io.stderr(`leakgate: cannot write the ${what} to ${path}: ${(error as Error).message}; pick a writable path\n`);
    }
  };
  if (jsonPath) await write(jsonPath, `${JSON.stringify(report, null, 2)}\n`, 'JSON report');
  if (markdownPath) await write(markdownPath, markdownFile(report, jsonPath, new Date()), 'Markdown report');
  return ok;
}
