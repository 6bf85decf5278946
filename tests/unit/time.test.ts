import { describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import {
  addDays,
  daysBetween,
  endOfShanghaiDay,
  formatChineseDate,
  formatChineseDateTime,
  isCalendarDate,
  parseWallClock,
  shanghaiDate,
  shanghaiParts,
  shanghaiWallClock,
  startOfShanghaiDay,
  toShanghaiIso,
  weekday,
} from '../../src/lib/time.ts';

const utc = (iso: string) => new Date(iso);
/** What js-yaml (the parser Astro and the checker use) makes of a front matter value. */
const fromYaml = (text: string): unknown => (yaml.load(`v: ${text}`) as { v: unknown }).v;

describe('Shanghai calendar day of an instant', () => {
  it('turns to the next day at 16:00 UTC, not at UTC midnight', () => {
    expect(shanghaiDate(utc('2020-07-28T15:59:59.999Z'))).toBe('2020-07-28');
    expect(shanghaiDate(utc('2020-07-28T16:00:00.000Z'))).toBe('2020-07-29');
    expect(shanghaiDate(utc('2020-07-29T00:00:00.000Z'))).toBe('2020-07-29');
    expect(shanghaiDate(utc('2020-07-29T15:59:59.999Z'))).toBe('2020-07-29');
  });

  it('crosses month, year and leap-day boundaries at 16:00 UTC', () => {
    expect(shanghaiDate(utc('2020-12-31T15:59:59.999Z'))).toBe('2020-12-31');
    expect(shanghaiDate(utc('2020-12-31T16:00:00.000Z'))).toBe('2021-01-01');
    expect(shanghaiDate(utc('2020-02-28T16:00:00.000Z'))).toBe('2020-02-29');
    expect(shanghaiDate(utc('2019-02-28T16:00:00.000Z'))).toBe('2019-03-01');
  });

  it('gives wall-clock parts and weekday as seen in Shanghai', () => {
    // 2020-07-28T23:30Z is Wednesday 2020-07-29 07:30 in Beijing (Tuesday in UTC).
    expect(shanghaiParts(utc('2020-07-28T23:30:45Z'))).toEqual({ year: 2020, month: 7, day: 29, hour: 7, minute: 30, second: 45, weekday: 3 });
  });

  it('builds the instant of a Shanghai wall-clock time', () => {
    expect(shanghaiWallClock(2020, 7, 29, 9).toISOString()).toBe('2020-07-29T01:00:00.000Z');
    expect(shanghaiWallClock(2020, 7, 29).toISOString()).toBe('2020-07-28T16:00:00.000Z');
    expect(shanghaiWallClock(2021, 1, 1, 0, 0, 0, 0).toISOString()).toBe('2020-12-31T16:00:00.000Z');
  });
});

describe('start and end of a Shanghai day', () => {
  it('spans exactly 00:00:00.000 to 23:59:59.999 Beijing time', () => {
    expect(startOfShanghaiDay('2020-08-28').toISOString()).toBe('2020-08-27T16:00:00.000Z');
    expect(endOfShanghaiDay('2020-08-28').toISOString()).toBe('2020-08-28T15:59:59.999Z');
    expect(endOfShanghaiDay('2020-08-28').getTime() + 1).toBe(startOfShanghaiDay('2020-08-29').getTime());
  });

  it('handles leap days and the last day of the year', () => {
    expect(endOfShanghaiDay('2020-02-29').toISOString()).toBe('2020-02-29T15:59:59.999Z');
    expect(endOfShanghaiDay('2020-12-31').toISOString()).toBe('2020-12-31T15:59:59.999Z');
    expect(shanghaiDate(endOfShanghaiDay('2020-12-31'))).toBe('2020-12-31');
    expect(shanghaiDate(new Date(endOfShanghaiDay('2020-12-31').getTime() + 1))).toBe('2021-01-01');
  });

  it('refuses impossible days instead of rolling them over', () => {
    expect(() => endOfShanghaiDay('2020-02-30')).toThrow(RangeError);
    expect(() => startOfShanghaiDay('2019-02-29')).toThrow(RangeError);
    expect(() => startOfShanghaiDay('2020-13-01')).toThrow(RangeError);
    expect(() => startOfShanghaiDay('2020-7-29')).toThrow(RangeError);
  });
});

describe('isCalendarDate', () => {
  it.each([
    ['2020-02-29', true],
    ['2000-02-29', true],
    ['2020-12-31', true],
    ['2019-02-29', false],
    ['1900-02-29', false],
    ['2020-02-30', false],
    ['2020-04-31', false],
    ['2020-13-01', false],
    ['2020-00-10', false],
    ['2020-01-00', false],
    ['2020-7-29', false],
    ['2020/07/29', false],
    [' 2020-07-29', false],
    ['2020-07-29 09:00', false],
    ['', false],
  ])('%j → %s', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });
});

describe('calendar arithmetic', () => {
  it.each([
    ['2020-01-31', 1, '2020-02-01'],
    ['2020-02-28', 1, '2020-02-29'],
    ['2020-02-29', 1, '2020-03-01'],
    ['2019-02-28', 1, '2019-03-01'],
    ['2020-12-31', 1, '2021-01-01'],
    ['2020-03-01', -1, '2020-02-29'],
    ['2021-01-01', -1, '2020-12-31'],
    ['2020-08-28', 30, '2020-09-27'],
    ['2020-01-30', 30, '2020-02-29'],
    ['2020-12-15', 30, '2021-01-14'],
    ['2020-01-01', 366, '2021-01-01'],
    ['2020-07-29', 0, '2020-07-29'],
  ])('addDays(%s, %i) = %s', (from, days, expected) => {
    expect(addDays(from, days)).toBe(expected);
    expect(daysBetween(from, expected)).toBe(days);
  });

  it('counts days between dates in either direction', () => {
    expect(daysBetween('2020-02-28', '2020-03-01')).toBe(2);
    expect(daysBetween('2019-02-28', '2019-03-01')).toBe(1);
    expect(daysBetween('2020-03-01', '2020-02-28')).toBe(-2);
    expect(daysBetween('2020-01-01', '2021-01-01')).toBe(366);
    expect(daysBetween('2021-01-01', '2022-01-01')).toBe(365);
  });

  it('knows the day of the week', () => {
    expect(weekday('2020-07-29')).toBe(3);
    expect(weekday('2020-09-27')).toBe(0);
    expect(weekday('2020-10-10')).toBe(6);
    expect(weekday('2020-02-29')).toBe(6);
  });

  it('refuses impossible dates', () => {
    expect(() => addDays('2020-02-30', 1)).toThrow(RangeError);
    expect(() => daysBetween('2020-01-01', '2020-02-30')).toThrow(RangeError);
  });
});

describe('parseWallClock: what editors write in front matter, as Beijing time', () => {
  it('reads a YAML date (unquoted YYYY-MM-DD) as midnight Beijing time', () => {
    const value = fromYaml('2020-07-29');
    expect(value).toBeInstanceOf(Date);
    expect(parseWallClock(value)).toEqual({ instant: utc('2020-07-28T16:00:00.000Z'), dateOnly: true });
  });

  it('reads a YAML timestamp (with seconds) as Beijing wall-clock time, not UTC', () => {
    const value = fromYaml('2020-07-29 09:00:00');
    expect(value).toBeInstanceOf(Date);
    expect(parseWallClock(value)).toEqual({ instant: utc('2020-07-29T01:00:00.000Z'), dateOnly: false });
  });

  it('reads `2020-07-29 09:00` (a string for YAML: no seconds) the same way', () => {
    const value = fromYaml('2020-07-29 09:00');
    expect(typeof value).toBe('string');
    expect(parseWallClock(value)).toEqual({ instant: utc('2020-07-29T01:00:00.000Z'), dateOnly: false });
    expect(parseWallClock('2020-07-29T09:00')).toEqual({ instant: utc('2020-07-29T01:00:00.000Z'), dateOnly: false });
    expect(parseWallClock(' 2020-07-29 09:00:30 ')).toEqual({ instant: utc('2020-07-29T01:00:30.000Z'), dateOnly: false });
    expect(parseWallClock('2020-07-29')).toEqual({ instant: utc('2020-07-28T16:00:00.000Z'), dateOnly: true });
  });

  it('treats an explicit 00:00 like a bare date (midnight, start of day)', () => {
    expect(parseWallClock('2020-07-29 00:00')).toEqual({ instant: utc('2020-07-28T16:00:00.000Z'), dateOnly: true });
    expect(parseWallClock(fromYaml('2020-07-29 00:00:00'))).toEqual({ instant: utc('2020-07-28T16:00:00.000Z'), dateOnly: true });
    expect(parseWallClock('2020-07-29 00:00:01')?.dateOnly).toBe(false);
    expect(parseWallClock('2020-07-29 23:59:59')).toEqual({ instant: utc('2020-07-29T15:59:59.000Z'), dateOnly: false });
  });

  it.each([
    '2020-02-30',
    '2019-02-29',
    '2020-13-01',
    '2020-07-29 24:00',
    '2020-07-29 09:60',
    '2020-07-29 09:00:60',
    '2020-07-29 9:00',
    '2020-7-29',
    '2020/07/29',
    '2020年7月29日',
    '2020-07-29T09:00+08:00',
    '2020-07-29T01:00Z',
    '',
  ])('rejects the string %j', (value) => {
    expect(parseWallClock(value)).toBeNull();
  });

  it('rejects values that are not dates at all', () => {
    for (const value of [undefined, null, 20200729, true, {}, [], new Date(Number.NaN)]) expect(parseWallClock(value)).toBeNull();
  });
});

describe('formatting', () => {
  it('writes Chinese dates without leading zeros, in Beijing time', () => {
    expect(formatChineseDate('2020-07-09')).toBe('2020年7月9日');
    expect(formatChineseDate('2020-12-31')).toBe('2020年12月31日');
    // 16:00 UTC on 12-31 is already New Year's Day in Beijing.
    expect(formatChineseDate(utc('2020-12-31T16:00:00Z'))).toBe('2021年1月1日');
    expect(formatChineseDate(utc('2020-12-31T15:59:59.999Z'))).toBe('2020年12月31日');
    expect(() => formatChineseDate('2020-02-30')).toThrow(RangeError);
  });

  it('writes date and time with two-digit hours and minutes', () => {
    expect(formatChineseDateTime(utc('2020-07-29T01:05:00Z'))).toBe('2020年7月29日 09:05');
    expect(formatChineseDateTime(utc('2020-08-28T15:59:59.999Z'))).toBe('2020年8月28日 23:59');
    expect(formatChineseDateTime(utc('2020-08-28T16:00:00Z'))).toBe('2020年8月29日 00:00');
  });

  it('writes ISO 8601 with the +08:00 offset that denotes the same instant', () => {
    expect(toShanghaiIso(utc('2020-07-28T16:00:00Z'))).toBe('2020-07-29T00:00:00+08:00');
    expect(toShanghaiIso(utc('2020-12-31T16:00:00Z'))).toBe('2021-01-01T00:00:00+08:00');
    const instant = utc('2020-07-29T01:02:03Z');
    expect(new Date(toShanghaiIso(instant)).getTime()).toBe(instant.getTime());
  });
});
