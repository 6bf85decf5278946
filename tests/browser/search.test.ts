/**
 * The search page in Chromium, served with the site's security headers (CSP:
 * script-src 'self' 'wasm-unsafe-eval', worker-src 'self' blob:): results for a
 * Chinese query with marked terms, one polite live region, date order,
 * title-only, a filter with counts, the query in the URL (typing, back button,
 * shared link), the header box, keyboard use, phone width, no-JS notice, axe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { checkA11y, formatViolations, launchBrowser, openPage, serveSite } from '../helpers/browser.ts';
import type { StaticServer } from '../../src/server/static-server.ts';

let browser: Browser;
let server: StaticServer;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  server = await serveSite();
  browser = await launchBrowser();
  page = await openPage(browser, { viewport: { width: 375, height: 800 } });
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy|Refused/.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const status = () => page.locator('[data-search-status]');
const results = () => page.locator('.search-result');

async function resultTitles(): Promise<string[]> {
  return page.locator('.search-result__title a').allTextContents();
}

async function settled(expectedUrlPart?: string): Promise<void> {
  await page.waitForFunction(() => (document.querySelector('[data-search-status]')?.textContent ?? '') !== '');
  if (expectedUrlPart) await page.waitForFunction((part) => decodeURIComponent(location.search).includes(part), expectedUrlPart);
}

describe('search page', () => {
  it('finds a two-character word inside a longer run, marks it, and announces the count once', async () => {
    await page.goto(`${server.url}/search/`);
    await expect(page.locator('[data-search-nojs]').isHidden()).resolves.toBe(true);
    await page.fill('#search-q', '防空');
    await page.waitForFunction(() => /找到 \d+ 条/.test(document.querySelector('[data-search-status]')?.textContent ?? ''));
    expect(await page.locator('[aria-live], [role="status"]').count()).toBe(1);
    expect(await status().getAttribute('role')).toBe('status');
    const titles = await resultTitles();
    expect(titles.some((t) => t.includes('人民防空工程'))).toBe(true);
    expect(await page.locator('.search-result__excerpt mark').first().textContent()).toContain('防空');
    expect(await results().first().locator('.badge').textContent()).toBeTruthy();
    // Typing replaces the history entry: the query is in the URL without a new entry.
    expect(decodeURIComponent(new URL(page.url()).search)).toBe('?q=防空');
    expect(problems).toEqual([]);
  });

  it('shows a result’s metadata labelled on its own line, and an excerpt from the body at a boundary with a phrase marked as one', async () => {
    await page.goto(`${server.url}/search/?q=${encodeURIComponent('8条黑臭水体')}`);
    await settled();
    const result = page.locator('.search-result', { has: page.locator('a[href="/remediation/progress/2026-08-31-zhuti-gongcheng-wangong/"]') });
    expect(await result.locator('.search-result__meta').textContent()).toMatch(/发布日期：2026年8月31日/);
    const excerpt = (await result.locator('.search-result__excerpt').textContent()) ?? '';
    expect(excerpt).not.toMatch(/发布日期|所属阶段|[\u4e00-\u9fff]\. /);
    expect(excerpt).toMatch(/^…?梅家山水库8条水体主体工程完工。/);
    expect(await result.locator('.search-result__excerpt mark').allTextContents()).toContain('8条水体');
    await page.goto(`${server.url}/search/?q=${encodeURIComponent('黑臭水体')}`);
    await settled();
    const marks = await page.locator('.search-result__excerpt mark').allTextContents();
    expect(marks).toContain('黑臭水体');
    expect(marks).not.toContain('黑');
    expect(problems).toEqual([]);
    // Leave the page as the tests that follow expect it: the results for 防空.
    await page.goto(`${server.url}/search/?q=${encodeURIComponent('防空')}`);
    await page.waitForFunction(() => /找到 \d+ 条与“防空”/.test(document.querySelector('[data-search-status]')?.textContent ?? ''));
  });

  it('orders by date, newest first, and the back button restores relevance order', async () => {
    const relevance = await resultTitles();
    await page.check('#sort-date');
    await settled('sort=date');
    const dates = await page.locator('.search-result__meta time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime') ?? ''));
    expect(dates.length).toBeGreaterThan(1);
    expect([...dates].sort().reverse()).toEqual(dates);
    await page.goBack();
    await page.waitForFunction(() => !location.search.includes('sort=date'));
    await page.waitForFunction((first) => document.querySelector('.search-result__title a')?.textContent === first, relevance[0]);
    expect(await page.isChecked('#sort-relevance')).toBe(true);
    expect(await resultTitles()).toEqual(relevance);
  });

  it('title-only keeps only results whose title contains every term', async () => {
    await page.fill('#search-q', '防空');
    await page.check('#scope-title');
    await settled('scope=title');
    await page.waitForFunction(() => /标题中含有/.test(document.querySelector('[data-search-status]')?.textContent ?? ''));
    const titles = await resultTitles();
    expect(titles.length).toBeGreaterThan(0);
    for (const t of titles) expect(t).toContain('防空');
    // The parking consultation mentions 人民防空工程 in its text, not in its title.
    expect(titles.some((t) => t.includes('停车'))).toBe(false);
    await page.check('#scope-all');
    await settled();
    await page.waitForFunction(() => /找到 \d+ 条/.test(document.querySelector('[data-search-status]')?.textContent ?? ''));
    expect((await resultTitles()).some((t) => t.includes('停车'))).toBe(true);
  });

  it('offers the section or topic page a query names above the results (best bets)', async () => {
    for (const [query, href] of [
      ['交通扶贫', '/disclosure/topics/zt12/'],
      ['谢家河', '/remediation/water-bodies/xiejiahe/'],
    ] as const) {
      await page.goto(`${server.url}/search/?q=${encodeURIComponent(query)}`);
      await settled();
      const bets = page.locator('[data-search-bets]');
      await bets.waitFor({ state: 'visible' });
      expect(await bets.locator('a').first().getAttribute('href'), query).toBe(href);
    }
    await page.goto(`${server.url}/search/?q=${encodeURIComponent('停车')}`);
    await settled();
    expect(await page.locator('[data-search-bets]').isHidden()).toBe(true);
    expect(problems).toEqual([]);
  });

  it('offers the full-text results with their number when no title holds the words', async () => {
    await page.goto(`${server.url}/search/?q=${encodeURIComponent('南水北调')}&scope=title`);
    await page.waitForFunction(() => /标题中没有含有“南水北调”/.test(document.querySelector('[data-search-status]')?.textContent ?? ''));
    expect(await results().count()).toBe(0);
    const link = page.locator('[data-search-suggest] a');
    const text = (await link.textContent()) ?? '';
    const count = Number(/相关的 (\d+) 条信息/.exec(text)?.[1]);
    expect(count).toBeGreaterThan(0);
    await link.click();
    await page.waitForFunction(() => /找到 \d+ 条与“南水北调”相关的信息/.test(document.querySelector('[data-search-status]')?.textContent ?? ''));
    expect(new URL(page.url()).searchParams.get('scope')).toBeNull();
    expect(await status().textContent()).toContain(`找到 ${count} 条`);
    expect(await page.locator('[data-search-suggest]').isHidden()).toBe(true);
  });

  it('finds the document of a 文号 first in every common form, and lists no page holding only its characters', async () => {
    const cases = [
      ['交公路规〔2020〕3号', '/disclosure/items/shoufei-gonglu-lianwang-shoufei-guize-2020/'],
      ['交公路规[2020]3号', '/disclosure/items/shoufei-gonglu-lianwang-shoufei-guize-2020/'],
      ['交公路规（2020）3号', '/disclosure/items/shoufei-gonglu-lianwang-shoufei-guize-2020/'],
      ['交通运输部令2020年第5号', '/disclosure/items/daolu-yunshu-cheliang-jishu-guanli-xiugai-2020/'],
    ] as const;
    for (const [query, href] of cases) {
      await page.goto(`${server.url}/search/?q=${encodeURIComponent(query)}`);
      await page.waitForFunction(() => /含有文号/.test(document.querySelector('[data-search-status]')?.textContent ?? ''));
      const hrefs = await page.locator('.search-result__title a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
      expect(hrefs[0], query).toBe(href);
      // The 2018 rules (交公路规〔2018〕6号) share every character but the year and number: a loose match, left out.
      expect(hrefs, query).not.toContain('/disclosure/items/shoufei-gonglu-lianwang-shoufei-guize-2018/');
    }
    expect(problems).toEqual([]);
  });

  it('filters by type with counts, and the count matches the results', async () => {
    await page.fill('#search-q', '管理办法');
    await page.press('#search-q', 'Enter');
    await page.waitForFunction(() => /“管理办法”/.test(document.querySelector('[data-search-status]')?.textContent ?? ''));
    // The filters fold away until opened.
    expect(await page.locator('#filter-type').isVisible()).toBe(false);
    await page.click('.search-filters summary');
    // Opening them loads the filter lists and searches again for the counts.
    await page.waitForFunction(() => /征集反馈（\d+）/.test(document.querySelector('#filter-type')?.textContent ?? ''));
    const option = page.locator('#filter-type option', { hasText: '征集反馈' });
    const label = (await option.textContent()) ?? '';
    const count = Number(/（(\d+)）/.exec(label)?.[1]);
    expect(count).toBeGreaterThan(0);
    await page.selectOption('#filter-type', '征集反馈');
    await settled('type=征集反馈');
    await page.waitForFunction((n) => (document.querySelector('[data-search-status]')?.textContent ?? '').includes(`找到 ${n} 条`), count);
    const badges = await page.locator('.search-result .badge').allTextContents();
    expect(badges.length).toBe(Math.min(count, 10));
    expect(new Set(badges)).toEqual(new Set(['征集反馈']));
    expect(await page.locator('[data-search-filter-count]').textContent()).toBe('（已选 1 项）');
  });

  it('opens a shared link with its query and options, and loads more results with the keyboard', async () => {
    await page.goto(`${server.url}/search/?q=${encodeURIComponent('2020')}&sort=date`);
    await page.waitForFunction(() => /找到 \d+ 条/.test(document.querySelector('[data-search-status]')?.textContent ?? ''));
    expect(await page.inputValue('#search-q')).toBe('2020');
    expect(await page.isChecked('#sort-date')).toBe(true);
    expect(await results().count()).toBe(10);
    const more = page.locator('[data-search-more]');
    await more.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('.search-result').length > 10);
    const focused = await page.evaluate(() => document.activeElement?.closest('.search-result') === document.querySelectorAll('.search-result')[10]);
    expect(focused).toBe(true);
  });

  it('says clearly when nothing is found', async () => {
    await page.goto(`${server.url}/search/?q=${encodeURIComponent('龘靐齉')}`);
    await page.waitForFunction(() => (document.querySelector('[data-search-status]')?.textContent ?? '').includes('没有找到'));
    expect(await results().count()).toBe(0);
  });

  it('fits a phone screen and passes axe (WCAG 2.2 AA) with results shown', async () => {
    await page.goto(`${server.url}/search/?q=${encodeURIComponent('黑臭水体')}`);
    await page.waitForFunction(() => /找到 \d+ 条/.test(document.querySelector('[data-search-status]')?.textContent ?? ''));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.click('.search-filters summary');
    const violations = await checkA11y(page);
    expect(violations, formatViolations(violations)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('fetches the index for the words typed at once, not after the typing pause, and not for pinyin being composed', async () => {
    await page.goto(`${server.url}/search/`);
    // Pagefind loads when the page opens: its WebAssembly and metadata, then a moment to set them up.
    await page.waitForFunction(() => {
      const names = performance.getEntriesByType('resource').map((e) => e.name);
      return names.some((n) => /\/pagefind\/wasm\.[\w-]+\.pagefind$/.test(n)) && names.some((n) => /\.pf_meta$/.test(n));
    });
    await page.waitForTimeout(1500);
    const indexFetches = () => page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('/pagefind/index/')).length);
    // An input method composing pinyin: nothing is fetched for the letters.
    await page.evaluate(() => {
      const input = document.querySelector('#search-q') as HTMLInputElement;
      input.value = 'renmin';
      input.dispatchEvent(new InputEvent('input', { bubbles: true, isComposing: true, inputType: 'insertCompositionText', data: 'renmin' }));
    });
    await page.waitForTimeout(100);
    expect(await indexFetches()).toBe(0);
    const afterTyping = await page.evaluate(
      () =>
        new Promise<number>((done) => {
          const input = document.querySelector('#search-q') as HTMLInputElement;
          const typed = performance.now();
          new PerformanceObserver((list, observer) => {
            const chunk = list.getEntries().find((e) => e.name.includes('/pagefind/index/'));
            if (!chunk) return;
            observer.disconnect();
            done(chunk.startTime - typed);
          }).observe({ type: 'resource' });
          input.value = '人民防空';
          input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: '人民防空' }));
        }),
    );
    // The search itself starts 300 ms after the last keystroke; the chunks were asked for right away.
    expect(afterTyping).toBeLessThan(150);
    await page.waitForFunction(() => /找到 \d+ 条/.test(document.querySelector('[data-search-status]')?.textContent ?? ''));
    expect((await resultTitles()).some((t) => t.includes('人民防空'))).toBe(true);
    expect(problems).toEqual([]);
  });

  it('asks for Pagefind\'s WebAssembly and metadata as soon as it has the bundle manifest, and downloads each once', async () => {
    const fresh = await openPage(browser);
    const requested: string[] = [];
    fresh.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await fresh.goto(`${server.url}/search/?q=${encodeURIComponent('防空')}`);
    await fresh.waitForFunction(() => /找到 \d+ 条/.test(document.querySelector('[data-search-status]')?.textContent ?? ''));
    const manifest = (await (await fetch(`${server.url}/pagefind/gongkai-bundles.json`)).json()) as { preload?: string[] };
    expect(manifest.preload?.length).toBeGreaterThanOrEqual(2);
    for (const path of manifest.preload ?? []) expect(requested.filter((p) => p === path), path).toHaveLength(1);
    await fresh.close();
  });

  it('the header box leads to the search page with the query', async () => {
    await page.goto(`${server.url}/`);
    await page.fill('#site-search-q', '停车');
    await page.press('#site-search-q', 'Enter');
    await page.waitForURL(/\/search\/\?q=/);
    await page.waitForFunction(() => /找到 \d+ 条/.test(document.querySelector('[data-search-status]')?.textContent ?? ''));
    expect((await resultTitles()).some((t) => t.includes('停车'))).toBe(true);
  });
});

describe('search page without JavaScript', () => {
  it('shows the notice with the column pages instead of a search that cannot work', async () => {
    const noJs = await openPage(browser, { javaScriptEnabled: false });
    await noJs.goto(`${server.url}/search/?q=${encodeURIComponent('防空')}`);
    expect(await noJs.locator('[data-search-nojs]').isVisible()).toBe(true);
    expect(await noJs.locator('[data-search-nojs] a').count()).toBeGreaterThan(2);
    expect(await noJs.locator('#search-q').isVisible()).toBe(false);
    await noJs.context().close();
  });
});
