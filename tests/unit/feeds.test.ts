import { describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { escapeXml, renderRss, rfc822Date } from '../../src/lib/rss.ts';
import { absoluteUrl, calendarUid, consultationCalendar, consultationsFeed, feedbackFeed, type FeedConsultation, type FeedSite } from '../../src/lib/feeds.ts';
import { renderCalendar, unfoldLines } from '../../src/lib/ics.ts';
import { endOfShanghaiDay, shanghaiWallClock } from '../../src/lib/time.ts';

const site: FeedSite = { name: '示例政务公开网站', url: 'https://gongkai.example.gov.cn' };
const now = shanghaiWallClock(2026, 11, 28, 10);

const closedLongAgo: FeedConsultation = {
  id: 'old',
  title: '关于《A & B <办法>》公开征集意见的公告',
  path: '/consultations/old/',
  departmentName: '市司法局',
  policyAreaNames: ['法治', '营商环境'],
  clock: { opens: shanghaiWallClock(2020, 7, 29, 9), closes: endOfShanghaiDay('2020-08-28'), feedbackDays: 30, feedbackPublished: '2020-09-20' },
  feedbackPath: '/feedback/old-fankui/',
};
const openNow: FeedConsultation = {
  id: 'now',
  title: '关于某某规定的公告',
  path: '/consultations/now/',
  departmentName: '市人防办',
  policyAreaNames: [],
  clock: { opens: shanghaiWallClock(2026, 11, 20, 0), closes: shanghaiWallClock(2026, 12, 20, 17, 30), feedbackDays: 30 },
};
const upcoming: FeedConsultation = {
  ...openNow,
  id: 'later',
  title: '关于另一规定的公告',
  path: '/consultations/later/',
  clock: { opens: shanghaiWallClock(2026, 12, 1, 9), closes: endOfShanghaiDay('2027-01-05'), feedbackDays: 15 },
};

const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'item' || name === 'category' });

describe('rss writer', () => {
  it('escapes markup and drops characters XML forbids', () => {
    expect(escapeXml(`<a href="x">&'</a>\u0001\uFFFF`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
  });

  it('writes RFC 822 dates in Beijing time', () => {
    expect(rfc822Date(shanghaiWallClock(2020, 7, 29, 9))).toBe('Wed, 29 Jul 2020 09:00:00 +0800');
    // 23:30 UTC is already the next day in Beijing.
    expect(rfc822Date(new Date('2020-12-31T23:30:00Z'))).toBe('Fri, 01 Jan 2021 07:30:00 +0800');
  });

  it('refuses relative links', () => {
    expect(() =>
      renderRss({ title: 't', link: '/x/', feedUrl: 'https://a.cn/f.xml', description: 'd', language: 'zh-cn', lastBuildDate: now, items: [] }),
    ).toThrow(/absolute/);
  });
});

describe('absoluteUrl', () => {
  it('joins site url and path with or without a trailing slash or base path', () => {
    expect(absoluteUrl(site, '/consultations/x/')).toBe('https://gongkai.example.gov.cn/consultations/x/');
    expect(absoluteUrl({ ...site, url: 'https://a.gov.cn/' }, '/x/')).toBe('https://a.gov.cn/x/');
    expect(absoluteUrl({ ...site, url: 'https://a.gov.cn/zwgk' }, '/x/')).toBe('https://a.gov.cn/zwgk/x/');
  });
});

describe('consultationsFeed', () => {
  const xml = renderRss(consultationsFeed({ site, consultations: [closedLongAgo, upcoming, openNow], now }));
  const rss = parser.parse(xml).rss;

  it('is well-formed RSS 2.0 with a zh-cn channel', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(rss['@_version']).toBe('2.0');
    expect(rss.channel.language).toBe('zh-cn');
    expect(rss.channel.link).toBe('https://gongkai.example.gov.cn/consultations/');
    expect(rss.channel['atom:link']['@_href']).toBe('https://gongkai.example.gov.cn/consultations.xml');
  });

  it('lists newest opening first, with absolute links, guids and opening time as pubDate', () => {
    const items = rss.channel.item;
    expect(items.map((i: { link: string }) => i.link)).toEqual([
      'https://gongkai.example.gov.cn/consultations/later/',
      'https://gongkai.example.gov.cn/consultations/now/',
      'https://gongkai.example.gov.cn/consultations/old/',
    ]);
    expect(items[2].guid['#text']).toBe(items[2].link);
    expect(items[2].pubDate).toBe('Wed, 29 Jul 2020 09:00:00 +0800');
    expect(items[2].title).toBe('关于《A & B <办法>》公开征集意见的公告');
    expect(items[2].category).toEqual(['法治', '营商环境']);
  });

  it('describes department, window and status at build time', () => {
    const [later, open, old] = rss.channel.item.map((i: { description: string }) => i.description);
    expect(old).toContain('承办部门：市司法局');
    expect(old).toContain('征集时间：2020年7月29日 09:00 至 2020年8月28日');
    expect(old).toContain('状态：已反馈');
    expect(open).toContain('征集时间：2026年11月20日 至 2026年12月20日 17:30');
    expect(open).toContain('状态：征集中（截至 2026年11月28日 10:00）');
    expect(later).toContain('状态：未开始');
  });
});

describe('feedbackFeed', () => {
  const report = { id: 'old-fankui', title: '关于对《A & B办法》公开征求意见的反馈', path: '/feedback/old-fankui/', published: '2020-09-20', consultation: closedLongAgo };
  const future = { ...report, id: 'future', path: '/feedback/future/', published: '2026-11-29', consultation: openNow };
  const late = { ...report, id: 'late', path: '/feedback/late/', published: '2020-10-05' };

  it('lists published reports newest first with on-time wording, not those dated after the build day', () => {
    const xml = renderRss(feedbackFeed({ site, reports: [report, future, late], now }));
    expect(XMLValidator.validate(xml)).toBe(true);
    const items = parser.parse(xml).rss.channel.item;
    expect(items.map((i: { link: string }) => i.link)).toEqual(['https://gongkai.example.gov.cn/feedback/late/', 'https://gongkai.example.gov.cn/feedback/old-fankui/']);
    expect(items[1].pubDate).toBe('Sun, 20 Sep 2020 00:00:00 +0800');
    expect(items[1].description).toContain('按期发布（提前 7 天）');
    expect(items[0].description).toContain('逾期 8 天发布');
    expect(items[0].description).toContain('应于 2020年9月27日 前发布');
  });

  it('an empty feed is still a valid channel', () => {
    const xml = renderRss(feedbackFeed({ site, reports: [], now }));
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(parser.parse(xml).rss.channel.item).toBeUndefined();
  });
});

describe('consultationCalendar', () => {
  const text = renderCalendar(consultationCalendar({ site, consultations: [closedLongAgo, openNow], now }));
  const lines = unfoldLines(text);
  const event = (uid: string) => {
    const start = lines.indexOf(`UID:${uid}`);
    expect(start).toBeGreaterThan(0);
    return lines.slice(start, lines.indexOf('END:VEVENT', start));
  };

  it('has a stable UID per consultation and event', () => {
    expect(calendarUid(site, 'old', 'closes')).toBe('consultation-old-closes@gongkai.example.gov.cn');
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(4);
  });

  it('makes a whole closing day an all-day event on that day', () => {
    const e = event(calendarUid(site, 'old', 'closes'));
    expect(e).toContain('DTSTART;VALUE=DATE:20200828');
    expect(e).toContain('DTEND;VALUE=DATE:20200829');
    expect(e).toContain('SUMMARY:意见征集截止：关于《A & B <办法>》公开征集意见的公告');
  });

  it('makes a closing at a time of day a timed event in UTC', () => {
    const e = event(calendarUid(site, 'now', 'closes'));
    expect(e).toContain('DTSTART:20261220T093000Z');
    expect(e.some((l) => l.startsWith('DTEND'))).toBe(false);
  });

  it('puts the feedback due date (closing day + feedbackDays) as an all-day event', () => {
    const old = event(calendarUid(site, 'old', 'feedback-due'));
    expect(old).toContain('DTSTART;VALUE=DATE:20200927');
    expect(old).toContain('SUMMARY:反馈截止：关于《A & B <办法>》公开征集意见的公告');
    expect(old.find((l) => l.startsWith('DESCRIPTION:'))).toContain('反馈已于 2020年9月20日 发布');
    expect(old).toContain('URL;VALUE=URI:https://gongkai.example.gov.cn/feedback/old-fankui/');
    const open = event(calendarUid(site, 'now', 'feedback-due'));
    expect(open).toContain('DTSTART;VALUE=DATE:20270119');
    expect(open.find((l) => l.startsWith('DESCRIPTION:'))).toContain('应于 2027年1月19日 前发布');
  });

  it('stamps every event with the build time', () => {
    expect(lines.filter((l) => l === 'DTSTAMP:20261128T020000Z')).toHaveLength(4);
  });
});
