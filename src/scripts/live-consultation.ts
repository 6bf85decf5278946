/**
 * A consultation's page kept right when the static site has not been rebuilt
 * since a date passed: status badge and countdown (src/scripts/live-status-core.ts),
 * the feedback clock, and once the window has closed the comment form hidden
 * and the closed note shown, so the page never shows a closed consultation as
 * open. A status that changes while the page is open is announced.
 *
 * Markup: #consultation[data-live-consultation …] with [data-live="feedback-clock"];
 *   #comment-form and [data-live="open-only"] (hidden once closed), [data-live="closed-note"] (shown once closed),
 *   [data-live="announcer"] (an empty aria-live region)
 */
import { STATUS_LABELS } from '../lib/consultation-status.ts';
import { feedbackClockText } from '../lib/feedback-clock-wording.ts';
import { keepLive, refreshConsultations, setText } from './live-status-core.ts';

function closeCommentForm(): void {
  const form = document.getElementById('comment-form');
  if (form && !form.hidden) form.hidden = true;
  for (const node of document.querySelectorAll<HTMLElement>('[data-live="open-only"]')) node.hidden = true;
  const note = document.querySelector<HTMLElement>('[data-live="closed-note"]');
  if (note?.hidden) note.hidden = false;
}

const refresh = (now: Date) =>
  refreshConsultations(now, (element, clock) => {
    setText(element, 'feedback-clock', feedbackClockText(clock, now).text);
    // The form is only rendered while open at build time; the server refuses late comments anyway.
    if (element.id === 'consultation' && now.getTime() > clock.closes.getTime()) closeCommentForm();
  });

const announcer = document.querySelector<HTMLElement>('[data-live="announcer"]');
keepLive(
  () => refresh(new Date()),
  () => {
    const changed = refresh(new Date());
    // Announce only a status that changes while the page is open.
    if (announcer && changed.length === 1 && changed[0]) announcer.textContent = `本页状态已更新：${STATUS_LABELS[changed[0]]}`;
  },
);
