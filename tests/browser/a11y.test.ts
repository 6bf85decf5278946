/**
 * Every page of the built sample site passes axe (WCAG 2.2 AA and best practices)
 * with zero violations, and key pages show their content with JavaScript disabled.
 * One browser, one page object, pages checked one after the other.
 */
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSession, checkA11y, formatViolations, openPage, samplePerRoute, sitePages, type A11yViolation } from '../helpers/browser.ts';
import { SITE_DIR, readSite } from '../helpers/site.ts';

const session = browserSession();

const allPages = sitePages(readdirSync(SITE_DIR, { recursive: true, encoding: 'utf8' }).map((f) => f.split('\\').join('/')));
/**
 * Every page of every route, and up to A11Y_PER_ROUTE pages of a route with more (e.g. 10
 * of 69 catalogue topics, first to last), so that the suite stays fast as content grows.
 * GONGKAI_A11Y_ALL=1 checks every single page.
 */
const A11Y_PER_ROUTE = 10;
const pages = process.env.GONGKAI_A11Y_ALL === '1' ? allPages : samplePerRoute(allPages, A11Y_PER_ROUTE);

describe('accessibility (axe, WCAG 2.2 AA + best practices)', () => {
  it('the harness reports a known violation with page, rule, impact and target', async () => {
    const page = await openPage(session.browser);
    // A page that exists only in this test (intercepted, never sent to the server).
    await page.route((url) => url.pathname === '/harness-check/', (route) =>
      route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: '<!doctype html><html lang="zh-CN"><head><title>自检</title></head><body><main><h1>自检</h1><img id="no-alt" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><p class="faint">浅色文字</p></main></body></html>',
      }),
    );
    await page.goto(`${session.server.url}/harness-check/?q=1`);
    const violations = await checkA11y(page);
    await page.context().close();
    const imageAlt = violations.find((v) => v.rule === 'image-alt');
    expect(imageAlt, formatViolations(violations)).toMatchObject({ page: '/harness-check/?q=1', impact: 'critical', targets: ['#no-alt'] });
    expect(imageAlt!.text).toMatch(/^\/harness-check\/\?q=1 image-alt \(critical\): .+\n {4}#no-alt/);
  });

  it('the site has the pages the contract names', () => {
    for (const path of ['/', '/consultations/', '/feedback/', '/departments/', '/policy-areas/', '/scoreboard/', '/accessibility/', '/404.html']) {
      expect(allPages, path).toContain(path);
      expect(pages, path).toContain(path);
    }
  });

  it(`every page has zero violations (${pages.length} of ${allPages.length} pages)`, async () => {
    const page = await openPage(session.browser);
    const violations: A11yViolation[] = [];
    const unreachable: string[] = [];
    for (const path of pages) {
      const response = await page.goto(`${session.server.url}${path}`, { waitUntil: 'load' });
      if (!response || (response.status() !== 200 && path !== '/404.html')) {
        unreachable.push(`${path} → HTTP ${response?.status() ?? 'no response'}`);
        continue;
      }
      violations.push(...(await checkA11y(page)));
    }
    await page.context().close();
    expect(unreachable, 'pages the server did not serve').toEqual([]);
    const rules = [...new Set(violations.map((v) => v.rule))];
    expect(violations.length, `${violations.length} violations of ${rules.join(', ')}:\n${formatViolations(violations)}`).toBe(0);
  }, 600_000);
});

describe('content without JavaScript', () => {
  let page: Page;
  beforeAll(async () => {
    page = await openPage(session.browser, { javaScriptEnabled: false });
  });
  afterAll(async () => {
    await page?.context().close();
  });

  interface PublishedData {
    consultations: { id: string; title: string; path: string; feedbackPath: string | null }[];
  }
  const data = JSON.parse(readSite('/data/consultations.json')) as PublishedData;
  const first = data.consultations[0];
  const withFeedback = data.consultations.find((c) => c.feedbackPath);
  const sample = ['/', '/consultations/', '/feedback/', '/departments/', '/policy-areas/', '/scoreboard/', '/accessibility/', '/404.html'];
  if (first) sample.push(first.path);
  if (withFeedback?.feedbackPath) sample.push(withFeedback.feedbackPath);

  /** Text a visitor sees (innerText skips what CSS hides). */
  const visibleText = (selector: string) => page.locator(selector).first().innerText();

  it.each(sample)('%s shows its heading and content', async (path) => {
    await page.goto(`${session.server.url}${path}`);
    const h1 = page.locator('main h1');
    expect(await h1.count(), 'one h1 in main').toBe(1);
    expect(await h1.isVisible()).toBe(true);
    expect((await h1.innerText()).trim().length).toBeGreaterThan(1);
    const main = await visibleText('main');
    // More than the heading alone: the page's substance is in the HTML, not added by a script.
    expect(main.replace(/\s+/g, '').length, main).toBeGreaterThan((await h1.innerText()).length + 20);
    // The site navigation works without JavaScript.
    expect(await page.locator('header nav a[href="/consultations/"]').first().isVisible()).toBe(true);
  });

  it('lists every published consultation on /consultations/ and its next pages without a script', async () => {
    let text = '';
    let next: string | null = '/consultations/';
    for (let n = 0; next && n < 100; n++) {
      await page.goto(new URL(next, session.server.url).href);
      text += await visibleText('main');
      next = (await page.locator('main a[rel="next"]').count()) > 0 ? await page.locator('main a[rel="next"]').first().getAttribute('href') : null;
    }
    const missing = data.consultations.filter((c) => !text.includes(c.title)).map((c) => c.id);
    expect(missing).toEqual([]);
  });

  it('shows the consultation page’s title and status without a script', async () => {
    if (!first) throw new Error('the sample site has no consultation');
    await page.goto(`${session.server.url}${first.path}`);
    const main = await visibleText('main');
    expect(main).toContain(first.title);
    expect(main).toMatch(/未开始|征集中|已截止|已反馈|反馈逾期/);
  });
});
