/**
 * The lock file must install with `npm ci` on a fresh machine. An entry without a version (as an
 * older npm wrote for other platforms' optional packages) makes `npm ci` stop with
 * "Invalid Version:", and a warm npm cache can hide it, so the lock itself is checked here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers/cli.js';

interface LockEntry {
  version?: unknown;
  link?: unknown;
}

const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { lockfileVersion: number; packages: Record<string, LockEntry> };

it('every installed package in package-lock.json has a version (links aside)', () => {
  const unversioned = Object.entries(lock.packages)
    .filter(([path, entry]) => path !== '' && entry.link !== true && (typeof entry.version !== 'string' || entry.version === ''))
    .map(([path]) => path);
  expect(Object.keys(lock.packages).length).toBeGreaterThan(100);
  expect(unversioned).toEqual([]);
});

it('the lock file lists the root package as package.json names it', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  expect(lock.lockfileVersion).toBe(3);
  expect(lock.packages['']).toMatchObject({ name: manifest.name, version: manifest.version });
});
