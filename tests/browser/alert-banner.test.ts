/**
 * The alert banner in Chromium on a site that is not rebuilt: it hides a
 * warning once its validity ends (Playwright's clock, no real waiting), learns
 * of cancellations and updates published after the build from
 * /notices/alert-banner.json, keeps what it has when that file cannot be fetched,
 * and a warning page's status badge turns 已过期 on time. Plus axe on the
 * notices pages with the banner shown and hidden.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSession, checkA11y, formatViolations, openPage } from '../helpers/browser.ts';
import { BUILD_NOW, readSite } from '../helpers/site.ts';
import type { ActiveWarning } from '../../src/lib/active-warnings.ts';
import { alertBannerFile } from '../../src/lib/alert-banner-markup.ts';

const buildNow = new Date(BUILD_NOW);
/** The warnings in force as the build published them (the sample has exactly one). */
const built: ActiveWarning[] = JSON.parse(readSite('/notices/active.json')).warnings.map((w: Record<string, string>) => ({
  ...w,
  issued: new Date(w['issued']!),
  validUntil: new Date(w['validUntil']!),
}));
const warning = built[0]!;
const ms = (n: number) => n;

const session = browserSession();

/** A page whose clock starts at `time`; `file` replaces the body of the site's /notices/alert-banner.json (null: the request fails). */
async function openAt(path: string, time: Date, file?: string | null): Promise<Page> {
  const page = await openPage(session.browser, { viewport: { width: 375, height: 800 } });
  await page.clock.install({ time });
  if (file !== undefined) {
    await page.route('**/notices/alert-banner.json', (route) =>
      file === null ? route.abort('failed') : route.fulfill({ contentType: 'application/json; charset=utf-8', body: file }),
    );
  }
  await page.goto(session.server.url + path, { waitUntil: 'load' });
  return page;
}

const banner = (page: Page) => page.locator('[data-alert-banner]');
const visibleEntries = (page: Page) => page.locator('[data-alert-banner] li:visible');
/** Lets the fetch of the banner file and its handling finish. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
}

describe('alert banner in the browser', () => {
  it('has a warning in force at build time to test with', () => {
    expect(built).toHaveLength(1);
    expect(warning.validUntil.getTime()).toBeGreaterThan(buildNow.getTime());
  });

  it('shows the warning while it is in force', async () => {
    const page = await openAt('/', buildNow);
    await settle(page);
    expect(await banner(page).isVisible()).toBe(true);
    expect(await visibleEntries(page).count()).toBe(1);
    expect(await visibleEntries(page).first().innerText()).toContain(`${warning.level}预警`);
    expect(await visibleEntries(page).locator('a').getAttribute('href')).toBe(warning.path);
    await page.context().close();
  });

  it('hides itself when the validity ends while the page is open, without a rebuild', async () => {
    const page = await openAt('/consultations/', buildNow);
    await settle(page);
    const untilEnd = warning.validUntil.getTime() - buildNow.getTime();
    await page.clock.fastForward(untilEnd - ms(60_000));
    expect(await banner(page).isVisible(), 'a minute before the end').toBe(true);
    await page.clock.fastForward(ms(60_000 + 1_000));
    await expect.poll(() => banner(page).isVisible()).toBe(false);
    expect(await page.locator('[data-alert-banner]').getAttribute('hidden')).not.toBeNull();
    await page.context().close();
  });

  it('is hidden on load when the page is opened after the validity ended', async () => {
    const page = await openAt('/notices/', new Date(warning.validUntil.getTime() + 1_000));
    await settle(page);
    expect(await banner(page).isVisible()).toBe(false);
    await page.context().close();
  });

  it('removes a warning cancelled after the build (no longer in the banner file) although still valid', async () => {
    const page = await openAt('/', buildNow, JSON.stringify(alertBannerFile([], new Date(buildNow.getTime() + 3_600_000))));
    await expect.poll(() => banner(page).isVisible()).toBe(false);
    await page.context().close();
  });

  it('replaces an updated warning with the update, most severe first', async () => {
    const upgrade = {
      ...warning,
      id: 'hanchao-chengse-gengxin',
      level: '橙色' as const,
      name: '寒潮橙色预警',
      title: '寒潮蓝色预警升级为橙色',
      issued: new Date(buildNow.getTime() + 60_000),
      path: '/notices/hanchao-chengse-gengxin/',
    };
    const extra = { ...warning, id: 'dafeng-lanse', name: '大风蓝色预警', title: '大风蓝色预警', path: '/notices/dafeng-lanse/' };
    const page = await openAt('/', new Date(buildNow.getTime() + 120_000), JSON.stringify(alertBannerFile([upgrade, extra], buildNow)));
    await expect.poll(() => visibleEntries(page).count()).toBe(2);
    const first = visibleEntries(page).first();
    expect(await first.locator('.level-badge').innerText()).toBe('橙色预警');
    expect(await first.locator('.level-badge').getAttribute('class')).toContain('level-badge--orange');
    expect(await first.locator('a').getAttribute('href')).toBe('/notices/hanchao-chengse-gengxin/');
    expect(await page.locator(`[data-warning-id="${warning.id}"]`).count()).toBe(0);
    await page.context().close();
  });

  it('keeps the built entries when the banner file cannot be fetched or is not this version’s file', async () => {
    for (const file of [null, '<!doctype html><title>页面不存在</title>', JSON.stringify({ version: 99, html: '' }), JSON.stringify({ version: 1 })]) {
      const page = await openAt('/', buildNow, file);
      await settle(page);
      expect(await visibleEntries(page).count(), String(file)).toBe(1);
      await page.context().close();
    }
  });

  it('turns the warning page’s status from 生效中 into 已过期 when the time comes', async () => {
    const page = await openAt(warning.path, buildNow);
    await settle(page);
    const badge = page.locator('.warning-panel [data-warning-live]');
    expect(await badge.innerText()).toBe('生效中');
    await page.clock.fastForward(warning.validUntil.getTime() - buildNow.getTime() + 1_000);
    await expect.poll(() => badge.innerText()).toBe('已过期');
    expect(await badge.getAttribute('class')).toContain('badge--neutral');
    await page.context().close();
  });

  it('passes axe on the notices pages with the banner shown and after it hid itself', async () => {
    const paths = ['/notices/', warning.path, '/notices/2020-07-06-shanhong-hongse-gengxin/', '/events/shexian-77-honglao/', '/notices/feeds/', '/notices/level/red/'];
    for (const [label, time] of [
      ['shown', buildNow],
      ['hidden', new Date(warning.validUntil.getTime() + 1_000)],
    ] as const) {
      const page = await openAt('/', time);
      for (const path of paths) {
        await page.goto(session.server.url + path, { waitUntil: 'load' });
        await settle(page);
        const violations = await checkA11y(page);
        expect(violations, `${label} ${path}\n${formatViolations(violations)}`).toEqual([]);
      }
      await page.context().close();
    }
  }, 120_000);
});
