/**
 * Working days under the official holiday calendar, with make-up working days
 * (调休). The calendar is injected so this stays pure; `official-calendar.ts`
 * builds it from the maintained `chinese-days` data.
 */
import { addDays, daysBetween, weekday, type CalendarDate } from './time.ts';

export interface HolidayCalendar {
  /** Statutory days off that would otherwise be working days (and those on weekends). */
  holidays: ReadonlySet<CalendarDate>;
  /** Weekend days that are working days (调休上班). */
  makeUpWorkdays: ReadonlySet<CalendarDate>;
  /** Years whose holiday arrangement the calendar knows. */
  years: ReadonlySet<number>;
}

export function isWorkingDay(date: CalendarDate, calendar: HolidayCalendar): boolean {
  if (calendar.makeUpWorkdays.has(date)) return true;
  if (calendar.holidays.has(date)) return false;
  const day = weekday(date);
  return day !== 0 && day !== 6;
}

export interface WorkingDayCount {
  days: number;
  /** False when some year in the range has no published holiday arrangement yet; weekends alone were used for it. */
  calendarKnown: boolean;
}

/** Working days in the inclusive range [from, to]. */
export function countWorkingDays(from: CalendarDate, to: CalendarDate, calendar: HolidayCalendar): WorkingDayCount {
  let days = 0;
  let calendarKnown = true;
  const span = daysBetween(from, to);
  for (let i = 0; i <= span; i++) {
    const date = addDays(from, i);
    if (!calendar.years.has(Number(date.slice(0, 4)))) calendarKnown = false;
    if (isWorkingDay(date, calendar)) days++;
  }
  return { days, calendarKnown };
}
