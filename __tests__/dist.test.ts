/** dist/ is what users run: it must be exactly what src/ builds to. */
import { execFileSync } from 'node:child_process';
import { ROOT } from './helpers/cli.js';

it('the committed dist/ matches a fresh build of src/', () => {
  const output = execFileSync(process.execPath, ['scripts/check-dist.mjs'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  expect(output).toContain('dist/ is fresh');
}, 180_000);
