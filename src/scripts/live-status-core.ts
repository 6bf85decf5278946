/**
 * What every page with live consultations does (src/scripts/live-status.ts for
 * lists, src/scripts/live-consultation.ts for a consultation page): recompute
 * each consultation's status badge and countdown from the dates in its
 * data-attributes with the rules the build uses (src/lib), once a minute and
 * when the tab becomes visible. Without JS the build-time text stays.
 *
 * Markup (see src/lib/live-clock.ts and the components):
 *   [data-live-consultation data-opens data-closes …]
 *     [data-live="badge"]  [data-live="countdown"]
 */
import { STATUS_LABELS, consultationStatus, type ConsultationClock, type ConsultationStatus } from '../lib/consultation-status.ts';
import { countdownText } from '../lib/consultation-wording.ts';
import { LIVE_CONSULTATION_ATTRIBUTE, clockFromDataset } from '../lib/live-clock.ts';

const REFRESH_MS = 60_000;

export function setText(root: ParentNode, role: string, text: string): void {
  for (const node of root.querySelectorAll<HTMLElement>(`[data-live="${role}"]`)) {
    if (node.textContent !== text) node.textContent = text;
  }
}

/**
 * Updates every consultation on the page, then lets `more` update what else
 * the element shows; returns the statuses that changed since the last run.
 */
export function refreshConsultations(now: Date, more?: (element: HTMLElement, clock: ConsultationClock) => void): ConsultationStatus[] {
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
    more?.(element, clock);
  }
  return changed;
}

/** Runs `first` now (it corrects the build-time text silently: what the reader finds on arrival), then `tick` every minute and on return to the tab. */
export function keepLive(first: () => void, tick: () => void): void {
  first();
  setInterval(tick, REFRESH_MS);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') tick();
  });
}
