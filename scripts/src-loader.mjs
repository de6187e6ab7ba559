// Lets Node run src/*.ts directly (`node --import ./scripts/src-loader.mjs src/cli.ts`), so the
// tests exercise the source rather than the committed bundle. Node 24 strips the types itself
// (tsconfig's erasableSyntaxOnly keeps the source strippable); this hook only maps the `.js`
// specifiers that TypeScript's imports use to the `.ts` file beside them.
import { existsSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier.endsWith('.js') && (specifier.startsWith('./') || specifier.startsWith('../')) && context.parentURL?.endsWith('.ts')) {
      const candidate = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
      if (existsSync(fileURLToPath(candidate))) return nextResolve(candidate.href, context);
    }
    return nextResolve(specifier, context);
  },
});
