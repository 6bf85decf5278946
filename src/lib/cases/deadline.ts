/**
 * Due dates of cases on the official working-day calendar (调休 included).
 *
 * Counting follows the Regulations on Government Information Disclosure: the day
 * of receipt is not counted; the case is due at the end of the N-th working day
 * after it. Extensions add working days. While a case is suspended (waiting for
 * the sender) the clock stops: a case suspended on day S and resumed on day R
 * does not count the days after S up to and including R (S itself counted, like
 * any day the clock ran; counting starts again the day after R, as it starts the
 * day after receipt).
 */
import { addDays, daysBetween, type CalendarDate } from '../time.ts';
import { isWorkingDay, type HolidayCalendar } from '../working-days.ts';

export interface Suspension {
  from: CalendarDate;
  /** Null while the case is still suspended. */
  to: CalendarDate | null;
}

export interface ClockInput {
  receivedOn: CalendarDate;
  /** The handling type's limit plus every extension, in working days. */
  workingDays: number;
  suspensions: readonly Suspension[];
}

/** The longest span a due date is searched for (ten years): a guard against a broken calendar. */
const MAX_SPAN_DAYS = 3660;

function stopped(date: CalendarDate, suspensions: readonly Suspension[]): boolean {
  return suspensions.some((s) => date > s.from && (s.to === null || date <= s.to));
}

/** The working day `n` working days after `date` (n ≥ 1), skipping suspended days. */
export function addWorkingDays(date: CalendarDate, n: number, calendar: HolidayCalendar, suspensions: readonly Suspension[] = []): CalendarDate {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`Working days must be a whole number ≥ 1, got ${n}`);
  let counted = 0;
  for (let i = 1; i <= MAX_SPAN_DAYS; i++) {
    const day = addDays(date, i);
    if (stopped(day, suspensions) || !isWorkingDay(day, calendar)) continue;
    if (++counted === n) return day;
  }
  throw new RangeError(`No due date within ${MAX_SPAN_DAYS} days of ${date}`);
}

/** The due date, or null while the clock is stopped (an open suspension). */
export function dueDate(input: ClockInput, calendar: HolidayCalendar): CalendarDate | null {
  if (input.suspensions.some((s) => s.to === null)) return null;
  return addWorkingDays(input.receivedOn, input.workingDays, calendar, input.suspensions);
}

/**
 * Working days left from `today` to `due`: the working days after today up to
 * and including the due date. 0 on the due date itself, negative when overdue
 * (then minus the working days since the due date, today included).
 */
export function workingDaysLeft(today: CalendarDate, due: CalendarDate, calendar: HolidayCalendar): number {
  const span = daysBetween(today, due);
  let n = 0;
  if (span >= 0) {
    for (let i = 1; i <= span; i++) if (isWorkingDay(addDays(today, i), calendar)) n++;
    return n;
  }
  for (let i = 1; i <= -span; i++) if (isWorkingDay(addDays(due, i), calendar)) n--;
  return n === 0 ? -1 : n;
}

export type DueState = 'overdue' | 'due-soon' | 'on-track' | 'stopped' | 'answered';

/**
 * Where open cases stand against their due dates on `today`, for judging many
 * (a queue of thousands of rows): the working days are counted once, here, not
 * per case. A case is due soon when no more than `soonWithinDays` working days
 * lie after today up to its due date, that is when it is due before the
 * (soonWithinDays + 1)-th working day after today.
 */
export function dueJudge(today: CalendarDate, soonWithinDays: number, calendar: HolidayCalendar): (c: { dueDate: CalendarDate | null; answered: boolean }) => DueState {
  const onTrackFrom = addWorkingDays(today, soonWithinDays + 1, calendar);
  return (c) => {
    if (c.answered) return 'answered';
    if (c.dueDate === null) return 'stopped';
    if (today > c.dueDate) return 'overdue';
    return c.dueDate < onTrackFrom ? 'due-soon' : 'on-track';
  };
}

/** Where an open case stands against its due date on `today`. */
export function dueState(
  c: { dueDate: CalendarDate | null; answered: boolean },
  today: CalendarDate,
  soonWithinDays: number,
  calendar: HolidayCalendar,
): DueState {
  return dueJudge(today, soonWithinDays, calendar)(c);
}

export const DUE_STATE_LABELS: Record<DueState, string> = {
  overdue: '已超期',
  'due-soon': '即将到期',
  'on-track': '未到期',
  stopped: '暂停计时',
  answered: '已答复',
};
