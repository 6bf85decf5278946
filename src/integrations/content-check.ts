/** Fails the build with the same editor-facing messages as `npm run check`. */
import type { AstroIntegration } from 'astro';
import { checkContent } from '../build/check-content.ts';
import { checkLedgers } from '../build/check-ledgers.ts';
import { discardCheckedFiles, keepingCheckedFiles } from '../build/checked-files.ts';

export function contentCheck(): AstroIntegration {
  return {
    name: 'gongkai:content-check',
    hooks: {
      // Runs at config setup, before Astro syncs the collections: otherwise a schema error
      // stops the build in the sync with Astro's own report instead of these file/field lines.
      'astro:config:setup': async ({ command, logger }) => {
        if (command !== 'build') return;
        const root = process.env.GONGKAI_CONTENT_ROOT ?? process.cwd();
        // The files it reads go on to the collections' loader (src/build/markdown-loader.ts): read and parsed once.
        const problems = keepingCheckedFiles(() => checkContent(root));
        // The published ledgers of verification codes: signatures, proofs, feedback figures, append-only.
        problems.push(...(await checkLedgers(root, undefined, { production: process.env.CONTEXT === 'production' })));
        for (const p of problems.filter((p) => p.severity === 'warning')) logger.warn(p.text);
        const errors = problems.filter((p) => p.severity === 'error');
        if (errors.length > 0) {
          discardCheckedFiles();
          throw new Error(`内容检查未通过（${errors.length} 处错误）：\n${errors.map((p) => p.text).join('\n')}`);
        }
      },
      // The collections are loaded by now: drop what no loader took.
      'astro:build:start': () => discardCheckedFiles(),
    },
  };
}
