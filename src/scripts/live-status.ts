/**
 * Keeps status badges, countdowns and feedback clocks right when the static
 * site has not been rebuilt since a date passed. Recomputes from the dates in
 * data-attributes with the same rules the build uses (src/lib), so the page
 * never shows a closed consultation as open. Without JS the build-time text stays.
 *
 * Markup (see src/lib/live-clock.ts and the components):
 *   [data-live-consultation data-opens data-closes …]
 *     [data-live="badge"]  [data-live="countdown"]  [data-live="feedback-clock"]
 *   #comment-form and [data-live="open-only"] (hidden once closed), [data-live="closed-note"] (shown once closed),
 *   [data-live="announcer"] (an empty aria-live region)
 */
import { STATUS_LABELS, consultationStatus, type ConsultationStatus } from '../lib/consultation-status.ts';
import { countdownText, feedbackClockText } from '../lib/consultation-wording.ts';
import { LIVE_CONSULTATION_ATTRIBUTE, clockFromDataset } from '../lib/live-clock.ts';

const REFRESH_MS = 60_000;

function setText(root: ParentNode, role: string, text: string): void {
  for (const node of root.querySelectorAll<HTMLElement>(`[data-live="${role}"]`)) {
    if (node.textContent !== text) node.textContent = text;
  }
}

function closeCommentForm(): void {
  const form = document.getElementById('comment-form');
  if (form && !form.hidden) form.hidden = true;
  for (const node of document.querySelectorAll<HTMLElement>('[data-live="open-only"]')) node.hidden = true;
  const note = document.querySelector<HTMLElement>('[data-live="closed-note"]');
  if (note?.hidden) note.hidden = false;
}

/** Updates every consultation on the page; returns the statuses that changed since the last run. */
function refresh(now: Date): ConsultationStatus[] {
  const changed: ConsultationStatus[] = [];
  for (const element of document.querySelectorAll<HTMLElement>(`[${LIVE_CONSULTATION_ATTRIBUTE}]`)) {
    const clock = clockFromDataset(element.dataset);
    if (!clock) continue;
    const status = consultationStatus(clock, now);
    if (element.dataset['status'] !== status) {
      if (element.dataset['status'] !== undefined) changed.push(status);
      element.dataset['status'] = status;
    }
    for (const badge of element.querySelectorAll<HTMLElement>('[data-live="badge"]')) {
      const previous = badge.dataset['status'];
      if (previous !== status) {
        badge.classList.remove(`badge--${previous}`);
        badge.classList.add(`badge--${status}`);
        badge.dataset['status'] = status;
      }
      if (badge.textContent !== STATUS_LABELS[status]) badge.textContent = STATUS_LABELS[status];
    }
    setText(element, 'countdown', countdownText(clock, now));
    setText(element, 'feedback-clock', feedbackClockText(clock, now).text);
    // The form is only rendered while open at build time; the server refuses late comments anyway.
    if (element.id === 'consultation' && now.getTime() > clock.closes.getTime()) closeCommentForm();
  }
  return changed;
}

function start(): void {
  // The first run corrects the build-time text silently: it is what the reader finds on arrival.
  refresh(new Date());
  const announcer = document.querySelector<HTMLElement>('[data-live="announcer"]');
  const tick = () => {
    const changed = refresh(new Date());
    // Announce only a status that changes while the page is open, and only on a single-consultation page.
    if (announcer && changed.length === 1 && changed[0]) announcer.textContent = `本页状态已更新：${STATUS_LABELS[changed[0]]}`;
  };
  setInterval(tick, REFRESH_MS);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') tick();
  });
}

start();
