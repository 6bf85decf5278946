/**
 * The site on a phone (375 × 667 px, the first screen), in normal and in elder mode, in Chromium: the
 * scoreboard's key figures are in view without scrolling sideways.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSession, openPage } from '../helpers/browser.ts';

const session = browserSession();
const PHONE = { width: 375, height: 667 };
const MODES = ['normal', 'elder'] as const;

async function onPhone(path: string, mode: (typeof MODES)[number]): Promise<Page> {
  const page = await openPage(session.browser, { viewport: PHONE });
  if (mode === 'elder') await page.addInitScript(() => localStorage.setItem('gongkai-elder-mode', 'on'));
  await page.goto(session.server.url + path);
  expect(await page.evaluate(() => document.documentElement.classList.contains('elder-mode'))).toBe(mode === 'elder');
  return page;
}

describe('the scoreboard on a phone', () => {
  for (const mode of MODES) {
    it(`${mode}: 按期反馈率 and 反馈期内 are in view beside the department, without scrolling sideways`, async () => {
      const page = await onPhone('/scoreboard/', mode);
      const seen = await page.evaluate(() => {
        const table = document.querySelector('.scoreboard-table')!;
        const headers = [...table.querySelectorAll('thead th')];
        const right = (label: string) => headers.find((h) => h.textContent?.trim() === label)?.getBoundingClientRect().right ?? Infinity;
        const firstRow = table.querySelector('tbody tr')!;
        const cellRight = (key: string) => firstRow.querySelector(`td[data-key="${key}"]`)!.getBoundingClientRect().right;
        return { width: window.innerWidth, headers: [right('按期反馈率'), right('反馈期内')], cells: [cellRight('onTimeRate'), cellRight('awaiting')] };
      });
      await page.context().close();
      for (const x of [...seen.headers, ...seen.cells]) expect(x).toBeLessThanOrEqual(seen.width);
    });
  }
});
