/**
 * The sitemap of the built site (sitemaps.org protocol): every HTML page that
 * search engines may index, i.e. every built page except 404.html and pages
 * marked `<meta name="robots" content="noindex">`. Above 50,000 addresses
 * (the protocol's limit per file) /sitemap.xml becomes a sitemap index of
 * /sitemap-1.xml, /sitemap-2.xml, …
 */

export const SITEMAP_PATH = '/sitemap.xml';
/** The protocol allows at most 50,000 URLs (and 50 MB) per sitemap file. */
export const MAX_URLS_PER_SITEMAP = 50_000;

/**
 * URL path of a built HTML file (relative to the output directory, `/` as
 * separator): `index.html` → `/`, `a/b/index.html` → `/a/b/`, `a/x.html` →
 * `/a/x.html`. Undefined for files that are not HTML.
 */
export function pagePathOfFile(file: string): string | undefined {
  const clean = file.replace(/\\/g, '/').replace(/^\.?\//, '');
  if (!/\.html?$/i.test(clean)) return undefined;
  if (clean === 'index.html') return '/';
  if (clean.endsWith('/index.html')) return `/${clean.slice(0, -'index.html'.length)}`;
  return `/${clean}`;
}

/** Whether a page asks search engines not to index it. */
export function isNoindex(html: string): boolean {
  for (const tag of html.match(/<meta\b[^>]*>/gi) ?? []) {
    const name = /\bname\s*=\s*["']?([^"'\s>]+)/i.exec(tag)?.[1]?.toLowerCase();
    const content = /\bcontent\s*=\s*["']([^"']*)["']/i.exec(tag)?.[1]?.toLowerCase() ?? '';
    if ((name === 'robots' || name === 'googlebot') && /\b(noindex|none)\b/.test(content)) return true;
  }
  return false;
}

/**
 * The paths of the built HTML files (relative to the output directory) that
 * belong in the sitemap: no error page, no noindex page. Whether a page is
 * noindex comes from `known` (path → noindex, as the layout rendered it); only
 * files not in it are read (`readHtml`), so a large site is not read back.
 */
export function indexablePaths(files: readonly string[], known: ReadonlyMap<string, boolean>, readHtml: (file: string) => string): string[] {
  const paths: string[] = [];
  for (const file of files) {
    const path = pagePathOfFile(file);
    if (!path || isErrorPage(path)) continue;
    if (known.get(path) ?? isNoindex(readHtml(file))) continue;
    paths.push(path);
  }
  return paths;
}

/** The 404 page is served for missing addresses; it is never a page of its own. */
export function isErrorPage(path: string): boolean {
  return /^\/(404|500)(\.html|\/)$/.test(path);
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** Absolute URL of a site path; non-ASCII path characters percent-encoded, as the protocol requires. */
export function absoluteUrl(siteUrl: string, path: string): string {
  return new URL(encodeURI(decodeURI(path)).replace(/^\//, ''), siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`).href;
}

export function sitemapXml(urls: readonly string[]): string {
  const entries = urls.map((u) => `<url><loc>${escapeXml(u)}</loc></url>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries}\n</urlset>\n`;
}

export function sitemapIndexXml(sitemapUrls: readonly string[]): string {
  const entries = sitemapUrls.map((u) => `<sitemap><loc>${escapeXml(u)}</loc></sitemap>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries}\n</sitemapindex>\n`;
}

export interface SitemapFile {
  /** Site path of the file, e.g. /sitemap.xml or /sitemap-2.xml. */
  path: string;
  xml: string;
}

/**
 * The sitemap files for the given page paths (sorted, duplicates dropped): one
 * /sitemap.xml while the pages fit in one file, otherwise an index at
 * /sitemap.xml and numbered sitemaps.
 */
export function planSitemaps(siteUrl: string, pagePaths: readonly string[], maxPerFile = MAX_URLS_PER_SITEMAP): SitemapFile[] {
  const urls = [...new Set(pagePaths)].sort().map((p) => absoluteUrl(siteUrl, p));
  if (urls.length <= maxPerFile) return [{ path: SITEMAP_PATH, xml: sitemapXml(urls) }];
  const parts: SitemapFile[] = [];
  for (let i = 0; i < urls.length; i += maxPerFile) {
    parts.push({ path: `/sitemap-${parts.length + 1}.xml`, xml: sitemapXml(urls.slice(i, i + maxPerFile)) });
  }
  return [{ path: SITEMAP_PATH, xml: sitemapIndexXml(parts.map((p) => absoluteUrl(siteUrl, p.path))) }, ...parts];
}

/** robots.txt: everything may be crawled; where the sitemap is. */
export function robotsTxt(siteUrl: string): string {
  return `User-agent: *\nAllow: /\n\nSitemap: ${absoluteUrl(siteUrl, SITEMAP_PATH)}\n`;
}

/** The <loc> addresses of a sitemap or sitemap index, and which of the two it is. */
export function readSitemap(xml: string): { type: 'urlset' | 'index'; locations: string[] } {
  const type = /<sitemapindex\b/.test(xml) ? 'index' : 'urlset';
  const locations = [...xml.matchAll(/<loc>\s*([^<]*?)\s*<\/loc>/g)].map((m) =>
    m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&'),
  );
  return { type, locations };
}
