/**
 * The staff workspace in Chromium against the built sample site, its on-demand pages, a real
 * BlobsServer and a real SMTP server: a report is sent from a water-body page; the disclosure
 * office signs in with the link mailed to it, finds the case in the queue, starts it and sends a
 * reply; the sender is mailed a notice and sees the reply on the receipt page only with the
 * query code. Plain forms and links at 375 px; axe on every workspace page.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportDirectory } from '../../src/lib/report-directory.ts';
import type { StaticServer } from '../../src/server/static-server.ts';
import { checkA11y, formatViolations, openPage } from '../helpers/browser.ts';
import type { TestSmtp } from '../helpers/comments.ts';
import { startFunctionsSite, type FunctionsSite } from '../helpers/functions-site.ts';
import { BUILD_NOW, SITE_DIR } from '../helpers/site.ts';

const OFFICE = 'gkb-staff@example.gov.cn';
let site: FunctionsSite;
let browser: Browser;
let server: StaticServer;
let smtp: TestSmtp;
const directoryFile = join(SITE_DIR, 'remediation', 'report-directory.json');
const directory = JSON.parse(readFileSync(directoryFile, 'utf8')) as ReportDirectory;
const body = directory.waterBodies[0]!;

beforeAll(async () => {
  site = await startFunctionsSite({
    tempPrefix: 'gongkai-staff-',
    env: { GONGKAI_REPORT_DIRECTORY_FILE: directoryFile, COMMENT_RATE_LIMIT: 'off', RECEIPT_SALT: 'browser-test-salt', STAFF_OFFICE_EMAIL: OFFICE },
    now: () => new Date(BUILD_NOW),
  });
  ({ browser, server, smtp } = site);
});
afterAll(() => site?.close());

async function noViolations(page: Page): Promise<void> {
  expect(formatViolations(await checkA11y(page))).toBe('');
}

describe('staff workspace', () => {
  it('signs in through the mailed link, handles a report to a reply, and the sender reads it with the query code', { timeout: 180_000 }, async () => {
    // Scripts on for axe; the workspace has none of its own: every step is a plain form post or link.
    const page = await openPage(browser, { viewport: { width: 375, height: 800 } });
    try {
      // The public sends a report.
      await page.goto(`${server.url}${body.path}`);
      const form = page.locator('form.report-form');
      await form.locator('textarea[name=what]').fill('排水口晴天仍有黑水流出，气味明显。');
      await form.locator('input[name=where]').fill('东岸排水口');
      await form.locator('input[name=seen]').fill(BUILD_NOW.slice(0, 10));
      await form.locator('input[name=contact]').fill('citizen@example.com');
      await form.locator('button[type=submit]').click();
      const answer = await page.locator('main').innerText();
      const receipt = /回执编号：(XS-\d{8}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(answer)?.[1];
      const queryCode = /查询码：([0-9A-Z]{4}-[0-9A-Z]{4})/.exec(answer)?.[1];
      expect(receipt).toBeDefined();
      expect(queryCode).toBeDefined();

      // The office asks for a link: the same answer as for anyone.
      await page.goto(`${server.url}/staff/`);
      expect(new URL(page.url()).pathname).toBe('/staff/sign-in/');
      await noViolations(page);
      await page.locator('input[name=email]').fill(OFFICE);
      await page.locator('form[action="/api/staff/sign-in"] button[type=submit]').click();
      expect(await page.locator('main').innerText()).toContain('登录链接已发送');
      const mail = smtp.mails.filter((m) => m.envelopeTo.includes(OFFICE)).at(-1);
      const link = /https?:\/\/\S+\/staff\/sign-in\/confirm\/\?token=[A-Za-z0-9_-]{43}/.exec(mail?.parsed.text ?? '')?.[0];
      expect(link).toBeDefined();
      await page.goto(`${server.url}${new URL(link!).pathname}${new URL(link!).search}`);
      await noViolations(page);
      await page.locator('form[action="/api/staff/session"] button[type=submit]').click();
      expect(new URL(page.url()).pathname).toBe('/staff/');
      await noViolations(page);

      // The queue shows the case; its page handles it to a reply.
      await page.locator(`a[href="/staff/cases/${receipt}/"]`).click();
      await noViolations(page);
      expect(await page.locator('main').innerText()).toContain('排水口晴天仍有黑水流出');
      await page.locator('form:has(input[name=action][value=start]) button[type=submit]').click();
      expect(await page.locator('main').innerText()).toContain('操作已保存：开始办理');
      await page.locator('form:has(input[name=action][value=reply]) textarea[name=text]').fill('经核查，该排水口已封堵，感谢您的监督。');
      await page.locator('form:has(input[name=action][value=reply]) button[type=submit]').click();
      expect(await page.locator('main').innerText()).toContain('操作已保存：答复');
      await noViolations(page);
      const notice = smtp.mails.find((m) => m.envelopeTo.includes('citizen@example.com') && m.parsed.subject?.includes('已答复'));
      expect(notice).toBeDefined();
      expect(notice!.parsed.text).not.toContain('封堵');

      // The sender: status without the code, the reply with it.
      await page.goto(`${server.url}/api/receipts?number=${receipt}`);
      const status = await page.locator('main').innerText();
      expect(status).toContain('已答复');
      expect(status).not.toContain('已封堵');
      await noViolations(page);
      await page.goto(`${server.url}/api/receipts?number=${receipt}&code=${queryCode}`);
      expect(await page.locator('main').innerText()).toContain('经核查，该排水口已封堵，感谢您的监督。');
      await noViolations(page);
    } finally {
      await page.context().close();
    }
  });
});
