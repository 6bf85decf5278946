/**
 * Builds the site search index (Pagefind) when `astro build` has written the
 * pages. A failure fails the build. GONGKAI_SKIP_SEARCH=1 skips it, for the scale
 * build benchmark only: a site built that way has no working search.
 */
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { buildSearchIndex } from '../build/search-index.ts';

export function pagefindSearch(): AstroIntegration {
  return {
    name: 'gongkai:search',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        if (process.env.GONGKAI_SKIP_SEARCH === '1') {
          logger.warn('GONGKAI_SKIP_SEARCH=1: the search index is NOT built; /search/ will not work on this build');
          return;
        }
        await buildSearchIndex(fileURLToPath(dir), { info: (m) => logger.info(m), warn: (m) => logger.warn(m) });
      },
    },
  };
}
