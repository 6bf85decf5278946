/**
 * The site shell in Chromium, served with the real security headers (CSP self only):
 * the elder-mode switch (mouse and keyboard, remembered across reloads and pages, applied
 * before the first paint, absent without JavaScript, working when storage is blocked), the
 * skip link, the 320px phone layout, high contrast from the system setting, and axe on the
 * shell's own pages in both modes.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { browserSession, checkA11y, collectPageProblems, formatViolations, openPage } from '../helpers/browser.ts';
import { BUILD_NOW } from '../helpers/site.ts';

const KEY = 'gongkai-elder-mode';
const TOGGLE = 'button[data-elder-toggle]';

const session = browserSession();

/** A fresh context (own storage) that records script errors, CSP refusals and whether elder mode was on when <body> began. */
async function open(path: string, options: BrowserContextOptions = {}): Promise<{ page: Page; problems: string[] }> {
  const page = await openPage(session.browser, { viewport: { width: 375, height: 800 }, ...options });
  const problems = collectPageProblems(page);
  // The page's clock starts when the sample site was built: otherwise a warning in force then has
  // expired in the browser, the banner hides itself, and that shift is counted against the shell.
  await page.clock.install({ time: new Date(BUILD_NOW) });
  if (options.javaScriptEnabled !== false) {
    await page.addInitScript(() => {
      const w = window as unknown as { elderAtBody?: boolean | undefined; layoutShift: number };
      w.layoutShift = 0;
      new MutationObserver((_, observer) => {
        if (!document.body) return;
        w.elderAtBody = document.documentElement.classList.contains('elder-mode');
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true });
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.layoutShift += (entry as unknown as { value: number }).value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
  }
  await page.goto(session.server.url + path);
  return { page, problems };
}

const elderOn = (page: Page) => page.evaluate(() => document.documentElement.classList.contains('elder-mode'));
const rootFontPx = (page: Page) => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
const bodyLineHeight = (page: Page) =>
  page.evaluate(() => {
    const style = getComputedStyle(document.body);
    return parseFloat(style.lineHeight) / parseFloat(style.fontSize);
  });
const stored = (page: Page) => page.evaluate((key) => localStorage.getItem(key), KEY);
const elderAtBody = (page: Page) => page.evaluate(() => (window as unknown as { elderAtBody?: boolean }).elderAtBody);

describe('elder-mode switch', () => {
  it('is off by default, shown with JavaScript, and switches on and off with the mouse', async () => {
    const { page, problems } = await open('/accessibility/');
    const toggle = page.locator(TOGGLE);
    await expect.poll(() => toggle.isVisible()).toBe(true);
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    expect(await toggle.textContent()).toBe('长者模式');
    expect(await elderOn(page)).toBe(false);
    const normalFont = await rootFontPx(page);
    expect(normalFont).toBeGreaterThanOrEqual(16);
    expect(await bodyLineHeight(page)).toBeGreaterThanOrEqual(1.5);
    const normalHeader = await page.locator('.site-header').evaluate((el) => getComputedStyle(el).backgroundColor);

    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    expect(await elderOn(page)).toBe(true);
    expect(await stored(page)).toBe('on');
    expect((await rootFontPx(page)) / normalFont).toBeCloseTo(1.25, 2);
    expect(await bodyLineHeight(page)).toBeGreaterThanOrEqual(1.8);
    // High contrast: black header band, underlined links, thicker focus ring.
    expect(await page.locator('.site-header').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(0, 0, 0)');
    expect(normalHeader).not.toBe('rgb(0, 0, 0)');
    expect(await page.locator('main a').first().evaluate((el) => getComputedStyle(el).textDecorationLine)).toContain('underline');
    // The page stays within a phone's width in the larger text.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    expect(await elderOn(page)).toBe(false);
    expect(await stored(page)).toBe('off');
    expect(await rootFontPx(page)).toBe(normalFont);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('is remembered across a reload and on the next page, applied before the page body is parsed', async () => {
    const { page, problems } = await open('/404.html');
    expect(await elderAtBody(page)).toBe(false);
    await page.locator(TOGGLE).click();

    await page.reload();
    expect(await elderAtBody(page)).toBe(true);
    expect(await page.locator(TOGGLE).getAttribute('aria-pressed')).toBe('true');

    // A real navigation through a link, to another page.
    await Promise.all([page.waitForURL('**/accessibility/'), page.locator('footer a[href="/accessibility/"]').click()]);
    expect(await elderAtBody(page)).toBe(true);
    expect(await elderOn(page)).toBe(true);
    expect(await page.locator(TOGGLE).getAttribute('aria-pressed')).toBe('true');
    // Shown from the first paint: revealing the button moved nothing.
    expect(await page.evaluate(() => (window as unknown as { layoutShift: number }).layoutShift)).toBe(0);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('ignores a stored value it does not know', async () => {
    const { page } = await open('/404.html');
    await page.evaluate((key) => localStorage.setItem(key, 'true; yes'), KEY);
    await page.reload();
    expect(await elderOn(page)).toBe(false);
    expect(await page.locator(TOGGLE).getAttribute('aria-pressed')).toBe('false');
    await page.context().close();
  });

  it('is reached and operated with the keyboard alone, after the skip link', async () => {
    const { page } = await open('/accessibility/');
    await page.locator(TOGGLE).waitFor({ state: 'visible' });
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('跳到主要内容');
    // The skip link is visible while focused.
    expect(await page.locator('.skip-link').evaluate((el) => el.getBoundingClientRect().top >= 0)).toBe(true);

    let reached = false;
    for (let i = 0; i < 5 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.hasAttribute('data-elder-toggle') ?? false);
    }
    expect(reached).toBe(true);
    const ring = await page.locator(TOGGLE).evaluate((el) => {
      const s = getComputedStyle(el);
      return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    expect(ring.style).not.toBe('none');
    expect(ring.width).toBeGreaterThanOrEqual(3);

    await page.keyboard.press('Space');
    expect(await elderOn(page)).toBe(true);
    expect(await page.locator(TOGGLE).getAttribute('aria-pressed')).toBe('true');
    const elderRing = await page.locator(TOGGLE).evaluate((el) => parseFloat(getComputedStyle(el).outlineWidth));
    expect(elderRing).toBeGreaterThan(ring.width);
    await page.keyboard.press('Enter');
    expect(await elderOn(page)).toBe(false);
    expect(await page.locator(TOGGLE).getAttribute('aria-pressed')).toBe('false');
    await page.context().close();
  });

  it('is absent without JavaScript, and the page is complete without it', async () => {
    const { page } = await open('/accessibility/', { javaScriptEnabled: false, viewport: { width: 320, height: 700 } });
    const toggle = page.locator(TOGGLE);
    expect(await toggle.count()).toBe(1);
    expect(await toggle.isVisible()).toBe(false);
    expect(await toggle.getAttribute('hidden')).not.toBeNull();
    // Every navigation item is visible and tappable on a 320px phone with no script at all.
    const links = page.locator('nav[aria-label="主导航"] a');
    const count = await links.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      const box = await links.nth(i).boundingBox();
      expect(box, `nav item ${i}`).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(320);
      expect(box!.height).toBeGreaterThanOrEqual(44);
    }
    expect(await page.locator('main h1').isVisible()).toBe(true);
    expect(await page.locator('footer').isVisible()).toBe(true);
    await page.context().close();
  });

  it('still works on the page when the browser blocks storage', async () => {
    const page = await openPage(session.browser, { viewport: { width: 375, height: 800 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', {
        get() {
          throw new DOMException('storage disabled', 'SecurityError');
        },
      });
    });
    await page.goto(`${session.server.url}/404.html`);
    const toggle = page.locator(TOGGLE);
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    expect(await elderOn(page)).toBe(true);
    await page.reload();
    expect(await elderOn(page)).toBe(false);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});

describe('shell layout and accessibility', () => {
  it('moves focus into the main content with the skip link', async () => {
    const { page } = await open('/accessibility/');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.context().close();
  });

  it('fits a 320px phone without sideways scrolling, in both modes', async () => {
    for (const path of ['/accessibility/', '/404.html']) {
      const { page } = await open(path, { viewport: { width: 320, height: 700 } });
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(320);
      await page.locator(TOGGLE).click();
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${path} elder`).toBeLessThanOrEqual(320);
      await page.context().close();
    }
  });

  it('switches to high contrast when the system asks for more contrast', async () => {
    const { page } = await open('/accessibility/', { contrast: 'more' });
    expect(await elderOn(page)).toBe(false);
    expect(await page.locator('.site-header').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(0, 0, 0)');
    expect(await page.locator('body').evaluate((el) => getComputedStyle(el).color)).toBe('rgb(0, 0, 0)');
    await page.context().close();
  });

  it('has no axe violations (WCAG 2.2 AA and best practice) on its pages, in both modes and widths', async () => {
    const found: string[] = [];
    for (const width of [320, 1280]) {
      for (const path of ['/accessibility/', '/404.html']) {
        const { page } = await open(path, { viewport: { width, height: 800 } });
        const normal = await checkA11y(page);
        if (normal.length) found.push(`${width}px ${formatViolations(normal)}`);
        await page.locator(TOGGLE).click();
        const elder = await checkA11y(page);
        if (elder.length) found.push(`${width}px elder ${formatViolations(elder)}`);
        await page.context().close();
      }
    }
    expect(found.join('\n')).toBe('');
  }, 90_000);
});
