/**
 * The feeds a page announces in its <head> (<link rel="alternate" type="application/rss+xml"> or, for the
 * warnings feed, Atom) so that browsers and feed readers find them. Every page announces the site-wide
 * feeds; a section's pages put their own feed first (readers that subscribe to "the" feed of a page take
 * the first). Pure.
 */
import { FEED_PATHS } from './feeds.ts';
import { CATALOGUE_FEED_PATH } from './catalogue-view.ts';
import { NOTICES_RSS_PATH } from './notice-feed.ts';
import { REMEDIATION_PATHS } from './remediation.ts';
import { CAP_FEED_PATH } from './cap.ts';

export interface FeedLink {
  /** What a reader lists the feed as. */
  title: string;
  /** Site path of the feed, starting with a slash. */
  href: string;
  /** Atom for the warnings feed (its entries carry CAP alerts), JSON Feed for feeds apps read; RSS when absent. */
  format?: 'atom' | 'json';
}

/** The media type a feed is announced with. */
export function feedType(feed: FeedLink): string {
  if (feed.format === 'json') return 'application/feed+json';
  return feed.format === 'atom' ? 'application/atom+xml' : 'application/rss+xml';
}

/** Every feed the site publishes, by section. */
export const FEED_LINKS = {
  consultations: { title: '意见征集（RSS）', href: FEED_PATHS.consultations },
  feedback: { title: '征集反馈（RSS）', href: FEED_PATHS.feedback },
  catalogue: { title: '主动公开目录更新（RSS）', href: CATALOGUE_FEED_PATH },
  notices: { title: '通知公告（RSS）', href: NOTICES_RSS_PATH },
  remediation: { title: '治理进展信息（RSS）', href: REMEDIATION_PATHS.feed },
  warnings: { title: '生效中的预警（Atom）', href: CAP_FEED_PATH, format: 'atom' },
} as const satisfies Record<string, FeedLink>;

/** Announced on every page. */
export const SITE_FEEDS: readonly FeedLink[] = [FEED_LINKS.consultations, FEED_LINKS.feedback];

/**
 * The feeds a page's head lists: the page's own first, in its order, then the site-wide ones; each
 * address once (the first title given for it wins). A feed without a title or not at a site path
 * stops the build rather than announcing a broken link.
 */
export function announcedFeeds(own: readonly FeedLink[] = []): readonly FeedLink[] {
  if (own.length === 0) return SITE_FEEDS;
  const seen = new Set<string>();
  const feeds: FeedLink[] = [];
  for (const feed of [...own, ...SITE_FEEDS]) {
    if (feed.title.trim() === '') throw new Error(`Feed ${feed.href} has no title`);
    if (!/^\/(?!\/)\S*$/.test(feed.href)) throw new Error(`Feed "${feed.title}": not a site path: "${feed.href}"`);
    if (seen.has(feed.href)) continue;
    seen.add(feed.href);
    feeds.push(feed);
  }
  return feeds;
}
