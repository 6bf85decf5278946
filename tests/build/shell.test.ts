/**
 * The site shell on built pages: language, skip link first, header and navigation from the
 * site configuration, breadcrumbs, 最后更新, head metadata, and a footer whose identifiers all
 * come from content/site.yaml (checked against the YAML itself, and against a second build
 * with a different configuration, so that no value can be hard-coded).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import yaml from 'js-yaml';
import { parse, type HTMLElement } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPage, siteHas, textOf } from '../helpers/site.ts';
import { makeBrokenTree } from '../helpers/content-tree.ts';

const REPO = resolve(import.meta.dirname, '../..');

/** content/site.yaml as an editor wrote it (read here, not through the app's loader). */
interface RawSite {
  url: string;
  name: string;
  sponsor: string;
  operator?: string;
  contact: { phone: string; email: string; address: string; postcode?: string };
  siteCode: string;
  icp: string;
  icpUrl?: string;
  policeRecord: string;
  policeRecordUrl?: string;
  findErrorUrl: string;
  navigation: { label: string; href: string }[];
}

function readRawSite(root: string): RawSite {
  return yaml.load(readFileSync(join(root, 'content/site.yaml'), 'utf8')) as RawSite;
}

const FOCUSABLE = 'a[href], button, input, select, textarea, summary, [tabindex]';

/** First element a keyboard reaches: focusable, not tabindex=-1, not hidden. */
function firstFocusable(page: HTMLElement): HTMLElement | undefined {
  const body = page.querySelector('body');
  return body?.querySelectorAll(FOCUSABLE).find((el) => el.getAttribute('tabindex') !== '-1' && !el.hasAttribute('hidden') && !el.closest('[hidden]'));
}

function linkTo(root: HTMLElement, href: string): HTMLElement | undefined {
  return root.querySelectorAll('a').find((a) => a.getAttribute('href') === href);
}

/** The footer must carry every identifier of `site`, each from the configuration. */
function expectFooterFrom(page: HTMLElement, site: RawSite) {
  const footer = page.querySelector('footer.site-footer');
  expect(footer, 'footer').toBeTruthy();
  if (!footer) return;
  const text = textOf(footer);
  expect(text).toContain(`主办单位：${site.sponsor}`);
  if (site.operator) expect(text).toContain(`承办单位：${site.operator}`);
  else expect(text).not.toContain('承办单位');
  expect(text).toContain(`联系电话：${site.contact.phone}`);
  expect(text).toContain(`电子邮箱：${site.contact.email}`);
  expect(linkTo(footer, `mailto:${site.contact.email}`), 'mail link').toBeTruthy();
  expect(text).toContain(`通信地址：${site.contact.address}`);
  if (site.contact.postcode) expect(text).toContain(`邮政编码：${site.contact.postcode}`);
  else expect(text).not.toContain('邮政编码');
  expect(text).toContain(`网站标识码：${site.siteCode}`);
  expect(textOf(linkTo(footer, site.icpUrl ?? 'https://beian.miit.gov.cn/'))).toBe(site.icp);
  expect(textOf(linkTo(footer, site.policeRecordUrl ?? 'https://beian.mps.gov.cn/'))).toBe(site.policeRecord);
  expect(textOf(linkTo(footer, site.findErrorUrl))).toBe('我为政府网站找错');
  expect(textOf(linkTo(footer, '/accessibility/'))).toBe('无障碍声明');
  // Same tab: the footer opens no new windows.
  expect(footer.querySelectorAll('a[target]')).toHaveLength(0);
}

function expectHeaderFrom(page: HTMLElement, site: RawSite, path: string) {
  const header = page.querySelector('header.site-header');
  expect(textOf(header?.querySelector('.site-brand__name'))).toBe(site.name);
  expect(textOf(header?.querySelector('.site-brand__sponsor'))).toBe(`主办单位：${site.sponsor}`);
  const nav = header?.querySelector('nav[aria-label="主导航"]');
  const links = nav?.querySelectorAll('a') ?? [];
  expect(links.map((a) => [textOf(a), a.getAttribute('href')])).toEqual(site.navigation.map((n) => [n.label, n.href]));
  const title = textOf(page.querySelector('title'));
  expect(title.endsWith(site.name), title).toBe(true);
  if (path !== '/404.html') expect(page.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe(new URL(path, site.url).href);
}

describe('site shell on the sample site', () => {
  const site = readRawSite(REPO);
  const shellPages = ['/accessibility/', '/404.html'];
  const pages = [...shellPages, ...['/', '/consultations/', '/feedback/'].filter((p) => siteHas(p))];

  it.each(pages)('%s is Chinese, starts with the skip link and has one main', (path) => {
    const page = readPage(path);
    expect(page.querySelector('html')?.getAttribute('lang')).toBe('zh-CN');
    const first = firstFocusable(page);
    expect(first?.tagName).toBe('A');
    expect(first?.getAttribute('href')).toBe('#main');
    expect(textOf(first)).toBe('跳到主要内容');
    const mains = page.querySelectorAll('main');
    expect(mains).toHaveLength(1);
    expect(mains[0]?.id).toBe('main');
  });

  it.each(pages)('%s has header, navigation and footer from content/site.yaml', (path) => {
    const page = readPage(path);
    expectHeaderFrom(page, site, path);
    expectFooterFrom(page, site);
  });

  it.each(pages)('%s loads the elder-mode script from a file in <head> and renders its button hidden', (path) => {
    const page = readPage(path);
    const head = page.querySelector('head');
    expect(head?.querySelectorAll('script').map((s) => s.getAttribute('src'))).toContain('/js/elder-mode.js');
    const buttons = page.querySelectorAll('[data-elder-toggle]');
    expect(buttons).toHaveLength(1);
    expect(buttons[0]?.tagName).toBe('BUTTON');
    expect(buttons[0]?.hasAttribute('hidden')).toBe(true);
    expect(buttons[0]?.getAttribute('aria-pressed')).toBe('false');
    expect(buttons[0]?.getAttribute('type')).toBe('button');
  });

  it.each(shellPages)('%s has no inline script or style (CSP: self only)', (path) => {
    const page = readPage(path);
    expect(page.querySelectorAll('script').filter((s) => !s.getAttribute('src'))).toHaveLength(0);
    expect(page.querySelectorAll('style')).toHaveLength(0);
    expect(page.querySelectorAll('[style]')).toHaveLength(0);
    expect(page.querySelectorAll('*').filter((el) => Object.keys(el.attributes).some((a) => /^on/i.test(a)))).toHaveLength(0);
  });

  it('has the head metadata: description, theme colour, icon, both RSS feeds', () => {
    const page = readPage('/accessibility/');
    expect(page.querySelector('meta[name="viewport"]')?.getAttribute('content')).toContain('width=device-width');
    expect(page.querySelector('meta[name="description"]')?.getAttribute('content')).toContain('无障碍');
    expect(page.querySelector('meta[name="theme-color"]')?.getAttribute('content')).toMatch(/^#[0-9a-f]{6}$/i);
    expect(page.querySelector('link[rel="icon"]')?.getAttribute('href')).toBe('/favicon.svg');
    const feeds = page.querySelectorAll('link[rel="alternate"][type="application/rss+xml"]').map((l) => l.getAttribute('href'));
    expect(feeds).toEqual(['/consultations.xml', '/feedback.xml']);
    expect(siteHas('/favicon.svg')).toBe(true);
    expect(siteHas('/js/elder-mode.js')).toBe(true);
  });

  it('keeps the 404 page out of search engines and the search index', () => {
    const page = readPage('/404.html');
    expect(page.querySelector('meta[name="robots"]')?.getAttribute('content')).toBe('noindex');
    expect(page.querySelector('link[rel="canonical"]')).toBeNull();
    expect(page.querySelector('[data-pagefind-body]')).toBeNull();
    expect(textOf(page.querySelector('h1'))).toBe('抱歉，您访问的页面不存在');
  });

  it('gives a page without complementary content no aside column (an empty one pushed a printed poster onto a second sheet)', () => {
    for (const path of ['/', '/accessibility/', '/community/fukang/poster/']) {
      const page = readPage(path);
      expect(page.querySelector('.page-aside'), path).toBeNull();
      expect(page.querySelector('.page-body')?.classList.contains('page-body--with-aside'), path).toBe(false);
    }
  });

  it('shows breadcrumbs with the home crumb first and the current page last', () => {
    const page = readPage('/accessibility/');
    const crumbs = page.querySelectorAll('nav[aria-label="面包屑导航"]');
    expect(crumbs).toHaveLength(1);
    const items = crumbs[0]?.querySelectorAll('ol > li') ?? [];
    expect(items.map((li) => textOf(li))).toEqual(['首页', '无障碍声明']);
    expect(items[0]?.querySelector('a')?.getAttribute('href')).toBe('/');
    const current = items[1]?.querySelector('[aria-current="page"]');
    expect(textOf(current)).toBe('无障碍声明');
    expect(items[1]?.querySelector('a')).toBeNull();
  });

  it('marks the current section in the main navigation', () => {
    const accessibility = readPage('/accessibility/').querySelector('nav[aria-label="主导航"]');
    expect(accessibility?.querySelectorAll('[aria-current]')).toHaveLength(0);
    if (siteHas('/consultations/')) {
      const nav = readPage('/consultations/').querySelector('nav[aria-label="主导航"]');
      const current = nav?.querySelectorAll('[aria-current]') ?? [];
      expect(current.map((a) => [a.getAttribute('href'), a.getAttribute('aria-current')])).toEqual([['/consultations/', 'page']]);
    }
    if (siteHas('/')) {
      const nav = readPage('/').querySelector('nav[aria-label="主导航"]');
      expect(nav?.querySelectorAll('[aria-current]').map((a) => a.getAttribute('href'))).toEqual(['/']);
    }
  });

  it('shows 最后更新 as a Chinese date with a machine-readable one inside <main>', () => {
    const page = readPage('/accessibility/');
    const updated = page.querySelector('main .last-updated');
    expect(textOf(updated)).toMatch(/^最后更新：\d{4}年[1-9]\d?月[1-9]\d?日$/);
    const datetime = updated?.querySelector('time')?.getAttribute('datetime') ?? '';
    expect(datetime).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const [y, m, d] = datetime.split('-').map(Number);
    expect(textOf(updated)).toBe(`最后更新：${y}年${m}月${d}日`);
    expect(readPage('/404.html').querySelector('.last-updated')).toBeNull();
  });

  it('states the accessibility commitments and the contact from the configuration', () => {
    const main = readPage('/accessibility/').querySelector('main');
    const text = textOf(main);
    for (const phrase of ['WCAG', '2.2', 'AA', 'GB/T 37668', '长者模式', '键盘', '跳到主要内容']) expect(text).toContain(phrase);
    expect(text).toContain(site.contact.phone);
    expect(main && linkTo(main, `mailto:${site.contact.email}`)).toBeTruthy();
    expect(main && linkTo(main, site.findErrorUrl)).toBeTruthy();
  });
});

describe('site shell built from another configuration', () => {
  // A second site whose configuration differs in every identifier and leaves out the optional ones.
  const root = makeBrokenTree((t) => {
    const file = 'content/site.yaml';
    t.replace(file, 'name: 测试市人民政府政务公开网站', 'name: 另一市政务公开平台');
    t.replace(file, 'sponsor: 测试市人民政府办公厅', 'sponsor: 另一市人民政府办公室');
    t.replace(file, 'operator: 测试市政务服务和数据管理局\n', '');
    t.replace(file, 'phone: 010-12345678', 'phone: 0571-87654321（工作日）');
    t.replace(file, 'email: gongkai@example.gov.cn', 'email: lianxi@another.example.gov.cn');
    t.replace(file, 'address: 测试市测试区政府路1号', 'address: 另一市中心区人民路2号');
    t.replace(file, '  postcode: "100000"\n', '');
    t.replace(file, 'siteCode: "1100000001"', 'siteCode: "3301000099"\nicpUrl: https://icp.example.org/query\npoliceRecordUrl: https://police.example.org/record');
    t.replace(file, 'icp: 京ICP备00000001号-1', 'icp: 浙ICP备12345678号-2');
    t.replace(file, 'policeRecord: 京公网安备 11000000000001号', 'policeRecord: 浙公网安备 33010002000099号');
    t.replace(file, 'sitecode=1100000001', 'sitecode=3301000099');
    t.replace(file, '  - label: 征集反馈\n    href: /feedback/', '  - label: 征集反馈\n    href: /feedback/\n  - label: 无障碍\n    href: /accessibility/');
  });
  // Inside the repository on purpose: for an outDir outside the working directory Astro puts its
  // prerender chunks in the shared ./.astro/.prerender, where builds running at the same time collide.
  mkdirSync(join(REPO, 'tests/.tmp'), { recursive: true });
  const outDir = mkdtempSync(join(REPO, 'tests/.tmp/shell-dist-'));
  let build: { status: number | null; output: string } = { status: null, output: '' };

  beforeAll(() => {
    const result = spawnSync('npx', ['astro', 'build'], {
      cwd: REPO,
      encoding: 'utf8',
      timeout: 150_000,
      env: {
        ...process.env,
        GONGKAI_CONTENT_ROOT: root,
        GONGKAI_OUT_DIR: outDir,
        GONGKAI_CACHE_DIR: `${outDir}-cache`,
        GONGKAI_NOW: '2026-11-28T10:00:00+08:00',
        ASTRO_TELEMETRY_DISABLED: '1',
      },
    });
    build = { status: result.status, output: `${result.stdout}\n${result.stderr}` };
  }, 180_000);

  afterAll(() => {
    for (const dir of [root, outDir, `${outDir}-cache`]) rmSync(dir, { recursive: true, force: true });
  });

  const read = (file: string) => parse(readFileSync(join(outDir, file), 'utf8'));

  it('puts that configuration, and nothing of the sample one, in header, navigation and footer', () => {
    expect(build.status, build.output).toBe(0);
    const other = readRawSite(root);
    const sample = readRawSite(REPO);
    for (const [file, path] of [['404.html', '/404.html'], ['accessibility/index.html', '/accessibility/']] as const) {
      expect(existsSync(join(outDir, file)), file).toBe(true);
      const page = read(file);
      expectHeaderFrom(page, other, path);
      expectFooterFrom(page, other);
      const shellText = textOf(page.querySelector('header')) + textOf(page.querySelector('footer'));
      for (const value of [sample.name, sample.sponsor, sample.siteCode, sample.icp, sample.policeRecord, sample.contact.email]) {
        expect(shellText).not.toContain(value);
      }
    }
    // The phone text keeps its note; the link dials only the number.
    expect(linkTo(read('404.html').querySelector('footer')!, 'tel:057187654321')).toBeTruthy();
    // A navigation item for the page itself is marked as the current page.
    const nav = read('accessibility/index.html').querySelector('nav[aria-label="主导航"]');
    expect(nav?.querySelectorAll('[aria-current]').map((a) => [a.getAttribute('href'), a.getAttribute('aria-current')])).toEqual([['/accessibility/', 'page']]);
  });
});
