/**
 * Links: every internal link, image, script, stylesheet, feed, download and
 * #fragment of every page resolves, checked by linkinator against the local
 * server (absolute addresses on the production host are rewritten to it;
 * other hosts are never contacted). Then the links inside feeds, calendars and
 * data files, which linkinator does not read, against the built files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LinkChecker, LinkState, type LinkResult } from 'linkinator';
import type { VerifyFailure } from '../../src/lib/verify-report.ts';
import { pathExists, productionPath, type Site } from './site.ts';

export interface LinkCheckResult {
  checked: number;
  skippedExternal: number;
  failures: VerifyFailure[];
  warnings: string[];
  /** Addresses found in feeds and data files, and how many files were read. */
  feedLinks: number;
  feedFiles: number;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function pathOf(origin: string, url: string | undefined): string {
  if (!url) return '(start)';
  if (!url.startsWith(origin)) return url;
  const rest = url.slice(origin.length) || '/';
  try {
    return decodeURI(rest);
  } catch {
    return rest;
  }
}

function describeFailure(r: LinkResult): string {
  const details = (r.failureDetails ?? [])
    .map((d) => (d instanceof Error ? d.message : `HTTP ${(d as { status?: number }).status ?? '?'}`))
    .filter(Boolean);
  return details.length > 0 ? [...new Set(details)].join('; ').slice(0, 200) : `HTTP ${r.status ?? 0}`;
}

export async function checkLinks(origin: string, site: Site, startPaths: readonly string[]): Promise<LinkCheckResult> {
  const failures: VerifyFailure[] = [];
  const warnings: string[] = [];
  let checked = 0;
  let skippedExternal = 0;
  const checker = new LinkChecker();
  checker.on('redirect', (r) => warnings.push(`${pathOf(origin, r.url)} redirects (${r.status}) to ${pathOf(origin, r.targetUrl)}: link to the final address`));
  const production = new URL(site.siteUrl).origin;
  const { links } = await checker.check({
    path: startPaths.map((p) => `${origin}${encodeURI(p)}`),
    recurse: true,
    concurrency: 8,
    timeout: 15_000,
    checkCss: true,
    checkFragments: true,
    redirects: 'warn',
    retry: false,
    urlRewriteExpressions: [{ pattern: new RegExp(`^${escapeRegExp(production)}(?=/|$)`), replacement: origin }],
    // Only the local server: other hosts are never contacted.
    linksToSkip: async (link) => !link.startsWith(`${origin}/`) && link !== origin,
  });
  for (const r of links) {
    if (r.state === LinkState.SKIPPED) {
      skippedExternal++;
      continue;
    }
    checked++;
    if (r.state === LinkState.BROKEN) {
      failures.push({ page: pathOf(origin, r.parent), rule: 'link:broken', detail: `${pathOf(origin, r.url)} — ${describeFailure(r)}` });
    }
  }

  // Feeds, calendars, data files, CSV: absolute addresses on the production host must exist in the build.
  const feedFailures = new Map<string, VerifyFailure>();
  let feedLinks = 0;
  let feedFiles = 0;
  const addressPattern = new RegExp(`${escapeRegExp(production)}[^\\s"'<>\\\\)\\]]*`, 'g');
  for (const file of site.files) {
    // The sitemap has its own check (site.ts); Pagefind's files are its index.
    if (!/\.(xml|ics|json|csv|txt|webmanifest|rss|atom)$/i.test(file) || file.startsWith('pagefind/') || /^sitemap(-\d+)?\.xml$/.test(file)) continue;
    feedFiles++;
    const text = readFileSync(join(site.dir, file), 'utf8')
      .replace(/\r?\n[ \t]/g, '') // iCalendar line folding
      .replace(/&amp;/g, '&');
    for (const [address] of text.matchAll(addressPattern)) {
      const clean = address.replace(/[.,;，。]+$/, '').replace(/\\,/g, ',');
      const path = productionPath(site, clean.split(/[?#]/)[0]!);
      if (path === undefined) continue;
      feedLinks++;
      if (!pathExists(site, path)) feedFailures.set(`${file} ${path}`, { page: `/${file}`, rule: 'link:broken-in-feed', detail: `${clean} has no built page or file` });
    }
  }
  failures.push(...feedFailures.values());
  return { checked, skippedExternal, failures, warnings: [...new Set(warnings)], feedLinks, feedFiles };
}
