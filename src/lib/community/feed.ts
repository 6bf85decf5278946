/**
 * A community's feeds, RSS 2.0 and JSON Feed 1.1 (https://jsonfeed.org/version/1.1), built from the same
 * entries as its page so that a 公众号 or mini-program can reuse them (数据同源): its notices and the
 * updates of its disclosure items, newest first. The JSON feed also carries each disclosure item's
 * 主体/内容/时限/方式 and whether it is overdue, under `_community` (JSON Feed's extension key). Pure.
 */
import { absoluteUrl, type FeedSite } from '../feeds.ts';
import { markdownToPlainText } from '../notices.ts';
import type { RssChannel } from '../rss.ts';
import { startOfShanghaiDay, toShanghaiIso, type CalendarDate } from '../time.ts';
import { communityFeedPaths, communityPath, disclosureItemPath, frequencyText, type DisclosureFrequency } from './community.ts';

export interface FeedCommunity {
  id: string;
  name: string;
  street: string;
  district: string;
}

export interface FeedNotice {
  id: string;
  path: string;
  title: string;
  kind: string;
  published: CalendarDate;
  summary?: string | undefined;
  body: string;
}

export interface FeedDisclosureItem {
  id: string;
  title: string;
  subject: string;
  content: string;
  frequency: DisclosureFrequency;
  methods: readonly string[];
  updated: CalendarDate;
  due: CalendarDate;
  overdue: boolean;
  body: string;
}

export interface CommunityFeedInput {
  site: FeedSite;
  community: FeedCommunity;
  now: Date;
  notices: readonly FeedNotice[];
  disclosure: readonly FeedDisclosureItem[];
}

/** One entry of a community feed, before it is written as RSS or JSON. */
export interface CommunityFeedEntry {
  /** Stable and unique per update: a disclosure item's id changes with each update day. */
  id: string;
  url: string;
  title: string;
  date: CalendarDate;
  text: string;
  tags: string[];
  disclosure?: { subject: string; content: string; frequency: DisclosureFrequency; timeLimit: string; methods: string[]; updated: CalendarDate; due: CalendarDate; overdue: boolean } | undefined;
}

const MAX_ENTRIES = 50;
const short = (text: string) => (text.length > 500 ? `${text.slice(0, 500)}……` : text);

/** Notices and disclosure updates, newest first (ties by title), at most 50. */
export function communityFeedEntries(input: CommunityFeedInput): CommunityFeedEntry[] {
  const { site, community } = input;
  const notices = input.notices.map((n): CommunityFeedEntry => ({
    id: absoluteUrl(site, n.path),
    url: absoluteUrl(site, n.path),
    title: n.title,
    date: n.published,
    text: short(n.summary ?? markdownToPlainText(n.body)),
    tags: [n.kind],
  }));
  const updates = input.disclosure.map((d): CommunityFeedEntry => {
    const url = absoluteUrl(site, disclosureItemPath(community.id, d.id));
    const timeLimit = frequencyText(d.frequency);
    const body = markdownToPlainText(d.body);
    return {
      id: `${url}-${d.updated}`,
      url,
      title: `${d.title}（${d.updated}更新）`,
      date: d.updated,
      text: short([`公开主体：${d.subject}`, `公开内容：${d.content}`, `公开时限：${timeLimit}`, `公开方式：${d.methods.join('、')}`, ...(body ? [body] : [])].join('\n')),
      tags: ['公开事项'],
      disclosure: { subject: d.subject, content: d.content, frequency: d.frequency, timeLimit, methods: [...d.methods], updated: d.updated, due: d.due, overdue: d.overdue },
    };
  });
  return [...notices, ...updates].sort((a, b) => b.date.localeCompare(a.date) || a.title.localeCompare(b.title)).slice(0, MAX_ENTRIES);
}

const channelTitle = (input: CommunityFeedInput) => `${input.community.name}公开信息 - ${input.site.name}`;
const channelDescription = (c: FeedCommunity) => `${c.district}${c.street}${c.name}的社区公告和公开事项更新。`;

export function communityRssChannel(input: CommunityFeedInput): RssChannel {
  const paths = communityFeedPaths(input.community.id);
  return {
    title: channelTitle(input),
    link: absoluteUrl(input.site, communityPath(input.community.id)),
    feedUrl: absoluteUrl(input.site, paths.rss),
    description: channelDescription(input.community),
    language: 'zh-cn',
    lastBuildDate: input.now,
    items: communityFeedEntries(input).map((e) => ({
      title: e.title,
      link: e.url,
      guid: e.id,
      pubDate: startOfShanghaiDay(e.date),
      description: e.text,
      categories: e.tags,
    })),
  };
}

export interface JsonFeed {
  version: 'https://jsonfeed.org/version/1.1';
  title: string;
  home_page_url: string;
  feed_url: string;
  description: string;
  language: string;
  items: {
    id: string;
    url: string;
    title: string;
    content_text: string;
    date_published: string;
    tags: string[];
    _community?: CommunityFeedEntry['disclosure'];
  }[];
}

export function communityJsonFeed(input: CommunityFeedInput): JsonFeed {
  const paths = communityFeedPaths(input.community.id);
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title: channelTitle(input),
    home_page_url: absoluteUrl(input.site, communityPath(input.community.id)),
    feed_url: absoluteUrl(input.site, paths.json),
    description: channelDescription(input.community),
    language: 'zh-CN',
    items: communityFeedEntries(input).map((e) => ({
      id: e.id,
      url: e.url,
      title: e.title,
      content_text: e.text,
      date_published: toShanghaiIso(startOfShanghaiDay(e.date)),
      tags: e.tags,
      ...(e.disclosure ? { _community: e.disclosure } : {}),
    })),
  };
}
