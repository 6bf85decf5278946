/**
 * The search page on a site whose index is in bundles by years (the sample site
 * re-indexed with small bundles, see tests/helpers/search-bundles.ts: 2026 is the
 * main bundle, 2021–2025, 2020 and 2016–2019 are archives). The page says which
 * years it searched and how many records it left out, searches all years in one
 * click (and keeps that in the URL), widens by itself when the recent years have
 * nothing, adds the bundle of a year named in the query or chosen as a filter,
 * and orders by date across bundles. Served with the site's CSP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { checkA11y, formatViolations, launchBrowser, openPage } from '../helpers/browser.ts';
import { readManifest, splitSampleSite } from '../helpers/search-bundles.ts';
import { startStaticServer, type StaticServer } from '../../src/server/static-server.ts';

let browser: Browser;
let server: StaticServer;
let page: Page;
let leftOut: number;
const problems: string[] = [];

beforeAll(async () => {
  const dir = await splitSampleSite('browser');
  const manifest = readManifest(dir);
  leftOut = manifest.bundles.slice(1).reduce((n, b) => n + b.records, 0);
  server = await startStaticServer({ root: dir });
  browser = await launchBrowser();
  page = await openPage(browser, { viewport: { width: 375, height: 800 } });
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy|Refused/.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const statusText = async () => (await page.locator('[data-search-status]').textContent()) ?? '';
const dates = () => page.locator('.search-result__meta time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime') ?? ''));
const urls = () => page.locator('.search-result__title a').evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));

async function open(query: string): Promise<void> {
  await page.goto(`${server.url}/search/${query}`);
  await page.waitForFunction(() => /找到 \d+ 条|没有找到|共 \d+ 条/.test(document.querySelector('[data-search-status]')?.textContent ?? ''));
}

describe('search over bundles by years', () => {
  it('searches the recent years by default and says so, with what was left out', async () => {
    await open(`?q=${encodeURIComponent('防空')}`);
    expect(await statusText()).toMatch(/^找到 1 条与“防空”相关的信息（2026 年以来发布）。$/);
    expect((await dates()).every((d) => d >= '2026')).toBe(true);
    expect(await page.locator('[data-search-scope]').isVisible()).toBe(true);
    expect(await page.locator('[data-search-scope-text]').textContent()).toBe(`2025 年及以前发布的 ${leftOut} 条信息未包含在本次搜索中。`);
    expect(await page.locator('label[for="years-recent"]').textContent()).toBe('2026 年以来');
    expect(await page.isChecked('#years-recent')).toBe(true);
    expect(problems).toEqual([]);
  });

  it('搜索全部年份 searches every bundle, puts years=all in the URL, and the back button returns to the recent years', async () => {
    await page.click('[data-search-all-years]');
    await page.waitForFunction(() => location.search.includes('years=all'));
    await page.waitForFunction(() => /^找到 \d+ 条与“防空”相关的信息。$/.test(document.querySelector('[data-search-status]')?.textContent ?? ''));
    expect(await urls()).toEqual(expect.arrayContaining(['/consultations/renfang-gongcheng-pingshi-liyong/', '/feedback/renfang-gongcheng-pingshi-liyong/', '/consultations/juzhuqu-tingche-guanli/']));
    expect(await page.locator('[data-search-scope]').isVisible()).toBe(false);
    expect(await page.isChecked('#years-all')).toBe(true);
    await page.goBack();
    await page.waitForFunction(() => (document.querySelector('[data-search-status]')?.textContent ?? '').includes('2026 年以来发布'));
    expect(await page.isChecked('#years-recent')).toBe(true);
    expect(await urls()).toEqual(['/consultations/juzhuqu-tingche-guanli/']);
  });

  it('widens to all years by itself when the recent years have nothing, and says so', async () => {
    await open(`?q=${encodeURIComponent('山洪灾害红色预警')}`);
    expect(await statusText()).toMatch(/^2026 年以来发布的信息中没有找到，已搜索全部年份：找到 \d+ 条与“山洪灾害红色预警”相关的信息。$/);
    expect(await urls()).toContain('/notices/2020-07-05-shanhong-hongse/');
    expect(await page.locator('[data-search-scope]').isVisible()).toBe(false);
    // The URL keeps what the visitor asked; the widening is redone from it.
    expect(new URL(page.url()).searchParams.get('years')).toBeNull();
  });

  it('says that all years were searched when nothing is found anywhere', async () => {
    await open(`?q=${encodeURIComponent('龘靐齉')}`);
    expect(await statusText()).toMatch(/^没有找到与“龘靐齉”相关的信息（已搜索全部年份）。/);
    expect(await page.locator('.search-result').count()).toBe(0);
    expect(await page.locator('[data-search-scope]').isVisible()).toBe(false);
  });

  it('adds the bundle of a year named in the query and names both spans', async () => {
    await open(`?q=${encodeURIComponent('国办发（2020）23号')}`);
    expect(await statusText()).toContain('（2026 年以来和 2020 年发布）');
    expect(await urls()).toContain('/consultations/laojiu-xiaoqu-zonghe-zhengzhi/');
    expect(await page.locator('[data-search-scope-text]').textContent()).toMatch(/^其他年份发布的 \d+ 条信息未包含在本次搜索中。$/);
  });

  it('a year filter searches that year fully: no notice, every result of that year', async () => {
    await open(`?q=${encodeURIComponent('管理')}&year=2020`);
    expect(await statusText()).toMatch(/^找到 \d+ 条与“管理”相关的信息（已按筛选条件）。$/);
    expect((await dates()).every((d) => d.startsWith('2020'))).toBe(true);
    expect(await page.locator('[data-search-scope]').isVisible()).toBe(false);
  });

  it('orders by date across all bundles, newest first, with every result', async () => {
    await open(`?q=${encodeURIComponent('管理')}&sort=date&years=all`);
    const count = Number(/找到 (\d+) 条/.exec(await statusText())?.[1]);
    expect(count).toBeGreaterThan(20);
    const more = page.locator('[data-search-more]');
    while (await more.isVisible()) {
      const before = await page.locator('.search-result').count();
      await more.click();
      await page.waitForFunction((n) => document.querySelectorAll('.search-result').length > n, before);
    }
    const all = await dates();
    expect(all.length).toBe(count);
    expect([...all].sort().reverse()).toEqual(all);
    expect(new Set(all.map((d) => d.slice(0, 4))).size).toBeGreaterThan(2);
  });

  it('filter counts are for the years searched, and the count matches the results', async () => {
    await open(`?q=${encodeURIComponent('管理')}`);
    await page.click('.search-filters summary');
    await page.waitForFunction(() => /意见征集（\d+）/.test(document.querySelector('#filter-type')?.textContent ?? ''));
    const label = (await page.locator('#filter-type option', { hasText: '意见征集' }).textContent()) ?? '';
    const count = Number(/（(\d+)）/.exec(label)?.[1]);
    // Years whose bundle was not searched are offered without a count.
    expect(await page.locator('#filter-year option', { hasText: '2020' }).textContent()).toBe('2020');
    await page.selectOption('#filter-type', '意见征集');
    await page.waitForFunction((n) => (document.querySelector('[data-search-status]')?.textContent ?? '').includes(`找到 ${n} 条`), count);
    expect(await statusText()).toContain('（2026 年以来发布，已按筛选条件）');
    expect(new Set(await page.locator('.search-result .badge').allTextContents())).toEqual(new Set(['意见征集']));
  });

  it('an archive that fails to load gives the error message, and the next search loads it again', async () => {
    const other = await openPage(browser);
    const failing = '**/pagefind/archive/2020/pagefind-entry.json*';
    await other.route(failing, (route) => route.abort());
    await other.goto(`${server.url}/search/?q=${encodeURIComponent('防空')}`);
    await other.waitForFunction(() => /找到 \d+ 条/.test(document.querySelector('[data-search-status]')?.textContent ?? ''));
    const statusOf = () => other.locator('[data-search-status]').textContent();
    await other.fill('#search-q', '国办发（2020）23号');
    await other.press('#search-q', 'Enter');
    await other.waitForFunction(() => (document.querySelector('[data-search-status]')?.textContent ?? '').includes('搜索暂时无法使用'));
    expect(await other.locator('[data-search-nojs]').isVisible()).toBe(true);
    await other.unroute(failing);
    await other.press('#search-q', 'Enter');
    await other.waitForFunction(() => (document.querySelector('[data-search-status]')?.textContent ?? '').includes('2026 年以来和 2020 年'));
    // A 文号 query: the status says whether a page holds the whole number.
    expect(await statusOf()).toMatch(/^(找到 \d+ 条|没有找到文号为“国办发\(2020\)23号”的文件)/);
    expect(await other.locator('[data-search-nojs]').isVisible()).toBe(false);
    await other.context().close();
  });

  it('a manifest that fails to load gives the error message, and the next search tries again', async () => {
    const other = await openPage(browser);
    const failing = '**/pagefind/gongkai-bundles.json';
    await other.route(failing, (route) => route.abort());
    await other.goto(`${server.url}/search/?q=${encodeURIComponent('防空')}`);
    await other.waitForFunction(() => (document.querySelector('[data-search-status]')?.textContent ?? '').includes('搜索暂时无法使用'));
    await other.unroute(failing);
    await other.press('#search-q', 'Enter');
    await other.waitForFunction(() => /^找到 1 条与“防空”相关的信息（2026 年以来发布）/.test(document.querySelector('[data-search-status]')?.textContent ?? ''));
    await other.context().close();
  });

  it('passes axe with the notice and the years option shown', async () => {
    await open(`?q=${encodeURIComponent('防空')}`);
    const violations = await checkA11y(page);
    expect(violations, formatViolations(violations)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
