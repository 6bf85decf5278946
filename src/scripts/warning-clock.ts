/**
 * Keeps the alert banner and warning status badges true on a page built
 * earlier than now. Without JS the page shows what was in force at build time.
 *
 * - Hides a banner entry once its validity ends, and the banner once empty
 *   (timer set to the next expiry; re-checked when the tab becomes visible).
 * - Fetches /notices/active.json (same origin, so CSP connect-src 'self'
 *   allows it) to learn of cancellations and updates published after this
 *   page was built: entries no longer listed go, new ones come in.
 * - Turns a warning page's 生效中 badge into 已过期 when the time comes.
 *
 * Markup: src/components/AlertBanner.astro, src/components/notices/WarningStatusBadge.astro.
 */
import { bannerWording, parseActiveWarnings, type ActiveWarning } from '../lib/active-warnings.ts';
import { toShanghaiIso } from '../lib/time.ts';
import { liveWarningStatus, msUntilNextChange, showInBanner, timedWarningFromDataset } from '../lib/warning-clock.ts';
import { LEVEL_SLUGS } from '../lib/warnings.ts';

const banner = document.querySelector<HTMLElement>('[data-alert-banner]');
const list = banner?.querySelector<HTMLUListElement>('[data-alert-list]') ?? null;
let timer: ReturnType<typeof setTimeout> | undefined;

function entries(): HTMLLIElement[] {
  return list ? [...list.querySelectorAll<HTMLLIElement>(':scope > li')] : [];
}

function span(className: string, text: string): HTMLSpanElement {
  const s = document.createElement('span');
  s.className = className;
  s.textContent = text;
  return s;
}

/** The same markup AlertBanner.astro renders. */
function entry(w: ActiveWarning, now: Date): HTMLLIElement {
  const words = bannerWording(w, now);
  const li = document.createElement('li');
  li.className = 'alert-banner__item';
  li.dataset['warningId'] = w.id;
  li.dataset['level'] = w.level;
  li.dataset['issued'] = toShanghaiIso(w.issued);
  li.dataset['validUntil'] = toShanghaiIso(w.validUntil);
  const a = document.createElement('a');
  a.className = 'alert-banner__link';
  a.href = w.path;
  a.append(span(`level-badge level-badge--${LEVEL_SLUGS[w.level]}`, words.badge), ' ', span('alert-banner__text', words.text), ' ', span('alert-banner__until', `（${words.until}）`));
  li.append(a);
  return li;
}

function refresh(): void {
  const now = new Date();
  const warnings = entries().map((li) => {
    const w = timedWarningFromDataset(li.dataset);
    li.hidden = !showInBanner(w, now);
    return w;
  });
  if (banner) banner.hidden = entries().every((li) => li.hidden);
  for (const badge of document.querySelectorAll<HTMLElement>('[data-warning-live]')) {
    const live = liveWarningStatus(badge.dataset, now);
    if (!live || live.status === badge.dataset['status']) continue;
    badge.dataset['status'] = live.status;
    badge.className = `badge badge--${live.tone}`;
    badge.textContent = live.label;
  }
  const badgeTimes = [...document.querySelectorAll<HTMLElement>('[data-warning-live][data-valid-until]')].map((b) =>
    timedWarningFromDataset({ warningId: 'page', level: '蓝色', issued: b.dataset['issued'], validUntil: b.dataset['validUntil'] }),
  );
  clearTimeout(timer);
  const wait = msUntilNextChange([...warnings, ...badgeTimes], now);
  if (wait !== null) timer = setTimeout(refresh, wait);
}

/** Brings the banner in line with the warnings in force on the site now. */
async function sync(): Promise<void> {
  if (!banner || !list) return;
  let current: ActiveWarning[] | null = null;
  try {
    const response = await fetch(banner.dataset['source'] ?? '/notices/active.json', { cache: 'no-cache', credentials: 'same-origin' });
    if (response.ok) current = parseActiveWarnings(await response.json());
  } catch {
    // Offline or blocked: keep what the page was built with; the timer still hides expired entries.
  }
  if (current) {
    const now = new Date();
    const shown = new Map(entries().map((li) => [li.dataset['warningId'], li]));
    for (const [id, li] of shown) if (!current.some((w) => w.id === id)) li.remove();
    // Appending in the file's order keeps the most severe first.
    for (const w of current) list.append(shown.get(w.id) ?? entry(w, now));
  }
  refresh();
}

if (banner || document.querySelector('[data-warning-live]')) {
  refresh();
  void sync();
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void sync();
  });
}
