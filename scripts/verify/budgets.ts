/**
 * gzip weight of what each page loads: its HTML, its stylesheets, its scripts
 * with the modules they import (from the built files), merged with what the
 * browser actually requested on the page (so a stylesheet or script added at
 * run time counts too). Files under /pagefind/ are Pagefind's, counted apart.
 */
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { pageAssets, scriptClosure } from '../../src/lib/page-resources.ts';
import type { PageWeight } from '../../src/lib/size-budget.ts';
import { fileOfPath, readPath, type Site } from './site.ts';

const isPagefind = (path: string) => path.startsWith('/pagefind/');

export function measurePages(site: Site, pages: readonly string[], loadedInBrowser: ReadonlyMap<string, ReadonlySet<string>>, extra: ReadonlyMap<string, readonly string[]> = new Map()): PageWeight[] {
  const gzipCache = new Map<string, number>();
  const gzipped = (path: string): number => {
    let size = gzipCache.get(path);
    if (size === undefined) {
      const file = fileOfPath(site, path);
      // A missing file is the link check's failure; it weighs nothing here.
      size = existsSync(file) ? gzipSync(readFileSync(file)).length : 0;
      gzipCache.set(path, size);
    }
    return size;
  };
  const readModule = (path: string) => {
    const file = fileOfPath(site, path);
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  };
  return pages.map((path) => {
    const html = readPath(site, path);
    const assets = pageAssets(html, path);
    const observed = [...(loadedInBrowser.get(path) ?? []), ...(extra.get(path) ?? [])];
    const stylesheets = new Set([...assets.stylesheets, ...observed.filter((p) => p.endsWith('.css'))]);
    const scripts = new Set([...scriptClosure(assets.scripts, readModule), ...observed.filter((p) => /\.m?js$/.test(p))]);
    const sum = (paths: Iterable<string>) => [...paths].reduce((n, p) => n + gzipped(p), 0);
    return {
      path,
      html: gzipSync(html).length,
      css: sum([...stylesheets].filter((p) => !isPagefind(p))),
      js: sum([...scripts].filter((p) => !isPagefind(p))),
      pagefind: sum(new Set(observed.filter(isPagefind))),
    };
  });
}
