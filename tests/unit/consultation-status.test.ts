import { describe, expect, it } from 'vitest';
import {
  CONSULTATION_STATUSES,
  DEFAULT_FEEDBACK_DAYS,
  STATUS_LABELS,
  compareForLatest,
  consultationStatus,
  daysRemaining,
  daysUntilOpen,
  feedbackDueDate,
  feedbackTiming,
  isOpenForComments,
  type ConsultationClock,
} from '../../src/lib/consultation-status.ts';
import { endOfShanghaiDay, shanghaiWallClock, startOfShanghaiDay } from '../../src/lib/time.ts';

const MS = 1;
const at = (t: Date, deltaMs = 0) => new Date(t.getTime() + deltaMs);
/** Beijing wall clock: bj('2020-08-28 23:59:59.999'). */
function bj(text: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{3}))?)?)?$/.exec(text);
  if (!m) throw new Error(text);
  const n = m.slice(1).map((x) => Number(x ?? 0));
  return shanghaiWallClock(n[0]!, n[1]!, n[2]!, n[3], n[4], n[5], n[6]);
}

// 人防工程平时利用管理办法: opens 2020-07-29 09:00, closes at the end of 2020-08-28 (a bare date).
const opens = bj('2020-07-29 09:00');
const closes = endOfShanghaiDay('2020-08-28');
const clock: ConsultationClock = { opens, closes };
const DUE = '2020-09-27'; // 30 days after the closing day

describe('status labels', () => {
  it('lists the five statuses in the order of the URL contract, each with a Chinese label', () => {
    expect(CONSULTATION_STATUSES).toEqual(['upcoming', 'open', 'awaiting-feedback', 'feedback-published', 'feedback-overdue']);
    expect(STATUS_LABELS).toEqual({ upcoming: '未开始', open: '征集中', 'awaiting-feedback': '已截止·待反馈', 'feedback-published': '已反馈', 'feedback-overdue': '反馈逾期' });
  });
});

describe('opening and closing instants', () => {
  it('is upcoming until 1 ms before it opens, open from the opening instant', () => {
    expect(consultationStatus(clock, at(opens, -MS))).toBe('upcoming');
    expect(isOpenForComments(clock, at(opens, -MS))).toBe(false);
    expect(consultationStatus(clock, opens)).toBe('open');
    expect(isOpenForComments(clock, opens)).toBe(true);
  });

  it('is still open at 23:59:59.999 on the closing day and closed the next millisecond', () => {
    expect(closes.toISOString()).toBe('2020-08-28T15:59:59.999Z');
    expect(consultationStatus(clock, bj('2020-08-28 23:59:59.999'))).toBe('open');
    expect(isOpenForComments(clock, bj('2020-08-28 23:59:59.999'))).toBe(true);
    expect(consultationStatus(clock, bj('2020-08-29 00:00'))).toBe('awaiting-feedback');
    expect(isOpenForComments(clock, bj('2020-08-29 00:00'))).toBe(false);
  });

  it('honours a closing time of day when one is given', () => {
    const at17 = { opens, closes: bj('2020-08-28 17:00') };
    expect(consultationStatus(at17, bj('2020-08-28 17:00'))).toBe('open');
    expect(consultationStatus(at17, bj('2020-08-28 17:00:00.001'))).toBe('awaiting-feedback');
  });
});

describe('feedback due date', () => {
  it('is the closing day plus 30 calendar days by default', () => {
    expect(DEFAULT_FEEDBACK_DAYS).toBe(30);
    expect(feedbackDueDate(closes)).toBe(DUE);
    // The closing time of day does not matter, only the Beijing closing day.
    expect(feedbackDueDate(bj('2020-08-28 00:00'))).toBe(DUE);
    expect(feedbackDueDate(bj('2020-08-28 17:00'))).toBe(DUE);
  });

  it('crosses months, years and leap days', () => {
    expect(feedbackDueDate(endOfShanghaiDay('2020-01-30'))).toBe('2020-02-29');
    expect(feedbackDueDate(endOfShanghaiDay('2019-01-30'))).toBe('2019-03-01');
    expect(feedbackDueDate(endOfShanghaiDay('2020-12-15'))).toBe('2021-01-14');
    expect(feedbackDueDate(endOfShanghaiDay('2020-08-31'))).toBe('2020-09-30');
  });

  it('follows the configured number of days', () => {
    expect(feedbackDueDate(closes, 15)).toBe('2020-09-12');
    expect(consultationStatus({ ...clock, feedbackDays: 15 }, bj('2020-09-12 23:59:59.999'))).toBe('awaiting-feedback');
    expect(consultationStatus({ ...clock, feedbackDays: 15 }, bj('2020-09-13 00:00'))).toBe('feedback-overdue');
  });
});

describe('after the close, without a feedback report', () => {
  it('awaits feedback through the last millisecond of the due date, then is overdue', () => {
    expect(consultationStatus(clock, bj(`${DUE} 23:59:59.999`))).toBe('awaiting-feedback');
    expect(consultationStatus(clock, startOfShanghaiDay('2020-09-28'))).toBe('feedback-overdue');
  });

  it('counts the days left and the days overdue', () => {
    expect(feedbackTiming(clock, bj('2020-08-29 00:00'))).toEqual({ kind: 'not-due-yet', dueDate: DUE, daysLeft: 29 });
    expect(feedbackTiming(clock, bj(`${DUE} 23:59:59.999`))).toEqual({ kind: 'not-due-yet', dueDate: DUE, daysLeft: 0 });
    expect(feedbackTiming(clock, bj('2020-09-28 00:00'))).toEqual({ kind: 'overdue', dueDate: DUE, daysLate: 1 });
    expect(feedbackTiming(clock, bj('2020-10-07 12:00'))).toEqual({ kind: 'overdue', dueDate: DUE, daysLate: 10 });
    expect(feedbackTiming(clock, bj('2021-09-27 00:00'))).toEqual({ kind: 'overdue', dueDate: DUE, daysLate: 365 });
  });

  it('already counts towards the due date while the consultation is open', () => {
    expect(feedbackTiming(clock, opens)).toEqual({ kind: 'not-due-yet', dueDate: DUE, daysLeft: 60 });
  });
});

describe('with a feedback report', () => {
  it('is on time when published on the due date, late the day after', () => {
    const onDue = { ...clock, feedbackPublished: DUE };
    expect(consultationStatus(onDue, bj('2020-10-01 10:00'))).toBe('feedback-published');
    expect(feedbackTiming(onDue, bj('2020-10-01 10:00'))).toEqual({ kind: 'published-on-time', dueDate: DUE, published: DUE, daysEarly: 0 });

    const dayAfter = { ...clock, feedbackPublished: '2020-09-28' };
    expect(consultationStatus(dayAfter, bj('2020-10-01 10:00'))).toBe('feedback-published');
    expect(feedbackTiming(dayAfter, bj('2020-10-01 10:00'))).toEqual({ kind: 'published-late', dueDate: DUE, published: '2020-09-28', daysLate: 1 });
  });

  it('counts days early', () => {
    expect(feedbackTiming({ ...clock, feedbackPublished: '2020-09-20' }, bj('2020-09-20 00:00'))).toEqual({
      kind: 'published-on-time',
      dueDate: DUE,
      published: '2020-09-20',
      daysEarly: 7,
    });
  });

  it('is not yet published while its date lies in the future (Beijing day, not UTC day)', () => {
    const c = { ...clock, feedbackPublished: '2020-09-20' };
    // 2020-09-19 23:59:59.999 in Beijing (15:59 UTC on the 19th).
    expect(consultationStatus(c, bj('2020-09-19 23:59:59.999'))).toBe('awaiting-feedback');
    expect(feedbackTiming(c, bj('2020-09-19 23:59:59.999'))).toEqual({ kind: 'not-due-yet', dueDate: DUE, daysLeft: 8 });
    // 00:00 on the 20th in Beijing is still the 19th in UTC.
    expect(consultationStatus(c, bj('2020-09-20 00:00'))).toBe('feedback-published');
  });

  it('a report dated in the future does not hide that the due date has passed', () => {
    const c = { ...clock, feedbackPublished: '2020-10-10' };
    expect(consultationStatus(c, bj('2020-10-01 00:00'))).toBe('feedback-overdue');
    expect(feedbackTiming(c, bj('2020-10-01 00:00'))).toEqual({ kind: 'overdue', dueDate: DUE, daysLate: 4 });
    expect(consultationStatus(c, bj('2020-10-10 00:00'))).toBe('feedback-published');
    expect(feedbackTiming(c, bj('2020-10-10 00:00'))).toEqual({ kind: 'published-late', dueDate: DUE, published: '2020-10-10', daysLate: 13 });
  });

  it('does not count as published before the consultation has closed', () => {
    const c = { ...clock, feedbackPublished: '2020-08-01' };
    expect(consultationStatus(c, bj('2020-08-10 00:00'))).toBe('open');
    expect(consultationStatus(c, opens)).toBe('open');
    expect(consultationStatus(c, at(opens, -MS))).toBe('upcoming');
  });
});

describe('days remaining and days until opening (Beijing calendar days)', () => {
  it('is 0 on the closing day, 1 the day before, negative afterwards', () => {
    expect(daysRemaining(closes, bj('2020-08-27 00:00'))).toBe(1);
    expect(daysRemaining(closes, bj('2020-08-27 23:59:59.999'))).toBe(1);
    expect(daysRemaining(closes, bj('2020-08-28 00:00'))).toBe(0);
    expect(daysRemaining(closes, bj('2020-08-28 23:59:59.999'))).toBe(0);
    expect(daysRemaining(closes, bj('2020-08-29 00:00'))).toBe(-1);
    expect(daysRemaining(closes, opens)).toBe(30);
  });

  it('uses the Beijing day of "now", not the UTC day', () => {
    // 2020-08-27T16:30Z is 00:30 on the closing day in Beijing.
    expect(daysRemaining(closes, new Date('2020-08-27T16:30:00Z'))).toBe(0);
    expect(daysRemaining(closes, new Date('2020-08-27T15:59:59.999Z'))).toBe(1);
  });

  it('counts down to the opening day (0 on that day even before the opening hour)', () => {
    expect(daysUntilOpen(opens, bj('2020-07-27 12:00'))).toBe(2);
    expect(daysUntilOpen(opens, bj('2020-07-28 23:59:59.999'))).toBe(1);
    expect(daysUntilOpen(opens, bj('2020-07-29 00:00'))).toBe(0);
    expect(consultationStatus(clock, bj('2020-07-29 00:00'))).toBe('upcoming');
    expect(daysUntilOpen(opens, bj('2020-07-30 00:00'))).toBe(-1);
  });
});

describe('compareForLatest (最新征集)', () => {
  const now = bj('2020-08-10 12:00');
  const c = (id: string, o: string, cl: string) => ({ id, opens: bj(o), closes: endOfShanghaiDay(cl) });
  const openLate = c('open-late', '2020-07-01 09:00', '2020-08-30');
  const openSoon = c('open-soon', '2020-08-01 09:00', '2020-08-12');
  const upcomingLater = c('upcoming-later', '2020-09-01 00:00', '2020-10-01');
  const upcomingSooner = c('upcoming-sooner', '2020-08-11 09:00', '2020-09-11');
  const opensNow = c('opens-now', '2020-08-10 12:00', '2020-08-20');

  it('puts open consultations first by soonest close, then upcoming ones by soonest opening', () => {
    const sorted = [upcomingLater, openLate, upcomingSooner, openSoon, opensNow].sort((a, b) => compareForLatest(a, b, now));
    expect(sorted.map((x) => x.id)).toEqual(['open-soon', 'opens-now', 'open-late', 'upcoming-sooner', 'upcoming-later']);
  });

  it('is antisymmetric and 0 for the same consultation', () => {
    expect(Math.sign(compareForLatest(openSoon, upcomingSooner, now))).toBe(-1);
    expect(Math.sign(compareForLatest(upcomingSooner, openSoon, now))).toBe(1);
    expect(compareForLatest(openSoon, openSoon, now)).toBe(0);
  });

  it('treats one that opens 1 ms later as upcoming', () => {
    const later = at(now, -MS);
    expect(Math.sign(compareForLatest(opensNow, openLate, later))).toBe(1);
    expect(Math.sign(compareForLatest(opensNow, upcomingSooner, later))).toBe(-1);
  });
});
