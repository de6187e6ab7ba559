/**
 * The GitHub Action: inputs → the same pipeline as the command line → job summary,
 * outputs → the gate. The only module that knows about @actions/*.
 * The report is written before the gate is applied, so a failing run still leaves it.
 */
import * as core from '@actions/core';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { DEFAULT_PYTHON, DEFAULT_THRESHOLDS, NUMERIC_SETTINGS, type NumericSetting, type NumericSettingName } from '../constants.js';
import { parseNumber, UsageError } from '../config.js';
import { runHarness } from '../harness/python-harness.js';
import type { ScenarioSettings } from '../model.js';
import { runPipeline } from '../pipeline.js';
import { renderMarkdown } from '../report/markdown.js';
import { renderTerminal } from '../report/terminal.js';
import { progressReporter } from '../cli/progress.js';

/** Read and validate the action inputs; an invalid one names the input, the value and what is accepted. */
export function scenariosFromInputs(getInput: (name: string) => string): ScenarioSettings[] {
  const numeric = NUMERIC_SETTINGS as Record<NumericSettingName, NumericSetting>;
  const number = (name: NumericSettingName): number => {
    const raw = getInput(numeric[name].input);
    return raw.trim() === '' ? numeric[name].default : parseNumber(numeric[name], raw, `input '${numeric[name].input}'`);
  };
  const targets = getInput('scenario').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
  if (targets.length === 0) throw new UsageError("input 'scenario' is empty: give one target per line, e.g. tests/leak/checkout.py");
  const cwd = resolve(getInput('working-directory') || '.');
  const thresholds = { ...DEFAULT_THRESHOLDS, alpha: number('alpha'), minObjectsPerCycle: number('minObjectsPerCycle'), minBytesPerCycle: number('minBytesPerCycle'), minRssBytesPerCycle: number('minRssBytesPerCycle'), minFdsPerCycle: number('minFdsPerCycle') };
  const base = { cwd, python: getInput('python') || DEFAULT_PYTHON, cycles: number('cycles'), warmup: number('warmup'), frames: number('frames'), timeoutSeconds: number('timeoutSeconds'), thresholds };
  return targets.map((target) => ({ ...base, name: target, target }));
}

/** Run the action end to end. */
export async function runAction(): Promise<void> {
  const scenarios = scenariosFromInputs((name) => core.getInput(name));
  const progress = progressReporter('lines', (text) => process.stderr.write(text));
  const tolerance = { relativePercent: NUMERIC_SETTINGS.tolerancePercent.default, bytesPerCycle: NUMERIC_SETTINGS.toleranceBytesPerCycle.default, objectsPerCycle: NUMERIC_SETTINGS.toleranceObjectsPerCycle.default };
  const report = await runPipeline({ scenarios, failOn: null, tolerance, baseline: null }, { runHarness, onProgress: progress.onProgress });
  process.stdout.write(renderTerminal(report, { color: false }));

  const folder = join(process.env.RUNNER_TEMP || tmpdir(), 'leakgate');
  await mkdir(folder, { recursive: true });
  const reportPath = join(folder, 'leakgate-report.json');
  await writeFile(reportPath, `${JSON.stringify(report, null, 2)}\n`);
  try {
    await core.summary.addRaw(renderMarkdown(report)).write();
  } catch (error) {
    core.warning(`leakgate could not write the job summary: ${(error as Error).message}`);
  }
  const first = report.scenarios[0];
  core.setOutput('verdict', report.verdict);
  core.setOutput('report', reportPath);
  core.setOutput('traced-bytes-per-cycle', String(first?.growth.tracedBytesPerCycle ?? ''));
  core.setOutput('rss-bytes-per-cycle', String(first?.growth.rssBytesPerCycle ?? ''));

  if (report.verdict === 'fail') core.setFailed(`leakgate: ${report.summary}`);
  else if (report.verdict === 'error') core.setFailed(`leakgate could not measure every scenario: ${report.summary}`);
}
