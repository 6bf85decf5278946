/**
 * Minimum comment windows.
 * - 行政规范性文件: at least 7 working days (国办发〔2018〕37号).
 * - 重大行政决策: at least 30 days (《重大行政决策程序暂行条例》第十四条).
 * A shorter window is allowed only with a stated reason, which the page shows.
 *
 * Days are counted as 民法典第二百零一条 counts periods: the opening day does not
 * count unless the window opens at the very start of it; the closing day counts.
 */
import { countWorkingDays, type HolidayCalendar } from './working-days.ts';
import { addDays, daysBetween, shanghaiDate, shanghaiParts } from './time.ts';

export const CONSULTATION_KINDS = ['行政规范性文件', '重大行政决策', '其他'] as const;
export type ConsultationKind = (typeof CONSULTATION_KINDS)[number];

export interface WindowRequirement {
  unit: 'working-days' | 'days';
  minimum: number;
  basis: string;
}

export const WINDOW_REQUIREMENTS: Partial<Record<ConsultationKind, WindowRequirement>> = {
  行政规范性文件: { unit: 'working-days', minimum: 7, basis: '国办发〔2018〕37号' },
  重大行政决策: { unit: 'days', minimum: 30, basis: '《重大行政决策程序暂行条例》第十四条' },
};

export interface WindowCheck {
  requirement: WindowRequirement | undefined;
  /** Length of the window in the requirement's unit (calendar days when there is none). */
  length: number;
  /** False when the holiday arrangement for a year in the window is not yet published. */
  calendarKnown: boolean;
  meetsMinimum: boolean;
}

export function checkCommentWindow(
  window: { kind: ConsultationKind; opens: Date; closes: Date },
  calendar: HolidayCalendar,
): WindowCheck {
  const openDay = shanghaiDate(window.opens);
  const closeDay = shanghaiDate(window.closes);
  const p = shanghaiParts(window.opens);
  const opensAtStartOfDay = p.hour === 0 && p.minute === 0 && p.second === 0;
  const firstCountedDay = opensAtStartOfDay ? openDay : addDays(openDay, 1);
  const requirement = WINDOW_REQUIREMENTS[window.kind];
  if (requirement?.unit === 'working-days') {
    const count =
      firstCountedDay > closeDay ? { days: 0, calendarKnown: true } : countWorkingDays(firstCountedDay, closeDay, calendar);
    return { requirement, length: count.days, calendarKnown: count.calendarKnown, meetsMinimum: count.days >= requirement.minimum };
  }
  const length = Math.max(0, daysBetween(firstCountedDay, closeDay) + 1);
  return { requirement, length, calendarKnown: true, meetsMinimum: requirement === undefined || length >= requirement.minimum };
}
