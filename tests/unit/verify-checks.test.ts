/**
 * The checks of `npm run verify` against a tiny built site with known faults:
 * each fault is found and named with its page and rule, and a clean site passes.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from '../../src/server/static-server.ts';
import { checkSitemap, pathExists, readSiteDir, type Site } from '../../scripts/verify/site.ts';
import { checkLinks } from '../../scripts/verify/links.ts';
import { checkHeaders } from '../../scripts/verify/headers.ts';
import { declaredPublicContacts, scanForPersonalData } from '../../scripts/verify/personal-data.ts';
import { measurePages } from '../../scripts/verify/budgets.ts';

const SITE_URL = 'https://gongkai.example.gov.cn';
const page = (body: string, head = '') =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>t</title><link rel="canonical" href="${SITE_URL}/">${head}</head><body><main><h1>页</h1>${body}</main></body></html>`;

let dir: string;
let siteDir: string;
let contentDir: string;
let site: Site;
let server: StaticServer;

function write(root: string, file: string, text: string) {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gongkai-verify-test-'));
  siteDir = join(dir, 'site');
  contentDir = join(dir, 'content');
  write(siteDir, 'index.html', page(
    '<a href="/a/">好链接</a> <a href="/a/#there">好锚点</a> <a href="/a/#nowhere">坏锚点</a> <a href="/missing/">坏链接</a> <img src="/img/gone.png" alt="图"> <a href="https://www.gov.cn/">外部</a> <a href="/files/a.pdf">下载</a> 联系：010-55550201，zhangsan@qq.com',
    '<link rel="stylesheet" href="/_astro/s.css"><script type="module" src="/_astro/a.js"></script>',
  ));
  write(siteDir, 'a/index.html', page('<p id="there">这里</p>'));
  write(siteDir, 'orphan/index.html', page('<p>没有列入网站地图</p>'));
  write(siteDir, '404.html', page('<p>页面不存在</p>', '<meta name="robots" content="noindex">'));
  write(siteDir, '_astro/s.css', 'body{color:#222;background:url(/img/bg-gone.png)}');
  write(siteDir, '_astro/a.js', 'import"./b.js";console.log(1)');
  write(siteDir, '_astro/b.js', 'export const b=2;'.repeat(50));
  write(siteDir, 'files/a.pdf', '%PDF-1.4');
  write(siteDir, 'feed.xml', `<rss><channel><item><link>${SITE_URL}/a/</link></item><item><link>${SITE_URL}/gone/</link></item><item><link>https://www.gov.cn/x/</link></item></channel></rss>`);
  write(siteDir, 'sitemap.xml', `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>${SITE_URL}/</loc></url><url><loc>${SITE_URL}/a/</loc></url><url><loc>${SITE_URL}/deleted/</loc></url><url><loc>${SITE_URL}/404.html</loc></url></urlset>`);
  write(contentDir, 'site.yaml', 'contact:\n  phone: 010-55550201\n');
  write(contentDir, 'departments.yaml', 'a:\n  name: 部门\n  email: a@example.gov.cn\n');
  write(contentDir, 'consultations/x.md', '---\ntitle: 标题 13912345678\nchannels:\n  phone: (0559) 555 0400\n---\n正文 13812345678\n');
  site = readSiteDir(siteDir, SITE_URL);
  server = await startStaticServer({ root: siteDir });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('site files', () => {
  it('lists the pages and resolves paths as the server does', () => {
    expect(site.pages).toEqual(['/', '/404.html', '/a/', '/orphan/']);
    expect(pathExists(site, '/a/')).toBe(true);
    expect(pathExists(site, '/a')).toBe(true);
    expect(pathExists(site, '/gone/')).toBe(false);
    expect(pathExists(site, '/feed.xml')).toBe(true);
  });
});

describe('checkSitemap', () => {
  it('names pages missing from the sitemap, addresses without a page, and listed error pages', () => {
    const { failures, paths, excluded } = checkSitemap(site);
    expect(paths).toEqual(['/', '/404.html', '/a/', '/deleted/']);
    expect(excluded).toEqual(['/404.html']);
    expect(failures.map((f) => `${f.page} ${f.rule}`).sort()).toEqual(['/404.html sitemap:noindex-listed', '/deleted/ sitemap:dangling', '/orphan/ sitemap:page-missing']);
  });
});

describe('checkLinks', () => {
  it('finds broken links, images, CSS urls, fragments and feed addresses, and never contacts other hosts', async () => {
    const result = await checkLinks(server.url, site, ['/', '/a/', '/orphan/']);
    const found = result.failures.map((f) => `${f.page} ${f.rule} ${f.detail.split(' — ')[0]}`).sort();
    expect(found).toEqual([
      '/ link:broken /a/#nowhere',
      '/ link:broken /img/gone.png',
      '/ link:broken /missing/',
      '/_astro/s.css link:broken /img/bg-gone.png',
      '/feed.xml link:broken-in-feed https://gongkai.example.gov.cn/gone/ has no built page or file',
    ]);
    expect(result.skippedExternal).toBeGreaterThanOrEqual(1);
    expect(result.feedLinks).toBe(2);
  });
});

describe('checkHeaders', () => {
  it('passes the project’s static server', async () => {
    const { failures, samples } = await checkHeaders(server.url, site);
    expect(samples.map((s) => s.kind)).toEqual(['page', 'hashed asset', 'sitemap']);
    expect(failures).toEqual([]);
  });

  it('names every missing header on a server without them', async () => {
    const bare: Server = createServer((_, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'max-age=86400' });
      res.end('<p>x</p>');
    });
    await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
    try {
      const { failures } = await checkHeaders(`http://127.0.0.1:${(bare.address() as AddressInfo).port}`, site);
      const rules = new Set(failures.map((f) => `${f.page} ${f.rule}`));
      expect(rules).toEqual(new Set(['/ headers:netlify-mismatch', '/ headers:security', '/ headers:cache', '/_astro/s.css headers:netlify-mismatch', '/_astro/s.css headers:security', '/_astro/s.css headers:cache', '/sitemap.xml headers:netlify-mismatch', '/sitemap.xml headers:security', '/sitemap.xml headers:cache']));
      expect(failures.some((f) => /Content-Security-Policy is missing/.test(f.detail))).toBe(true);
    } finally {
      await new Promise((r) => bare.close(r));
    }
  });
});

describe('scanForPersonalData', () => {
  it('takes public contacts from site.yaml, departments.yaml and contact fields only', () => {
    const { contacts } = declaredPublicContacts(contentDir);
    expect([...contacts].sort()).toEqual(['01055550201', '05595550400', 'a@example.gov.cn']);
  });

  it('reports what is not declared, with page and kind', () => {
    const { failures } = scanForPersonalData(site, contentDir);
    expect(failures.map((f) => `${f.page} ${f.rule}`)).toEqual(['/ personal-data:email']);
    expect(failures[0]!.detail).toContain('zhangsan@qq.com');
  });
});

describe('measurePages', () => {
  const gz = (file: string) => gzipSync(readFileSync(join(siteDir, file))).length;

  it('counts HTML, stylesheets and scripts with the modules they import, in gzip bytes', () => {
    const [home] = measurePages(site, ['/'], new Map(), new Map());
    expect(home).toEqual({ path: '/', html: gz('index.html'), css: gz('_astro/s.css'), js: gz('_astro/a.js') + gz('_astro/b.js'), pagefind: 0 });
  });

  it('adds what the browser loaded, Pagefind’s files apart', () => {
    const loaded = new Map([['/a/', new Set(['/_astro/s.css', '/pagefind/pagefind.js'])]]);
    write(siteDir, 'pagefind/pagefind.js', 'export const pagefind = 1;');
    const [a] = measurePages(site, ['/a/'], loaded, new Map());
    expect(a).toEqual({ path: '/a/', html: gz('a/index.html'), css: gz('_astro/s.css'), js: 0, pagefind: gz('pagefind/pagefind.js') });
  });
});
