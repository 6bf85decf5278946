import { describe, expect, it } from 'vitest';
import {
  CRLF,
  MAX_LINE_OCTETS,
  escapeText,
  foldLine,
  formatDate,
  formatUtcDateTime,
  renderCalendar,
  unescapeText,
  unfoldLines,
  type Calendar,
} from '../../src/lib/ics.ts';
import { shanghaiWallClock } from '../../src/lib/time.ts';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('escapeText', () => {
  it('escapes backslash, semicolon, comma and line breaks', () => {
    expect(escapeText('a\\b;c,d\ne')).toBe('a\\\\b\\;c\\,d\\ne');
    expect(escapeText('一\r\n二\r三')).toBe('一\\n二\\n三');
  });

  it('escapes the backslash before the characters it introduces (no double meaning)', () => {
    const hostile = '\\n 不是换行; \\, 也不是逗号';
    expect(unescapeText(escapeText(hostile))).toBe(hostile);
  });

  it('drops control characters that content lines may not hold, keeps tabs', () => {
    expect(escapeText('a\u0000b\u0007c\td\u007f')).toBe('abc\td');
  });

  it('leaves colons, quotes and Chinese punctuation alone', () => {
    expect(escapeText('截止：“十月”，共3条；')).toBe('截止：“十月”，共3条；');
  });
});

describe('foldLine', () => {
  it('keeps short lines as they are', () => {
    const line = 'SUMMARY:' + 'x'.repeat(MAX_LINE_OCTETS - 8);
    expect(bytes(line)).toBe(75);
    expect(foldLine(line)).toBe(line);
  });

  it('folds ASCII at exactly 75 octets, continuation lines start with one space', () => {
    const line = 'DESCRIPTION:' + 'a'.repeat(200);
    const physical = foldLine(line).split(CRLF);
    expect(physical.length).toBeGreaterThan(1);
    expect(bytes(physical[0]!)).toBe(75);
    for (const l of physical.slice(1)) {
      expect(l.startsWith(' ')).toBe(true);
      expect(bytes(l)).toBeLessThanOrEqual(75);
    }
    expect(physical.map((l, i) => (i === 0 ? l : l.slice(1))).join('')).toBe(line);
  });

  it('never splits a UTF-8 character in long Chinese lines', () => {
    // "SUMMARY:" is 8 octets; each Chinese character 3 octets, so 75 is not reached on a character boundary.
    const line = 'SUMMARY:意见征集截止：' + '北京市人民防空工程平时利用管理办法（征求意见稿）'.repeat(5);
    const folded = foldLine(line);
    const physical = folded.split(CRLF);
    expect(physical.length).toBeGreaterThan(3);
    for (const l of physical) {
      expect(bytes(l)).toBeLessThanOrEqual(75);
      // Each physical line on its own is valid UTF-8: no replacement characters after a round trip.
      expect(Buffer.from(l, 'utf8').toString('utf8')).toBe(l);
      expect(l).not.toMatch(/\uFFFD/);
    }
    // Lines are filled as far as whole characters allow (73 or 74 octets, not fewer).
    expect(bytes(physical[0]!)).toBeGreaterThanOrEqual(73);
    expect(unfoldLines(folded + CRLF)).toEqual([line]);
  });

  it('keeps astral characters (surrogate pairs, 4 octets) whole', () => {
    const line = 'SUMMARY:' + '𠮷'.repeat(40);
    for (const l of foldLine(line).split(CRLF)) {
      expect(bytes(l)).toBeLessThanOrEqual(75);
      expect(l).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    }
  });

  it('refuses raw line breaks (values must be escaped first)', () => {
    expect(() => foldLine('SUMMARY:a\nb')).toThrow();
  });
});

describe('date formats', () => {
  it('writes UTC date-times with Z and dates without dashes', () => {
    expect(formatUtcDateTime(shanghaiWallClock(2020, 8, 28, 23, 59, 59))).toBe('20200828T155959Z');
    expect(formatUtcDateTime(shanghaiWallClock(2021, 1, 1, 7, 5, 0))).toBe('20201231T230500Z');
    expect(formatDate('2020-09-27')).toBe('20200927');
    expect(() => formatDate('2020-02-30')).toThrow();
    expect(() => formatUtcDateTime(new Date(Number.NaN))).toThrow();
  });
});

describe('renderCalendar', () => {
  const calendar: Calendar = {
    productId: '-//example.gov.cn//Test//ZH',
    name: '测试日程',
    stamp: shanghaiWallClock(2026, 11, 28, 10),
    events: [
      { uid: 'a@example.gov.cn', summary: '反馈截止：关于“A,B;C”的通知', time: { allDay: '2020-12-31' }, description: '第一行\n第二行', url: 'https://example.gov.cn/a/', transparent: true },
      { uid: 'b@example.gov.cn', summary: '意见征集截止：B', time: { at: shanghaiWallClock(2020, 8, 28, 17) } },
    ],
  };
  const text = renderCalendar(calendar);

  it('uses CRLF after every line and no bare LF', () => {
    expect(text.endsWith(CRLF)).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const l of text.split(CRLF)) expect(bytes(l)).toBeLessThanOrEqual(75);
  });

  it('writes the calendar envelope and one VEVENT per event with DTSTAMP', () => {
    const lines = unfoldLines(text);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines.at(-1)).toBe('END:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines).toContain('PRODID:-//example.gov.cn//Test//ZH');
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(2);
    expect(lines.filter((l) => l === 'DTSTAMP:20261128T020000Z')).toHaveLength(2);
  });

  it('writes all-day events with an exclusive next-day DTEND, across a year end', () => {
    const lines = unfoldLines(text);
    expect(lines).toContain('DTSTART;VALUE=DATE:20201231');
    expect(lines).toContain('DTEND;VALUE=DATE:20210101');
  });

  it('writes timed events in UTC without DTEND', () => {
    const lines = unfoldLines(text);
    const start = lines.indexOf('UID:b@example.gov.cn');
    const event = lines.slice(start, lines.indexOf('END:VEVENT', start));
    expect(event).toContain('DTSTART:20200828T090000Z');
    expect(event.some((l) => l.startsWith('DTEND'))).toBe(false);
  });

  it('escapes text values', () => {
    const lines = unfoldLines(text);
    expect(lines).toContain('SUMMARY:反馈截止：关于“A\\,B\\;C”的通知');
    expect(lines).toContain('DESCRIPTION:第一行\\n第二行');
  });

  it('refuses duplicate UIDs', () => {
    expect(() => renderCalendar({ ...calendar, events: [calendar.events[0]!, calendar.events[0]!] })).toThrow(/Duplicate UID/);
  });
});
