/**
 * src/scripts/live-status.ts in Chromium: a site not rebuilt since a date passed
 * still shows the right status, countdown and feedback clock, hides the comment
 * form once closed, and announces only a change that happens while the page is open.
 * The browser's clock is set with Playwright's clock API; expected texts come from
 * the same src/lib functions at that time.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BUILD_NOW } from '../helpers/site.ts';
import { browserSession, openPage } from '../helpers/browser.ts';
import { readEntries } from '../../src/build/content-files.ts';
import { CONTENT_PATHS } from '../../src/build/content-paths.ts';
import { consultationSchema } from '../../src/schemas/consultation.ts';
import { feedbackSchema } from '../../src/schemas/feedback.ts';
import { loadSiteConfig } from '../../src/config/site.ts';
import { STATUS_LABELS, consultationStatus, type ConsultationClock } from '../../src/lib/consultation-status.ts';
import { feedbackClockText, statusLineText } from '../../src/lib/consultation-wording.ts';
import { PAGE_SIZE } from '../../src/lib/pagination.ts';

const root = process.env.GONGKAI_CONTENT_ROOT ?? process.cwd();
const buildNow = new Date(BUILD_NOW);
const site = loadSiteConfig(root);
const reports = readEntries(root, CONTENT_PATHS.feedback).map((f) => feedbackSchema.parse(f.data)).filter((f) => !f.draft);
const consultations = readEntries(root, CONTENT_PATHS.consultations)
  .map((f) => ({ id: f.id, data: consultationSchema.parse(f.data) }))
  .filter((c) => !c.data.draft)
  .map((c) => {
    const clock: ConsultationClock = {
      opens: c.data.opens,
      closes: c.data.closes,
      feedbackPublished: reports.find((r) => r.consultation === c.id)?.published,
      feedbackDays: site.feedbackDays,
    };
    return { ...c, clock, path: `/consultations/${c.id}/` };
  });
/** The open consultation (with the online channel) that closes first after the build. */
const open = consultations
  .filter((c) => consultationStatus(c.clock, buildNow) === 'open' && c.data.channels.online)
  .sort((a, b) => a.clock.closes.getTime() - b.clock.closes.getTime())[0];

const session = browserSession();

async function openAt(path: string, time: Date): Promise<Page> {
  const page = await openPage(session.browser, { viewport: { width: 375, height: 800 } });
  await page.clock.install({ time });
  await page.goto(session.server.url + path);
  await page.waitForLoadState('load');
  return page;
}

const text = (page: Page, selector: string) => page.locator(selector).first().evaluate((n) => (n.textContent ?? '').replace(/\s+/g, ' ').trim());

describe('live status in the browser', () => {
  it('has an open consultation in the sample to test with', () => {
    expect(open, 'an open consultation with online comments at BUILD_NOW').toBeDefined();
  });

  it('leaves the build-time text alone when the browser agrees with the build', async () => {
    const page = await openAt(open!.path, buildNow);
    expect(await text(page, '.status-main')).toBe(statusLineText(open!.clock, buildNow));
    expect(await page.locator('#comment-form').isVisible()).toBe(true);
    expect(await page.locator('[data-live="closed-note"]').isVisible()).toBe(false);
    await page.context().close();
  });

  it('shows a consultation closed since the build as closed, hides the form and says so, without announcing', async () => {
    // Midday, three days after the close: far from any day boundary while the page runs.
    const later = new Date(open!.clock.closes.getTime() + 3.5 * 86_400_000);
    const page = await openAt(open!.path, later);
    const status = consultationStatus(open!.clock, later);
    expect(status).not.toBe('open');
    expect(await text(page, '#consultation [data-live="badge"]')).toBe(STATUS_LABELS[status]);
    expect(await page.locator('#consultation [data-live="badge"]').getAttribute('class')).toContain(`badge--${status}`);
    expect(await text(page, '.status-main')).toBe(statusLineText(open!.clock, later));
    expect(await text(page, '[data-live="feedback-clock"]')).toBe(feedbackClockText(open!.clock, later).text);
    expect(await page.locator('#comment-form').isVisible()).toBe(false);
    expect(await page.locator('[data-live="open-only"]').isVisible()).toBe(false);
    expect(await text(page, '[data-live="closed-note"]')).toBe('本次意见征集已截止，不再接收意见。');
    expect(await page.locator('[data-live="closed-note"]').isVisible()).toBe(true);
    expect(await text(page, '[data-live="announcer"]')).toBe('');
    await page.context().close();
  });

  it('announces once when the consultation closes while the page is open', async () => {
    const justBefore = new Date(open!.clock.closes.getTime() - 30_000);
    const page = await openAt(open!.path, justBefore);
    expect(await page.locator('#comment-form').isVisible()).toBe(true);
    await page.clock.runFor(61_000);
    const after = new Date(justBefore.getTime() + 61_000);
    const status = consultationStatus(open!.clock, after);
    expect(await text(page, '[data-live="announcer"]')).toBe(`本页状态已更新：${STATUS_LABELS[status]}`);
    expect(await page.locator('#comment-form').isVisible()).toBe(false);
    // The next minute changes nothing, so nothing new is announced.
    await page.evaluate(() => {
      const announcer = document.querySelector('[data-live="announcer"]');
      if (announcer) announcer.textContent = '';
    });
    await page.clock.runFor(61_000);
    expect(await text(page, '[data-live="announcer"]')).toBe('');
    await page.context().close();
  });

  it('corrects every card of a stale list page', async () => {
    const later = new Date(Math.max(...consultations.map((c) => c.clock.closes.getTime())) + 86_400_000);
    const page = await openAt('/consultations/', later);
    const cards = await page.locator('li.consultation-card').evaluateAll((nodes) =>
      nodes.map((n) => ({
        href: n.querySelector('.card__title a')?.getAttribute('href'),
        badge: n.querySelector('[data-live="badge"]')?.textContent?.trim(),
        line: (n.querySelector('.status-line')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
      })),
    );
    expect(cards.length).toBe(Math.min(PAGE_SIZE, consultations.length));
    for (const card of cards) {
      const c = consultations.find((x) => x.path === card.href)!;
      expect(card.badge, c.id).toBe(STATUS_LABELS[consultationStatus(c.clock, later)]);
      expect(card.line, c.id).toBe(statusLineText(c.clock, later));
    }
    expect(await page.locator('[aria-live]').count()).toBe(0);
    await page.context().close();
  });
});
