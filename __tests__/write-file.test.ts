/**
 * Report files are whole or absent (issue 11): the writer's file functions are a seam, so a
 * full disk is simulated by a writeFile that writes part of the text for real, then fails.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FileWriter, writeFileAtomic } from '../src/adapters/cli/write-file.js';

/** Real file functions, except that writing stops with ENOSPC after `bytes` bytes. */
function fullDiskAfter(bytes: number): FileWriter {
  return {
    mkdir,
    rename,
    rm,
    writeFile: async (path, text) => {
      await writeFile(path, text.slice(0, bytes));
      throw Object.assign(new Error(`ENOSPC: no space left on device, write '${path}'`), { code: 'ENOSPC' });
    },
  };
}

describe('report files are written whole or not at all', () => {
  it('a write that fails half-way leaves the previous report as it was, no partial file, and says why', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'leakgate-write-'));
    const path = join(folder, 'report.json');
    writeFileSync(path, '{"previous": true}\n');
    await expect(writeFileAtomic(path, JSON.stringify({ scenarios: new Array(1000).fill('x') }), fullDiskAfter(4096))).rejects.toThrow(/ENOSPC/);
    expect(readFileSync(path, 'utf8')).toBe('{"previous": true}\n');
    expect(readdirSync(folder)).toEqual(['report.json']);
  });

  it('a write that fails where there was no report leaves none', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'leakgate-write-'));
    const path = join(folder, 'deep', 'report.md');
    await expect(writeFileAtomic(path, '# report\n'.repeat(1000), fullDiskAfter(100))).rejects.toThrow(/ENOSPC/);
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(join(folder, 'deep'))).toEqual([]);
  });

  it('a write that succeeds replaces the report whole, with nothing else left in the folder', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'leakgate-write-'));
    const path = join(folder, 'report.json');
    writeFileSync(path, 'old');
    await writeFileAtomic(path, 'new report\n');
    expect(readFileSync(path, 'utf8')).toBe('new report\n');
    expect(readdirSync(folder)).toEqual(['report.json']);
  });
});
