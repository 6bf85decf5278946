/** Figures the remediation pages publish: totals, point and body grades, works, satisfaction, charts, feeds. */
import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import {
  extentText,
  extentTotals,
  formatDecimal,
  gradeHistory,
  matchesPostFilter,
  meetsSatisfactionTarget,
  pointStatus,
  postFilterPath,
  quantityProgress,
  satisfactionPercent,
  sortPostsNewestFirst,
  sumDecimals,
  waterBodyGrade,
  type Measurement,
} from '../../src/lib/remediation.ts';
import { formatReading, indicatorChart } from '../../src/lib/remediation-charts.ts';
import { MEASUREMENT_CSV_HEADER, measurementsCsv, postDescription, remediationRssChannel } from '../../src/lib/remediation-feed.ts';
import { renderRss } from '../../src/lib/rss.ts';

const severe = { transparency: 5, dissolvedOxygen: 0.1, orp: -250, ammoniaNitrogen: 18 };
const clean = { transparency: 60, dissolvedOxygen: 5, orp: 150, ammoniaNitrogen: 1 };
const m = (point: string, sampled: string, values: Partial<Measurement>): Measurement => ({ waterBody: 'b', point, sampled, post: 'p', ...values });

describe('totals', () => {
  it('adds decimals exactly: nine rivers make 51.2 km, two lakes 11.3 ha', () => {
    const rivers = [6.8, 7.4, 8.6, 4.3, 5.9, 3.7, 6.2, 4.8, 3.5];
    expect(sumDecimals(rivers)).toBe(51.2);
    // Plain floating point does not always land on the decimal.
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(sumDecimals([0.1, 0.2])).toBe(0.3);
    const t = extentTotals([...rivers.map((lengthKm) => ({ type: '河流' as const, lengthKm })), { type: '湖库', areaHa: 6.8 }, { type: '湖库', areaHa: 4.5 }]);
    expect(t).toEqual({ rivers: 9, riverKm: 51.2, lakes: 2, lakeHa: 11.3 });
  });

  it('refuses a value with more than two decimals rather than rounding it away', () => {
    expect(() => sumDecimals([1.005])).toThrow(RangeError);
  });

  it('writes sizes without trailing zeros', () => {
    expect(formatDecimal(51.2)).toBe('51.2');
    expect(formatDecimal(12000)).toBe('12000');
    expect(extentText({ type: '河流', lengthKm: 6.8 })).toBe('6.8 公里');
    expect(extentText({ type: '湖库', areaHa: 4.5 })).toBe('4.5 公顷');
  });
});

describe('point and water-body grades', () => {
  it('grades a point on the samples of the 30 days up to its latest sampling', () => {
    const samples = [m('a', '2025-10-08', severe), m('a', '2025-10-11', severe), m('a', '2026-11-09', clean), m('a', '2026-11-12', clean), m('a', '2026-11-15', clean)];
    const status = pointStatus('a', samples)!;
    expect(status.latest).toBe('2026-11-15');
    expect(status.window.map((s) => s.sampled)).toEqual(['2026-11-09', '2026-11-12', '2026-11-15']);
    expect(status.grading?.grade).toBe('none');
    // Day 30 counts, day 31 does not.
    expect(pointStatus('a', [m('a', '2026-10-17', severe), m('a', '2026-11-15', clean)])!.window).toHaveLength(2);
    expect(pointStatus('a', [m('a', '2026-10-16', severe), m('a', '2026-11-15', clean)])!.window).toHaveLength(1);
    expect(pointStatus('z', samples)).toBeUndefined();
  });

  it('keeps the latest value of each indicator, even from an earlier sampling', () => {
    const status = pointStatus('a', [m('a', '2026-11-01', { orp: -50, depth: 40 }), m('a', '2026-11-10', { ammoniaNitrogen: 3 })])!;
    expect(status.latestValues.orp).toEqual({ value: -50, sampled: '2026-11-01', depth: 40 });
    expect(status.latestValues.ammoniaNitrogen?.sampled).toBe('2026-11-10');
  });

  it('grades a body from its points; three severe in a row make a severe stretch', () => {
    const samples = ['a', 'b', 'c', 'd'].flatMap((p) => [m(p, '2026-04-07', p === 'd' ? clean : severe)]);
    const g = waterBodyGrade(['a', 'b', 'c', 'd'], samples);
    expect(g.grade).toBe('severe');
    expect(g.severeStretches).toEqual([['a', 'c']]);
    expect(waterBodyGrade(['a', 'b'], []).grade).toBeUndefined();
  });

  it('gives the grade on each sampling day, from the data known that day', () => {
    const samples = [m('a', '2025-10-08', severe), m('a', '2026-09-07', clean)];
    expect(gradeHistory(['a'], samples)).toEqual([
      { date: '2025-10-08', grade: 'severe' },
      { date: '2026-09-07', grade: 'none' },
    ]);
  });
});

describe('works', () => {
  it('adds reported amounts per item against the plan, in the fixed item order', () => {
    const progress = quantityProgress(
      [{ item: '清淤疏浚', amount: 12000 }, { item: '截污管网', amount: 4.2 }],
      [
        { waterBody: 'b', item: '截污管网', amount: 2.1, published: '2026-03-31' },
        { waterBody: 'b', item: '截污管网', amount: 0.7, published: '2026-05-31' },
        { waterBody: 'b', item: '岸带修复', amount: 1, published: '2026-06-30' },
      ],
    );
    expect(progress).toEqual([
      { item: '截污管网', unit: 'km', planned: 4.2, done: 2.8, percent: 66 },
      { item: '清淤疏浚', unit: 'm³', planned: 12000, done: 0, percent: 0 },
      { item: '岸带修复', unit: 'km', planned: undefined, done: 1, percent: undefined },
    ]);
  });
});

describe('satisfaction', () => {
  it('rounds down to one decimal, so 90.0% has really been reached', () => {
    expect(satisfactionPercent({ respondents: 1860, satisfied: 1713 })).toBe(92);
    expect(satisfactionPercent({ respondents: 10000, satisfied: 8999 })).toBe(89.9);
    expect(meetsSatisfactionTarget({ respondents: 10000, satisfied: 8999 })).toBe(false);
    expect(satisfactionPercent({ respondents: 3, satisfied: 2 })).toBe(66.6);
  });

  it('不低于90%: exactly 90% passes, one respondent fewer does not', () => {
    expect(meetsSatisfactionTarget({ respondents: 200, satisfied: 180 })).toBe(true);
    expect(meetsSatisfactionTarget({ respondents: 200, satisfied: 179 })).toBe(false);
    expect(meetsSatisfactionTarget({ respondents: 200, satisfied: 170 }, 85)).toBe(true);
  });

  it('refuses impossible counts', () => {
    expect(() => satisfactionPercent({ respondents: 0, satisfied: 0 })).toThrow(RangeError);
    expect(() => satisfactionPercent({ respondents: 10, satisfied: 11 })).toThrow(RangeError);
    expect(() => satisfactionPercent({ respondents: 10.5, satisfied: 1 })).toThrow(RangeError);
  });
});

describe('post lists', () => {
  const posts = [
    { id: '2026-05-31-b', published: '2026-05-31', phase: '工程实施' as const, waterBodies: ['yudaixi'] },
    { id: '2026-05-31-a', published: '2026-05-31', phase: '工程实施' as const, waterBodies: [] },
    { id: '2026-09-20-c', published: '2026-09-20', phase: '效果评议' as const, waterBodies: ['yudaixi', 'xiejiahe'] },
  ];
  it('newest first, the same day by file name descending', () => {
    expect(sortPostsNewestFirst(posts).map((p) => p.id)).toEqual(['2026-09-20-c', '2026-05-31-b', '2026-05-31-a']);
  });
  it('filters by phase and by water body, at their own addresses', () => {
    expect(posts.filter((p) => matchesPostFilter(p, { by: 'water-body', value: 'yudaixi' })).map((p) => p.id)).toEqual(['2026-05-31-b', '2026-09-20-c']);
    expect(posts.filter((p) => matchesPostFilter(p, { by: 'phase', value: '效果评议' })).map((p) => p.id)).toEqual(['2026-09-20-c']);
    expect(postFilterPath({ by: 'phase', value: '长效管理' })).toBe('/remediation/progress/phase/maintenance/');
    expect(postFilterPath({ by: 'water-body', value: 'yudaixi' })).toBe('/remediation/progress/water-body/yudaixi/');
  });
});

describe('indicatorChart', () => {
  const points = [
    { id: 'a', name: '上游' },
    { id: 'b', name: '下游' },
    { id: 'c', name: '未监测的点' },
  ];
  const samples = [
    m('a', '2025-10-08', { transparency: 6, depth: 60 }),
    m('b', '2025-10-08', { transparency: 8, depth: 15 }),
    m('a', '2026-11-15', { transparency: 62, depth: 60 }),
    m('b', '2026-11-15', { orp: 120 }),
  ];
  const chart = indicatorChart({ bodyName: '玉带溪', indicator: 'transparency', points, measurements: samples })!;

  it('draws one series per point that measured the indicator', () => {
    expect(chart.points.map((p) => p.id)).toEqual(['a', 'b']);
    expect(chart.geometry.series.map((s) => s.markers.length)).toEqual([2, 1]);
    expect(chart.geometry.bands.map((b) => b.kind)).toEqual(['severe', 'mild', 'none']);
  });

  it('tabulates the same data, grading shallow water by its own rule', () => {
    expect(chart.rows).toEqual([
      { date: '2025-10-08', cells: [{ value: 6, grade: 'severe', shallow: false }, { value: 8, grade: 'none', shallow: true }] },
      { date: '2026-11-15', cells: [{ value: 62, grade: 'none', shallow: false }, undefined] },
    ]);
    expect(chart.anyShallow).toBe(true);
  });

  it('describes the change in words for screen readers', () => {
    expect(chart.title).toBe('玉带溪透明度变化');
    expect(chart.description).toContain('2025年10月8日至2026年11月15日共2个采样日、2个监测点的透明度（cm）');
    expect(chart.description).toContain('上游：2025年10月8日为6 cm（重度黑臭），2026年11月15日为62 cm（不黑臭）。');
    expect(chart.description).toContain('下游：2025年10月8日为8 cm（不黑臭）。');
  });

  it('lets ORP go negative and keeps the other axes from zero', () => {
    const orp = indicatorChart({ bodyName: 'x', indicator: 'orp', points, measurements: [m('a', '2026-01-01', { orp: -280 }), m('a', '2026-02-01', { orp: 20 })] })!;
    expect(orp.geometry.yTicks[0]!.value).toBeLessThan(-200);
    expect(chart.geometry.yTicks[0]!.value).toBe(0);
  });

  it('has no chart for an indicator never measured', () => {
    expect(indicatorChart({ bodyName: 'x', indicator: 'ammoniaNitrogen', points, measurements: samples })).toBeUndefined();
  });

  it('formats readings with a true minus sign', () => {
    expect(formatReading(-120, 'mV')).toBe('−120 mV');
    expect(formatReading(0.126, 'mg/L')).toBe('0.13 mg/L');
    expect(formatReading(2.0, 'mg/L')).toBe('2 mg/L');
  });
});

describe('feeds', () => {
  const site = { name: '示例网站', url: 'https://gongkai.example.gov.cn' };

  it('RSS: one item per post with its phase and water bodies as categories, dated in Beijing time', () => {
    const xml = renderRss(
      remediationRssChannel({
        site,
        projectTitle: '城市黑臭水体治理',
        now: new Date('2026-11-28T02:00:00Z'),
        posts: [{ title: '5月进展 <截污>', path: '/remediation/progress/x/', published: '2026-05-31', phase: '工程实施', waterBodyNames: ['玉带溪'], body: '## 标题\n\n正文 **加粗**。' }],
      }),
    );
    const rss = new XMLParser().parse(xml).rss.channel;
    expect(rss.title).toBe('示例网站 - 城市黑臭水体治理进展');
    expect(rss.item.title).toBe('5月进展 <截污>');
    expect(rss.item.link).toBe('https://gongkai.example.gov.cn/remediation/progress/x/');
    expect(rss.item.pubDate).toBe('Sun, 31 May 2026 00:00:00 +0800');
    expect(rss.item.category).toEqual(['工程实施', '玉带溪']);
    expect(rss.item.description).toBe('涉及水体：玉带溪。\n标题\n正文 加粗。');
  });

  it('a long body is cut at 500 characters', () => {
    expect(postDescription({ body: '字'.repeat(600), waterBodyNames: [] })).toBe(`${'字'.repeat(500)}……`);
    expect(postDescription({ summary: '摘要', body: '正文', waterBodyNames: [] })).toBe('摘要');
  });

  it('CSV: every value with its grade, negative numbers not mistaken for formulas', () => {
    const csv = measurementsCsv(site, [
      { ...m('a', '2026-04-07', { depth: 18, transparency: 8, orp: -250 }), waterBody: 'yudaixi', waterBodyName: '玉带溪', pointName: '上游', postPath: '/remediation/progress/p/' },
    ]);
    const [header, row] = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(header).toBe(MEASUREMENT_CSV_HEADER.map((h) => `"${h}"`).join(','));
    expect(row).toBe(
      '"yudaixi","玉带溪","a","上游","2026-04-07","18","8","不黑臭","","","-250","重度黑臭","","","https://gongkai.example.gov.cn/remediation/progress/p/"',
    );
  });
});
