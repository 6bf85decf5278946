/**
 * Which cases the daily run writes about: a reminder to the unit when an open
 * case is due within `remindWithinDays` working days, and an overdue notice to
 * the disclosure office once the due date has passed — one of each per case and
 * due date (an extension moves the due date and so earns a new reminder). The
 * mail ids are deterministic: the outbox keeps one mail per id, which makes the
 * run exactly-once however often it repeats. Pure; the wording is here too.
 */
import { renderMail, type ComposedMail, type MailBlock } from '../notification-mail.ts';
import { formatChineseDate, type CalendarDate } from '../time.ts';
import type { HolidayCalendar } from '../working-days.ts';
import { isAnswered, type QueueRow } from './case.ts';
import { dueState, workingDaysLeft } from './deadline.ts';
import { CASE_KINDS, CASE_STATUSES, HANDLING_TYPES } from './kinds.ts';

export type CaseReminderKind = 'due-soon' | 'overdue';

export interface PlannedCaseReminder {
  id: string;
  kind: CaseReminderKind;
  row: QueueRow;
  dueDate: CalendarDate;
  /** Working days left (due-soon, ≥ 0) or since the due date (overdue, < 0). */
  daysLeft: number;
}

export function caseReminderId(kind: CaseReminderKind, receipt: string, dueDate: CalendarDate): string {
  return `case.${kind}.${receipt}.${dueDate.replaceAll('-', '')}`;
}

export function caseRemindersDue(rows: Iterable<QueueRow>, today: CalendarDate, remindWithinDays: number, calendar: HolidayCalendar): PlannedCaseReminder[] {
  const out: PlannedCaseReminder[] = [];
  for (const row of rows) {
    if (isAnswered(row) || row.dueDate === null) continue;
    const state = dueState({ dueDate: row.dueDate, answered: false }, today, remindWithinDays, calendar);
    if (state !== 'due-soon' && state !== 'overdue') continue;
    out.push({ id: caseReminderId(state, row.receipt, row.dueDate), kind: state, row, dueDate: row.dueDate, daysLeft: workingDaysLeft(today, row.dueDate, calendar) });
  }
  return out.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.row.receipt.localeCompare(b.row.receipt));
}

export interface CaseMailSite {
  siteName: string;
  /** Absolute address of the site, without a trailing slash. */
  siteUrl: string;
}

function facts(r: PlannedCaseReminder, unitName: string): MailBlock {
  return {
    type: 'facts',
    lines: [
      `回执编号：${r.row.receipt}`,
      `办件类别：${CASE_KINDS[r.row.kind]}`,
      `事项：${r.row.subject}`,
      `承办单位：${unitName}`,
      `办理类型：${HANDLING_TYPES[r.row.handling]}`,
      `当前状态：${CASE_STATUSES[r.row.status]}`,
      `办理期限：${formatChineseDate(r.dueDate)}`,
    ],
  };
}

const footer = (site: CaseMailSite): MailBlock[] => [{ type: 'p', text: site.siteName }, { type: 'p', text: '（本邮件由办理平台按办理期限自动发送，请勿直接回复。办件内容请登录办理平台查看。）' }];

export function caseReminderMail(r: PlannedCaseReminder, unitName: string, officeName: string, site: CaseMailSite): ComposedMail {
  const link: MailBlock = { type: 'link', label: '办理平台', url: `${site.siteUrl}/staff/cases/${r.row.receipt}/` };
  if (r.kind === 'due-soon') {
    const when = r.daysLeft === 0 ? '今天到期' : `还有 ${r.daysLeft} 个工作日到期`;
    return renderMail(
      `【办件提醒】${r.row.receipt} 将于${formatChineseDate(r.dueDate)}到期`,
      [{ type: 'p', text: `${unitName}：` }, { type: 'p', text: `以下办件${when}，请在期限内答复。确需延期的，请在办理平台填写理由办理延期。` }, facts(r, unitName), link],
      footer(site),
    );
  }
  return renderMail(
    `【办件超期】${r.row.receipt}（${unitName}）已超过办理期限`,
    [{ type: 'p', text: `${officeName}：` }, { type: 'p', text: `以下办件已超过办理期限${-r.daysLeft} 个工作日，仍未答复，请督促承办单位办理。` }, facts(r, unitName), link],
    footer(site),
  );
}
