/**
 * Writing a report file so that it is whole or absent: the text goes to a temporary name in the
 * same folder, which is renamed over the target only once it is fully written (issue 11: on a
 * full disk the CLI left a truncated 4,096-byte JSON report). The file functions are a seam, so
 * that a failing disk can be tested without one.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The file functions writeFileAtomic uses. */
export interface FileWriter {
  mkdir: (path: string, options: { recursive: true }) => Promise<unknown>;
  writeFile: (path: string, text: string) => Promise<void>;
  rename: (from: string, to: string) => Promise<void>;
  rm: (path: string, options: { force: true }) => Promise<void>;
}

const NODE_FILES: FileWriter = { mkdir, writeFile, rename, rm };

/** Write `text` to `path` whole, or leave `path` as it was and throw; no temporary file is left behind. */
export async function writeFileAtomic(path: string, text: string, files: FileWriter = NODE_FILES): Promise<void> {
  await files.mkdir(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await files.writeFile(temporary, text);
    await files.rename(temporary, path);
  } catch (error) {
    await files.rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}
