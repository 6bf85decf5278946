/** Minimum comment windows, counted with the real State Council holiday calendar. */
import { describe, expect, it } from 'vitest';
import { CONSULTATION_KINDS, WINDOW_REQUIREMENTS, checkCommentWindow, type ConsultationKind } from '../../src/lib/comment-window.ts';
import { countWorkingDays, isWorkingDay, type HolidayCalendar } from '../../src/lib/working-days.ts';
import { officialCalendar } from '../../src/lib/official-calendar.ts';
import { endOfShanghaiDay, parseWallClock } from '../../src/lib/time.ts';

/** A window as an editor writes it: `opens: 2020-09-28 09:00`, `closes: 2020-10-14` (a bare date closes at day end). */
function win(kind: ConsultationKind, opens: string, closes: string) {
  const o = parseWallClock(opens);
  const c = parseWallClock(closes);
  if (!o || !c) throw new Error(`bad test dates ${opens} ${closes}`);
  return { kind, opens: o.instant, closes: c.dateOnly ? endOfShanghaiDay(closes.slice(0, 10)) : c.instant };
}
const check = (kind: ConsultationKind, opens: string, closes: string) => checkCommentWindow(win(kind, opens, closes), officialCalendar);

describe('official calendar (chinese-days data)', () => {
  it('knows the 2020 National Day holiday and its make-up working days', () => {
    for (let d = 1; d <= 8; d++) expect(isWorkingDay(`2020-10-0${d}`, officialCalendar), `2020-10-0${d}`).toBe(false);
    expect(isWorkingDay('2020-09-27', officialCalendar)).toBe(true); // Sunday, 调休上班
    expect(isWorkingDay('2020-10-10', officialCalendar)).toBe(true); // Saturday, 调休上班
    expect(isWorkingDay('2020-10-09', officialCalendar)).toBe(true);
    expect(isWorkingDay('2020-10-11', officialCalendar)).toBe(false);
    expect(isWorkingDay('2020-09-26', officialCalendar)).toBe(false);
  });

  it('knows the 2020 Spring Festival (extended to 2 February) and its make-up Sunday', () => {
    expect(isWorkingDay('2020-01-19', officialCalendar)).toBe(true); // Sunday, 调休上班
    expect(isWorkingDay('2020-01-23', officialCalendar)).toBe(true);
    for (const d of ['2020-01-24', '2020-01-27', '2020-01-30', '2020-01-31']) expect(isWorkingDay(d, officialCalendar), d).toBe(false);
    expect(isWorkingDay('2020-02-03', officialCalendar)).toBe(true);
  });

  it('counts the working days of October 2020: 22 weekdays − 6 holiday weekdays + 1 make-up Saturday', () => {
    expect(countWorkingDays('2020-10-01', '2020-10-31', officialCalendar)).toEqual({ days: 17, calendarKnown: true });
    expect(countWorkingDays('2020-10-01', '2020-10-08', officialCalendar)).toEqual({ days: 0, calendarKnown: true });
    expect(countWorkingDays('2020-10-09', '2020-10-09', officialCalendar)).toEqual({ days: 1, calendarKnown: true });
    expect(countWorkingDays('2020-10-10', '2020-10-09', officialCalendar)).toEqual({ days: 0, calendarKnown: true });
  });

  it('reports a year without a published arrangement as unknown, counting Monday to Friday', () => {
    expect(officialCalendar.years.has(2026)).toBe(true);
    expect(officialCalendar.years.has(2027)).toBe(false);
    // 2027-01-01 is a Friday; no holiday data, so it is counted as a working day.
    expect(countWorkingDays('2027-01-01', '2027-01-10', officialCalendar)).toEqual({ days: 6, calendarKnown: false });
    expect(countWorkingDays('2026-12-28', '2027-01-01', officialCalendar).calendarKnown).toBe(false);
    expect(countWorkingDays('2026-12-28', '2026-12-31', officialCalendar).calendarKnown).toBe(true);
  });

  it('lets a make-up working day win over a holiday entry (injected calendar)', () => {
    const calendar: HolidayCalendar = { holidays: new Set(['2030-01-05']), makeUpWorkdays: new Set(['2030-01-05']), years: new Set([2030]) };
    expect(isWorkingDay('2030-01-05', calendar)).toBe(true);
    expect(isWorkingDay('2030-01-06', calendar)).toBe(false); // Sunday
  });
});

describe('行政规范性文件: at least 7 working days', () => {
  it('has the requirement from 国办发〔2018〕37号', () => {
    expect(CONSULTATION_KINDS).toEqual(['行政规范性文件', '重大行政决策', '其他']);
    expect(WINDOW_REQUIREMENTS.行政规范性文件).toEqual({ unit: 'working-days', minimum: 7, basis: '国办发〔2018〕37号' });
  });

  // Opens Mon 2020-09-28 09:00: counting starts on the 29th. Working days: 9-29, 9-30, 10-9, 10-10 (Sat, make-up),
  // 10-12, 10-13, 10-14. Ignoring the holiday, 9-29…10-13 would already be 11 weekdays.
  it('across 国庆 2020: closing on 10-14 gives exactly 7 and passes, 10-13 gives 6 and fails', () => {
    expect(check('行政规范性文件', '2020-09-28 09:00', '2020-10-14')).toMatchObject({ length: 7, meetsMinimum: true, calendarKnown: true });
    expect(check('行政规范性文件', '2020-09-28 09:00', '2020-10-13')).toMatchObject({ length: 6, meetsMinimum: false, calendarKnown: true });
  });

  it('counts the opening day when the window opens at 00:00 (so 10-13 reaches 7)', () => {
    expect(check('行政规范性文件', '2020-09-28 00:00', '2020-10-13')).toMatchObject({ length: 7, meetsMinimum: true });
    expect(check('行政规范性文件', '2020-09-28', '2020-10-13')).toMatchObject({ length: 7, meetsMinimum: true });
    expect(check('行政规范性文件', '2020-09-28 00:00:01', '2020-10-13')).toMatchObject({ length: 6, meetsMinimum: false });
  });

  it('counts the make-up Sunday 2020-09-27 as a working day', () => {
    // Opens Fri 09-25 09:00: 9-26 (Sat) off, 9-27 (Sun, make-up) 1, 9-28 2, 9-29 3, 9-30 4, 10-9 5, 10-10 6, 10-12 7.
    expect(check('行政规范性文件', '2020-09-25 09:00', '2020-10-12')).toMatchObject({ length: 7, meetsMinimum: true });
    expect(check('行政规范性文件', '2020-09-25 09:00', '2020-10-11')).toMatchObject({ length: 6, meetsMinimum: false });
  });

  it('across the 2020 Spring Festival (24 Jan – 2 Feb off)', () => {
    // Opens Mon 01-20 09:00: 1-21, 1-22, 1-23, then 2-3, 2-4, 2-5, 2-6.
    expect(check('行政规范性文件', '2020-01-20 09:00', '2020-02-06')).toMatchObject({ length: 7, meetsMinimum: true });
    expect(check('行政规范性文件', '2020-01-20 09:00', '2020-02-05')).toMatchObject({ length: 6, meetsMinimum: false });
    // Opening at 00:00 on the make-up Sunday 01-19 counts it: 1-19, 1-20 … 1-23, 2-3 = 6, 2-4 = 7.
    expect(check('行政规范性文件', '2020-01-19 00:00', '2020-02-04')).toMatchObject({ length: 7, meetsMinimum: true });
  });

  it('counts the closing day even when the window closes at a time of day', () => {
    expect(check('行政规范性文件', '2020-09-28 09:00', '2020-10-14 17:00')).toMatchObject({ length: 7, meetsMinimum: true });
  });

  it('gives 0 when it closes on its opening day', () => {
    expect(check('行政规范性文件', '2020-07-29 09:00', '2020-07-29 18:00')).toMatchObject({ length: 0, meetsMinimum: false, calendarKnown: true });
  });

  it('warns that the calendar is unknown for a window in 2027', () => {
    // Opens Mon 2027-03-01 09:00: 3-2 … 3-10 has 7 weekdays.
    expect(check('行政规范性文件', '2027-03-01 09:00', '2027-03-10')).toMatchObject({ length: 7, meetsMinimum: true, calendarKnown: false });
    expect(check('行政规范性文件', '2026-12-25 09:00', '2027-01-06')).toMatchObject({ calendarKnown: false });
    expect(check('行政规范性文件', '2026-11-02 09:00', '2026-11-30')).toMatchObject({ calendarKnown: true });
  });
});

describe('重大行政决策: at least 30 days', () => {
  it('has the requirement from the 暂行条例', () => {
    expect(WINDOW_REQUIREMENTS.重大行政决策).toEqual({ unit: 'days', minimum: 30, basis: '《重大行政决策程序暂行条例》第十四条' });
  });

  it('opening at 09:00: 30 days pass, 29 fail (the opening day does not count)', () => {
    expect(check('重大行政决策', '2020-07-29 09:00', '2020-08-28')).toMatchObject({ length: 30, meetsMinimum: true, calendarKnown: true });
    expect(check('重大行政决策', '2020-07-29 09:00', '2020-08-27')).toMatchObject({ length: 29, meetsMinimum: false });
  });

  it('opening at 00:00 counts the opening day', () => {
    expect(check('重大行政决策', '2020-07-29', '2020-08-27')).toMatchObject({ length: 30, meetsMinimum: true });
    expect(check('重大行政决策', '2020-07-29 00:00', '2020-08-26')).toMatchObject({ length: 29, meetsMinimum: false });
  });

  it('counts calendar days, holidays included (国庆 2020)', () => {
    expect(check('重大行政决策', '2020-09-15', '2020-10-14')).toMatchObject({ length: 30, meetsMinimum: true });
  });

  it('across February of a leap year and of a common year', () => {
    expect(check('重大行政决策', '2020-02-01', '2020-03-01')).toMatchObject({ length: 30, meetsMinimum: true });
    expect(check('重大行政决策', '2021-02-01', '2021-03-01')).toMatchObject({ length: 29, meetsMinimum: false });
  });
});

describe('其他: no statutory minimum', () => {
  it('always meets the minimum and reports its length in calendar days', () => {
    expect(WINDOW_REQUIREMENTS.其他).toBeUndefined();
    expect(check('其他', '2020-07-29 09:00', '2020-07-31')).toEqual({ requirement: undefined, length: 2, calendarKnown: true, meetsMinimum: true });
    expect(check('其他', '2020-07-29 09:00', '2020-07-29 18:00')).toMatchObject({ length: 0, meetsMinimum: true });
  });
});
