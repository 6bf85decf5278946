/**
 * Case reminders in the daily notification run: units hear of their open cases
 * due within `remindWithinDays` working days, the disclosure office of cases
 * past their due date — each once per case and due date. The plan comes from
 * src/lib/cases/reminders.ts; each mail goes into the outbox under its
 * deterministic id unless the outbox already has it (queued, sent or given
 * up), so repeated or overlapping runs queue nothing twice; the run's outbox
 * drain sends them. First, applications whose period to complete (补正) has
 * passed are ended as withdrawn.
 */
import { caseReminderMail, caseRemindersDue, type CaseMailSite, type PlannedCaseReminder } from '../lib/cases/reminders.ts';
import type { CaseLimits } from '../lib/cases/time-limits.ts';
import { shanghaiDate } from '../lib/time.ts';
import type { HolidayCalendar } from '../lib/working-days.ts';
import { withdrawLapsedApplications } from './application-cases.ts';
import { queueRows, readCase } from './case-store.ts';
import { enqueue, outboxState, pendingMail } from './outbox.ts';

export interface CaseReminderOptions {
  now: Date;
  limits: CaseLimits;
  calendar: HolidayCalendar;
  site: CaseMailSite;
  office: { name: string; email: string };
  mailMaxAttempts: number;
  log: (line: string) => void;
}

export interface CaseReminderReport {
  due: number;
  /** Applications treated as withdrawn today (补正 not received within its period). */
  withdrawn: string[];
  queued: string[];
  /** Already in the outbox (queued, sent or given up) from an earlier run. */
  already: string[];
  errors: { id: string; message: string }[];
}

export async function queueCaseReminders(opts: CaseReminderOptions): Promise<CaseReminderReport> {
  const today = shanghaiDate(opts.now);
  const withdrawn = await withdrawLapsedApplications(opts.now, opts.limits);
  if (withdrawn.length > 0) opts.log(`cases: ${withdrawn.length} application(s) treated as withdrawn (补正 period passed): ${withdrawn.join(', ')}`);
  const plan = caseRemindersDue(await queueRows(null), today, opts.limits.remindWithinDays, opts.calendar);
  const report: CaseReminderReport = { due: plan.length, withdrawn, queued: [], already: [], errors: [] };
  for (const r of plan) {
    try {
      if ((await outboxState(r.id)) !== 'absent') {
        report.already.push(r.id);
        continue;
      }
      await enqueue([await compose(r, opts)]);
      report.queued.push(r.id);
    } catch (error) {
      const message = String((error as Error)?.message ?? error);
      report.errors.push({ id: r.id, message });
      console.error(`[notify] FAILED to queue ${r.id}: ${message} (the next run tries again)`);
    }
  }
  opts.log(`cases: ${plan.length} reminder(s) due on ${today}, ${report.queued.length} queued, ${report.already.length} already sent or queued`);
  return report;
}

async function compose(r: PlannedCaseReminder, opts: CaseReminderOptions) {
  const c = (await readCase(r.row.receipt))?.record;
  const unit = c?.unit ?? { id: r.row.unit, name: r.row.unit, email: '' };
  const mail = caseReminderMail(r, unit.name, opts.office.name, opts.site);
  const to = r.kind === 'due-soon' ? unit.email : opts.office.email;
  if (!to) throw new Error(`no address for unit ${unit.id}`);
  const now = opts.now.toISOString();
  return pendingMail({ id: r.id, kind: 'notification', receipt: r.row.receipt, consultation: `cases:${r.row.kind}`, to, subject: mail.subject, text: mail.text, html: mail.html, attachment: null, createdAt: now, maxAttempts: opts.mailMaxAttempts }, now);
}
