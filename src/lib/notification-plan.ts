/**
 * Which lead-time notifications are due on a calendar day (Asia/Shanghai).
 * Pure: consultations, site settings, lead times and the day in; a list out.
 * The scheduled function (src/server/notifications.ts) makes sure each one is
 * sent exactly once; this module only says what is due.
 *
 * Every notification has a window of days in which it is due, not a single
 * day, so a run that was missed (platform outage, failed deploy) is caught up
 * the next day with a text that states the real number of days left:
 *  - a reminder is due from its trigger day (event day − lead days) until the
 *    next, shorter reminder of the same series triggers or the event happens;
 *    a reminder whose trigger falls before the phase it belongs to (a closing
 *    reminder before the opening, a feedback reminder before the close) does
 *    not exist;
 *  - the overdue notice repeats: first the day after the due date, then every
 *    `overdueRepeatDays`, each occurrence due until the next one;
 *  - subscribers hear of an opening from the opening day until the closing
 *    alert starts (a consultation that appears in the data late is still
 *    announced), of a feedback report for FEEDBACK_ANNOUNCE_DAYS after its date.
 * Statuses come from the dates and the day, never from a build: the data file
 * may be older than the calendar.
 */
import { consultationStatus, feedbackDueDate, type ConsultationStatus } from './consultation-status.ts';
import { clockOf, type PublishedConsultation } from './published-data.ts';
import { addDays, daysBetween, shanghaiDate, type CalendarDate } from './time.ts';

export interface LeadTimes {
  /** Days before the opening day: remind the department (e.g. [3]). */
  departmentBeforeOpening: readonly number[];
  /** Days before the closing day: remind the department (e.g. [7, 1]). */
  departmentBeforeClosing: readonly number[];
  /** Days before the feedback due date: remind the department (e.g. [14, 7, 3, 1]). */
  departmentBeforeFeedbackDue: readonly number[];
  /** Days between two overdue notices to the department and the disclosure office; 0 = only once. */
  overdueRepeatDays: number;
  /** Days before the closing day: alert subscribers (e.g. [3]). */
  subscribersBeforeClosing: readonly number[];
}

export const DEFAULT_LEAD_TIMES: LeadTimes = {
  departmentBeforeOpening: [3],
  departmentBeforeClosing: [7, 1],
  departmentBeforeFeedbackDue: [14, 7, 3, 1],
  overdueRepeatDays: 7,
  subscribersBeforeClosing: [3],
};

/** A feedback report is announced to subscribers up to this many days after its date (the site may publish it late). */
export const FEEDBACK_ANNOUNCE_DAYS = 30;

export const NOTIFICATION_KINDS = [
  'opening-reminder',
  'closing-reminder',
  'feedback-due-reminder',
  'feedback-overdue',
  'alert-opened',
  'alert-closing',
  'alert-feedback-published',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const SUBSCRIPTION_SCOPES = ['consultation', 'department', 'policy-area'] as const;
export type SubscriptionScope = (typeof SUBSCRIPTION_SCOPES)[number];

export interface SubscriptionTarget {
  scope: SubscriptionScope;
  id: string;
}

export type Recipient =
  | { role: 'department'; name: string; email: string }
  | { role: 'disclosure-office'; name: string; email: string }
  /** Everyone who follows one of these targets (resolved by the sender, one mail per address). */
  | { role: 'subscribers'; follows: SubscriptionTarget[] };

export interface PlannedNotification {
  /**
   * `<consultation>/<kind>/<leadDays>/<eventDate>`: the identity under which it is
   * recorded as sent. The event day is part of it, so a postponed deadline gets
   * its own reminders instead of counting as already reminded.
   */
  key: string;
  kind: NotificationKind;
  recipients: Recipient[];
  consultation: PublishedConsultation;
  /**
   * Days from the trigger day to the event day: the configured lead time of a
   * reminder; 0 for the opening and feedback alerts; for an overdue notice the
   * negative number of days late on its trigger day (−1, −8, −15 …).
   */
  leadDays: number;
  /** First day on which it is due. */
  triggerDate: CalendarDate;
  /** The day it is about: opening day, closing day, feedback due date, report date. */
  eventDate: CalendarDate;
  /** Days from the planning day to the event day (negative once passed, e.g. days overdue). */
  daysToEvent: number;
}

export interface PlanInput {
  consultations: readonly PublishedConsultation[];
  site: { disclosureOffice: { name: string; email: string } };
  leadTimes: LeadTimes;
  date: CalendarDate;
}

/** Sorted, de-duplicated lead times; throws on anything but whole days ≥ 1. */
export function normalizeLeads(values: readonly number[], what = 'lead time'): number[] {
  for (const v of values) if (!Number.isInteger(v) || v < 1 || v > 366) throw new RangeError(`${what} must be whole days from 1 to 366, got ${v}`);
  return [...new Set(values)].sort((a, b) => b - a);
}

export function validateLeadTimes(lead: LeadTimes): LeadTimes {
  if (!Number.isInteger(lead.overdueRepeatDays) || lead.overdueRepeatDays < 0 || lead.overdueRepeatDays > 366) {
    throw new RangeError(`overdue repeat interval must be whole days from 0 to 366, got ${lead.overdueRepeatDays}`);
  }
  return {
    departmentBeforeOpening: normalizeLeads(lead.departmentBeforeOpening, 'days before opening'),
    departmentBeforeClosing: normalizeLeads(lead.departmentBeforeClosing, 'days before closing'),
    departmentBeforeFeedbackDue: normalizeLeads(lead.departmentBeforeFeedbackDue, 'days before the feedback due date'),
    overdueRepeatDays: lead.overdueRepeatDays,
    subscribersBeforeClosing: normalizeLeads(lead.subscribersBeforeClosing, 'days before closing (subscribers)'),
  };
}

/** The calendar days that drive a consultation's notifications. */
export interface ConsultationDays {
  openDay: CalendarDate;
  closeDay: CalendarDate;
  dueDate: CalendarDate;
  /** Date of the feedback report if it is published on or before `date`. */
  publishedBy: (date: CalendarDate) => CalendarDate | null;
}

export function consultationDays(c: Pick<PublishedConsultation, 'opens' | 'closes' | 'feedbackDays' | 'feedbackPublished'>): ConsultationDays {
  const closes = new Date(c.closes);
  return {
    openDay: shanghaiDate(new Date(c.opens)),
    closeDay: shanghaiDate(closes),
    dueDate: feedbackDueDate(closes, c.feedbackDays),
    publishedBy: (date) => (c.feedbackPublished !== null && c.feedbackPublished <= date ? c.feedbackPublished : null),
  };
}

/**
 * The reminder of a series that is due on `date`: the one with the latest
 * trigger day (event − lead) not after `date`, among those triggering on or
 * after `earliest`, as long as `date` is not after `last`.
 */
function dueReminder(eventDate: CalendarDate, leads: readonly number[], date: CalendarDate, earliest: CalendarDate | null, last: CalendarDate): { lead: number; trigger: CalendarDate } | null {
  if (date > last) return null;
  let best: { lead: number; trigger: CalendarDate } | null = null;
  for (const lead of leads) {
    const trigger = addDays(eventDate, -lead);
    if (earliest !== null && trigger < earliest) continue;
    if (trigger > date) continue;
    if (!best || trigger > best.trigger) best = { lead, trigger };
  }
  return best;
}

function followsOf(c: PublishedConsultation): SubscriptionTarget[] {
  return [
    { scope: 'consultation', id: c.id },
    { scope: 'department', id: c.department.id },
    ...c.policyAreas.map((a): SubscriptionTarget => ({ scope: 'policy-area', id: a.id })),
  ];
}

export function notificationKey(consultation: string, kind: NotificationKind, leadDays: number, eventDate: CalendarDate): string {
  return `${consultation}/${kind}/${leadDays}/${eventDate}`;
}

/** Every notification due on `input.date`, in a stable order (consultation id, then kind order). */
export function notificationsDue(input: PlanInput): PlannedNotification[] {
  const lead = validateLeadTimes(input.leadTimes);
  const date = input.date;
  const out: PlannedNotification[] = [];
  const sorted = [...input.consultations].sort((a, b) => a.id.localeCompare(b.id));
  for (const c of sorted) {
    const d = consultationDays(c);
    const department: Recipient = { role: 'department', name: c.department.name, email: c.department.email };
    const office: Recipient = { role: 'disclosure-office', name: input.site.disclosureOffice.name, email: input.site.disclosureOffice.email };
    const subscribers: Recipient = { role: 'subscribers', follows: followsOf(c) };
    const add = (kind: NotificationKind, leadDays: number, triggerDate: CalendarDate, eventDate: CalendarDate, recipients: Recipient[]) =>
      out.push({ key: notificationKey(c.id, kind, leadDays, eventDate), kind, recipients, consultation: c, leadDays, triggerDate, eventDate, daysToEvent: daysBetween(date, eventDate) });

    // Department, before opening: until the day before the opening day.
    const opening = dueReminder(d.openDay, lead.departmentBeforeOpening, date, null, addDays(d.openDay, -1));
    if (opening) add('opening-reminder', opening.lead, opening.trigger, d.openDay, [department]);

    // Department, before closing: only once open, until the closing day.
    const closing = dueReminder(d.closeDay, lead.departmentBeforeClosing, date, d.openDay, d.closeDay);
    if (closing) add('closing-reminder', closing.lead, closing.trigger, d.closeDay, [department]);

    const published = d.publishedBy(date);
    if (published === null) {
      // Department, feedback due: only after the closing day, until the due date.
      const dueSoon = dueReminder(d.dueDate, lead.departmentBeforeFeedbackDue, date, addDays(d.closeDay, 1), d.dueDate);
      if (dueSoon) add('feedback-due-reminder', dueSoon.lead, dueSoon.trigger, d.dueDate, [department]);

      // Overdue: department and disclosure office, first the day after the due date, then every N days.
      const firstLate = addDays(d.dueDate, 1);
      if (date >= firstLate) {
        const sinceFirst = daysBetween(firstLate, date);
        const step = lead.overdueRepeatDays;
        const occurrence = step === 0 ? 0 : Math.floor(sinceFirst / step);
        const trigger = addDays(firstLate, occurrence * step);
        add('feedback-overdue', -daysBetween(d.dueDate, trigger), trigger, d.dueDate, [department, office]);
      }
    }

    // Subscribers: closing alert (only once open), and the opening alert until the closing alert starts.
    const alertClosing = dueReminder(d.closeDay, lead.subscribersBeforeClosing, date, d.openDay, d.closeDay);
    const firstAlertClosing = lead.subscribersBeforeClosing.map((l) => addDays(d.closeDay, -l)).filter((t) => t >= d.openDay).sort()[0];
    const openedUntil = firstAlertClosing !== undefined ? addDays(firstAlertClosing, -1) : d.closeDay;
    if (date >= d.openDay && date <= openedUntil) add('alert-opened', 0, d.openDay, d.openDay, [subscribers]);
    if (alertClosing) add('alert-closing', alertClosing.lead, alertClosing.trigger, d.closeDay, [subscribers]);

    if (published !== null && daysBetween(published, date) <= FEEDBACK_ANNOUNCE_DAYS) {
      add('alert-feedback-published', 0, published, published, [subscribers]);
    }
  }
  return out;
}

export interface StatusChange {
  id: string;
  from: ConsultationStatus;
  to: ConsultationStatus;
}

/**
 * Consultations whose status at `now` differs from the status the data file
 * (and so the built site) was generated with: the pages are stale and a
 * rebuild would correct them.
 */
export function staleStatuses(consultations: readonly PublishedConsultation[], generated: Date, now: Date): StatusChange[] {
  const changes: StatusChange[] = [];
  for (const c of consultations) {
    const clock = clockOf(c);
    const from = consultationStatus(clock, generated);
    const to = consultationStatus(clock, now);
    if (from !== to) changes.push({ id: c.id, from, to });
  }
  return changes.sort((a, b) => a.id.localeCompare(b.id));
}

/** Why a notification is due, in the words an operator reads in the dry-run listing. */
export function describeNotification(n: Pick<PlannedNotification, 'kind' | 'leadDays' | 'eventDate' | 'daysToEvent'>, overdueRepeatDays: number): string {
  switch (n.kind) {
    case 'opening-reminder':
      return `${n.eventDate} 开始征集，提前 ${n.leadDays} 天提醒承办部门（还有 ${n.daysToEvent} 天）`;
    case 'closing-reminder':
      return `${n.eventDate} 截止，提前 ${n.leadDays} 天提醒承办部门（还有 ${n.daysToEvent} 天）`;
    case 'feedback-due-reminder':
      return `反馈应于 ${n.eventDate} 前发布，提前 ${n.leadDays} 天提醒承办部门（还有 ${n.daysToEvent} 天）`;
    case 'feedback-overdue':
      return `反馈应于 ${n.eventDate} 前发布，已逾期 ${-n.daysToEvent} 天，告知承办部门和公开办${overdueRepeatDays > 0 ? `（每 ${overdueRepeatDays} 天一次）` : ''}`;
    case 'alert-opened':
      return `${n.eventDate} 开始征集，通知订阅者`;
    case 'alert-closing':
      return `${n.eventDate} 截止，提前 ${n.leadDays} 天提醒订阅者（还有 ${n.daysToEvent} 天）`;
    case 'alert-feedback-published':
      return `${n.eventDate} 发布意见征集情况说明，通知订阅者`;
  }
}
