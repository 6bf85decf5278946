import { describe, expect, it } from 'vitest';
import { absoluteUrl, indexablePaths, isErrorPage, isNoindex, pagePathOfFile, planSitemaps, readSitemap, robotsTxt } from '../../src/lib/sitemap.ts';

const SITE = 'https://gongkai.example.gov.cn';

describe('pagePathOfFile', () => {
  it('maps directory indexes and other HTML files to URL paths', () => {
    expect(pagePathOfFile('index.html')).toBe('/');
    expect(pagePathOfFile('consultations/index.html')).toBe('/consultations/');
    expect(pagePathOfFile('consultations\\x\\index.html')).toBe('/consultations/x/');
    expect(pagePathOfFile('404.html')).toBe('/404.html');
    expect(pagePathOfFile('files/report.htm')).toBe('/files/report.htm');
  });

  it('ignores everything that is not HTML', () => {
    for (const f of ['consultations.xml', 'data/consultations.json', '_astro/a.css', 'pagefind/pagefind.js', 'files/a.pdf', 'index.html.gz']) {
      expect(pagePathOfFile(f), f).toBeUndefined();
    }
  });
});

describe('isNoindex and isErrorPage', () => {
  it('recognises robots noindex in either attribute order', () => {
    expect(isNoindex('<head><meta name="robots" content="noindex"></head>')).toBe(true);
    expect(isNoindex('<meta content="noindex, nofollow" name="robots" />')).toBe(true);
    expect(isNoindex("<meta name='ROBOTS' content='none'>")).toBe(true);
    expect(isNoindex('<meta name="description" content="noindex 是什么">')).toBe(false);
    expect(isNoindex('<meta name="robots" content="index, follow">')).toBe(false);
    expect(isNoindex('<p>noindex</p>')).toBe(false);
  });

  it('knows the error pages', () => {
    expect(isErrorPage('/404.html')).toBe(true);
    expect(isErrorPage('/404/')).toBe(true);
    expect(isErrorPage('/notices/404/')).toBe(false);
    expect(isErrorPage('/')).toBe(false);
  });
});

describe('indexablePaths', () => {
  const files = ['index.html', '404.html', 'a/index.html', 'b/index.html', 'hidden/index.html', 'notices/banner.html', 'plain.html', '_astro/x.css', 'feed.xml'];
  const html: Record<string, string> = {
    'notices/banner.html': '<meta name="robots" content="noindex"><ul></ul>',
    'plain.html': '<p>页面</p>',
  };

  it('takes noindex from the pages the layout rendered and reads only the other HTML files', () => {
    const known = new Map([
      ['/', false],
      ['/a/', false],
      ['/b/', false],
      ['/hidden/', true],
    ]);
    const read: string[] = [];
    const paths = indexablePaths(files, known, (file) => (read.push(file), html[file] ?? ''));
    expect(paths).toEqual(['/', '/a/', '/b/', '/plain.html']);
    expect(read).toEqual(['notices/banner.html', 'plain.html']);
  });

  it('reads every page when the layout recorded none (pages rendered elsewhere)', () => {
    const read: string[] = [];
    const paths = indexablePaths(['index.html', 'a/index.html', 'b/index.html'], new Map(), (file) => (read.push(file), file === 'b/index.html' ? '<meta name="robots" content="noindex">' : ''));
    expect(paths).toEqual(['/', '/a/']);
    expect(read).toEqual(['index.html', 'a/index.html', 'b/index.html']);
  });
});

describe('planSitemaps', () => {
  it('writes one sorted sitemap of absolute, encoded, escaped addresses without duplicates', () => {
    const [only, ...rest] = planSitemaps(SITE, ['/b/', '/', '/a/', '/a/', '/搜索/', "/q&a'/"]);
    expect(rest).toEqual([]);
    expect(only!.path).toBe('/sitemap.xml');
    expect(only!.xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/);
    expect(readSitemap(only!.xml)).toEqual({
      type: 'urlset',
      locations: [`${SITE}/`, `${SITE}/a/`, `${SITE}/b/`, `${SITE}/q&a'/`, `${SITE}/%E6%90%9C%E7%B4%A2/`],
    });
    expect(only!.xml).toContain('<loc>https://gongkai.example.gov.cn/q&amp;a&apos;/</loc>');
  });

  it('becomes an index of numbered sitemaps above the per-file limit', () => {
    const paths = Array.from({ length: 5 }, (_, i) => `/p${i}/`);
    const files = planSitemaps(SITE, paths, 2);
    expect(files.map((f) => f.path)).toEqual(['/sitemap.xml', '/sitemap-1.xml', '/sitemap-2.xml', '/sitemap-3.xml']);
    expect(readSitemap(files[0]!.xml)).toEqual({ type: 'index', locations: [`${SITE}/sitemap-1.xml`, `${SITE}/sitemap-2.xml`, `${SITE}/sitemap-3.xml`] });
    const listed = files.slice(1).flatMap((f) => readSitemap(f.xml).locations);
    expect(listed).toEqual(paths.map((p) => `${SITE}${p}`));
  });

  it('keeps a site URL with a path prefix', () => {
    expect(absoluteUrl('https://example.gov.cn/gongkai', '/a/')).toBe('https://example.gov.cn/gongkai/a/');
    expect(absoluteUrl('https://example.gov.cn/gongkai/', '/%E6%90%9C/')).toBe('https://example.gov.cn/gongkai/%E6%90%9C/');
  });
});

describe('robotsTxt', () => {
  it('allows crawling and names the sitemap', () => {
    expect(robotsTxt(SITE)).toBe('User-agent: *\nAllow: /\n\nSitemap: https://gongkai.example.gov.cn/sitemap.xml\n');
  });
});
