/**
 * Keeps the alert banner and warning status badges true on a page built
 * earlier than now. Without JS the page shows what was in force at build time.
 *
 * - Hides a banner entry once its validity ends, and the banner once empty
 *   (timer set to the next change; re-checked when the tab becomes visible).
 * - Fetches /notices/alert-banner.json (same origin: CSP connect-src 'self')
 *   to learn of cancellations, updates and new warnings published after this
 *   page was built, and takes its entries: the build renders both the banner
 *   and that file with one function (src/lib/alert-banner-markup.ts).
 * - Turns a warning page's 生效中 badge into 已过期 when the time comes.
 *
 * Markup: src/components/AlertBanner.astro, src/components/notices/WarningStatusBadge.astro.
 */
import { liveWarningStatus, msUntilNextChange, showInBanner, timedWarningFromDataset } from '../lib/warning-clock.ts';

const banner = document.querySelector<HTMLElement>('[data-alert-banner]');
const list = banner?.querySelector('[data-alert-list]');
let timer: ReturnType<typeof setTimeout> | undefined;

function refresh(): void {
  const now = new Date();
  const times = [];
  let shown = false;
  for (const li of list?.children ?? []) {
    const w = timedWarningFromDataset((li as HTMLElement).dataset);
    (li as HTMLElement).hidden = !showInBanner(w, now);
    shown ||= !(li as HTMLElement).hidden;
    times.push(w);
  }
  if (banner) banner.hidden = !shown;
  for (const badge of document.querySelectorAll<HTMLElement>('[data-warning-live]')) {
    const live = liveWarningStatus(badge.dataset, now);
    if (live && live.status !== badge.dataset['status']) {
      badge.dataset['status'] = live.status;
      badge.className = `badge badge--${live.tone}`;
      badge.textContent = live.label;
    }
    times.push(timedWarningFromDataset({ ...badge.dataset, warningId: 'page', level: '蓝色' }));
  }
  clearTimeout(timer);
  const wait = msUntilNextChange(times, now);
  if (wait !== null) timer = setTimeout(refresh, wait);
}

/** Brings the banner in line with the warnings in force on the site now. */
async function sync(): Promise<void> {
  try {
    const response = await fetch(banner?.dataset['source'] ?? '', { cache: 'no-cache', credentials: 'same-origin' });
    const file = response.ok ? ((await response.json()) as { version?: unknown; html?: unknown }) : null;
    // Only the file this version of the site writes: built by us from escaped content (src/lib/alert-banner-markup.ts).
    if (list && file?.version === 1 && typeof file.html === 'string') list.innerHTML = file.html;
  } catch {
    // Offline, blocked or not JSON: keep what the page was built with; the timer still hides expired entries.
  }
  refresh();
}

if (banner || document.querySelector('[data-warning-live]')) {
  refresh();
  if (banner) void sync();
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void (banner ? sync() : refresh());
  });
}
