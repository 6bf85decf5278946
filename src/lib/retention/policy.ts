/**
 * How long personal data is kept (个人信息保存期限), per kind, and when a
 * piece of it has expired. The periods are the editors' (content/site.yaml
 * `retention`); the defaults below apply where the file says nothing.
 *
 * Periods count whole days in Beijing time from the day the clock starts:
 * data whose clock started on day A with a period of D days is deleted by the
 * daily run of day A + D or any later day.
 */
import { addDays, daysBetween, shanghaiDate, type CalendarDate } from '../time.ts';

export interface RetentionSettings {
  /** Names and contact details of people who commented, after the consultation's feedback report is published. */
  commentContactDays: number;
  /** Contact details of people who sent a report (线索) or whose case was handled, after the case is closed. */
  reportContactDays: number;
  /** Subscription mails (confirmation requests) that never went out. */
  unconfirmedSubscriptionDays: number;
  /** The outbox's marks of sent, withdrawn and given-up mail. */
  sentMailDays: number;
  /** Rate-limit entries (hashed client addresses). */
  rateLimitDays: number;
}

export const DEFAULT_RETENTION: RetentionSettings = {
  commentContactDays: 180,
  reportContactDays: 180,
  unconfirmedSubscriptionDays: 7,
  sentMailDays: 30,
  rateLimitDays: 2,
};

/** Shortest periods the system allows: below them the outbox or the rate limit could no longer keep their promises. */
export const MINIMUM_RETENTION: RetentionSettings = {
  commentContactDays: 0,
  reportContactDays: 0,
  unconfirmedSubscriptionDays: 1,
  sentMailDays: 7,
  rateLimitDays: 2,
};

/** What the daily run deletes; each kind's deletions are recorded under this name. */
export type RetentionKind = 'comment-contact' | 'report-contact' | 'unconfirmed-subscription' | 'sent-mail' | 'rate-limit';

export const RETENTION_KINDS: readonly RetentionKind[] = ['comment-contact', 'report-contact', 'unconfirmed-subscription', 'sent-mail', 'rate-limit'];

export const RETENTION_KIND_LABELS: Record<RetentionKind, string> = {
  'comment-contact': '意见提交人姓名和联系方式',
  'report-contact': '线索、案件提交人联系方式',
  'unconfirmed-subscription': '未确认的订阅邮件',
  'sent-mail': '发件箱中已发邮件记录',
  'rate-limit': '限流记录',
};

/** The settings with the defaults filled in, never below the minimums. */
export function retentionSettings(given: Partial<RetentionSettings> | null | undefined): RetentionSettings {
  const out = { ...DEFAULT_RETENTION };
  for (const key of Object.keys(DEFAULT_RETENTION) as (keyof RetentionSettings)[]) {
    const v = given?.[key];
    if (typeof v === 'number' && Number.isInteger(v)) out[key] = Math.max(v, MINIMUM_RETENTION[key]);
  }
  return out;
}

/** The first day on which data whose clock started on `from` may be deleted. */
export function expiresOn(from: CalendarDate, days: number): CalendarDate {
  return addDays(from, days);
}

/** Whether data whose clock started on `from` (a day, an instant, or not yet: null) has expired by `today`. */
export function hasExpired(from: CalendarDate | Date | null, days: number, today: CalendarDate): boolean {
  if (from === null) return false;
  const start = from instanceof Date ? shanghaiDate(from) : from;
  return daysBetween(expiresOn(start, days), today) >= 0;
}
