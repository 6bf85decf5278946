/**
 * The /community/ pages in Chromium: zero axe violations (WCAG 2.2 AA) on every page of the
 * section, at phone width too, and their content without JavaScript.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserSession, checkA11y, collectPageProblems, formatViolations, openPage, sitePages, type A11yViolation } from '../helpers/browser.ts';
import { SITE_DIR } from '../helpers/site.ts';

const session = browserSession();
const pages = sitePages(readdirSync(join(SITE_DIR, 'community'), { recursive: true, encoding: 'utf8' }).map((f) => `community/${f.split('\\').join('/')}`));

describe('community pages in the browser', () => {
  it('the section has its pages', () => {
    expect(pages).toContain('/community/');
    expect(pages.filter((p) => p.startsWith('/community/services/')).length).toBe(16);
  });

  it(`every community page has zero axe violations at 375 px (${pages.length} pages)`, async () => {
    const page = await openPage(session.browser, { viewport: { width: 375, height: 800 } });
    const problems = collectPageProblems(page);
    const violations: A11yViolation[] = [];
    for (const path of pages) {
      const response = await page.goto(`${session.server.url}${path}`, { waitUntil: 'load' });
      expect(response?.status(), path).toBe(200);
      violations.push(...(await checkA11y(page)));
      // Nothing wider than the phone's screen.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
    }
    await page.context().close();
    expect(violations.length, formatViolations(violations)).toBe(0);
    expect(problems).toEqual([]);
  }, 300_000);

  it('a community page shows its grid and items without JavaScript', async () => {
    const page = await openPage(session.browser, { javaScriptEnabled: false });
    await page.goto(`${session.server.url}/community/fukang/`);
    expect(await page.locator('.grid-tree').getByText('富康家园小区').isVisible()).toBe(true);
    expect(await page.locator('#fukang-caiwu .badge').textContent()).toBe('逾期未更新');
    await page.context().close();
  });
});
