/** A community's feed entries: newest first, a disclosure update is a new entry, at most 50. */
import { describe, expect, it } from 'vitest';
import { communityFeedEntries, communityJsonFeed, type CommunityFeedInput, type FeedDisclosureItem } from '../../src/lib/community/feed.ts';

const item = (id: string, updated: string): FeedDisclosureItem => ({
  id,
  title: `事项${id}`,
  subject: '社区居委会',
  content: '收支明细',
  frequency: '每季度',
  methods: ['社区公开栏'],
  updated,
  due: '2027-01-01',
  overdue: false,
  body: '本期**内容**。',
});
const input = (over: Partial<CommunityFeedInput> = {}): CommunityFeedInput => ({
  site: { name: '示例网站', url: 'https://example.gov.cn/base/' },
  community: { id: 'fukang', name: '富康社区', street: '东北街街道', district: '肃州区' },
  now: new Date('2026-11-28T02:00:00Z'),
  notices: [{ id: 'n1', path: '/community/notices/n1/', title: '通知', kind: '通知', published: '2026-11-03', body: '正文' }],
  disclosure: [item('a', '2026-10-12'), item('b', '2026-11-15')],
  ...over,
});

describe('community feed entries', () => {
  it('are newest first, with addresses under the site address', () => {
    const entries = communityFeedEntries(input());
    expect(entries.map((e) => [e.date, e.url])).toEqual([
      ['2026-11-15', 'https://example.gov.cn/base/community/fukang/#b'],
      ['2026-11-03', 'https://example.gov.cn/base/community/notices/n1/'],
      ['2026-10-12', 'https://example.gov.cn/base/community/fukang/#a'],
    ]);
    expect(entries[0]!.text).toBe('公开主体：社区居委会\n公开内容：收支明细\n公开时限：每季度更新\n公开方式：社区公开栏\n本期内容。');
  });

  it('an update of a disclosure item is a new entry for readers (its id changes with the day)', () => {
    const before = communityFeedEntries(input()).find((e) => e.url.endsWith('#a'))!;
    const after = communityFeedEntries(input({ disclosure: [item('a', '2026-11-20')] })).find((e) => e.url.endsWith('#a'))!;
    expect(after.url).toBe(before.url);
    expect(after.id).not.toBe(before.id);
  });

  it('keeps the 50 newest', () => {
    const many = Array.from({ length: 60 }, (_, i) => item(`x${i}`, `2026-0${1 + (i % 9)}-1${i % 10}`));
    const entries = communityFeedEntries(input({ notices: [], disclosure: many }));
    expect(entries).toHaveLength(50);
    const kept = new Set(entries.map((e) => e.date));
    const dropped = many.map((m) => m.updated).filter((d) => !kept.has(d));
    for (const d of dropped) expect(d <= entries.at(-1)!.date).toBe(true);
  });

  it('JSON Feed dates are RFC 3339 in Beijing time', () => {
    expect(communityJsonFeed(input()).items.map((i) => i.date_published)).toEqual(['2026-11-15T00:00:00+08:00', '2026-11-03T00:00:00+08:00', '2026-10-12T00:00:00+08:00']);
  });
});
