// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { contentCheck } from './src/integrations/content-check.ts';
import { contentRootPublic } from './src/integrations/content-root-public.ts';
import { netlifyHeaders } from './src/integrations/netlify-headers.ts';
import { pagefindSearch } from './src/integrations/pagefind.ts';
import { sitemap } from './src/integrations/sitemap.ts';
import { loadSiteConfig } from './src/config/site.ts';

const site = loadSiteConfig(process.env.GONGKAI_CONTENT_ROOT ?? process.cwd());

export default defineConfig({
  site: site.url,
  outDir: process.env.GONGKAI_OUT_DIR ?? './dist',
  // Builds of other content trees running at the same time (tests) need their own content store.
  ...(process.env.GONGKAI_CACHE_DIR ? { cacheDir: process.env.GONGKAI_CACHE_DIR } : {}),
  trailingSlash: 'always',
  build: {
    format: 'directory',
    // The Content-Security-Policy allows only same-origin files: no inline styles or scripts.
    inlineStylesheets: 'never',
  },
  vite: {
    build: { assetsInlineLimit: 0 },
  },
  devToolbar: { enabled: false },
  integrations: [contentCheck(), contentRootPublic(), mdx(), pagefindSearch(), sitemap(), netlifyHeaders()],
});
