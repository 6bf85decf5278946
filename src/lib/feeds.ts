/**
 * What the feeds say: the RSS feeds of consultations and of feedback reports,
 * and the calendar of closing and feedback due dates. Pure: content comes in as
 * plain values, `now` is the build time; src/pages/*.xml.ts and *.ics.ts only
 * map content into these inputs and serve the result.
 */
import { STATUS_LABELS, consultationStatus, feedbackDueDate, feedbackTiming, type ConsultationClock } from './consultation-status.ts';
import { onTimeStatement, windowText } from './consultation-wording.ts';
import { endOfShanghaiDay, formatChineseDate, formatChineseDateTime, shanghaiDate, startOfShanghaiDay, type CalendarDate } from './time.ts';
import { escapeXml, type RssChannel, type RssItem } from './rss.ts';
import type { Calendar, CalendarEvent } from './ics.ts';

export const FEED_PATHS = {
  consultations: '/consultations.xml',
  feedback: '/feedback.xml',
  calendar: '/consultations.ics',
} as const;

export interface FeedSite {
  name: string;
  /** Public address of the site (site.yaml `url`). */
  url: string;
}

export interface FeedConsultation {
  id: string;
  title: string;
  /** Site path, e.g. /consultations/<id>/ */
  path: string;
  departmentName: string;
  policyAreaNames: readonly string[];
  clock: ConsultationClock;
  /** Site path of the feedback report, when one exists. */
  feedbackPath?: string | undefined;
}

export interface FeedFeedbackReport {
  id: string;
  title: string;
  /** Site path, e.g. /feedback/<id>/ */
  path: string;
  /** Publication day of the report. */
  published: CalendarDate;
  consultation: FeedConsultation;
}

/** Absolute URL of a site path (`site.url` may or may not end with a slash or hold a base path). */
export function absoluteUrl(site: FeedSite, path: string): string {
  const base = site.url.endsWith('/') ? site.url : `${site.url}/`;
  return new URL(path.replace(/^\//, ''), base).href;
}

function paragraphs(lines: readonly string[]): string {
  return lines.map((l) => `<p>${escapeXml(l)}</p>`).join('');
}

/** Newest opening first; ties by id so the order is stable. */
function byOpeningDesc(a: FeedConsultation, b: FeedConsultation): number {
  return b.clock.opens.getTime() - a.clock.opens.getTime() || a.id.localeCompare(b.id);
}

export function consultationsFeed(input: { site: FeedSite; consultations: readonly FeedConsultation[]; now: Date }): RssChannel {
  const { site, now } = input;
  const items = [...input.consultations].sort(byOpeningDesc).map((c): RssItem => {
    const status = consultationStatus(c.clock, now);
    return {
      title: c.title,
      link: absoluteUrl(site, c.path),
      pubDate: c.clock.opens,
      description: paragraphs([
        `承办部门：${c.departmentName}`,
        windowText(c.clock),
        `状态：${STATUS_LABELS[status]}（截至 ${formatChineseDateTime(now)}）`,
      ]),
      categories: c.policyAreaNames,
    };
  });
  return {
    title: `${site.name} - 意见征集`,
    link: absoluteUrl(site, '/consultations/'),
    feedUrl: absoluteUrl(site, FEED_PATHS.consultations),
    description: `${site.name}公开征集意见的政策文件`,
    language: 'zh-cn',
    lastBuildDate: now,
    items,
  };
}

/**
 * Feedback reports dated on or before the build day (a report dated later is
 * not yet published, the same rule as the consultation status), newest first.
 */
export function feedbackFeed(input: { site: FeedSite; reports: readonly FeedFeedbackReport[]; now: Date }): RssChannel {
  const { site, now } = input;
  const today = shanghaiDate(now);
  const items = input.reports
    .filter((r) => r.published <= today)
    .sort((a, b) => b.published.localeCompare(a.published) || a.id.localeCompare(b.id))
    .map((r): RssItem => {
      const c = r.consultation;
      const timing = feedbackTiming({ ...c.clock, feedbackPublished: r.published }, now);
      return {
        title: r.title,
        link: absoluteUrl(site, r.path),
        pubDate: startOfShanghaiDay(r.published),
        description: paragraphs([
          `承办部门：${c.departmentName}`,
          `征集文件：${c.title}`,
          windowText(c.clock),
          onTimeStatement(timing),
        ]),
        categories: c.policyAreaNames,
      };
    });
  return {
    title: `${site.name} - 征集反馈`,
    link: absoluteUrl(site, '/feedback/'),
    feedUrl: absoluteUrl(site, FEED_PATHS.feedback),
    description: `${site.name}公开征集意见的采纳情况反馈`,
    language: 'zh-cn',
    lastBuildDate: now,
    items,
  };
}

/** A closing given as a bare date is stored as the last millisecond of that day. */
function closesAtEndOfDay(closes: Date): boolean {
  return closes.getTime() === endOfShanghaiDay(shanghaiDate(closes)).getTime();
}

export function calendarUid(site: FeedSite, consultationId: string, event: 'closes' | 'feedback-due'): string {
  return `consultation-${consultationId}-${event}@${new URL(site.url).hostname}`;
}

/**
 * Two events per consultation: the closing (all-day when it closes at the end
 * of a day, otherwise at its closing time) and the feedback due date (all-day).
 */
export function consultationCalendar(input: { site: FeedSite; consultations: readonly FeedConsultation[]; now: Date }): Calendar {
  const { site, now } = input;
  const events = [...input.consultations].sort(byOpeningDesc).flatMap((c): CalendarEvent[] => {
    const url = absoluteUrl(site, c.path);
    const due = feedbackDueDate(c.clock.closes, c.clock.feedbackDays);
    const feedbackUrl = c.feedbackPath ? absoluteUrl(site, c.feedbackPath) : undefined;
    const published = c.clock.feedbackPublished;
    const feedbackLine =
      published !== undefined && published <= shanghaiDate(now) && feedbackUrl
        ? `反馈已于 ${formatChineseDate(published)} 发布：${feedbackUrl}`
        : `承办部门应于 ${formatChineseDate(due)} 前发布意见征集情况说明。`;
    return [
      {
        uid: calendarUid(site, c.id, 'closes'),
        summary: `意见征集截止：${c.title}`,
        time: closesAtEndOfDay(c.clock.closes) ? { allDay: shanghaiDate(c.clock.closes) } : { at: c.clock.closes },
        description: [`承办部门：${c.departmentName}`, windowText(c.clock), `详情：${url}`].join('\n'),
        url,
        transparent: true,
      },
      {
        uid: calendarUid(site, c.id, 'feedback-due'),
        summary: `反馈截止：${c.title}`,
        time: { allDay: due },
        description: [`承办部门：${c.departmentName}`, feedbackLine, `征集详情：${url}`].join('\n'),
        url: feedbackUrl ?? url,
        transparent: true,
      },
    ];
  });
  return {
    productId: `-//${new URL(site.url).hostname}//Gongkai consultations//ZH`,
    name: `${site.name} - 意见征集日程`,
    stamp: now,
    events,
  };
}
