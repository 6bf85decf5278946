/** Notice categories, event statistics, plain text for feeds, filter pages, and the RSS channel. */
import { describe, expect, it } from 'vitest';
import { categoryOf, markdownToPlainText, noticeStatistics, noticeYear, type NoticeFacts } from '../../src/lib/notices.ts';
import { allFilters, filterLabel, matchesFilter, noticeFilterPath } from '../../src/lib/notice-filters.ts';
import { noticesRssChannel } from '../../src/lib/notice-feed.ts';
import { renderRss } from '../../src/lib/rss.ts';
import { shanghaiWallClock } from '../../src/lib/time.ts';

describe('categoryOf', () => {
  it('uses the editor’s category, else the kind’s default, else none', () => {
    expect(categoryOf({ kind: '通知公告', category: '卫生信息' })).toBe('卫生信息');
    expect(categoryOf({ kind: '预警' })).toBe('预警信息');
    expect(categoryOf({ kind: '回应关切' })).toBe('舆情信息');
    expect(categoryOf({ kind: '通知公告' })).toBeUndefined();
  });
});

describe('noticeStatistics', () => {
  const notices: NoticeFacts[] = [
    { kind: '预警', level: '红色', channels: ['政府网站', '短信'] },
    { kind: '预警', level: '红色', updates: 'a', channels: ['政府网站', '短信', '短信'] },
    { kind: '预警', level: '红色', cancels: 'b', channels: ['政府网站'] },
    { kind: '预警', level: '蓝色' },
    { kind: '通知公告', category: '服务信息', channels: ['QQ群'] },
    { kind: '回应关切' },
    { kind: '回应关切', category: '服务信息' },
    { kind: '其他' },
  ];
  const stats = noticeStatistics(notices);

  it('counts warnings by level without the cancellation, and each action', () => {
    expect(stats.warningsByLevel).toEqual({ 红色: 2, 橙色: 0, 黄色: 0, 蓝色: 1 });
    expect(stats.warningActions).toEqual({ alert: 2, update: 1, cancel: 1 });
  });

  it('counts kinds, categories (with defaults) and concerns answered', () => {
    expect(stats.total).toBe(8);
    expect(stats.byKind).toEqual({ 预警: 4, 通知公告: 1, 新闻发布会: 0, 回应关切: 2, 应急预案: 0, 其他: 1 });
    expect(stats.byCategory).toEqual({ 预警信息: 4, 服务信息: 2, 卫生信息: 0, 重建信息: 0, 舆情信息: 1 });
    expect(stats.uncategorized).toBe(1);
    expect(stats.concernsAnswered).toBe(2);
  });

  it('counts each notice once per channel, most used first', () => {
    expect(stats.channels).toEqual([
      { channel: '政府网站', count: 3 },
      { channel: '短信', count: 2 },
      { channel: 'QQ群', count: 1 },
    ]);
  });

  it('is all zeros for an event with nothing published yet', () => {
    const empty = noticeStatistics([]);
    expect(empty.total).toBe(0);
    expect(Object.values(empty.byCategory).every((n) => n === 0)).toBe(true);
    expect(empty.channels).toEqual([]);
  });
});

describe('markdownToPlainText', () => {
  it('removes markup and keeps the words, one paragraph a line', () => {
    const md = [
      "import Chart from '../x.astro';",
      '## 主要内容',
      '',
      '1. **组织指挥**：详见[预案全文](/files/a.pdf)。',
      '- 第二条 _注意_ `安全`',
      '> 引用的话',
      '<Chart data={1} />',
      '| 渠道 | 条数 |',
      '| --- | ---: |',
      '| 短信 | 3 |',
      '![图](/img.png)',
    ].join('\n');
    expect(markdownToPlainText(md)).toBe(['主要内容', '组织指挥：详见预案全文。', '第二条 注意 安全', '引用的话', '渠道 条数', '短信 3', '图'].join('\n'));
  });

  it('leaves plain Chinese text alone, including full-width punctuation and 4～5级', () => {
    const text = '预计气温将下降8～10℃，并伴有4～5级偏北风。';
    expect(markdownToPlainText(text)).toBe(text);
  });
});

describe('filter pages', () => {
  const n = { kind: '预警' as const, category: '预警信息' as const, level: '橙色' as const, year: 2020 };

  it('select by kind, level, category and year', () => {
    expect(matchesFilter(n, { by: 'kind', value: 'warning' })).toBe(true);
    expect(matchesFilter(n, { by: 'kind', value: 'announcement' })).toBe(false);
    expect(matchesFilter(n, { by: 'level', value: 'orange' })).toBe(true);
    expect(matchesFilter(n, { by: 'level', value: 'red' })).toBe(false);
    expect(matchesFilter({ ...n, level: undefined }, { by: 'level', value: 'orange' })).toBe(false);
    expect(matchesFilter(n, { by: 'category', value: 'warning' })).toBe(true);
    expect(matchesFilter(n, { by: 'year', value: '2020' })).toBe(true);
    expect(matchesFilter(n, { by: 'year', value: '2026' })).toBe(false);
  });

  it('cover every kind, level and category, and each year once, newest first', () => {
    const filters = allFilters([2020, 2026, 2020]);
    expect(filters.filter((f) => f.by === 'kind')).toHaveLength(6);
    expect(filters.filter((f) => f.by === 'level').map((f) => f.value)).toEqual(['red', 'orange', 'yellow', 'blue']);
    expect(filters.filter((f) => f.by === 'category')).toHaveLength(5);
    expect(filters.filter((f) => f.by === 'year').map((f) => f.value)).toEqual(['2026', '2020']);
    expect(noticeFilterPath({ by: 'level', value: 'red' })).toBe('/notices/level/red/');
    expect(filterLabel({ by: 'level', value: 'red' })).toBe('红色预警');
    expect(filterLabel({ by: 'kind', value: 'response' })).toBe('回应关切');
    expect(filterLabel({ by: 'category', value: 'reconstruction' })).toBe('重建信息');
  });

  it('count a notice issued at 00:30 on 1 January (Beijing) in the new year', () => {
    expect(noticeYear(shanghaiWallClock(2021, 1, 1, 0, 30))).toBe(2021);
    expect(noticeYear(shanghaiWallClock(2020, 12, 31, 23, 59))).toBe(2020);
  });
});

describe('notices RSS channel', () => {
  it('describes warnings with status, validity and areas, escaped for XML', () => {
    const channel = noticesRssChannel({
      site: { name: '示例网站', url: 'https://example.gov.cn' },
      now: shanghaiWallClock(2026, 11, 28, 10),
      notices: [
        {
          id: 'w',
          title: '寒潮蓝色预警 <更新> & 提示',
          url: 'https://example.gov.cn/notices/w/',
          issued: shanghaiWallClock(2026, 11, 28, 6),
          kind: '预警',
          category: '预警信息',
          issuerName: '歙县气象局',
          body: '**气温**将下降。',
          warning: { name: '寒潮蓝色预警', statusLabel: '生效中', validUntil: shanghaiWallClock(2026, 11, 30, 8), areas: ['徽城镇', '深渡镇'] },
        },
      ],
    });
    const xml = renderRss(channel);
    expect(xml).toContain('<title>寒潮蓝色预警 &lt;更新&gt; &amp; 提示</title>');
    expect(xml).toContain('寒潮蓝色预警（生效中）');
    expect(xml).toContain('有效期至2026年11月30日 08:00');
    expect(xml).toContain('影响区域：徽城镇、深渡镇');
    expect(xml).toContain('气温将下降。');
    expect(xml).toContain('<category>预警信息</category>');
    expect(channel.feedUrl).toBe('https://example.gov.cn/notices/rss.xml');
  });
});
