/**
 * The life of a consultation, computed from its dates and the current time.
 * Used by pages at build time, by the browser to correct a stale build, and by
 * functions and scripts. Every function takes `now` so the clock is injectable.
 */
import { addDays, daysBetween, endOfShanghaiDay, shanghaiDate, type CalendarDate } from './time.ts';

/** Days after the closing day within which the feedback report is due: 30 (国办 rule as Beijing applies it). */
export const DEFAULT_FEEDBACK_DAYS = 30;

export const CONSULTATION_STATUSES = ['upcoming', 'open', 'awaiting-feedback', 'feedback-published', 'feedback-overdue'] as const;
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number];

export const STATUS_LABELS: Record<ConsultationStatus, string> = {
  upcoming: '未开始',
  open: '征集中',
  'awaiting-feedback': '已截止·待反馈',
  'feedback-published': '已反馈',
  'feedback-overdue': '反馈逾期',
};

/** The dates that decide a consultation's status. Instants, not strings. */
export interface ConsultationClock {
  opens: Date;
  closes: Date;
  /** Publication day of the feedback report, when one exists in the content. */
  feedbackPublished?: CalendarDate | undefined;
  /** Days allowed for feedback after the closing day. */
  feedbackDays?: number | undefined;
}

/** The last calendar day on which the feedback report is on time. */
export function feedbackDueDate(closes: Date, feedbackDays = DEFAULT_FEEDBACK_DAYS): CalendarDate {
  return addDays(shanghaiDate(closes), feedbackDays);
}

/** A feedback report dated after `now` is not yet published. */
function publishedBy(clock: ConsultationClock, now: Date): CalendarDate | undefined {
  const published = clock.feedbackPublished;
  return published !== undefined && published <= shanghaiDate(now) ? published : undefined;
}

export function consultationStatus(clock: ConsultationClock, now: Date): ConsultationStatus {
  const t = now.getTime();
  if (t < clock.opens.getTime()) return 'upcoming';
  if (t <= clock.closes.getTime()) return 'open';
  if (publishedBy(clock, now) !== undefined) return 'feedback-published';
  const due = feedbackDueDate(clock.closes, clock.feedbackDays);
  return t > endOfShanghaiDay(due).getTime() ? 'feedback-overdue' : 'awaiting-feedback';
}

/** Whether comments are accepted at `now` (the same rule the comment function applies). */
export function isOpenForComments(clock: Pick<ConsultationClock, 'opens' | 'closes'>, now: Date): boolean {
  const t = now.getTime();
  return t >= clock.opens.getTime() && t <= clock.closes.getTime();
}

/**
 * Calendar days left until the closing day: 0 on the closing day itself,
 * negative once it has passed.
 */
export function daysRemaining(closes: Date, now: Date): number {
  return daysBetween(shanghaiDate(now), shanghaiDate(closes));
}

/** Calendar days until the consultation opens (0 on the opening day). */
export function daysUntilOpen(opens: Date, now: Date): number {
  return daysBetween(shanghaiDate(now), shanghaiDate(opens));
}

export type FeedbackTiming =
  | { kind: 'not-due-yet'; dueDate: CalendarDate; daysLeft: number }
  | { kind: 'overdue'; dueDate: CalendarDate; daysLate: number }
  | { kind: 'published-on-time'; dueDate: CalendarDate; published: CalendarDate; daysEarly: number }
  | { kind: 'published-late'; dueDate: CalendarDate; published: CalendarDate; daysLate: number };

/**
 * The feedback clock: how the feedback report stands against its due date.
 * Before close this still answers `not-due-yet`, counting to the due date.
 */
export function feedbackTiming(clock: ConsultationClock, now: Date): FeedbackTiming {
  const dueDate = feedbackDueDate(clock.closes, clock.feedbackDays);
  const published = publishedBy(clock, now);
  if (published !== undefined) {
    const diff = daysBetween(published, dueDate);
    return diff >= 0
      ? { kind: 'published-on-time', dueDate, published, daysEarly: diff }
      : { kind: 'published-late', dueDate, published, daysLate: -diff };
  }
  const left = daysBetween(shanghaiDate(now), dueDate);
  return left >= 0 ? { kind: 'not-due-yet', dueDate, daysLeft: left } : { kind: 'overdue', dueDate, daysLate: -left };
}

/** Order for 最新征集: open first by soonest close, then upcoming by soonest opening. */
export function compareForLatest(a: ConsultationClock, b: ConsultationClock, now: Date): number {
  const rank = (c: ConsultationClock) => (consultationStatus(c, now) === 'open' ? 0 : 1);
  const r = rank(a) - rank(b);
  if (r !== 0) return r;
  return rank(a) === 0 ? a.closes.getTime() - b.closes.getTime() : a.opens.getTime() - b.opens.getTime();
}
