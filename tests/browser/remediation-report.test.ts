/**
 * The public report form (线索和监督) in Chromium against the built sample site,
 * the local functions router, a real BlobsServer and a real SMTP server: a report
 * with a photo from a water-body page reaches the receipt page, is stored, and is
 * mailed to that body's responsible unit with the photo; a file that only calls
 * itself a photo is refused. Without JavaScript: the form is plain HTML. axe
 * checks the form and the function's pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getStore } from '@netlify/blobs';
import type { Browser } from 'playwright-core';
import { BUILD_NOW, SITE_DIR } from '../helpers/site.ts';
import { checkA11y, formatViolations, openPage } from '../helpers/browser.ts';
import { startFunctionsSite, type FunctionsSite } from '../helpers/functions-site.ts';
import type { TestSmtp } from '../helpers/comments.ts';
import type { StaticServer } from '../../src/server/static-server.ts';
import { reportKeys, type ReportRecord } from '../../src/server/report-intake.ts';
import type { ReportDirectory } from '../../src/lib/report-directory.ts';
import { isReportReceiptNumber } from '../../src/lib/report-submission.ts';
import { shanghaiDate } from '../../src/lib/time.ts';

let site: FunctionsSite;
let browser: Browser;
let server: StaticServer;
let smtp: TestSmtp;
let dir: string;
const directoryFile = join(SITE_DIR, 'remediation', 'report-directory.json');
const directory = JSON.parse(readFileSync(directoryFile, 'utf8')) as ReportDirectory;
const body = directory.waterBodies[0]!;
// A tiny but real PNG (1×1 pixel): what a phone camera upload is, as far as the server can tell.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

beforeAll(async () => {
  site = await startFunctionsSite({
    tempPrefix: 'gongkai-report-',
    env: {
      GONGKAI_REPORT_DIRECTORY_FILE: directoryFile,
      COMMENT_RATE_LIMIT: 'off',
      RECEIPT_SALT: 'browser-test-salt',
    },
    now: () => new Date(BUILD_NOW),
  });
  ({ browser, server, smtp, dir } = site);
  writeFileSync(join(dir, '现场.png'), PNG);
  writeFileSync(join(dir, 'fake.jpg'), 'MZ this is a program, not a photo');
});

afterAll(() => site?.close());

describe('report form', () => {
  it('a report with a photo reaches the receipt page, the private store and the responsible unit', { timeout: 90_000 }, async () => {
    const page = await openPage(browser, { viewport: { width: 375, height: 800 } });
    try {
      await page.goto(`${server.url}${body.path}`);
      const form = page.locator('form.report-form');
      expect(await form.getAttribute('action')).toBe('/api/reports');
      expect(await form.locator('input[name=waterBody]').inputValue()).toBe(body.id);
      expect(formatViolations(await checkA11y(page))).toBe('');

      await page.selectOption('#rf-kind', '污水直排');
      await page.fill('#rf-what', '桥下排水口晴天也有污水流出，水面发黑，气味很大。');
      await page.fill('#rf-where', `${body.name}公园东门桥下游约50米左岸`);
      await page.fill('#rf-latitude', '29.58');
      await page.fill('#rf-longitude', '105.06');
      await page.fill('#rf-seen', shanghaiDate(new Date(BUILD_NOW)));
      // Handed over as bytes rather than a path, which the browser reads only when the form is sent.
      await page.setInputFiles('#rf-photo', { name: '现场.png', mimeType: 'image/png', buffer: PNG });
      await page.fill('#rf-contact', '13800138000');
      await Promise.all([page.waitForURL(/\/api\/reports$/), page.click('form.report-form button[type=submit]')]);

      const text = (await page.locator('main').textContent()) ?? '';
      // The page's own words say why, should the function refuse the report.
      expect(await page.locator('h1').textContent(), text).toBe('线索提交成功');
      const receipt = /XS-\d{8}-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(text)?.[0];
      expect(receipt && isReportReceiptNumber(receipt)).toBe(true);
      expect(text).toContain(`已转交：${body.unit.name}核实处理`);
      expect(formatViolations(await checkA11y(page))).toBe('');

      const store = getStore({ name: 'gongkai-comments', consistency: 'strong' });
      const record = (await store.get(reportKeys.report(receipt!), { type: 'json' })) as ReportRecord;
      expect(record).toMatchObject({ waterBody: body.id, kind: '污水直排', coordinates: { latitude: 29.58, longitude: 105.06 } });
      expect(record.photo?.filename).toBe('现场.png');
      const stored = new Uint8Array((await store.get(reportKeys.photo(receipt!), { type: 'arrayBuffer' }))!);
      expect(Buffer.from(stored).equals(PNG)).toBe(true);

      await expect.poll(() => smtp.mails.length).toBe(1);
      const mail = smtp.mails[0]!;
      expect(mail.envelopeTo).toEqual([body.unit.email]);
      expect(mail.parsed.subject).toContain(receipt!);
      expect(mail.parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([['现场.png', 'image/png']]);
    } finally {
      await page.context().close();
    }
  });

  it('a file named .jpg that is not an image is refused, nothing stored, the text kept for copying', { timeout: 90_000 }, async () => {
    const page = await openPage(browser);
    try {
      const before = smtp.mails.length;
      await page.goto(`${server.url}/remediation/`);
      await page.selectOption('#rf-waterBody', '');
      await page.fill('#rf-what', '城东排水沟发黑发臭，不知道属于哪条水体。');
      await page.fill('#rf-where', '城东大道与滨江路交叉口');
      await page.fill('#rf-seen', shanghaiDate(new Date(BUILD_NOW)));
      await page.setInputFiles('#rf-photo', join(dir, 'fake.jpg'));
      const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/reports')), page.click('form.report-form button[type=submit]')]);
      expect(response.status()).toBe(422);
      const text = (await page.locator('main').textContent()) ?? '';
      expect(text).toContain('只接受 JPG、PNG 或 WebP 图片');
      expect(text).toContain('城东排水沟发黑发臭');
      expect(formatViolations(await checkA11y(page))).toBe('');
      expect(smtp.mails.length).toBe(before);
    } finally {
      await page.context().close();
    }
  });

  it('works without JavaScript: the form is plain HTML posting to the function', async () => {
    const page = await openPage(browser, { javaScriptEnabled: false });
    try {
      await page.goto(`${server.url}/remediation/`);
      const form = page.locator('form.report-form');
      expect(await form.getAttribute('method')).toBe('post');
      expect(await form.getAttribute('enctype')).toBe('multipart/form-data');
      expect(await page.locator('#rf-photo').getAttribute('accept')).toContain('image/jpeg');
      // Every water body can be chosen, and "not sure" goes to the lead unit.
      const options = await page.locator('#rf-waterBody option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
      expect(options).toEqual(['', ...directory.waterBodies.map((b) => b.id)]);
      expect(await page.locator('text=不超过4 MB').count()).toBeGreaterThan(0);
    } finally {
      await page.context().close();
    }
  });
});
