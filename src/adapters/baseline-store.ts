/**
 * BaselineStore for files: reads a baseline (bounded, as untrusted data) and writes one.
 * Reading never throws: a baseline that cannot be used comes back with the reason.
 */
import { mkdir, open, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BASELINE_LIMITS, type Baseline, type ParsedBaseline, parseBaseline } from '../compare/baseline.js';

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
    if (size > BASELINE_LIMITS.fileBytes)
      return { source: path, parsed: { ok: false, reason: `is ${size} bytes, over the ${BASELINE_LIMITS.fileBytes}-byte cap` } };
    const text = (await handle.readFile()).toString('utf8');
    return { source: path, parsed: parseBaseline(text) };
  } catch (error) {
    return { source: path, parsed: { ok: false, reason: `cannot be read (${(error as Error).message})` } };
  } finally {
    await handle.close();
  }
}

/**
 * The baseline's text, checked as the reader will check it: a baseline that would be refused
 * when read (too many scenarios, over the file cap) is refused now, while the run can say why.
 */
export function serializeBaseline(baseline: Baseline): string {
  const text = `${JSON.stringify(baseline, null, 1)}\n`;
  const check = parseBaseline(text);
  if (!check.ok) throw new Error(`the baseline would be refused when read: it ${check.reason}; record fewer scenarios per baseline (--scenario, --shard)`);
  return text;
}

/** Write a baseline as pretty JSON, creating its folder; throws when it could not be read back. */
export async function writeBaselineFile(path: string, baseline: Baseline): Promise<void> {
  const text = serializeBaseline(baseline);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}
