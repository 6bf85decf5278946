/**
 * A small iCalendar (RFC 5545) writer: text escaping, 75-octet line folding that
 * never splits a UTF-8 character, CRLF line endings, all-day (DATE) and UTC
 * (DATE-TIME with Z) times. Pure; the calendar of consultations is built in feeds.ts.
 */
import { addDays, isCalendarDate, type CalendarDate } from './time.ts';

export const CRLF = '\r\n';
/** RFC 5545 §3.1: lines SHOULD NOT be longer than 75 octets, excluding the line break. */
export const MAX_LINE_OCTETS = 75;

const encoder = new TextEncoder();

function octets(text: string): number {
  return encoder.encode(text).length;
}

/**
 * Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma get a
 * backslash, line breaks become `\n`. Other control characters are not allowed
 * in content lines and are dropped.
 */
export function escapeText(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\n/g, '\\n')
    .replace(/[\u0000-\u0008\u000A-\u001F\u007F]/g, '');
}

/**
 * Folds one content line into physical lines of at most 75 octets (the leading
 * space of a continuation line counts), cutting only between code points.
 */
export function foldLine(line: string): string {
  if (/[\r\n]/.test(line)) throw new Error('A content line must not contain line breaks; escape the value first');
  if (octets(line) <= MAX_LINE_OCTETS) return line;
  const parts: string[] = [];
  let current = '';
  let size = 0;
  for (const char of line) {
    const width = octets(char);
    const limit = parts.length === 0 ? MAX_LINE_OCTETS : MAX_LINE_OCTETS - 1;
    if (size + width > limit) {
      parts.push(current);
      current = '';
      size = 0;
    }
    current += char;
    size += width;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** 20200828T155959Z */
export function formatUtcDateTime(instant: Date): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError('Invalid date');
  return (
    `${pad(instant.getUTCFullYear(), 4)}${pad(instant.getUTCMonth() + 1)}${pad(instant.getUTCDate())}` +
    `T${pad(instant.getUTCHours())}${pad(instant.getUTCMinutes())}${pad(instant.getUTCSeconds())}Z`
  );
}

/** 20200828 */
export function formatDate(date: CalendarDate): string {
  if (!isCalendarDate(date)) throw new RangeError(`Not a calendar date: ${date}`);
  return date.replaceAll('-', '');
}

/** When an event happens: a whole calendar day, or an instant (an event without duration). */
export type EventTime = { allDay: CalendarDate } | { at: Date };

export interface CalendarEvent {
  /** Globally unique and stable across builds, e.g. `consultation-x-closes@example.gov.cn`. */
  uid: string;
  summary: string;
  time: EventTime;
  description?: string | undefined;
  url?: string | undefined;
  /** Deadlines do not make the reader busy: TRANSP:TRANSPARENT. */
  transparent?: boolean | undefined;
}

export interface Calendar {
  /** PRODID, e.g. `-//Gongkai//Consultations//ZH`. */
  productId: string;
  /** Shown by calendar apps as the calendar's name (X-WR-CALNAME). */
  name: string;
  /** DTSTAMP of every event: when the file was generated. */
  stamp: Date;
  events: readonly CalendarEvent[];
}

function property(name: string, value: string): string {
  return foldLine(`${name}:${value}`);
}

function eventLines(event: CalendarEvent, stamp: Date): string[] {
  if (!event.uid || /[\r\n]/.test(event.uid)) throw new Error(`Invalid UID: ${JSON.stringify(event.uid)}`);
  const lines = ['BEGIN:VEVENT', property('UID', escapeText(event.uid)), property('DTSTAMP', formatUtcDateTime(stamp))];
  if ('allDay' in event.time) {
    // DTEND of an all-day event is the (exclusive) next day.
    lines.push(property('DTSTART;VALUE=DATE', formatDate(event.time.allDay)));
    lines.push(property('DTEND;VALUE=DATE', formatDate(addDays(event.time.allDay, 1))));
  } else {
    // A DATE-TIME start without DTEND or DURATION is an event that takes no time (§3.6.1).
    lines.push(property('DTSTART', formatUtcDateTime(event.time.at)));
  }
  lines.push(property('SUMMARY', escapeText(event.summary)));
  if (event.description) lines.push(property('DESCRIPTION', escapeText(event.description)));
  if (event.url) lines.push(property('URL;VALUE=URI', event.url));
  if (event.transparent) lines.push('TRANSP:TRANSPARENT');
  lines.push('END:VEVENT');
  return lines;
}

/** The whole iCalendar object, CRLF after every line (including the last). */
export function renderCalendar(calendar: Calendar): string {
  const uids = new Set<string>();
  for (const e of calendar.events) {
    if (uids.has(e.uid)) throw new Error(`Duplicate UID ${e.uid}`);
    uids.add(e.uid);
  }
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    property('PRODID', calendar.productId),
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    property('X-WR-CALNAME', escapeText(calendar.name)),
    ...calendar.events.flatMap((e) => eventLines(e, calendar.stamp)),
    'END:VCALENDAR',
  ];
  return lines.join(CRLF) + CRLF;
}

/** Unfolds and splits a calendar into content lines (for tests and readers). */
export function unfoldLines(text: string): string[] {
  return text
    .replace(/\r\n[ \t]/g, '')
    .split(CRLF)
    .filter((l) => l !== '');
}

/** Reverses escapeText. */
export function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}
