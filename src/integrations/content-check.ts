/** Fails the build with the same editor-facing messages as `npm run check`. */
import type { AstroIntegration } from 'astro';
import { checkContent } from '../build/check-content.ts';

export function contentCheck(): AstroIntegration {
  return {
    name: 'gongkai:content-check',
    hooks: {
      // Runs at config setup, before Astro syncs the collections: otherwise a schema error
      // stops the build in the sync with Astro's own report instead of these file/field lines.
      'astro:config:setup': ({ command, logger }) => {
        if (command !== 'build') return;
        const problems = checkContent(process.env.GONGKAI_CONTENT_ROOT ?? process.cwd());
        for (const p of problems.filter((p) => p.severity === 'warning')) logger.warn(p.text);
        const errors = problems.filter((p) => p.severity === 'error');
        if (errors.length > 0) {
          throw new Error(`内容检查未通过（${errors.length} 处错误）：\n${errors.map((p) => p.text).join('\n')}`);
        }
      },
    },
  };
}
