/**
 * The disclosure catalogue in Chromium, served with the real security headers:
 * a visitor walks topic → item → download → interpretation and back, pages
 * through the newest items without JavaScript, opens the folded guide on a
 * phone, prints a service guide; axe finds nothing on the way. The route is
 * chosen from the site's own open data, not typed in.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserSession, checkA11y, collectPageProblems, formatViolations, openPage } from '../helpers/browser.ts';
import { SITE_DIR, readSite } from '../helpers/site.ts';
import type { CatalogueOpenData } from '../../src/lib/catalogue-open-data.ts';
import { CATALOGUE_DATA_PATH, LATEST_PATH, catalogueItemPath, treeNodePath, treePath } from '../../src/lib/catalogue-view.ts';
import { pageHref } from '../../src/lib/pagination.ts';

const session = browserSession();

const data = JSON.parse(readSite(CATALOGUE_DATA_PATH)) as CatalogueOpenData;
/** A document with a PDF attachment and an interpretation, filed under a topic that has a parent. */
const doc = data.items.find((i) => i.interpretations.length > 0 && i.attachments.some((a) => a.format === 'PDF') && data.trees.topics.find((n) => n.code === i.topics[0])?.parent);
const topic = data.trees.topics.find((n) => n.code === doc?.topics[0]);
const topicClass = data.trees.topics.find((n) => n.code === topic?.parent);

describe('a visitor on a computer', () => {
  it('walks topic → item → download → interpretation and back', async () => {
    expect(doc && topic && topicClass, 'the sample needs a document with a PDF and an interpretation under a sub-topic').toBeTruthy();
    const page = await openPage(session.browser, { viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const problems = collectPageProblems(page);
    const path = () => new URL(page.url()).pathname;

    await page.goto(`${session.server.url}/disclosure/`);
    const guide = page.locator('nav.disclosure-guide');
    await expect(guide.getByRole('link', { name: '按主题浏览' }).isVisible()).resolves.toBe(true);
    await guide.getByRole('link', { name: '按主题浏览' }).click();
    expect(path()).toBe(treePath('topics'));

    await page.locator(`main a[href="${treeNodePath('topics', topicClass!.code)}"]`).click();
    expect(path()).toBe(treeNodePath('topics', topicClass!.code));
    await page.locator(`main section[aria-labelledby="subnodes-title"] a[href="${treeNodePath('topics', topic!.code)}"]`).click();
    expect(path()).toBe(treeNodePath('topics', topic!.code));
    expect(await page.locator('h1').textContent()).toBe(topic!.name);

    await page.getByRole('link', { name: doc!.title, exact: true }).first().click();
    expect(path()).toBe(catalogueItemPath(doc!.id));
    expect(await page.locator('h1').textContent()).toBe(doc!.title);
    const table = page.locator('.catalogue-meta');
    expect(await table.locator('tr', { hasText: '索引号' }).locator('td').textContent()).toBe(doc!.indexNumber);

    const pdf = doc!.attachments.find((a) => a.format === 'PDF')!;
    const pdfPath = new URL(pdf.url).pathname;
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`a[href="${pdfPath}"]`).click()]);
    expect(download.suggestedFilename()).toBe(pdfPath.split('/').pop());
    const saved = readFileSync((await download.path())!);
    expect(saved.subarray(0, 5).toString()).toBe('%PDF-');
    expect(saved.length).toBe(statSync(join(SITE_DIR, pdfPath)).size);

    const interpretation = data.items.find((i) => i.id === doc!.interpretations[0])!;
    await page.locator('section[aria-labelledby="interpretations-title"]').getByRole('link', { name: interpretation.title, exact: true }).click();
    expect(path()).toBe(catalogueItemPath(interpretation.id));
    await page.locator('section[aria-labelledby="explained-title"]').getByRole('link', { name: doc!.title, exact: true }).click();
    expect(path()).toBe(catalogueItemPath(doc!.id));
    await page.goBack();
    expect(path()).toBe(catalogueItemPath(interpretation.id));

    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('shows the guide open, without its toggle, and repealed documents with their successor', async () => {
    const page = await openPage(session.browser, { viewport: { width: 1280, height: 900 } });
    await page.goto(`${session.server.url}/disclosure/`);
    expect(await page.locator('.disclosure-guide__toggle').isVisible()).toBe(false);
    expect(await page.locator('nav.disclosure-guide').getByRole('link', { name: '依申请公开' }).isVisible()).toBe(true);

    const repealed = data.items.find((i) => i.validity === '废止' && i.replacedBy)!;
    await page.goto(`${session.server.url}${catalogueItemPath(repealed.id)}`);
    const banner = page.locator('.validity-banner');
    expect(await banner.isVisible()).toBe(true);
    await banner.getByRole('link').click();
    expect(new URL(page.url()).pathname).toBe(catalogueItemPath(repealed.replacedBy!));
    await page.context().close();
  });
});

describe('a visitor on a phone', () => {
  it('opens the folded guide with one tap, and the pages pass axe', async () => {
    const page = await openPage(session.browser, { viewport: { width: 375, height: 800 }, isMobile: true, hasTouch: true });
    await page.goto(`${session.server.url}/disclosure/`);
    const link = page.locator('nav.disclosure-guide').getByRole('link', { name: '政府信息公开指南' });
    expect(await link.isVisible()).toBe(false);
    const toggle = page.locator('.disclosure-guide__toggle');
    const box = await toggle.boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(24);
    await toggle.tap();
    expect(await link.isVisible()).toBe(true);
    const violations = await checkA11y(page);
    expect(violations, formatViolations(violations)).toEqual([]);
    await link.click();
    expect(new URL(page.url()).pathname).toBe('/disclosure/guide/');

    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(375);
    await page.context().close();
  });
});

describe('without JavaScript', () => {
  it('pages through the newest items and opens one', async () => {
    const page = await openPage(session.browser, { viewport: { width: 375, height: 800 }, javaScriptEnabled: false });
    await page.goto(`${session.server.url}${LATEST_PATH}`);
    const first = await page.locator('main .catalogue-list a').first().getAttribute('href');
    // The newest entry may be another section's document (数据同源): the list links to its own page.
    expect(first).toBe(new URL(data.items[0]!.url).pathname);
    if ((await page.locator('a[rel="next"]').count()) > 0) {
      await page.locator('a[rel="next"]').click();
      expect(new URL(page.url()).pathname).toBe(pageHref(LATEST_PATH, 2));
      expect(await page.locator('nav.catalogue-pagination [aria-current="page"]').textContent()).toBe('第2页');
    }
    const target = page.locator('main .catalogue-list a').first();
    const href = await target.getAttribute('href');
    await target.click();
    expect(new URL(page.url()).pathname).toBe(href);
    const entry = data.items.find((i) => new URL(i.url).pathname === href)!;
    expect((await page.locator('h1').first().textContent())?.trim()).toBe(entry.title);
    if (href?.startsWith('/disclosure/items/')) expect(await page.locator('.catalogue-meta').isVisible()).toBe(true);
    await page.context().close();
  });
});

describe('a printed service guide', () => {
  it('prints the guide without the site navigation, and offers a print button when scripts run', async () => {
    const guideItem = data.items.find((i) => i.kind === '办事指南')!;
    const page = await openPage(session.browser, { viewport: { width: 1280, height: 900 } });
    const problems = collectPageProblems(page);
    await page.goto(`${session.server.url}${catalogueItemPath(guideItem.id)}`);
    expect(await page.locator('button[data-print-guide]').isVisible()).toBe(true);
    const violations = await checkA11y(page);
    expect(violations, formatViolations(violations)).toEqual([]);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav.disclosure-guide').isVisible()).toBe(false);
    expect(await page.locator('button[data-print-guide]').isVisible()).toBe(false);
    expect(await page.locator('.service-guide').isVisible()).toBe(true);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
