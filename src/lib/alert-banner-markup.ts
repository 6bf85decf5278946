/**
 * The entries of the site-wide alert banner as HTML: one renderer for the
 * banner built into every page (src/components/AlertBanner.astro) and for the
 * file the browser fetches to learn of warnings cancelled, updated or issued
 * after the page was built (/notices/alert-banner.json, read by
 * src/scripts/warning-clock.ts), so both always carry the same markup and the
 * browser script needs no wording or markup code of its own. Pure.
 */
import { bannerWording, type ActiveWarning } from './active-warnings.ts';
import { escapeHtml } from './html.ts';
import { toShanghaiIso } from './time.ts';
import { LEVEL_SLUGS } from './warnings.ts';

export const ALERT_BANNER_FILE_PATH = '/notices/alert-banner.json';

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

export const ALERT_BANNER_FILE_VERSION = 1;

/** The file the browser script reads: the entries in force when the site was built (empty when none is). */
export interface AlertBannerFile {
  version: typeof ALERT_BANNER_FILE_VERSION;
  /** When the site was built, ISO 8601 with +08:00. */
  generated: string;
  /** The banner list's entries, as alertBannerItems renders them. */
  html: string;
}

export function alertBannerFile(warnings: readonly ActiveWarning[], now: Date): AlertBannerFile {
  return { version: ALERT_BANNER_FILE_VERSION, generated: toShanghaiIso(now), html: alertBannerItems(warnings, now) };
}
