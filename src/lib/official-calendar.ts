/**
 * The official holiday calendar of the State Council, from the `chinese-days`
 * package, which follows each year's 国务院办公厅 notice on public holidays.
 */
import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { HolidayCalendar } from './working-days.ts';

interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

function build(source: ChineseDaysData): HolidayCalendar {
  const holidays = new Set(Object.keys(source.holidays));
  const makeUpWorkdays = new Set(Object.keys(source.workdays));
  const years = new Set([...holidays].map((d) => Number(d.slice(0, 4))));
  return { holidays, makeUpWorkdays, years };
}

export const officialCalendar: HolidayCalendar = build(data as ChineseDaysData);
