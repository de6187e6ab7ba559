// Bundles the action (dist/index.js) and the command line (dist/cli.js), and copies the
// Python harness beside them (dist/python/), where both bundles look for it.

import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import commonjs from '@rollup/plugin-commonjs';
import json from '@rollup/plugin-json';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';

// scripts/check-dist.mjs builds into a scratch folder and compares it with dist/.
const out = process.env.LEAKGATE_DIST_DIR ?? 'dist';

const copyHarness = () => ({
  name: 'copy-harness',
  writeBundle() {
    // The whole harness package, recursively: .py files only (no __pycache__), and nothing left
    // over from an older layout.
    rmSync(`${out}/python`, { recursive: true, force: true });
    for (const entry of readdirSync('src/harness/python', { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.py')) continue;
      const target = join(`${out}/python`, relative('src/harness/python', join(entry.parentPath, entry.name)));
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(join(entry.parentPath, entry.name), target);
    }
  },
});

const plugins = () => [
  typescript({ tsconfig: './tsconfig.json', include: ['src/**/*.ts'], exclude: ['__tests__/**'], outDir: out, declaration: false, noEmitOnError: true }),
  nodeResolve({ preferBuiltins: true, exportConditions: ['node'] }),
  commonjs(),
  json(),
];

const onwarn = (warning, warn) => {
  // @actions/* and their dependencies use `this` at module top level and have circular imports;
  // zod's pure annotations sit where rollup cannot use them.
  if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY' || warning.code === 'INVALID_ANNOTATION') return;
  warn(warning);
};

export default [
  { input: 'src/index.ts', output: { file: `${out}/index.js`, format: 'es', sourcemap: false }, plugins: [...plugins(), copyHarness()], onwarn },
  // The CLI's entry checks the Node.js version before its main chunk (with execa) loads.
  {
    input: 'src/cli.ts',
    output: { dir: out, entryFileNames: 'cli.js', chunkFileNames: 'cli-[name].js', format: 'es', sourcemap: false },
    plugins: [...plugins(), copyHarness()],
    onwarn,
  },
];
