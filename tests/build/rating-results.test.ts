/**
 * The monthly satisfaction results as the sample build published them from a seeded store
 * (tests/helpers/rating-seed.ts): on the results page, on the rated item's page, and as open data.
 * Expected figures are computed from the seed through the src/lib rules, never typed in.
 */
import { describe, expect, it } from 'vitest';
import { BUILD_NOW, readPage, readSite, textOf } from '../helpers/site.ts';
import { SEEDED_RATINGS } from '../helpers/rating-seed.ts';
import {
  RATING_MIN_PUBLISHED,
  RATING_RESULTS_CSV,
  RATING_RESULTS_JSON,
  RATING_RESULTS_PAGE,
  formatRatingMonth,
  monthlyRatings,
  publishedRatings,
  type RatingLevel,
  type RatingResultRow,
} from '../../src/lib/ratings/rating.ts';
import { shanghaiDate } from '../../src/lib/time.ts';
import { UTF8_BOM, csvRow } from '../../src/lib/csv.ts';

const asOf = shanghaiDate(new Date(BUILD_NOW));
const expected = publishedRatings(
  monthlyRatings(SEEDED_RATINGS.flatMap((s) => (Object.entries(s.levels) as [RatingLevel, number][]).flatMap(([level, n]) => Array.from({ length: n }, () => ({ target: s.target, level, day: s.day }))))),
  asOf,
);
const squash = (t: string) => t.replace(/\s+/g, '');

describe('the seed covers the rule', () => {
  it('has a month above the minimum and months below it', () => {
    expect(expected.some((m) => m.split !== null)).toBe(true);
    expect(expected.some((m) => m.split === null)).toBe(true);
  });
});

describe('open data', () => {
  const data = JSON.parse(readSite(RATING_RESULTS_JSON)) as { asOf: string; minimumForSplit: number; months: RatingResultRow[] };

  it('holds every month of every item as published, stale records and non-ratings left out', () => {
    expect(data.asOf).toBe(asOf);
    expect(data.minimumForSplit).toBe(RATING_MIN_PUBLISHED);
    expect(data.months.map(({ name: _n, path: _p, ...m }) => m)).toEqual(expected);
  });

  it('names items still on the site and keeps an item that left it, unnamed', () => {
    expect(data.months.find((m) => m.target === 'service:linshi-jiuzhu')?.path).toBe('/community/services/linshi-jiuzhu/');
    expect(data.months.find((m) => m.target === 'service:retired-item')).toMatchObject({ name: null, path: null });
  });

  it('withholds the split and the rate below the minimum, in the JSON and the CSV', () => {
    for (const m of data.months.filter((x) => x.total < RATING_MIN_PUBLISHED)) expect(m).toMatchObject({ split: null, satisfactionRate: null });
    const csv = readSite(RATING_RESULTS_CSV);
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    const lines = csv.slice(1).trim().split('\r\n');
    expect(lines).toHaveLength(expected.length + 1);
    const october = expected.find((m) => m.target === 'service:linshi-jiuzhu' && m.split)!;
    expect(lines).toContain(csvRow(['service:linshi-jiuzhu', '临时救助申请', october.month, october.total, october.split!.satisfied, october.split!.basic, october.split!.unsatisfied, october.satisfactionRate!.toFixed(1), '否']));
    const small = expected.find((m) => m.target === 'water-body:yudaixi')!;
    expect(lines).toContain(csvRow(['water-body:yudaixi', '玉带溪', small.month, small.total, '', '', '', '', '否']));
  });
});

describe('pages', () => {
  it('the rated service item shows its months, newest first, the current month marked as counted so far', () => {
    const page = readPage('/community/services/linshi-jiuzhu/');
    const rows = page.querySelectorAll('table.rating-results tbody tr').map((tr) => squash(textOf(tr)));
    const months = expected.filter((m) => m.target === 'service:linshi-jiuzhu').reverse();
    expect(rows).toHaveLength(months.length);
    months.forEach((m, i) => {
      expect(rows[i]).toContain(formatRatingMonth(m.month));
      expect(rows[i]).toContain(m.complete ? formatRatingMonth(m.month) : '本月截至目前');
      if (m.split) expect(rows[i]).toBe(squash(`${formatRatingMonth(m.month)}${m.total}${m.split.satisfied}${m.split.basic}${m.split.unsatisfied}${m.satisfactionRate!.toFixed(1)}%`));
      else expect(rows[i]).toContain(`${m.total}不足${RATING_MIN_PUBLISHED}条，不公布`);
    });
    expect(page.querySelector(`a[href="${RATING_RESULTS_PAGE}"]`)).not.toBeNull();
  });

  it('a rated water body shows its months on its own page, a month below the minimum as a number only', () => {
    const rows = readPage('/remediation/water-bodies/yudaixi/').querySelectorAll('table.rating-results tbody tr').map((tr) => squash(textOf(tr)));
    const months = expected.filter((m) => m.target === 'water-body:yudaixi').reverse();
    expect(rows).toEqual(months.map((m) => squash(`${formatRatingMonth(m.month)}${m.total}不足${RATING_MIN_PUBLISHED}条，不公布`)));
  });

  it('an item nobody rated says so', () => {
    const page = readPage('/community/services/yanglao-baoxian/');
    expect(page.querySelector('table.rating-results')).toBeNull();
    expect(textOf(page.querySelector('main'))).toContain('本事项还没有满意度评价');
  });

  it('the results page lists each rated item on the site under its kind, with the rule and the data files', () => {
    const page = readPage(RATING_RESULTS_PAGE);
    const text = squash(textOf(page.querySelector('main')));
    expect(text).toContain(`不足${RATING_MIN_PUBLISHED}条的，只公布评价数`);
    const items = page.querySelectorAll('.rating-results-item h3 a').map((a) => a.getAttribute('href'));
    expect(items).toEqual(['/community/services/linshi-jiuzhu/', '/remediation/water-bodies/yudaixi/']);
    expect(text).not.toContain('retired-item');
    expect(page.querySelector(`a[href="${RATING_RESULTS_CSV}"]`)).not.toBeNull();
    expect(page.querySelector(`a[href="${RATING_RESULTS_JSON}"]`)).not.toBeNull();
  });
});
