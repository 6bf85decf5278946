/**
 * Time in Asia/Shanghai, without relying on the machine's time zone.
 *
 * China has kept a fixed UTC+8 offset with no daylight saving since 1992, so a
 * constant offset is exact for every date this site deals with and keeps these
 * functions pure (no Intl time-zone database needed in browsers or functions).
 */

export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A calendar day in Asia/Shanghai, written `YYYY-MM-DD`. */
export type CalendarDate = string;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WALL_CLOCK_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** The instant at which the given Shanghai wall-clock time occurs. */
export function shanghaiWallClock(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  ms = 0,
): Date {
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - SHANGHAI_OFFSET_MS);
}

/** Wall-clock parts of an instant as seen in Shanghai. */
export function shanghaiParts(instant: Date) {
  const shifted = new Date(instant.getTime() + SHANGHAI_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    weekday: shifted.getUTCDay(),
  };
}

/** The Shanghai calendar day an instant falls on. */
export function shanghaiDate(instant: Date): CalendarDate {
  const p = shanghaiParts(instant);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

export function isCalendarDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(y, mo - 1, d));
  return check.getUTCFullYear() === y && check.getUTCMonth() === mo - 1 && check.getUTCDate() === d;
}

function dateParts(date: CalendarDate): [number, number, number] {
  const m = DATE_RE.exec(date);
  if (!m || !isCalendarDate(date)) throw new RangeError(`Not a calendar date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** First instant of a Shanghai calendar day. */
export function startOfShanghaiDay(date: CalendarDate): Date {
  const [y, m, d] = dateParts(date);
  return shanghaiWallClock(y, m, d);
}

/** Last millisecond of a Shanghai calendar day (23:59:59.999). */
export function endOfShanghaiDay(date: CalendarDate): Date {
  return new Date(startOfShanghaiDay(date).getTime() + DAY_MS - 1);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const [y, m, d] = dateParts(date);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  const [y1, m1, d1] = dateParts(from);
  const [y2, m2, d2] = dateParts(to);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / DAY_MS);
}

/** Day of week of a calendar date: 0 Sunday … 6 Saturday. */
export function weekday(date: CalendarDate): number {
  const [y, m, d] = dateParts(date);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/**
 * A wall-clock value as editors write it in front matter.
 *
 * YAML turns an unquoted `2020-07-29 09:00` into a Date whose UTC fields hold what
 * the editor typed; all times on this site are Beijing time, so those fields are
 * read back as Shanghai wall-clock time. Strings are accepted in the same forms.
 * `dateOnly` tells whether the editor gave no time of day (midnight).
 */
export interface WallClock {
  instant: Date;
  dateOnly: boolean;
}

export function parseWallClock(value: unknown): WallClock | null {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    const instant = new Date(value.getTime() - SHANGHAI_OFFSET_MS);
    const dateOnly =
      value.getUTCHours() === 0 && value.getUTCMinutes() === 0 && value.getUTCSeconds() === 0 && value.getUTCMilliseconds() === 0;
    return { instant, dateOnly };
  }
  if (typeof value !== 'string') return null;
  const m = WALL_CLOCK_RE.exec(value.trim());
  if (!m) return null;
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  if (!isCalendarDate(date)) return null;
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return null;
  const instant = shanghaiWallClock(Number(m[1]), Number(m[2]), Number(m[3]), hour, minute, second);
  return { instant, dateOnly: m[4] === undefined || (hour === 0 && minute === 0 && second === 0) };
}

/** 2020年7月29日 */
export function formatChineseDate(value: Date | CalendarDate): string {
  const date = typeof value === 'string' ? value : shanghaiDate(value);
  const [y, m, d] = dateParts(date);
  return `${y}年${m}月${d}日`;
}

/** 2020年7月29日 09:00 */
export function formatChineseDateTime(instant: Date): string {
  const p = shanghaiParts(instant);
  return `${formatChineseDate(instant)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/**
 * ISO 8601 with the +08:00 offset, for <time datetime>, feeds and the data file.
 * Milliseconds are kept when present, so an end-of-day close (23:59:59.999) round-trips exactly.
 */
export function toShanghaiIso(instant: Date): string {
  const p = shanghaiParts(instant);
  const ms = instant.getTime() % 1000;
  const fraction = ms === 0 ? '' : `.${pad((ms + 1000) % 1000, 3)}`;
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${fraction}+08:00`;
}
