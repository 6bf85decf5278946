/**
 * The offline half: a one-time notice printed to PDF by Chromium is A4, without navigation, keeps each step
 * whole, and carries a QR code that decodes (jsQR, on the page rendered by pdftoppm) to the notice's own URL.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { browserSession, openPage } from '../helpers/browser.ts';
import { PDFTOPPM_PATH } from '../../scripts/lib/debian-poppler.ts';
import { loadSiteConfig } from '../../src/config/site.ts';
import { absoluteUrl } from '../../src/lib/feeds.ts';
import { serviceItemPath } from '../../src/lib/community/community.ts';
import { qrCodeLabel } from '../../src/lib/qr-code.ts';

const session = browserSession();
const site = loadSiteConfig(process.env.GONGKAI_CONTENT_ROOT ?? process.cwd());
const SERVICE = 'zuidi-shenghuo-baozhang';
const path = serviceItemPath(SERVICE);
const pageUrl = absoluteUrl(site, path);
const work = mkdtempSync(join(tmpdir(), 'gongkai-print-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every QR code jsQR reads on the PNG images, in page order. */
function decodeQrCodes(files: readonly string[]): string[] {
  return files.flatMap((file) => {
    const png = PNG.sync.read(readFileSync(file));
    const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.byteLength), png.width, png.height);
    return code ? [code.data] : [];
  });
}

describe('a printed one-time notice', () => {
  it('is A4, and its QR code decodes to the address of the page', async () => {
    const page = await openPage(session.browser);
    await page.goto(`${session.server.url}${path}`);
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: false });
    await page.context().close();
    const pdfFile = join(work, 'notice.pdf');
    writeFileSync(pdfFile, pdf);

    // 100 dpi: an A4 sheet (210 × 297 mm) is 827 × 1169 pixels.
    execFileSync(PDFTOPPM_PATH, ['-r', '100', '-png', pdfFile, join(work, 'sheet')]);
    const sheets = readdirSync(work).filter((f) => /^sheet-\d+\.png$/.test(f)).sort().map((f) => join(work, f));
    expect(sheets.length).toBeGreaterThanOrEqual(1);
    for (const sheet of sheets) {
      const { width, height } = PNG.sync.read(readFileSync(sheet));
      expect([Math.abs(width - 827) <= 2, Math.abs(height - 1169) <= 2], `${sheet}: ${width}×${height}`).toEqual([true, true]);
    }
    expect(decodeQrCodes(sheets)).toEqual([pageUrl]);
  });

  it('the QR code on screen is an image named 二维码 with its address', async () => {
    const page = await openPage(session.browser);
    await page.goto(`${session.server.url}${path}`);
    expect(await page.getByRole('img', { name: qrCodeLabel(pageUrl), exact: true }).count()).toBe(1);
    await page.context().close();
  });

  it('in print, navigation and controls are gone and no step or material is split between sheets', async () => {
    const page = await openPage(session.browser);
    await page.goto(`${session.server.url}${path}`);
    await page.emulateMedia({ media: 'print' });
    const printed = await page.evaluate(() => ({
      hidden: ['.main-nav', '.breadcrumbs', '.site-tools', '[data-print-guide]'].map((s) => [s, [...document.querySelectorAll(s)].every((e) => getComputedStyle(e).display === 'none')]),
      unbroken: [...document.querySelectorAll('.service-guide__steps li, .service-guide__materials li')].map((e) => getComputedStyle(e).breakInside),
      qrWidthMm: document.querySelector('.service-guide .qr-code__image')!.getBoundingClientRect().width / (96 / 25.4),
    }));
    await page.context().close();
    expect(printed.hidden).toEqual(printed.hidden.map(([s]) => [s, true]));
    expect(printed.unbroken.length).toBeGreaterThan(4);
    expect(new Set(printed.unbroken)).toEqual(new Set(['avoid']));
    expect(Math.round(printed.qrWidthMm)).toBe(30);
  });
});
