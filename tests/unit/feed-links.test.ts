import { describe, expect, it } from 'vitest';
import { FEED_LINKS, SITE_FEEDS, announcedFeeds, feedType, type FeedLink } from '../../src/lib/feed-links.ts';
import { CAP_FEED_PATH } from '../../src/lib/cap.ts';
import { FEED_PATHS } from '../../src/lib/feeds.ts';
import { CATALOGUE_FEED_PATH } from '../../src/lib/catalogue-view.ts';
import { NOTICES_RSS_PATH } from '../../src/lib/notice-feed.ts';
import { REMEDIATION_PATHS } from '../../src/lib/remediation.ts';

const hrefs = (feeds: readonly { href: string }[]) => feeds.map((f) => f.href);

describe('FEED_LINKS', () => {
  it('points at the addresses the feed routes are served from', () => {
    expect(FEED_LINKS.consultations.href).toBe(FEED_PATHS.consultations);
    expect(FEED_LINKS.feedback.href).toBe(FEED_PATHS.feedback);
    expect(FEED_LINKS.catalogue.href).toBe(CATALOGUE_FEED_PATH);
    expect(FEED_LINKS.notices.href).toBe(NOTICES_RSS_PATH);
    expect(FEED_LINKS.remediation.href).toBe(REMEDIATION_PATHS.feed);
    expect(FEED_LINKS.warnings.href).toBe(CAP_FEED_PATH);
  });

  it('gives each feed its own Chinese title, marked with its format, and announces it with that media type', () => {
    const feeds: FeedLink[] = Object.values(FEED_LINKS);
    expect(new Set(feeds.map((f) => f.title)).size).toBe(feeds.length);
    for (const f of feeds) expect(f.title).toMatch(f.format === 'atom' ? /^[\u4e00-\u9fff]+（Atom）$/ : /^[\u4e00-\u9fff]+（RSS）$/);
    expect(feedType(FEED_LINKS.warnings)).toBe('application/atom+xml');
    expect(feedType(FEED_LINKS.notices)).toBe('application/rss+xml');
    expect(feedType({ title: '富康社区公开信息（JSON Feed）', href: '/community/fukang/feed.json', format: 'json' })).toBe('application/feed+json');
  });
});

describe('announcedFeeds', () => {
  it('announces the site-wide feeds on a page without its own', () => {
    expect(announcedFeeds()).toEqual(SITE_FEEDS);
    expect(announcedFeeds([])).toEqual(SITE_FEEDS);
    expect(hrefs(SITE_FEEDS)).toEqual([FEED_PATHS.consultations, FEED_PATHS.feedback]);
  });

  it('puts the page’s own feeds first, in the order given, then the site-wide ones', () => {
    expect(hrefs(announcedFeeds([FEED_LINKS.notices]))).toEqual([NOTICES_RSS_PATH, FEED_PATHS.consultations, FEED_PATHS.feedback]);
    expect(hrefs(announcedFeeds([FEED_LINKS.remediation, FEED_LINKS.catalogue]))).toEqual([
      REMEDIATION_PATHS.feed,
      CATALOGUE_FEED_PATH,
      FEED_PATHS.consultations,
      FEED_PATHS.feedback,
    ]);
  });

  it('lists each address once: a site-wide feed given by the page moves to the front', () => {
    expect(hrefs(announcedFeeds([FEED_LINKS.feedback]))).toEqual([FEED_PATHS.feedback, FEED_PATHS.consultations]);
    expect(hrefs(announcedFeeds([FEED_LINKS.notices, FEED_LINKS.notices]))).toEqual([NOTICES_RSS_PATH, FEED_PATHS.consultations, FEED_PATHS.feedback]);
    // The first title given for an address wins.
    expect(announcedFeeds([{ title: '意见征集更新（RSS）', href: FEED_PATHS.consultations }])[0]).toEqual({ title: '意见征集更新（RSS）', href: FEED_PATHS.consultations });
    expect(announcedFeeds([{ title: '意见征集更新（RSS）', href: FEED_PATHS.consultations }])).toHaveLength(2);
  });

  it('stops the build on a feed without a title or not at a site path', () => {
    expect(() => announcedFeeds([{ title: ' ', href: '/x.xml' }])).toThrow(/no title/);
    for (const href of ['', 'notices/rss.xml', 'https://example.gov.cn/rss.xml', '//example.gov.cn/rss.xml', '/a b.xml', 'javascript:alert(1)']) {
      expect(() => announcedFeeds([{ title: '测试（RSS）', href }]), href).toThrow(/not a site path/);
    }
  });

  it('does not change the list it is given', () => {
    const own = [FEED_LINKS.catalogue];
    announcedFeeds(own);
    expect(own).toEqual([FEED_LINKS.catalogue]);
  });
});
