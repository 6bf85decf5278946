/**
 * The comment form in Chromium against the built sample site, its function
 * for the pages answered on request, a real BlobsServer and a real SMTP server: with
 * JavaScript (token fetched up front, so the first click stores the comment;
 * character count; oversized attachment refused before upload) and without (confirmation page, then the receipt page). axe checks the
 * form, the function pages and /receipts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { BUILD_NOW, SITE_DIR } from '../helpers/site.ts';
import { checkA11y, formatViolations, openPage } from '../helpers/browser.ts';
import { startFunctionsSite, type FunctionsSite } from '../helpers/functions-site.ts';
import { snapshot, keysOf } from '../helpers/comments.ts';
import type { StaticServer } from '../../src/server/static-server.ts';
import { clockOf, type PublishedData } from '../../src/lib/published-data.ts';
import { isOpenForComments } from '../../src/lib/consultation-status.ts';

let site: FunctionsSite;
let browser: Browser;
let server: StaticServer;
const clock = { now: new Date(BUILD_NOW) };

const data = JSON.parse(readFileSync(join(SITE_DIR, 'data', 'consultations.json'), 'utf8')) as PublishedData;
const open = data.consultations.find((c) => c.channels.online && c.articleComments && c.articles.length > 0 && isOpenForComments(clockOf(c), new Date(BUILD_NOW)));

beforeAll(async () => {
  site = await startFunctionsSite({
    tempPrefix: 'gongkai-form-',
    env: {
      GONGKAI_CONSULTATIONS_FILE: join(SITE_DIR, 'data', 'consultations.json'),
      COMMENT_RATE_LIMIT: 'off',
      FORM_TOKEN_SECRET: 'browser-test-secret',
      RECEIPT_SALT: 'browser-test-salt',
    },
    now: () => new Date(clock.now),
  });
  ({ browser, server } = site);
});

afterAll(() => site?.close());

describe('comment form', () => {
  it('the sample site has an open consultation taking article comments online', () => {
    expect(open).toBeDefined();
  });

  it('with JavaScript: token up front, character count, oversized attachment refused, errors from the function, then the receipt page', { timeout: 90_000 }, async () => {
    const page = await openPage(browser);
    try {
      await page.goto(`${server.url}${open!.path}`);
      const form = page.locator('form[data-comment-form]');
      // The first request to the on-demand function loads it (cold start): allow for it.
      await expect.poll(() => form.locator('input[name=formToken]').inputValue(), { timeout: 10_000 }).toMatch(/^v1\./);
      expect(formatViolations(await checkA11y(page))).toBe('');

      await page.check('#cf-consent');
      await page.fill('#cf-text', '太短');
      await expect.poll(() => page.locator('[data-char-count]').textContent()).toContain('还需至少 3 字');

      // An attachment over the limit is refused before anything is uploaded.
      await page.setInputFiles('#cf-attachment', { name: 'big.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(4 * 1024 * 1024 + 1, 0x20) });
      expect(await page.locator('#cf-attachment').evaluate((el: HTMLInputElement) => el.validationMessage)).toContain('附件不能超过 4 MB');
      await page.click('form[data-comment-form] button[type=submit]');
      expect(page.url()).toBe(`${server.url}${open!.path}`);
      await page.setInputFiles('#cf-attachment', []);

      // With the token, the first click is a real submission: the function's page shows the errors next to their fields.
      clock.now = new Date(clock.now.getTime() + 30_000);
      await page.click('form[data-comment-form] button[type=submit]');
      await page.waitForURL(`${server.url}/api/comments`);
      expect(await page.locator('h1').textContent()).toBe('请修改后重新提交');
      await expect(page.locator('.cf-error-summary').textContent()).resolves.toContain('意见内容至少需要 5 个字');
      expect(await page.locator('#cf-text').getAttribute('aria-invalid')).toBe('true');
      expect(await page.evaluate(() => document.activeElement?.classList.contains('cf-error-summary'))).toBe(true);

      await page.fill('#cf-text', '建议在第二条中明确平时利用的审批时限。');
      await page.selectOption('#cf-article', { index: 2 });
      await page.check('#cf-consent');
      await page.click('form[data-comment-form] button[type=submit]');
      await page.waitForURL(/\/api\/receipts\?number=YJ-/);
      expect(await page.locator('h1').textContent()).toBe('意见提交成功');
      const receipt = /YJ-\d{8}-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(page.url())?.[0];
      expect(receipt).toBeDefined();
      expect(keysOf(await snapshot(['comments']), 'comments:comments/')).toContain(`comments:comments/${open!.id}/${receipt}`);
      expect(formatViolations(await checkA11y(page))).toBe('');
    } finally {
      await page.context().close();
    }
  });

  it('without JavaScript: confirmation page, then the receipt page', { timeout: 90_000 }, async () => {
    // The site's scripts are not loaded (axe still needs to run in the page, so JavaScript stays on).
    const page = await openPage(browser);
    await page.route(/\.m?js(\?|$)/, (route) => route.abort());
    try {
      await page.goto(`${server.url}${open!.path}`);
      expect(await page.locator('input[name=formToken]').inputValue()).toBe('');
      await page.fill('#cf-text', '无脚本提交：建议增加夜间开放。<script>alert(1)</script>');
      await page.check('#cf-consent');
      await page.click('form[data-comment-form] button[type=submit]');
      await page.waitForURL(`${server.url}/api/comments`);
      expect(await page.locator('h1').textContent()).toBe('请核对后提交意见');
      expect(await page.locator('#cf-text').inputValue()).toBe('无脚本提交：建议增加夜间开放。<script>alert(1)</script>');
      expect(formatViolations(await checkA11y(page))).toBe('');

      clock.now = new Date(clock.now.getTime() + 10_000);
      await page.click('form[data-comment-form] button[type=submit]');
      await page.waitForURL(/\/api\/receipts\?number=YJ-/);
      expect(await page.locator('h1').textContent()).toBe('意见提交成功');
      expect(await page.locator('body').textContent()).not.toContain('无脚本提交');
      expect(formatViolations(await checkA11y(page))).toBe('');

      // Errors shown on the function's page, tied to fields.
      await page.goto(`${server.url}${open!.path}`);
      await page.fill('#cf-text', '短');
      await page.fill('#cf-contact', 'not-a-contact');
      await page.check('#cf-consent');
      await page.click('form[data-comment-form] button[type=submit]');
      expect(await page.locator('h1').textContent()).toBe('请修改后重新提交');
      expect(await page.locator('#cf-contact').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#cf-contact-error').textContent()).toContain('联系方式应为电子邮箱');
      expect(formatViolations(await checkA11y(page))).toBe('');
    } finally {
      await page.context().close();
    }
  });

  it('without the page scripts, in elder mode: confirmation, error and receipt pages are the site\'s own pages', { timeout: 90_000 }, async () => {
    const page = await openPage(browser, { viewport: { width: 375, height: 812 } });
    // The form's own script is refused; the elder-mode script (the switch itself) stays.
    await page.route(/\/_astro\/.*\.m?js(\?|$)/, (route) => route.abort());
    const favicons: number[] = [];
    page.on('response', (r) => {
      if (new URL(r.url()).pathname === '/favicon.svg') favicons.push(r.status());
    });
    /** Header, footer, favicon, the site's stylesheet and elder mode, on the page now shown. */
    const expectSiteShell = async (h1: string) => {
      expect(await page.locator('h1').textContent()).toBe(h1);
      expect(await page.locator('header.site-header .site-brand__name').count()).toBe(1);
      expect(await page.locator('nav.main-nav').count()).toBe(1);
      expect(await page.locator('footer.site-footer').count()).toBe(1);
      expect(await page.locator('link[rel=icon]').getAttribute('href')).toBe('/favicon.svg');
      const stylesheet = await page.locator('link[rel=stylesheet]').first().getAttribute('href');
      expect(stylesheet).toMatch(/^\/_astro\/site\.[\w-]+\.css$/);
      expect((await page.request.get(`${server.url}${stylesheet}`)).status()).toBe(200);
      expect(await page.evaluate(() => document.documentElement.classList.contains('elder-mode'))).toBe(true);
      expect(await page.locator('[data-elder-toggle]').getAttribute('aria-pressed')).toBe('true');
      // Elder mode's larger type reaches these pages too (the stylesheet is the site's).
      expect(await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize))).toBeGreaterThan(16);
    };
    try {
      await page.goto(`${server.url}${open!.path}`);
      await page.click('[data-elder-toggle]');
      expect(await page.evaluate(() => document.documentElement.classList.contains('elder-mode'))).toBe(true);

      // Confirmation page: the static page has no form token without its script.
      await page.fill('#cf-text', '长者模式下提交：建议增加夜间开放。');
      await page.check('#cf-consent');
      await page.click('form[data-comment-form] button[type=submit]');
      await page.waitForURL(`${server.url}/api/comments`);
      await expectSiteShell('请核对后提交意见');

      // Error page: the text made too short.
      await page.fill('#cf-text', '短');
      clock.now = new Date(clock.now.getTime() + 10_000);
      await page.click('form[data-comment-form] button[type=submit]');
      await expectSiteShell('请修改后重新提交');

      // Receipt page.
      await page.fill('#cf-text', '长者模式下提交：建议增加夜间开放。');
      await page.check('#cf-consent');
      clock.now = new Date(clock.now.getTime() + 10_000);
      await page.click('form[data-comment-form] button[type=submit]');
      await page.waitForURL(/\/api\/receipts\?number=YJ-/);
      await expectSiteShell('意见提交成功');
      expect(formatViolations(await checkA11y(page))).toBe('');
      expect(favicons.length).toBeGreaterThan(0);
      expect(favicons.every((status) => status === 200 || status === 304)).toBe(true);
    } finally {
      await page.context().close();
    }
  });

  it('/receipts/ looks a receipt up through the function', { timeout: 60_000 }, async () => {
    const page = await openPage(browser);
    await page.route(/\.m?js(\?|$)/, (route) => route.abort());
    try {
      await page.goto(`${server.url}/receipts/`);
      expect(formatViolations(await checkA11y(page))).toBe('');
      await page.fill('#receipt-number', 'YJ-2026');
      await page.click('form.receipt-lookup button[type=submit]');
      expect(await page.locator('#receipt-number-error').textContent()).toContain('回执编号格式不正确');
      expect(formatViolations(await checkA11y(page))).toBe('');
    } finally {
      await page.context().close();
    }
  });
});
