// Fails on any line of src/ longer than 160 characters, TypeScript and Python alike. Biome's
// formatter wraps code at 160 but leaves long string literals whole, and pyright does not look at
// length at all: this is the one place the limit holds. Counts characters (code points), not bytes.
// Usage: node scripts/line-limit.mjs [FOLDER...]   (default: src)
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const MAX_LINE_CHARS = 160;
const CHECKED = /\.(ts|mts|mjs|js|py)$/;
const SKIPPED = new Set(['node_modules', '__pycache__']);

/** Every checked file under `folder`, recursively, in a stable order. */
function filesUnder(folder) {
  const out = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (CHECKED.test(entry.name)) out.push(path);
  }
  return out.sort();
}

const folders = process.argv.length > 2 ? process.argv.slice(2) : ['src'];
const problems = [];
let checked = 0;
for (const file of folders.flatMap(filesUnder)) {
  checked += 1;
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      const chars = [...line.replace(/\r$/, '')].length;
      if (chars > MAX_LINE_CHARS) problems.push(`${relative(process.cwd(), file)}:${index + 1}: ${chars} characters`);
    });
}
if (problems.length > 0) {
  console.error(
    `${problems.length} line(s) longer than ${MAX_LINE_CHARS} characters:\n  ${problems.join('\n  ')}\n` +
      'Run `npm run format` for code; split long strings by hand (TypeScript: join two literals with +; Python: adjacent literals in parentheses).',
  );
  process.exit(1);
}
console.log(`line limit: ${checked} files, every line at most ${MAX_LINE_CHARS} characters`);
