/**
 * The feeds, the calendar and the public data file of the sample site. Expected
 * values come from the content files through the src/lib rules, never typed in.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'astro/zod';
import { BUILD_NOW, SITE_DIR, readPage, readSite, siteHas } from '../helpers/site.ts';
import { readDataMap, readEntries } from '../../src/build/content-files.ts';
import { CONTENT_PATHS } from '../../src/build/content-paths.ts';
import { consultationSchema } from '../../src/schemas/consultation.ts';
import { feedbackSchema } from '../../src/schemas/feedback.ts';
import { departmentSchema } from '../../src/schemas/department.ts';
import { loadSiteConfig } from '../../src/config/site.ts';
import { STATUS_LABELS, consultationStatus, feedbackDueDate } from '../../src/lib/consultation-status.ts';
import { windowText } from '../../src/lib/consultation-wording.ts';
import { endOfShanghaiDay, shanghaiDate, toShanghaiIso } from '../../src/lib/time.ts';
import { PUBLISHED_DATA_VERSION } from '../../src/lib/published-data.ts';
import { FEED_LINKS, SITE_FEEDS } from '../../src/lib/feed-links.ts';
import { DISCLOSURE_HOME, LATEST_PATH } from '../../src/lib/catalogue-view.ts';
import { REMEDIATION_PATHS } from '../../src/lib/remediation.ts';

const root = process.env.GONGKAI_CONTENT_ROOT ?? process.cwd();
const now = new Date(BUILD_NOW);
const site = loadSiteConfig(root);
const host = new URL(site.url).hostname;
const departments = new Map(
  [...readDataMap(root, CONTENT_PATHS.departments).entries].map(([id, value]) => [id, departmentSchema.parse(value)]),
);
const allConsultations = readEntries(root, CONTENT_PATHS.consultations).map((f) => ({ id: f.id, body: f.body, data: consultationSchema.parse(f.data) }));
const consultations = allConsultations.filter((c) => !c.data.draft);
const drafts = allConsultations.filter((c) => c.data.draft);
const publishedIds = new Set(consultations.map((c) => c.id));
const reports = readEntries(root, CONTENT_PATHS.feedback)
  .map((f) => ({ id: f.id, data: feedbackSchema.parse(f.data) }))
  .filter((f) => !f.data.draft && publishedIds.has(f.data.consultation));
const feedbackOf = new Map(reports.map((r) => [r.data.consultation, r]));

const absolute = (path: string) => new URL(path, site.url.endsWith('/') ? site.url : `${site.url}/`).href;
const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'item' || name === 'category' });

interface RssItem {
  title: string;
  link: string;
  guid: { '#text': string; '@_isPermaLink': string };
  pubDate: string;
  description: string;
}

function readRss(path: string) {
  const xml = readSite(path);
  const rss = parser.parse(xml).rss;
  const items: RssItem[] = rss?.channel?.item ?? [];
  return { xml, rss, items };
}

/** Well-formed RSS 2.0 with the channel and item elements readers require. */
function checkRss(path: string) {
  expect(siteHas(path), path).toBe(true);
  const { xml, rss, items } = readRss(path);
  expect(XMLValidator.validate(xml), path).toBe(true);
  expect(rss['@_version']).toBe('2.0');
  const channel = rss.channel;
  for (const field of ['title', 'link', 'description', 'language', 'lastBuildDate']) expect(channel[field], field).toBeTruthy();
  expect(channel.language).toBe('zh-cn');
  expect(new Date(channel.lastBuildDate).getTime()).toBe(now.getTime());
  expect(channel['atom:link']['@_href']).toBe(absolute(path));
  for (const item of items) {
    for (const field of ['title', 'link', 'guid', 'pubDate', 'description'] as const) expect(item[field], `${item.link} ${field}`).toBeTruthy();
    expect(item.link.startsWith(`${site.url.replace(/\/$/, '')}/`)).toBe(true);
    expect(item.guid['#text']).toBe(item.link);
    expect(Number.isNaN(new Date(item.pubDate).getTime())).toBe(false);
  }
}

describe('the sample content', () => {
  it('has consultations to check, and the build excluded drafts', () => {
    expect(consultations.length).toBeGreaterThan(0);
  });
});

describe('/consultations.xml', () => {
  const { items } = readRss('/consultations.xml');

  it('is RSS 2.0 with the required elements', () => checkRss('/consultations.xml'));

  it('lists every published consultation once and no draft', () => {
    expect(items.map((i) => i.link).sort()).toEqual(consultations.map((c) => absolute(`/consultations/${c.id}/`)).sort());
    for (const d of drafts) expect(items.some((i) => i.link.includes(`/consultations/${d.id}/`))).toBe(false);
  });

  it('lists newest opening first, with the opening time as pubDate', () => {
    const times = items.map((i) => new Date(i.pubDate).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    for (const c of consultations) {
      const item = items.find((i) => i.link === absolute(`/consultations/${c.id}/`))!;
      expect(item.title).toBe(c.data.title);
      expect(new Date(item.pubDate).getTime()).toBe(c.data.opens.getTime());
    }
  });

  it('describes department, window and status at build time', () => {
    for (const c of consultations) {
      const item = items.find((i) => i.link === absolute(`/consultations/${c.id}/`))!;
      const feedback = feedbackOf.get(c.id);
      const status = consultationStatus({ opens: c.data.opens, closes: c.data.closes, feedbackPublished: feedback?.data.published, feedbackDays: site.feedbackDays }, now);
      expect(item.description).toContain(`承办部门：${departments.get(c.data.department)!.name}`);
      expect(item.description).toContain(windowText(c.data));
      expect(item.description).toContain(`状态：${STATUS_LABELS[status]}`);
    }
  });
});

describe('/feedback.xml', () => {
  const { items } = readRss('/feedback.xml');

  it('is RSS 2.0 with the required elements', () => checkRss('/feedback.xml'));

  it('lists every published feedback report of a published consultation', () => {
    const expected = reports.filter((r) => r.data.published <= shanghaiDate(now)).map((r) => absolute(`/feedback/${r.id}/`));
    expect(items.map((i) => i.link).sort()).toEqual(expected.sort());
    for (const item of items) {
      const report = reports.find((r) => absolute(`/feedback/${r.id}/`) === item.link)!;
      expect(shanghaiDate(new Date(item.pubDate))).toBe(report.data.published);
    }
  });
});

/** Unfolded content lines of an iCalendar file. */
function icsLines(text: string): string[] {
  return text.replace(/\r\n[ \t]/g, '').split('\r\n').filter(Boolean);
}

/** Events by UID: property name (with parameters) → raw value. */
function icsEvents(lines: readonly string[]): Map<string, Map<string, string>> {
  const events = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') current = new Map();
    else if (line === 'END:VEVENT') {
      const uid = current!.get('UID')!;
      if (events.has(uid)) throw new Error(`Duplicate UID ${uid}`);
      events.set(uid, current!);
      current = undefined;
    } else if (current) {
      const colon = line.indexOf(':');
      current.set(line.slice(0, colon), line.slice(colon + 1));
    }
  }
  return events;
}

const unescape = (v: string) => v.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
const icsDate = (date: string) => date.replaceAll('-', '');
const nextDay = (date: string) => shanghaiDate(new Date(endOfShanghaiDay(date).getTime() + 1));

describe('/consultations.ics', () => {
  const text = readSite('/consultations.ics');
  const lines = icsLines(text);
  const events = icsEvents(lines);

  it('is an iCalendar object with CRLF line ends and lines of at most 75 octets', () => {
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const physical of text.split('\r\n')) expect(Buffer.byteLength(physical, 'utf8')).toBeLessThanOrEqual(75);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines.at(-1)).toBe('END:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines.some((l) => l.startsWith('PRODID:'))).toBe(true);
  });

  it('has exactly two events per published consultation, each with DTSTAMP', () => {
    expect(events.size).toBe(consultations.length * 2);
    for (const e of events.values()) expect(e.get('DTSTAMP')).toMatch(/^\d{8}T\d{6}Z$/);
  });

  it('puts the closing on the right day or time', () => {
    for (const c of consultations) {
      const e = events.get(`consultation-${c.id}-closes@${host}`);
      expect(e, c.id).toBeDefined();
      expect(unescape(e!.get('SUMMARY')!)).toBe(`意见征集截止：${c.data.title}`);
      const closes = c.data.closes;
      if (closes.getTime() === endOfShanghaiDay(shanghaiDate(closes)).getTime()) {
        expect(e!.get('DTSTART;VALUE=DATE')).toBe(icsDate(shanghaiDate(closes)));
        expect(e!.get('DTEND;VALUE=DATE')).toBe(icsDate(nextDay(shanghaiDate(closes))));
      } else {
        expect(e!.get('DTSTART')).toBe(closes.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z'));
      }
    }
  });

  it('puts the feedback due date (closing day + feedbackDays) as an all-day event', () => {
    for (const c of consultations) {
      const e = events.get(`consultation-${c.id}-feedback-due@${host}`);
      expect(e, c.id).toBeDefined();
      expect(unescape(e!.get('SUMMARY')!)).toBe(`反馈截止：${c.data.title}`);
      const due = feedbackDueDate(c.data.closes, site.feedbackDays);
      expect(e!.get('DTSTART;VALUE=DATE')).toBe(icsDate(due));
      expect(e!.get('DTEND;VALUE=DATE')).toBe(icsDate(nextDay(due)));
    }
  });

  it('has no event of a draft', () => {
    for (const d of drafts) expect([...events.keys()].some((uid) => uid.includes(`-${d.id}-`))).toBe(false);
  });
});

const isoShanghai = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?\+08:00$/);
const calendarDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const publishedDataShape = z
  .object({
    version: z.literal(PUBLISHED_DATA_VERSION),
    generated: isoShanghai,
    site: z
      .object({
        name: z.string().min(1),
        url: z.url(),
        feedbackDays: z.number().int().positive(),
        disclosureOffice: z.object({ name: z.string().min(1), email: z.email() }).strict(),
        retention: z
          .object({
            commentContactDays: z.number().int().nonnegative(),
            reportContactDays: z.number().int().nonnegative(),
            unconfirmedSubscriptionDays: z.number().int().positive(),
            sentMailDays: z.number().int().positive(),
            rateLimitDays: z.number().int().positive(),
          })
          .strict(),
      })
      .strict(),
    consultations: z.array(
      z
        .object({
          id: z.string().min(1),
          title: z.string().min(1),
          path: z.string().regex(/^\/consultations\/[a-z0-9-]+\/$/),
          department: z.object({ id: z.string(), name: z.string().min(1), email: z.email() }).strict(),
          policyAreas: z.array(z.object({ id: z.string(), name: z.string().min(1) }).strict()).min(1),
          stage: z.string().min(1),
          kind: z.string().min(1),
          opens: isoShanghai,
          closes: isoShanghai,
          feedbackDays: z.number().int().positive(),
          feedbackDue: calendarDay,
          feedbackPublished: calendarDay.nullable(),
          feedbackPath: z.string().regex(/^\/feedback\/[a-z0-9-]+\/$/).nullable(),
          channels: z
            .object({
              online: z.boolean(),
              email: z.email().optional(),
              post: z.object({ address: z.string(), postcode: z.string().optional(), recipient: z.string().optional(), note: z.string().optional() }).strict().optional(),
              fax: z.string().optional(),
              phone: z.string().optional(),
            })
            .strict(),
          articleComments: z.boolean(),
          articles: z.array(z.object({}).loose()),
        })
        .strict(),
    ),
    departments: z.array(z.object({ id: z.string().min(1), name: z.string().min(1), path: z.string().regex(/^\/departments\/[a-z0-9-]+\/$/) }).strict()),
    policyAreas: z.array(z.object({ id: z.string().min(1), name: z.string().min(1), path: z.string().regex(/^\/policy-areas\/[a-z0-9-]+\/$/) }).strict()),
  })
  .strict();

describe('/data/consultations.json', () => {
  const text = readSite('/data/consultations.json');
  const parsed = publishedDataShape.safeParse(JSON.parse(text));
  const data = parsed.data!;

  it('has the PublishedData shape', () => {
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('is generated at build time from the site configuration', () => {
    expect(new Date(data.generated).getTime()).toBe(now.getTime());
    expect(data.site).toEqual({ name: site.name, url: site.url, feedbackDays: site.feedbackDays, disclosureOffice: site.disclosureOffice, retention: site.retention });
  });

  it('holds every published consultation, newest opening first, and no draft', () => {
    expect(data.consultations.map((c) => c.id).sort()).toEqual([...publishedIds].sort());
    const opens = data.consultations.map((c) => new Date(c.opens).getTime());
    expect(opens).toEqual([...opens].sort((a, b) => b - a));
    for (const c of consultations) {
      const published = data.consultations.find((p) => p.id === c.id)!;
      expect(published.opens).toBe(toShanghaiIso(c.data.opens));
      expect(published.feedbackDue).toBe(feedbackDueDate(c.data.closes, site.feedbackDays));
      expect(published.department.email).toBe(departments.get(c.data.department)!.email);
      expect(published.feedbackPath).toBe(feedbackOf.has(c.id) ? `/feedback/${feedbackOf.get(c.id)!.id}/` : null);
    }
  });

  it('lists every department, with or without consultations (what e-mail alerts can follow)', () => {
    expect(data.departments.map((d) => `${d.id} ${d.name}`).sort()).toEqual([...departments].map(([id, d]) => `${id} ${d.name}`).sort());
    for (const c of data.consultations) for (const a of c.policyAreas) expect(data.policyAreas.map((p) => p.id)).toContain(a.id);
  });

  it('contains no email address other than departments’ and the disclosure office’s', () => {
    const allowed = new Set([...[...departments.values()].map((d) => d.email.toLowerCase()), site.disclosureOffice.email.toLowerCase()]);
    const found = text.match(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g) ?? [];
    expect(found.length).toBeGreaterThan(0);
    expect(found.filter((e) => !allowed.has(e.toLowerCase()))).toEqual([]);
  });
});

describe('feeds announced in <head>', () => {
  /** The feeds a built page announces, in order (Atom ones marked as FEED_LINKS marks them). */
  const announced = (path: string) =>
    readPage(path)
      .querySelectorAll('head link[rel="alternate"]')
      .filter((l) => /^application\/(rss|atom)\+xml$/.test(l.getAttribute('type') ?? ''))
      .map((l) => ({
        title: l.getAttribute('title') ?? '',
        href: l.getAttribute('href') ?? '',
        ...(l.getAttribute('type') === 'application/atom+xml' ? { format: 'atom' as const } : {}),
      }));
  /** A list page and the pages after it (rel="next"). */
  const withNextPages = (first: string) => {
    const paths = [first];
    for (let next = readPage(first).querySelector('main a[rel="next"]')?.getAttribute('href'); next; next = readPage(next).querySelector('main a[rel="next"]')?.getAttribute('href')) {
      paths.push(next);
    }
    return paths;
  };
  /** Every built HTML page, as a site path. */
  const htmlPages = readdirSync(SITE_DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.html'))
    .map((f) => `/${f.replace(/\\/g, '/').replace(/(^|\/)index\.html$/, '$1')}`);
  /** Every RSS file of the build: the feeds there are to announce. */
  const rssFiles = readdirSync(SITE_DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.xml'))
    .map((f) => `/${f.replace(/\\/g, '/')}`)
    .filter((path) => parser.parse(readSite(path)).rss !== undefined)
    .sort();
  /** Every Atom file of the build (the warnings feed). */
  const atomFiles = readdirSync(SITE_DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.xml'))
    .map((f) => `/${f.replace(/\\/g, '/')}`)
    .filter((path) => parser.parse(readSite(path)).feed !== undefined)
    .sort();

  // Each section's page, the feed of that section, and the page the feed's channel names as its own.
  const sections = [
    { name: '意见征集', feed: FEED_LINKS.consultations, lists: ['/consultations/'] },
    { name: '征集反馈', feed: FEED_LINKS.feedback, lists: ['/feedback/'] },
    { name: '政府信息公开', feed: FEED_LINKS.catalogue, lists: [DISCLOSURE_HOME, LATEST_PATH] },
    { name: '通知公告', feed: FEED_LINKS.notices, lists: ['/notices/'] },
    { name: '治理进展', feed: FEED_LINKS.remediation, lists: [REMEDIATION_PATHS.overview, REMEDIATION_PATHS.progress] },
  ];

  /** Each community's own feed: announced on that community's pages (tests/build/community.test.ts), not site-wide. */
  const isCommunityFeed = (path: string) => /^\/community\/[^/]+\/feed\.xml$/.test(path);

  it('the sample site publishes the section feeds, and one feed per community', () => {
    expect(rssFiles.filter((f) => !isCommunityFeed(f))).toEqual(sections.map((s) => s.feed.href).sort());
    expect(rssFiles.filter(isCommunityFeed).length).toBeGreaterThanOrEqual(3);
  });

  it.each(sections)('$name: its pages announce the section feed first, then the site-wide feeds', ({ feed, lists }) => {
    const rss = parser.parse(readSite(feed.href)).rss;
    // The feed belongs to this section: its channel names one of the section's pages.
    expect(lists).toContain(new URL(rss.channel.link).pathname);
    for (const path of lists.flatMap(withNextPages)) {
      const feeds = announced(path);
      expect(feeds[0], path).toEqual(feed);
      expect(feeds.map((f) => f.href), path).toEqual(expect.arrayContaining(SITE_FEEDS.map((f) => f.href)));
      expect(new Set(feeds.map((f) => f.href)).size, `${path}: a feed announced twice`).toBe(feeds.length);
    }
  });

  it('the home page announces every section feed of the site', () => {
    expect(atomFiles).toEqual([FEED_LINKS.warnings.href]);
    expect(announced('/').map((f) => f.href).sort()).toEqual([...rssFiles.filter((f) => !isCommunityFeed(f)), ...atomFiles].sort());
  });

  it('the notices pages also announce the warnings feed, as Atom', () => {
    for (const path of withNextPages('/notices/')) expect(announced(path)[1], path).toEqual(FEED_LINKS.warnings);
  });

  it('pages outside the section lists announce only the site-wide feeds (the head is not kept between pages)', () => {
    const noticeDetail = readPage('/notices/').querySelector('main .card-list a')!.getAttribute('href')!;
    const catalogueItem = readPage(LATEST_PATH).querySelector('main .card-list a')!.getAttribute('href')!;
    const progressPost = readPage(REMEDIATION_PATHS.progress).querySelector('main .card-list .card__title a')!.getAttribute('href')!;
    for (const path of ['/accessibility/', '/scoreboard/', noticeDetail, catalogueItem, progressPost, REMEDIATION_PATHS.surveys]) {
      expect(announced(path), path).toEqual(SITE_FEEDS);
    }
  });

  it('every page announces feeds that exist in the build, with a title', () => {
    expect(htmlPages.length).toBeGreaterThan(100);
    const missing: string[] = [];
    for (const path of htmlPages) {
      const feeds = announced(path);
      for (const f of SITE_FEEDS) if (!feeds.some((a) => a.href === f.href)) missing.push(`${path}: no ${f.href}`);
      for (const f of feeds) {
        if (!f.title.trim()) missing.push(`${path}: ${f.href} without a title`);
        if (!(f.format === 'atom' ? atomFiles : rssFiles).includes(f.href)) missing.push(`${path}: ${f.href} is not ${f.format === 'atom' ? 'an Atom' : 'an RSS'} file of the build`);
      }
    }
    expect(missing).toEqual([]);
  });
});
