/**
 * Keeps consultations right when the static site has not been rebuilt since a
 * date passed, on lists and on a consultation's own page: each status badge and
 * countdown is recomputed from the dates in its data attributes with the rules
 * the build uses (src/lib), once a minute and when the tab becomes visible.
 * On a consultation's page also the feedback clock, and once the window has
 * closed the comment form is hidden and the closed note shown, so the page never
 * shows a closed consultation as open; a status that changes while the page is
 * open is announced. Without JS the build-time text stays. One script for both
 * so a page loads one file.
 *
 * Markup (see src/lib/live-clock.ts and the components):
 *   [data-live-consultation data-opens data-closes …]
 *     [data-live="badge"]  [data-live="countdown"]  [data-live="feedback-clock"]
 *   on the page: #consultation (the consultation itself); #comment-form and [data-live="open-only"]
 *   (hidden once closed), [data-live="closed-note"] (shown once closed), [data-live="announcer"] (aria-live)
 */
import { STATUS_LABELS, consultationStatus, type ConsultationStatus } from '../lib/consultation-status.ts';
import { countdownText, feedbackClockText } from '../lib/consultation-wording.ts';
import { LIVE_CONSULTATION_ATTRIBUTE, clockFromDataset } from '../lib/live-clock.ts';

function setText(root: ParentNode, role: string, text: string): void {
  for (const node of root.querySelectorAll(`[data-live="${role}"]`)) {
    if (node.textContent !== text) node.textContent = text;
  }
}

function closeCommentForm(): void {
  for (const node of document.querySelectorAll<HTMLElement>('#comment-form, [data-live="open-only"]')) node.hidden = true;
  const note = document.querySelector<HTMLElement>('[data-live="closed-note"]');
  if (note) note.hidden = false;
}

/** Updates every consultation on the page; returns the statuses that changed since the last run. */
function refresh(): ConsultationStatus[] {
  const now = new Date();
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

const announcer = document.querySelector('[data-live="announcer"]');
const tick = () => {
  const changed = refresh();
  // Announce only a status that changes while the page is open.
  if (announcer && changed.length === 1 && changed[0]) announcer.textContent = `本页状态已更新：${STATUS_LABELS[changed[0]]}`;
};
// The first run corrects the build-time text silently: that is what the reader finds on arrival.
refresh();
setInterval(tick, 60_000);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') tick();
});
