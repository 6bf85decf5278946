// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { contentCheck } from './src/integrations/content-check.ts';
import { contentRootPublic } from './src/integrations/content-root-public.ts';
import { editor } from './src/integrations/editor.ts';
import { FUNCTION_DATA_FILES } from './src/build/netlify-output.ts';
import { netlifyAdapter } from './src/integrations/netlify-adapter.ts';
import { netlifyHeaders } from './src/integrations/netlify-headers.ts';
import { pagefindSearch } from './src/integrations/pagefind.ts';
import { sitemap } from './src/integrations/sitemap.ts';
import { loadSiteConfig } from './src/config/site.ts';

const outDir = process.env.GONGKAI_OUT_DIR ?? './dist';
const site = loadSiteConfig(process.env.GONGKAI_CONTENT_ROOT ?? process.cwd());

export default defineConfig({
  site: site.url,
  outDir,
  // Builds of other content trees running at the same time (tests) need their own content store.
  ...(process.env.GONGKAI_CACHE_DIR ? { cacheDir: process.env.GONGKAI_CACHE_DIR } : {}),
  // Static pages are built as folders (/x/ → /x/index.html) either way; "ignore" lets the on-demand
  // routes answer at the addresses forms post to (/api/comments) as well as with a slash.
  trailingSlash: 'ignore',
  build: {
    format: 'directory',
    // The Content-Security-Policy allows only same-origin files: no inline styles or scripts.
    inlineStylesheets: 'never',
  },
  vite: {
    build: { assetsInlineLimit: 0 },
    // The site configuration, read once here: on-demand pages run where content/site.yaml is not.
    define: { __GONGKAI_SITE__: JSON.stringify(site) },
  },
  devToolbar: { enabled: false },
  // The intake checks what it accepts itself; Astro's own origin check would refuse a mail
  // program's one-click unsubscribe (RFC 8058), which is a cross-site form POST by design.
  security: { checkOrigin: false },
  // Pages with `export const prerender = false` (src/pages/api/…) are answered on request by one
  // Netlify function the adapter writes (.netlify/v1/functions/ssr/; other output folders: see
  // src/integrations/netlify-adapter.ts); everything else stays static.
  // The data files those pages read travel with that function (see src/server/deploy-data.ts).
  adapter: netlifyAdapter(outDir, { includeFiles: [...FUNCTION_DATA_FILES], devFeatures: false }),
  integrations: [contentCheck(), contentRootPublic(), mdx(), pagefindSearch(), sitemap(), netlifyHeaders(), editor()],
});
