/**
 * Writes /sitemap.xml (a sitemap index with numbered parts when the site is
 * large) and /robots.txt pointing at it, once `astro build` has written every
 * page: the list is what was actually built — every file Astro's routes wrote
 * and every file copied from a public/ folder — so it includes every route and
 * nothing that failed to build. Whether a page is noindex the layout recorded
 * as it rendered it (src/build/rendered-pages.ts); only other HTML files
 * (endpoints, public/) are read. The output folder is not walked: at 20,000
 * items that alone took half a second. Rules in src/lib/sitemap.ts. A
 * robots.txt the site provides itself (public/) is kept.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { forgetRenderedPages, renderedPages } from '../build/rendered-pages.ts';
import { contentRootPublicDir } from './content-root-public.ts';
import { indexablePaths, planSitemaps, robotsTxt } from '../lib/sitemap.ts';

export function sitemap(): AstroIntegration {
  let siteUrl = '';
  let publicDirs: string[] = [];
  return {
    name: 'gongkai:sitemap',
    hooks: {
      'astro:config:done': ({ config }) => {
        siteUrl = config.site ?? '';
        const root = fileURLToPath(config.root);
        publicDirs = [fileURLToPath(config.publicDir), contentRootPublicDir(root)].filter((d): d is string => d !== undefined && existsSync(d));
      },
      'astro:build:start': () => forgetRenderedPages(),
      'astro:build:done': ({ dir, assets, logger }) => {
        if (!siteUrl) throw new Error('sitemap: `site` is not set in astro.config.mjs (it comes from content/site.yaml `url`)');
        const outDir = fileURLToPath(dir);
        const written = [...assets.values()].flat().map((url) => relative(outDir, fileURLToPath(url)));
        const copied = publicDirs.flatMap((d) => readdirSync(d, { recursive: true, encoding: 'utf8' }));
        const built = [...new Set([...written, ...copied])];
        const paths = indexablePaths(built, renderedPages(), (file) => readFileSync(join(outDir, file), 'utf8'));
        forgetRenderedPages();
        const files = planSitemaps(siteUrl, paths);
        for (const f of files) writeFileSync(join(outDir, f.path), f.xml);
        const robots = join(outDir, 'robots.txt');
        if (!existsSync(robots)) writeFileSync(robots, robotsTxt(siteUrl));
        logger.info(`${paths.length} pages in ${files.map((f) => f.path).join(', ')}`);
      },
    },
  };
}
