/**
 * Which notifications are due on which day: the pure plan stepped day by day
 * through whole consultation lives (fixture data, never the sample site).
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LEAD_TIMES,
  FEEDBACK_ANNOUNCE_DAYS,
  describeNotification,
  notificationsDue,
  staleStatuses,
  validateLeadTimes,
  type LeadTimes,
  type PlannedNotification,
} from '../../src/lib/notification-plan.ts';
import { buildPublishedData, type ConsultationInput, type PublishedConsultation } from '../../src/lib/published-data.ts';
import { addDays, type CalendarDate } from '../../src/lib/time.ts';

const OFFICE = { name: '市政务公开办', email: 'gkb@example.gov.cn' };

function consultation(id: string, opens: string, closes: string, published?: CalendarDate): { input: ConsultationInput; published?: CalendarDate } {
  return {
    input: {
      id,
      body: '',
      data: {
        title: `关于${id}的意见征集`,
        department: 'dept',
        policyAreas: ['area-a', 'area-b'],
        stage: '草案',
        kind: '规章',
        opens: new Date(opens),
        closes: new Date(closes),
        channels: { online: true },
        articleComments: false,
      },
    },
    ...(published ? { published } : {}),
  };
}

function data(items: ReturnType<typeof consultation>[], feedbackDays = 30): PublishedConsultation[] {
  return buildPublishedData({
    generated: new Date('2026-11-01T00:00:00+08:00'),
    site: { name: '测试网站', url: 'https://example.gov.cn', feedbackDays, disclosureOffice: OFFICE },
    consultations: items.map((i) => i.input),
    departments: new Map([['dept', { name: '市测试局', email: 'dept@example.gov.cn' }]]),
    policyAreas: new Map([
      ['area-a', { name: '领域甲' }],
      ['area-b', { name: '领域乙' }],
    ]),
    feedback: new Map(items.filter((i) => i.published).map((i) => [i.input.id, { id: `${i.input.id}-fk`, published: i.published! }])),
  }).consultations;
}

function plan(consultations: PublishedConsultation[], date: CalendarDate, leadTimes: LeadTimes = DEFAULT_LEAD_TIMES): PlannedNotification[] {
  return notificationsDue({ consultations, site: { disclosureOffice: OFFICE }, leadTimes, date });
}

/** key → [first day due, last day due], checking that each key is due on consecutive days only. */
function windows(consultations: PublishedConsultation[], from: CalendarDate, to: CalendarDate, leadTimes?: LeadTimes): Record<string, [CalendarDate, CalendarDate]> {
  const out: Record<string, [CalendarDate, CalendarDate]> = {};
  for (let d = from; d <= to; d = addDays(d, 1)) {
    for (const n of plan(consultations, d, leadTimes)) {
      const w = out[n.key];
      if (!w) out[n.key] = [d, d];
      else {
        expect(w[1], `${n.key} due again on ${d} after a gap`).toBe(addDays(d, -1));
        w[1] = d;
      }
    }
  }
  return out;
}

describe('a consultation’s whole life, day by day (default lead times)', () => {
  // Opens 1 Dec 09:00, closes 20 Dec at the end of the day; feedback due 30 days later, 19 Jan.
  const life = data([consultation('c1', '2026-12-01T09:00:00+08:00', '2026-12-20T23:59:59+08:00')]);

  it('is due exactly in these windows', () => {
    expect(windows(life, '2026-11-01', '2027-02-20')).toEqual({
      'c1/opening-reminder/3/2026-12-01': ['2026-11-28', '2026-11-30'],
      'c1/alert-opened/0/2026-12-01': ['2026-12-01', '2026-12-16'],
      'c1/closing-reminder/7/2026-12-20': ['2026-12-13', '2026-12-18'],
      'c1/alert-closing/3/2026-12-20': ['2026-12-17', '2026-12-20'],
      'c1/closing-reminder/1/2026-12-20': ['2026-12-19', '2026-12-20'],
      'c1/feedback-due-reminder/14/2027-01-19': ['2027-01-05', '2027-01-11'],
      'c1/feedback-due-reminder/7/2027-01-19': ['2027-01-12', '2027-01-15'],
      'c1/feedback-due-reminder/3/2027-01-19': ['2027-01-16', '2027-01-17'],
      'c1/feedback-due-reminder/1/2027-01-19': ['2027-01-18', '2027-01-19'],
      'c1/feedback-overdue/-1/2027-01-19': ['2027-01-20', '2027-01-26'],
      'c1/feedback-overdue/-8/2027-01-19': ['2027-01-27', '2027-02-02'],
      'c1/feedback-overdue/-15/2027-01-19': ['2027-02-03', '2027-02-09'],
      'c1/feedback-overdue/-22/2027-01-19': ['2027-02-10', '2027-02-16'],
      'c1/feedback-overdue/-29/2027-01-19': ['2027-02-17', '2027-02-20'],
    });
  });

  it('addresses the department, the disclosure office on overdue notices, and subscribers of every target', () => {
    const [reminder] = plan(life, '2026-12-13');
    expect(reminder).toMatchObject({ kind: 'closing-reminder', leadDays: 7, triggerDate: '2026-12-13', eventDate: '2026-12-20', daysToEvent: 7 });
    expect(reminder!.recipients).toEqual([{ role: 'department', name: '市测试局', email: 'dept@example.gov.cn' }]);
    const [overdue] = plan(life, '2027-01-29');
    expect(overdue).toMatchObject({ kind: 'feedback-overdue', leadDays: -8, triggerDate: '2027-01-27', daysToEvent: -10 });
    expect(overdue!.recipients.map((r) => r.role)).toEqual(['department', 'disclosure-office']);
    expect(overdue!.recipients[1]).toMatchObject(OFFICE);
    const [opened] = plan(life, '2026-12-01');
    expect(opened!.recipients).toEqual([
      {
        role: 'subscribers',
        follows: [
          { scope: 'consultation', id: 'c1' },
          { scope: 'department', id: 'dept' },
          { scope: 'policy-area', id: 'area-a' },
          { scope: 'policy-area', id: 'area-b' },
        ],
      },
    ]);
  });

  it('a missed run is caught up with the real number of days left, and only the latest reminder of a series', () => {
    // Nothing ran on 13–15 Dec: on the 16th the 7-day reminder is still due and says 4 days.
    const on16 = plan(life, '2026-12-16').find((n) => n.kind === 'closing-reminder')!;
    expect(on16).toMatchObject({ leadDays: 7, daysToEvent: 4 });
    // On the closing day only the 1-day reminder is due, never both.
    expect(plan(life, '2026-12-20').filter((n) => n.kind === 'closing-reminder').map((n) => n.leadDays)).toEqual([1]);
  });
});

describe('feedback published', () => {
  it('on time: reminders stop on the publication day, subscribers hear of it for 30 days', () => {
    const c = data([consultation('c2', '2026-12-01T09:00:00+08:00', '2026-12-20T23:59:59+08:00', '2027-01-10')]);
    const w = windows(c, '2026-12-21', '2027-03-31');
    expect(w).toEqual({
      'c2/feedback-due-reminder/14/2027-01-19': ['2027-01-05', '2027-01-09'],
      'c2/alert-feedback-published/0/2027-01-10': ['2027-01-10', addDays('2027-01-10', FEEDBACK_ANNOUNCE_DAYS)],
    });
  });

  it('late: the overdue notices stop, the alert goes out', () => {
    const c = data([consultation('c3', '2026-12-01T09:00:00+08:00', '2026-12-20T23:59:59+08:00', '2027-02-01')]);
    const w = windows(c, '2027-01-19', '2027-02-05');
    expect(w['c3/feedback-overdue/-8/2027-01-19']).toEqual(['2027-01-27', '2027-01-31']);
    expect(w['c3/alert-feedback-published/0/2027-02-01']).toEqual(['2027-02-01', '2027-02-05']);
  });

  it('a report dated in the future is not published yet', () => {
    const c = data([consultation('c4', '2026-12-01T09:00:00+08:00', '2026-12-20T23:59:59+08:00', '2027-01-25')]);
    expect(plan(c, '2027-01-21').map((n) => n.kind)).toEqual(['feedback-overdue']);
  });
});

describe('edges', () => {
  it('a short window has no closing reminder before it opens, and subscribers hear of the opening until the close', () => {
    const c = data([consultation('short', '2026-12-10T09:00:00+08:00', '2026-12-14T17:00:00+08:00')]);
    expect(windows(c, '2026-12-01', '2026-12-15')).toEqual({
      'short/opening-reminder/3/2026-12-10': ['2026-12-07', '2026-12-09'],
      'short/alert-opened/0/2026-12-10': ['2026-12-10', '2026-12-10'],
      'short/alert-closing/3/2026-12-14': ['2026-12-11', '2026-12-14'],
      'short/closing-reminder/1/2026-12-14': ['2026-12-13', '2026-12-14'],
    });
  });

  it('a closing alert that would start on the opening day replaces the opening alert', () => {
    const c = data([consultation('tiny', '2026-12-10T09:00:00+08:00', '2026-12-13T17:00:00+08:00')]);
    const w = windows(c, '2026-12-10', '2026-12-13');
    expect(w['tiny/alert-opened/0/2026-12-10']).toBeUndefined();
    expect(w['tiny/alert-closing/3/2026-12-13']).toEqual(['2026-12-10', '2026-12-13']);
  });

  it('feedback reminders never start before the close (a lead longer than the feedback period)', () => {
    const c = data([consultation('c5', '2026-12-01T09:00:00+08:00', '2026-12-20T23:59:59+08:00')], 10);
    const w = windows(c, '2026-12-15', '2026-12-31', { ...DEFAULT_LEAD_TIMES, departmentBeforeFeedbackDue: [14, 7] });
    expect(Object.keys(w).filter((k) => k.includes('feedback-due'))).toEqual(['c5/feedback-due-reminder/7/2026-12-30']);
    expect(w['c5/feedback-due-reminder/7/2026-12-30']).toEqual(['2026-12-23', '2026-12-30']);
  });

  it('overdue notices without repetition: one occurrence, due until published', () => {
    const c = data([consultation('c6', '2026-12-01T09:00:00+08:00', '2026-12-20T23:59:59+08:00')]);
    const w = windows(c, '2027-01-19', '2027-03-31', { ...DEFAULT_LEAD_TIMES, overdueRepeatDays: 0 });
    expect(Object.keys(w).filter((k) => k.includes('overdue'))).toEqual(['c6/feedback-overdue/-1/2027-01-19']);
  });

  it('a postponed deadline gets its own reminders (the event day is part of the key)', () => {
    const before = plan(data([consultation('c7', '2026-12-01T09:00:00+08:00', '2026-12-20T23:59:59+08:00')]), '2026-12-13');
    const after = plan(data([consultation('c7', '2026-12-01T09:00:00+08:00', '2026-12-27T23:59:59+08:00')]), '2026-12-20');
    expect(before.map((n) => n.key)).toEqual(['c7/closing-reminder/7/2026-12-20', 'c7/alert-opened/0/2026-12-01']);
    expect(after.map((n) => n.key)).toEqual(['c7/closing-reminder/7/2026-12-27', 'c7/alert-opened/0/2026-12-01']);
  });

  it('several consultations: stable order by id, then department notices before subscriber alerts', () => {
    const c = data([consultation('b', '2026-12-01T09:00:00+08:00', '2026-12-20T23:59:59+08:00'), consultation('a', '2026-12-04T09:00:00+08:00', '2026-12-20T23:59:59+08:00')]);
    expect(plan(c, '2026-12-01').map((n) => n.key)).toEqual(['a/opening-reminder/3/2026-12-04', 'b/alert-opened/0/2026-12-01']);
  });

  it('an opening at midnight and a close at 00:00 count by their calendar day in Beijing', () => {
    const c = data([consultation('mid', '2026-12-01T00:00:00+08:00', '2026-12-10T00:00:00+08:00')]);
    expect(plan(c, '2026-11-30').map((n) => n.key)).toEqual(['mid/opening-reminder/3/2026-12-01']);
    expect(plan(c, '2026-12-09').map((n) => n.key)).toEqual(['mid/closing-reminder/1/2026-12-10', 'mid/alert-closing/3/2026-12-10']);
  });
});

describe('lead times', () => {
  it('are sorted, de-duplicated and checked', () => {
    expect(validateLeadTimes({ ...DEFAULT_LEAD_TIMES, departmentBeforeClosing: [1, 7, 7] }).departmentBeforeClosing).toEqual([7, 1]);
    expect(() => validateLeadTimes({ ...DEFAULT_LEAD_TIMES, departmentBeforeClosing: [0] })).toThrow(/whole days/);
    expect(() => validateLeadTimes({ ...DEFAULT_LEAD_TIMES, departmentBeforeOpening: [1.5] })).toThrow(/whole days/);
    expect(() => validateLeadTimes({ ...DEFAULT_LEAD_TIMES, overdueRepeatDays: -1 })).toThrow(/overdue/);
  });

  it('from 1 to 366 days (0 to 366 for the overdue repeat), typed at each end; the refusal names the setting', () => {
    const series = {
      departmentBeforeOpening: 'days before opening',
      departmentBeforeClosing: 'days before closing',
      departmentBeforeFeedbackDue: 'days before the feedback due date',
      subscribersBeforeClosing: 'days before closing (subscribers)',
    } as const;
    for (const [field, name] of Object.entries(series)) {
      expect(validateLeadTimes({ ...DEFAULT_LEAD_TIMES, [field]: [366, 1] })[field as keyof typeof series]).toEqual([366, 1]);
      expect(() => validateLeadTimes({ ...DEFAULT_LEAD_TIMES, [field]: [367] })).toThrow(`${name} must be whole days from 1 to 366, got 367`);
    }
    expect(validateLeadTimes({ ...DEFAULT_LEAD_TIMES, overdueRepeatDays: 0 }).overdueRepeatDays).toBe(0);
    expect(validateLeadTimes({ ...DEFAULT_LEAD_TIMES, overdueRepeatDays: 366 }).overdueRepeatDays).toBe(366);
    expect(() => validateLeadTimes({ ...DEFAULT_LEAD_TIMES, overdueRepeatDays: 367 })).toThrow('overdue repeat interval must be whole days from 0 to 366, got 367');
  });

  it('an empty series sends nothing of that kind', () => {
    const c = data([consultation('c8', '2026-12-01T09:00:00+08:00', '2026-12-20T23:59:59+08:00')]);
    const none: LeadTimes = { departmentBeforeOpening: [], departmentBeforeClosing: [], departmentBeforeFeedbackDue: [], overdueRepeatDays: 7, subscribersBeforeClosing: [] };
    const w = windows(c, '2026-11-20', '2027-01-21', none);
    expect(Object.keys(w)).toEqual(['c8/alert-opened/0/2026-12-01', 'c8/feedback-overdue/-1/2027-01-19']);
    expect(w['c8/alert-opened/0/2026-12-01']).toEqual(['2026-12-01', '2026-12-20']);
  });
});

describe('why, for the dry run', () => {
  it('says what and when in Chinese', () => {
    const c = data([consultation('c9', '2026-12-01T09:00:00+08:00', '2026-12-20T23:59:59+08:00')]);
    expect(describeNotification(plan(c, '2026-12-13')[0]!, 7)).toBe('2026-12-20 截止，提前 7 天提醒承办部门（还有 7 天）');
    expect(describeNotification(plan(c, '2027-01-29')[0]!, 7)).toBe('反馈应于 2027-01-19 前发布，已逾期 10 天，告知承办部门和公开办（每 7 天一次）');
  });
});

describe('stale pages', () => {
  it('lists the consultations whose status moved since the data was generated', () => {
    const c = data([consultation('d1', '2026-12-01T09:00:00+08:00', '2026-12-20T23:59:59+08:00'), consultation('d2', '2027-03-01T09:00:00+08:00', '2027-03-20T23:59:59+08:00')]);
    const generated = new Date('2026-11-30T10:00:00+08:00');
    expect(staleStatuses(c, generated, new Date('2026-11-30T23:00:00+08:00'))).toEqual([]);
    expect(staleStatuses(c, generated, new Date('2026-12-01T09:00:00+08:00'))).toEqual([{ id: 'd1', from: 'upcoming', to: 'open' }]);
    expect(staleStatuses(c, generated, new Date('2027-01-20T00:00:00+08:00'))).toEqual([{ id: 'd1', from: 'upcoming', to: 'feedback-overdue' }]);
  });
});
