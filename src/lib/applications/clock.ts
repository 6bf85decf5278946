/**
 * The statutory clock of an application for government information disclosure
 * (《政府信息公开条例》), on the official working-day calendar (调休 included):
 *
 * - the day of receipt (第三十一条, `receiptDay`) is not counted; the reply is due
 *   on the N-th working day after it, N at most 20 (第三十三条);
 * - one extension of at most 20 working days, approved and told to the applicant
 *   with a reason, before the reply is due (第三十三条);
 * - time spent waiting for a third party's or another body's opinion is not
 *   counted (第三十二条, 第三十三条): a pause from day S to day R leaves out the
 *   days after S up to and including R, as `deadline.ts` counts suspensions;
 * - a request to complete the application (补正) is sent once, within 7 working
 *   days of receipt, with a period for the applicant; the clock then runs from the
 *   day the completed application arrives (that day not counted); no completion
 *   within the period means the application is treated as withdrawn (第三十条).
 */
import { addWorkingDays, dueDate, type Suspension } from '../cases/deadline.ts';
import type { CalendarDate } from '../time.ts';
import type { HolidayCalendar } from '../working-days.ts';
import { isTableId } from '../label-table.ts';

/** 第三十三条: the reply within 20 working days; one extension of at most 20. */
export const APPLICATION_REPLY_DAYS = 20;
export const APPLICATION_MAX_EXTENSION_DAYS = 20;
/** 第三十条: the request to complete is sent within 7 working days of receipt. */
export const CORRECTION_REQUEST_WITHIN_DAYS = 7;
/** The period the office gives the applicant to complete (a reasonable one: 第三十条), in working days. */
export const CORRECTION_PERIOD_MIN_DAYS = 5;
export const CORRECTION_PERIOD_MAX_DAYS = 30;
export const CORRECTION_PERIOD_DEFAULT_DAYS = 15;

/** Why the clock is paused: 征求第三方意见 (第三十二条) or 征求其他机关意见 (第三十三条). */
export const PAUSE_CAUSES = {
  'third-party': '征求第三方意见',
  'other-body': '征求其他机关意见',
} as const;
export type PauseCause = keyof typeof PAUSE_CAUSES;
export function isPauseCause(value: string): value is PauseCause {
  return isTableId(PAUSE_CAUSES, value);
}

export interface Correction {
  /** The day the request to complete was sent. */
  requestedOn: CalendarDate;
  /** The last day the applicant may complete the application. */
  dueOn: CalendarDate;
  /** The day the completed application arrived; null while awaited. */
  completedOn: CalendarDate | null;
}

export interface ApplicationClockInput {
  /** The day of receipt (第三十一条). */
  receivedOn: CalendarDate;
  /** The reply limit in working days (content/case-limits.yaml, at most 20). */
  limitDays: number;
  /** At most one for an application. */
  extensions: readonly { days: number }[];
  /** Waiting for a third party's or another body's opinion. */
  pauses: readonly Suspension[];
  correction: Correction | null;
}

/** The day from which the reply limit counts (not itself counted): receipt, or the completed application's arrival. */
export function clockStart(input: Pick<ApplicationClockInput, 'receivedOn' | 'correction'>): CalendarDate {
  return input.correction?.completedOn ?? input.receivedOn;
}

/**
 * The day the reply is due, or null while the clock does not run: a completion
 * is awaited, or an opinion is awaited.
 */
export function applicationDueDate(input: ApplicationClockInput, calendar: HolidayCalendar): CalendarDate | null {
  if (input.correction && input.correction.completedOn === null) return null;
  const days = input.limitDays + input.extensions.reduce((sum, e) => sum + e.days, 0);
  return dueDate({ receivedOn: clockStart(input), workingDays: days, suspensions: input.pauses }, calendar);
}

/** The last day a request to complete may be sent: the 7th working day after receipt. */
export function correctionRequestDeadline(receivedOn: CalendarDate, calendar: HolidayCalendar): CalendarDate {
  return addWorkingDays(receivedOn, CORRECTION_REQUEST_WITHIN_DAYS, calendar);
}

/** The last day the applicant may complete: `periodDays` working days after the request (that day not counted). */
export function correctionDueOn(requestedOn: CalendarDate, periodDays: number, calendar: HolidayCalendar): CalendarDate {
  return addWorkingDays(requestedOn, periodDays, calendar);
}

/** Whether the application is treated as withdrawn on `today`: a completion awaited past its last day. */
export function treatedAsWithdrawn(correction: Correction | null, today: CalendarDate): boolean {
  return correction !== null && correction.completedOn === null && today > correction.dueOn;
}

export type ClockRefusal = { ok: false; message: string };

/** Checks a request to complete, sent on `today` with a period of `periodDays` working days. */
export function checkCorrectionRequest(
  input: Pick<ApplicationClockInput, 'receivedOn' | 'correction'>,
  today: CalendarDate,
  periodDays: number,
  calendar: HolidayCalendar,
): { ok: true; correction: Correction } | ClockRefusal {
  if (input.correction) return { ok: false, message: '补正告知只能一次性发出，本申请已告知过补正' };
  const last = correctionRequestDeadline(input.receivedOn, calendar);
  if (today > last) return { ok: false, message: `补正告知应在收到申请之日起 ${CORRECTION_REQUEST_WITHIN_DAYS} 个工作日内发出（至 ${last}），已超过期限` };
  if (!Number.isInteger(periodDays) || periodDays < CORRECTION_PERIOD_MIN_DAYS || periodDays > CORRECTION_PERIOD_MAX_DAYS) {
    return { ok: false, message: `补正期限应为 ${CORRECTION_PERIOD_MIN_DAYS} 至 ${CORRECTION_PERIOD_MAX_DAYS} 个工作日` };
  }
  return { ok: true, correction: { requestedOn: today, dueOn: correctionDueOn(today, periodDays, calendar), completedOn: null } };
}

/** Checks the applicant's completion arriving on `today`. */
export function checkCorrectionCompletion(correction: Correction | null, today: CalendarDate): { ok: true; correction: Correction } | ClockRefusal {
  if (!correction) return { ok: false, message: '本申请无需补正' };
  if (correction.completedOn !== null) return { ok: false, message: '本申请已经补正' };
  if (today > correction.dueOn) return { ok: false, message: `补正期限已于 ${correction.dueOn} 届满，申请视为放弃；如仍需要该信息，请重新提出申请` };
  return { ok: true, correction: { ...correction, completedOn: today } };
}

/** Checks an extension of `days` approved on `today` (one only, at most the limit, before the reply is due). */
export function checkExtension(
  input: ApplicationClockInput,
  days: number,
  maxDays: number,
  today: CalendarDate,
  calendar: HolidayCalendar,
): { ok: true } | ClockRefusal {
  const max = Math.min(maxDays, APPLICATION_MAX_EXTENSION_DAYS);
  if (input.extensions.length > 0) return { ok: false, message: '依申请公开的答复期限只能延长一次' };
  if (!Number.isInteger(days) || days < 1 || days > max) return { ok: false, message: `延长的期限应为 1 至 ${max} 个工作日` };
  if (input.correction && input.correction.completedOn === null) return { ok: false, message: '等待申请人补正期间不能延期' };
  const due = applicationDueDate(input, calendar);
  if (due !== null && today > due) return { ok: false, message: `答复期限已于 ${due} 届满，不能再延期` };
  return { ok: true };
}
