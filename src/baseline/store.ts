/**
 * BaselineStore for files: reads a baseline (bounded, as untrusted data) and writes one.
 * Reading never throws: a baseline that cannot be used comes back with the reason.
 */
import { mkdir, open, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BASELINE_LIMITS, parseBaseline, type Baseline, type ParsedBaseline } from './baseline.js';

export interface LoadedBaseline {
  source: string;
  parsed: ParsedBaseline;
}

/** Read a baseline file; the reason names what is wrong (missing, empty, truncated, invalid…). */
export async function readBaselineFile(path: string): Promise<LoadedBaseline> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot be read (${(error as Error).message})`;
    return { source: path, parsed: { ok: false, reason } };
  }
  try {
    const { size } = await handle.stat();
    if (size > BASELINE_LIMITS.fileBytes) return { source: path, parsed: { ok: false, reason: `is ${size} bytes, over the ${BASELINE_LIMITS.fileBytes}-byte cap` } };
    const text = (await handle.readFile()).toString('utf8');
    return { source: path, parsed: parseBaseline(text) };
  } catch (error) {
    return { source: path, parsed: { ok: false, reason: `cannot be read (${(error as Error).message})` } };
  } finally {
    await handle.close();
  }
}

/** Write a baseline as pretty JSON, creating its folder. */
export async function writeBaselineFile(path: string, baseline: Baseline): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(baseline, null, 1)}\n`);
}
