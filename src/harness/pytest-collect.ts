/**
 * collectNodeIds: pytest's collection, run by the harness in its own Python process (issue 17).
 * The harness is started as for a run, with the arguments in its settings (`collect`); it
 * starts pytest in-process with the project's configuration, collects, and writes the node ids
 * as a "collected" record to the records file, which is read here within bounds and checked:
 * never stdout, which conftest.py files and plugins print to. Whatever throws, the process and
 * the run's folder are released in `finally`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../settings/errors.js';
import { LIMITS } from '../settings/limits.js';
import type { CollectRequest } from '../settings/pytest.js';
import { readHead } from './channel.js';
import { failureFromExit, failureFromRecord, spawnFailure } from './failures.js';
import { harnessPolicy } from './policy.js';
import { HarnessProcess } from './process.js';
import { HARNESS_SCRIPT } from './python-harness.js';
import { HARNESS_RECORDS } from './types.js';

// The records of a collection: a node id of at most LIMITS.targetChars for each of LIMITS.scenarios tests, and room for an error.
const MAX_RECORDS_BYTES = LIMITS.scenarios * (LIMITS.targetChars + 8) + 1024 * 1024;

/** The "collected" record: every test pytest collected, by its node id relative to the working directory. */
const collectedSchema = () =>
  z.object({
    t: z.literal('collected'),
    ids: z.array(z.string().min(1).max(LIMITS.targetChars)).max(LIMITS.scenarios),
  });

/** Run pytest's collection with `request.args`; the node ids, or a UsageError in words a person can act on. */
export async function collectNodeIds(request: CollectRequest): Promise<string[]> {
  const folder = await mkdtemp(join(tmpdir(), 'leakgate-collect-'));
  let harness: HarnessProcess | null = null;
  let timedOut = false;
  const records = join(folder, 'records.ndjson');
  const settings = {
    target: '',
    cwd: request.cwd,
    cycles: 0,
    warmup: 0,
    frames: 1,
    confirmCycles: 0,
    recordsPath: records,
    samplesPath: join(folder, 'samples.f64'),
    stacksPath: '',
    policy: harnessPolicy(10),
    collect: request.args,
  };
  const what = `the collection \`pytest ${request.args}\``;
  try {
    await writeFile(join(folder, 'settings.json'), JSON.stringify(settings));
    const child = new HarnessProcess(request.python, [HARNESS_SCRIPT, join(folder, 'settings.json')], request.cwd);
    harness = child;
    child.after(request.timeoutSeconds * 1000, () => {
      timedOut = true;
      child.signalAll('SIGKILL');
    });
    await child.ended;
    await child.endGroupAfterExit(1000);
    const text = await readHead(records, MAX_RECORDS_BYTES);
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        continue;
      }
      const kind = (record as { t?: unknown } | null)?.t;
      if (kind === 'collected') {
        const parsed = collectedSchema().safeParse(record);
        if (!parsed.success) throw new UsageError(`${what} wrote a record leakgate cannot read (${parsed.error.issues[0].message}): this is a leakgate bug`);
        return parsed.data.ids;
      }
      if (kind === 'error') {
        const parsed = HARNESS_RECORDS.error().safeParse(record);
        if (parsed.success) {
          const failure = failureFromRecord(parsed.data);
          throw new UsageError(
            `${what} failed: ${failure.message}${failure.hint ? `; ${failure.hint}` : ''}${failure.traceback ? `\n${failure.traceback}` : ''}`,
          );
        }
      }
    }
    const { exit, spawnError } = child.outcome;
    const failure =
      spawnError !== null
        ? spawnFailure(request.python, spawnError)
        : failureFromExit({
            exitCode: exit?.code ?? null,
            signal: timedOut ? null : (exit?.signal ?? null),
            timedOut,
            timeoutSeconds: request.timeoutSeconds,
            cycleUnderWay: null,
            lastCycle: null,
            lastPhase: 'collect',
            stderrTail: child.stderr.text(),
            python: request.python,
          });
    const stderr = child.stderr.text().trim();
    throw new UsageError(`${what} failed: ${failure.message}; ${failure.hint}${stderr ? `\n${stderr}` : ''}`);
  } finally {
    await harness?.release();
    await rm(folder, { recursive: true, force: true });
  }
}
