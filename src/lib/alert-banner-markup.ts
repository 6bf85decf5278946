/**
 * The entries of the site-wide alert banner as HTML: one renderer for the
 * banner built into every page (src/components/AlertBanner.astro) and for the
 * fragment the browser fetches to learn of warnings cancelled, updated or issued
 * after the page was built (/notices/alert-banner.html, read by
 * src/scripts/warning-clock.ts), so both always carry the same markup and the
 * browser script needs no wording or markup code of its own. Pure.
 */
import { bannerWording, type ActiveWarning } from './active-warnings.ts';
import { escapeHtml } from './html.ts';
import { toShanghaiIso } from './time.ts';
import { LEVEL_SLUGS } from './warnings.ts';

export const ALERT_BANNER_FRAGMENT_PATH = '/notices/alert-banner.html';

/** One <li> per warning, in the order given (most severe first). */
export function alertBannerItems(warnings: readonly ActiveWarning[], now: Date): string {
  return warnings
    .map((w) => {
      const words = bannerWording(w, now);
      return (
        `<li class="alert-banner__item" data-warning-id="${escapeHtml(w.id)}" data-level="${escapeHtml(w.level)}" data-issued="${toShanghaiIso(w.issued)}" data-valid-until="${toShanghaiIso(w.validUntil)}">` +
        `<a class="alert-banner__link" href="${escapeHtml(w.path)}"><span class="level-badge level-badge--${LEVEL_SLUGS[w.level]}">${escapeHtml(words.badge)}</span> ` +
        `<span class="alert-banner__text">${escapeHtml(words.text)}</span> <span class="alert-banner__until">（${escapeHtml(words.until)}）</span></a></li>`
      );
    })
    .join('');
}

/**
 * The fragment file: a small HTML document whose list holds the entries in
 * force when the site was built (an empty list when none is). Not for people
 * or search engines (noindex); the script takes only the list from it.
 */
export function alertBannerFragment(warnings: readonly ActiveWarning[], now: Date): string {
  return (
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>预警信息</title></head>' +
    `<body><ul data-alert-list>${alertBannerItems(warnings, now)}</ul></body></html>\n`
  );
}
