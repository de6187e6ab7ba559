// Fails when dist/ is not what src/ builds to: users run dist/, so it must be committed fresh.
// Builds into a scratch folder with the same rollup config, then compares every file.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const scratch = mkdtempSync(join(tmpdir(), 'leakgate-dist-'));
execFileSync(process.execPath, ['node_modules/rollup/dist/bin/rollup', '-c', 'rollup.config.mjs', '--silent'], {
  env: { ...process.env, LEAKGATE_DIST_DIR: scratch },
  stdio: ['ignore', 'inherit', 'inherit'],
});

const files = (root) => {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      if (name === '__pycache__') continue; // Python's byte-code cache, not part of the build
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(root, path));
    }
  };
  walk(root);
  return out.sort();
};

const built = files(scratch);
const committed = files('dist');
const problems = [];
for (const file of new Set([...built, ...committed])) {
  if (!built.includes(file)) problems.push(`dist/${file} is not built from src/ any more: delete it`);
  else if (!committed.includes(file)) problems.push(`dist/${file} is missing`);
  else if (!readFileSync(join(scratch, file)).equals(readFileSync(join('dist', file)))) problems.push(`dist/${file} differs from what src/ builds to`);
}
rmSync(scratch, { recursive: true, force: true });
if (problems.length > 0) {
  console.error(`dist/ is stale:\n  ${problems.join('\n  ')}\nRun 'npm run build' and commit dist/.`);
  process.exit(1);
}
console.log(`dist/ is fresh (${built.length} files)`);
