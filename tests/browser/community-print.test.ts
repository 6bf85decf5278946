/**
 * The offline half: a one-time notice printed to PDF by Chromium is A4, without navigation, keeps each step
 * whole, and carries a QR code that decodes (jsQR, on the page rendered by pdftoppm) to the notice's own URL;
 * a community's notice-board poster is one A4 sheet and its grid workers' hand-out cards two to a sheet,
 * each code decoding to the community's page.
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
import { communityHandoutPath, communityPath, communityPosterPath, serviceItemPath } from '../../src/lib/community/community.ts';
import { qrCodeLabel } from '../../src/lib/qr-code.ts';

const session = browserSession();
const site = loadSiteConfig(process.env.GONGKAI_CONTENT_ROOT ?? process.cwd());
const SERVICE = 'zuidi-shenghuo-baozhang';
const path = serviceItemPath(SERVICE);
const pageUrl = absoluteUrl(site, path);
const work = mkdtempSync(join(tmpdir(), 'gongkai-print-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The QR code jsQR reads in each of `bands` horizontal bands of each PNG image (it reads one code per image), in page order. */
function decodeQrCodes(files: readonly string[], bands = 1): string[] {
  return files.flatMap((file) => {
    const png = PNG.sync.read(readFileSync(file));
    const rowBytes = png.width * 4;
    const bandRows = Math.floor(png.height / bands);
    return Array.from({ length: bands }, (_, b) => {
      const band = png.data.subarray(b * bandRows * rowBytes, (b + 1) * bandRows * rowBytes);
      return jsQR(new Uint8ClampedArray(band.buffer, band.byteOffset, band.byteLength), png.width, bandRows)?.data;
    }).filter((code): code is string => code !== undefined);
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

/** Prints a page to PDF with Chromium and renders its sheets at 100 dpi (an A4 sheet is 827 × 1169 pixels). */
async function printedSheets(sitePath: string, name: string): Promise<string[]> {
  const page = await openPage(session.browser);
  await page.goto(`${session.server.url}${sitePath}`);
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: false });
  await page.context().close();
  const pdfFile = join(work, `${name}.pdf`);
  writeFileSync(pdfFile, pdf);
  execFileSync(PDFTOPPM_PATH, ['-r', '100', '-png', pdfFile, join(work, name)]);
  const sheets = readdirSync(work).filter((f) => new RegExp(`^${name}-\\d+\\.png$`).test(f)).sort().map((f) => join(work, f));
  for (const sheet of sheets) {
    const { width, height } = PNG.sync.read(readFileSync(sheet));
    expect([Math.abs(width - 827) <= 2, Math.abs(height - 1169) <= 2], `${sheet}: ${width}×${height}`).toEqual([true, true]);
  }
  return sheets;
}

describe('a community’s printed poster and hand-out', () => {
  const COMMUNITY = 'fukang';
  const communityUrl = absoluteUrl(site, communityPath(COMMUNITY));

  it('the notice-board poster is one A4 sheet whose QR code opens the community’s page', async () => {
    const sheets = await printedSheets(communityPosterPath(COMMUNITY), 'poster');
    expect(sheets).toHaveLength(1);
    expect(decodeQrCodes(sheets)).toEqual([communityUrl]);
  });

  it('the hand-out has two whole cards to an A4 sheet, each sheet’s code opening the community’s page', async () => {
    const page = await openPage(session.browser);
    await page.goto(`${session.server.url}${communityHandoutPath(COMMUNITY)}`);
    await page.emulateMedia({ media: 'print' });
    const cards = await page.evaluate(() => [...document.querySelectorAll('.grid-card')].map((e) => getComputedStyle(e).breakInside));
    await page.context().close();
    expect(cards.length).toBeGreaterThan(1);
    expect(new Set(cards)).toEqual(new Set(['avoid']));
    const sheets = await printedSheets(communityHandoutPath(COMMUNITY), 'handout');
    expect(sheets).toHaveLength(Math.ceil(cards.length / 2));
    expect(decodeQrCodes(sheets, 2)).toEqual(cards.map(() => communityUrl));
  });
});
