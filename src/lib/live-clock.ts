/**
 * A consultation's clock written into data-attributes by the pages and read
 * back by src/scripts/live-status.ts, which recomputes status and countdown in
 * the browser. Instants travel as full ISO strings with milliseconds, so a
 * closing time of 23:59:59.999 stays the end of the day.
 */
import { consultationStatus, type ConsultationClock } from './consultation-status.ts';
import { isCalendarDate } from './time.ts';

/** The attribute that marks an element carrying a clock. */
export const LIVE_CONSULTATION_ATTRIBUTE = 'data-live-consultation';

export type ClockAttributes = Record<string, string>;

export function clockAttributes(clock: ConsultationClock): ClockAttributes {
  const attributes: ClockAttributes = {
    [LIVE_CONSULTATION_ATTRIBUTE]: '',
    'data-opens': clock.opens.toISOString(),
    'data-closes': clock.closes.toISOString(),
  };
  if (clock.feedbackDays !== undefined) attributes['data-feedback-days'] = String(clock.feedbackDays);
  if (clock.feedbackPublished !== undefined) attributes['data-feedback-published'] = clock.feedbackPublished;
  return attributes;
}

/** The clock from an element's dataset; null when anything is missing or malformed. */
export function clockFromDataset(dataset: Readonly<Record<string, string | undefined>>): ConsultationClock | null {
  const opens = new Date(dataset['opens'] ?? '');
  const closes = new Date(dataset['closes'] ?? '');
  if (Number.isNaN(opens.getTime()) || Number.isNaN(closes.getTime()) || closes.getTime() <= opens.getTime()) return null;
  const clock: ConsultationClock = { opens, closes };
  const days = dataset['feedbackDays'];
  if (days !== undefined) {
    if (!/^\d{1,3}$/.test(days)) return null;
    clock.feedbackDays = Number(days);
  }
  const published = dataset['feedbackPublished'];
  if (published !== undefined) {
    if (!isCalendarDate(published)) return null;
    clock.feedbackPublished = published;
  }
  return clock;
}

/**
 * Whether what a page shows of a consultation can still change after the
 * build without a rebuild. Once its feedback is published, status, countdown
 * and feedback clock are final: such a page needs no live script.
 */
export function changesAfterBuild(clock: ConsultationClock, builtAt: Date): boolean {
  return consultationStatus(clock, builtAt) !== 'feedback-published';
}
