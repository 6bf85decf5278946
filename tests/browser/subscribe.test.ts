/**
 * E-mail alerts in Chromium WITHOUT JavaScript against the built sample site,
 * the local functions router, a real BlobsServer and a real SMTP server:
 * subscribe from a department page, confirm from the mail, leave with the
 * unsubscribe page's one button. axe checks the form and every answer page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { BUILD_NOW, SITE_DIR } from '../helpers/site.ts';
import { checkA11y, formatViolations, openPage } from '../helpers/browser.ts';
import { startFunctionsSite, type FunctionsSite } from '../helpers/functions-site.ts';
import type { TestSmtp } from '../helpers/comments.ts';
import type { StaticServer } from '../../src/server/static-server.ts';
import type { PublishedData } from '../../src/lib/published-data.ts';

let site: FunctionsSite;
let browser: Browser;
let server: StaticServer;
let smtp: TestSmtp;
const data = JSON.parse(readFileSync(join(SITE_DIR, 'data', 'consultations.json'), 'utf8')) as PublishedData;
// A department with no consultation yet: the form must work there too.
const quiet = data.departments.find((d) => !data.consultations.some((c) => c.department.id === d.id))!;

beforeAll(async () => {
  site = await startFunctionsSite({
    tempPrefix: 'gongkai-subscribe-',
    env: {
      GONGKAI_CONSULTATIONS_FILE: join(SITE_DIR, 'data', 'consultations.json'),
      SUBSCRIBE_RATE_LIMIT: 'off',
      SUBSCRIPTION_SECRET: 'browser-subscription-secret',
      MAIL_FROM: 'noreply@gongkai.test.example',
    },
    now: () => new Date(BUILD_NOW),
  });
  ({ browser, server, smtp } = site);
  // Links in mails point at the site address; the test follows them on the local server.
  process.env.SITE_URL = server.url;
});

afterAll(() => site?.close());

async function expectAccessible(page: Page) {
  expect(formatViolations(await checkA11y(page))).toBe('');
}

describe('e-mail alerts without JavaScript', () => {
  it('subscribe from a department page, confirm from the mail, unsubscribe with one button', { timeout: 120_000 }, async () => {
    expect(quiet).toBeDefined();
    // No page script runs (axe still can: it is injected by the test, not loaded by the page).
    const page = await openPage(browser);
    await page.route(/\.m?js(\?|$)/, (route) => route.abort());
    try {
      await page.goto(`${server.url}${quiet.path}`);
      await expectAccessible(page);

      // An address the browser accepts but the site does not: the form comes back with the error and the value.
      await page.fill('#subscribe-department-email', 'someone@localhost');
      await page.click('section.subscribe button[type=submit]');
      expect(await page.locator('h1').textContent()).toBe('请修改后重新提交');
      expect(await page.locator('.form-error').textContent()).toContain('电子邮箱地址格式不正确');
      expect(await page.inputValue('#sf-email')).toBe('someone@localhost');
      await expectAccessible(page);

      await page.fill('#sf-email', 'citizen@example.com');
      await page.click('form.sf button[type=submit]');
      expect(await page.locator('h1').textContent()).toBe('请查收确认邮件');
      await expectAccessible(page);

      await expect.poll(() => smtp.mails.length).toBe(1);
      const mail = smtp.mails[0]!;
      expect(mail.envelopeTo).toEqual(['citizen@example.com']);
      expect(mail.parsed.subject).toBe(`请确认订阅：${quiet.name}的意见征集的邮件提醒`);
      const confirm = /http:\/\/127\.0\.0\.1:\d+\/api\/subscriptions\/confirm\?token=\S+/.exec(mail.parsed.text ?? '')![0];
      await page.goto(confirm);
      expect(await page.locator('h1').textContent()).toBe('订阅成功');
      await expectAccessible(page);

      await page.click('a:text("退订")');
      expect(await page.locator('h1').textContent()).toBe('退订邮件提醒');
      await expectAccessible(page);
      await page.click('button:text("确认退订")');
      expect(await page.locator('h1').textContent()).toBe('已退订');
      await expectAccessible(page);
    } finally {
      await page.context().close();
    }
  });
});
