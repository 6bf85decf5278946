/**
 * The built sample site has a sitemap listing every indexable page (all but
 * 404 and noindex pages) on the production address, and a robots.txt naming it.
 */
import { describe, expect, it } from 'vitest';
import { loadSiteConfig } from '../../src/config/site.ts';
import { checkSitemap, readSiteDir } from '../../scripts/verify/site.ts';
import { SITE_DIR, readSite } from '../helpers/site.ts';

const siteUrl = loadSiteConfig().url;

describe('sitemap', () => {
  const site = readSiteDir(SITE_DIR, siteUrl);

  it('lists every built page but the 404 page, and nothing else', () => {
    const { failures, paths, excluded } = checkSitemap(site);
    expect(failures).toEqual([]);
    expect(excluded).toEqual(['/404.html']);
    expect(paths.length).toBe(site.pages.length - 1);
    for (const path of ['/', '/consultations/', '/disclosure/', '/notices/', '/remediation/', '/search/', '/receipts/']) expect(paths).toContain(path);
  });

  it('is one urlset on the production address while the site is small', () => {
    const xml = readSite('/sitemap.xml');
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/);
    expect(xml).toContain(`<loc>${new URL('/', siteUrl).href}</loc>`);
  });

  it('is named in robots.txt', () => {
    expect(readSite('/robots.txt')).toContain(`Sitemap: ${new URL('/sitemap.xml', siteUrl).href}`);
  });
});
