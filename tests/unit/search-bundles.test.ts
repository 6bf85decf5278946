/**
 * The search index in bundles by years (src/lib/search-bundles.ts): how years are
 * grouped, which bundles a search reads, and what the page says about the rest.
 */
import { describe, expect, it } from 'vitest';
import {
  BUNDLE_FILTER,
  BUNDLE_RECORDS,
  MAIN_BUNDLE_RECORDS,
  ARCHIVE_PATH,
  MAIN_BUNDLE_PATH,
  bundleAnswer,
  bundleOfYear,
  bundlesOf,
  bundlesToSearch,
  coversAll,
  describeScope,
  describeYears,
  formatCount,
  firstLoadedFiles,
  inverseDocumentFrequency,
  isSearchManifest,
  mergeByRelevance,
  partitionYears,
  recordsNotSearched,
  yearsInQuery,
  type SearchBundle,
} from '../../src/lib/search-bundles.ts';

const perYear = (entries: Record<number, number>) => new Map(Object.entries(entries).map(([y, n]) => [Number(y), n]));

/** About the 20,000-item synthetic catalogue: some 1,050 records a year, 2008–2026. */
const catalogue = perYear(Object.fromEntries(Array.from({ length: 19 }, (_, k) => [2008 + k, k === 18 ? 960 : 1055])));

describe('partitionYears', () => {
  it('puts a small site in one bundle', () => {
    expect(partitionYears(perYear({ 2016: 1, 2020: 70, 2026: 55 }), 2500)).toEqual([{ firstYear: 2016, lastYear: 2026, records: 126 }]);
  });

  it('groups whole years, newest first, no bundle over the limit', () => {
    const spans = partitionYears(catalogue, 2500);
    expect(spans[0]).toEqual({ firstYear: 2025, lastYear: 2026, records: 2015 });
    expect(spans.every((s) => s.records <= 2500)).toBe(true);
    expect(spans.reduce((n, s) => n + s.records, 0)).toBe([...catalogue.values()].reduce((a, b) => a + b, 0));
    expect(spans.at(-1)).toEqual({ firstYear: 2008, lastYear: 2008, records: 1055 });
  });

  it('tiles the years: each span starts the year after the next older one ends, gaps included', () => {
    const spans = partitionYears(perYear({ 2026: 30, 2025: 20, 2020: 25, 2012: 5, 2011: 50 }), 50);
    expect(spans).toEqual([
      { firstYear: 2025, lastYear: 2026, records: 50 },
      { firstYear: 2012, lastYear: 2024, records: 30 },
      { firstYear: 2011, lastYear: 2011, records: 50 },
    ]);
    for (let i = 1; i < spans.length; i++) expect(spans[i]?.lastYear).toBe((spans[i - 1]?.firstYear ?? 0) - 1);
  });

  it('keeps a year larger than the limit whole, in a bundle of its own', () => {
    expect(partitionYears(perYear({ 2026: 10, 2025: 5000, 2024: 10 }), 100)).toEqual([
      { firstYear: 2026, lastYear: 2026, records: 10 },
      { firstYear: 2025, lastYear: 2025, records: 5000 },
      { firstYear: 2024, lastYear: 2024, records: 10 },
    ]);
  });

  it('gives the main bundle a limit of its own', () => {
    const spans = partitionYears(catalogue, 2500, 1200);
    expect(spans[0]).toEqual({ firstYear: 2026, lastYear: 2026, records: 960 });
    expect(spans[1]).toEqual({ firstYear: 2024, lastYear: 2025, records: 2110 });
    expect(spans.slice(1).every((s) => s.records <= 2500)).toBe(true);
    // The newest years fill the main bundle up to its own limit, not the archives' one.
    expect(partitionYears(perYear({ 2026: 700, 2025: 400, 2024: 300 }), 2500, 1200)).toEqual([
      { firstYear: 2025, lastYear: 2026, records: 1100 },
      { firstYear: 2024, lastYear: 2024, records: 300 },
    ]);
    expect(partitionYears(perYear({ 2026: 700, 2025: 400 }), 2500)).toEqual([{ firstYear: 2025, lastYear: 2026, records: 1100 }]);
    expect(MAIN_BUNDLE_RECORDS).toBeLessThan(BUNDLE_RECORDS);
    expect(() => partitionYears(catalogue, 2500, 0)).toThrow(/main bundle limit/);
  });

  it('ignores years without records and refuses a limit below one', () => {
    expect(partitionYears(perYear({ 2026: 3, 2010: 0 }), 10)).toEqual([{ firstYear: 2026, lastYear: 2026, records: 3 }]);
    expect(partitionYears(new Map(), 10)).toEqual([]);
    expect(() => partitionYears(catalogue, 0)).toThrow(/at least 1/);
    expect(() => partitionYears(catalogue, Number.NaN)).toThrow(/at least 1/);
  });
});

const bundles: SearchBundle[] = bundlesOf(partitionYears(perYear({ 2026: 56, 2025: 6, 2021: 3, 2020: 77, 2019: 1, 2016: 3 }), 40));

describe('bundlesOf and bundleOfYear', () => {
  it('names the main bundle /pagefind/ and the archives by their years', () => {
    expect(bundles.map((b) => [b.id, b.path])).toEqual([
      ['2026', MAIN_BUNDLE_PATH],
      ['2021-2025', `${ARCHIVE_PATH}2021-2025/`],
      ['2020', `${ARCHIVE_PATH}2020/`],
      ['2016-2019', `${ARCHIVE_PATH}2016-2019/`],
    ]);
  });
  it('finds the bundle of a year, gaps included; later years go to the main bundle, earlier to none', () => {
    expect(bundleOfYear(bundles, 2026)).toBe(0);
    expect(bundleOfYear(bundles, 2027)).toBe(0);
    expect(bundleOfYear(bundles, 2023)).toBe(1);
    expect(bundleOfYear(bundles, 2020)).toBe(2);
    expect(bundleOfYear(bundles, 2017)).toBe(3);
    expect(bundleOfYear(bundles, 2015)).toBe(-1);
  });
});

describe('yearsInQuery', () => {
  it('reads years in Chinese dates and 文号, newest first, each once', () => {
    expect(yearsInQuery('2020年 农村公路')).toEqual([2020]);
    expect(yearsInQuery('交公路规(2019)3号 国办发〔2020〕23号 2019')).toEqual([2020, 2019]);
    expect(yearsInQuery('2018-2020')).toEqual([2020, 2018]);
  });
  it('does not read other numbers as years', () => {
    expect(yearsInQuery('100000001/2025-00572')).toEqual([2025]);
    expect(yearsInQuery('电话 01055550207 编号 20201 第1949号之外 1800 2100')).toEqual([1949]);
    expect(yearsInQuery('农村公路')).toEqual([]);
  });
});

describe('bundlesToSearch', () => {
  const request = { query: '', allYears: false };
  it('searches the main bundle by default', () => {
    expect(bundlesToSearch(bundles, { ...request, query: '防空' })).toEqual([0]);
  });
  it('adds the bundles of the years a query names', () => {
    expect(bundlesToSearch(bundles, { ...request, query: '国办发(2020)23号' })).toEqual([0, 2]);
    expect(bundlesToSearch(bundles, { ...request, query: '2023 2017 2026' })).toEqual([0, 1, 3]);
    expect(bundlesToSearch(bundles, { ...request, query: '1990年' })).toEqual([0]);
  });
  it('a year filter reads only its bundle; all years read every bundle', () => {
    expect(bundlesToSearch(bundles, { ...request, query: '防空', year: '2020' })).toEqual([2]);
    expect(bundlesToSearch(bundles, { ...request, year: '2022' })).toEqual([1]);
    expect(bundlesToSearch(bundles, { ...request, year: '1990' })).toEqual([0]);
    expect(bundlesToSearch(bundles, { ...request, year: 'x2020', query: '' })).toEqual([0]);
    expect(bundlesToSearch(bundles, { query: '防空', year: '2020', allYears: true })).toEqual([0, 1, 2, 3]);
  });
  it('one bundle: always that one', () => {
    const one = bundlesOf(partitionYears(perYear({ 2020: 5, 2026: 5 }), 40));
    expect(bundlesToSearch(one, { query: '2020', allYears: false })).toEqual([0]);
    expect(bundlesToSearch(one, { query: '', year: '2020', allYears: false })).toEqual([0]);
  });
});

describe('what the page says about the years searched', () => {
  it('names the years, newest first', () => {
    expect(describeYears(bundles, [0])).toBe('2026 年以来');
    expect(describeYears(bundles, [0, 2])).toBe('2026 年以来和 2020 年');
    expect(describeYears(bundles, [0, 1, 3])).toBe('2026 年以来、2021—2025 年和 2016—2019 年');
    expect(describeYears(bundles, [3, 0, 1, 2])).toBe('');
  });
  it('counts the records left out and says which', () => {
    expect(recordsNotSearched(bundles, [0])).toBe(90);
    expect(coversAll(bundles, [0, 1, 2])).toBe(false);
    expect(describeScope(bundles, [0], {})).toEqual({ years: '2026 年以来', missing: 90, older: '2025 年及以前' });
    expect(describeScope(bundles, [0, 2], {})).toEqual({ years: '2026 年以来和 2020 年', missing: 13, older: '' });
    expect(describeScope(bundles, [0, 1, 2, 3], {})).toEqual({ years: '', missing: 0, older: '' });
  });
  it('a year filter leaves nothing out: its bundle holds every record of that year', () => {
    expect(describeScope(bundles, [2], { year: '2020' })).toEqual({ years: '', missing: 0, older: '' });
  });
  it('writes counts with thousands separators', () => {
    expect(formatCount(17988)).toBe('17,988');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(90)).toBe('90');
  });
});

describe('firstLoadedFiles', () => {
  it('names the metadata and WebAssembly Pagefind loads first, as Pagefind names them', () => {
    const entry = { version: '1.6.0', languages: { 'zh-cn': { hash: 'zh-cn_1aed945087e9d', wasm: null, page_count: 961 } } };
    expect(firstLoadedFiles(entry, '/pagefind/')).toEqual(['/pagefind/pagefind.zh-cn_1aed945087e9d.pf_meta', '/pagefind/wasm.unknown.pagefind']);
    const two = { languages: { en: { hash: 'en_12ab', wasm: 'en' }, 'zh-cn': { hash: 'zh-cn_34cd', wasm: 'zh-cn' } } };
    expect(firstLoadedFiles(two, '/pagefind/')).toEqual(['/pagefind/pagefind.en_12ab.pf_meta', '/pagefind/wasm.en.pagefind', '/pagefind/pagefind.zh-cn_34cd.pf_meta', '/pagefind/wasm.zh-cn.pagefind']);
  });

  it('refuses an entry file it does not understand rather than guess', () => {
    for (const bad of [null, {}, { languages: null }, { languages: { 'zh-cn': {} } }, { languages: { 'zh-cn': { hash: '../x' } } }, { languages: { 'zh-cn': { hash: 'zh_1', wasm: '../../x' } } }]) {
      expect(() => firstLoadedFiles(bad, '/pagefind/'), JSON.stringify(bad)).toThrow(/pagefind-entry\.json/);
    }
  });
});

describe('isSearchManifest', () => {
  it('accepts what the indexer writes and rejects anything else', () => {
    expect(isSearchManifest({ bundles, filterValues: { type: { 目录文件: 3 } } })).toBe(true);
    expect(isSearchManifest({ bundles, filterValues: {}, preload: ['/pagefind/wasm.unknown.pagefind', '/pagefind/pagefind.zh-cn_1a.pf_meta'] })).toBe(true);
    for (const preload of [['https://evil.example/x'], ['//evil.example/x'], ['/pagefind/../x'], ['/other/x'], [3], 'x']) {
      expect(isSearchManifest({ bundles, filterValues: {}, preload }), JSON.stringify(preload)).toBe(false);
    }
    for (const bad of [null, 'x', {}, { bundles: [], filterValues: {} }, { bundles, filterValues: null }, { bundles: [{ ...bundles[0], path: 'http://evil.example/' }], filterValues: {} }, { bundles: [{ ...bundles[0], path: '//evil.example/' }], filterValues: {} }, { bundles: [{ ...bundles[0], path: '/pagefind/../x/' }], filterValues: {} }, { bundles: [{ ...bundles[0], records: '5' }], filterValues: {} }]) {
      expect(isSearchManifest(bad), JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('mergeByRelevance', () => {
  const r = (id: string, score: number) => ({ id, score });

  it('inverseDocumentFrequency is BM25’s: rarer is heavier, a query on every page weighs almost nothing', () => {
    expect(inverseDocumentFrequency(100, 1)).toBeCloseTo(Math.log(1 + 99.5 / 1.5), 10);
    expect(inverseDocumentFrequency(100, 10)).toBeGreaterThan(inverseDocumentFrequency(100, 50));
    expect(inverseDocumentFrequency(9, 9)).toBeCloseTo(Math.log(1 + 0.5 / 9.5), 10);
  });

  it('brings each bundle to the statistics of all: the best page of a bundle where the query is common is not buried', () => {
    // Bundle 0: 80 pages, the query on 20; bundle 1: 10 pages, the query on 9 (so its raw scores run low).
    const merged = mergeByRelevance([
      { records: 80, matched: 20, results: [r('new-a', 30), r('new-b', 14), r('new-c', 13)] },
      { records: 10, matched: 9, results: [r('old-a', 13), r('old-b', 12)] },
    ]);
    expect(merged.map((x) => x.id)).toEqual(['old-a', 'old-b', 'new-a', 'new-b', 'new-c']);
    // Raw scores alone would have put the old pages last.
    expect([r('new-a', 30), r('new-b', 14), r('new-c', 13), r('old-a', 13), r('old-b', 12)].sort((a, b) => b.score - a.score).map((x) => x.id)).toEqual(['new-a', 'new-b', 'new-c', 'old-a', 'old-b']);
  });

  it('bundles with the same statistics keep the raw order; ties go to the newer bundle, then each bundle’s order', () => {
    const merged = mergeByRelevance([
      { records: 50, matched: 5, results: [r('a1', 9), r('a2', 4), r('a3', 4)] },
      { records: 50, matched: 5, results: [r('b1', 10), r('b2', 4)] },
    ]);
    expect(merged.map((x) => x.id)).toEqual(['b1', 'a1', 'a2', 'a3', 'b2']);
  });

  it('one bundle is returned as it is, and results are not altered', () => {
    const results = [r('x', 1), r('y', 2)];
    expect(mergeByRelevance([{ records: 5, matched: 2, results }])).toEqual(results);
    mergeByRelevance([{ records: 5, matched: 2, results }, { records: 9, matched: 1, results: [r('z', 3)] }]);
    expect(results).toEqual([r('x', 1), r('y', 2)]);
  });

  it('bundleAnswer reads the bundle’s matches from the counts without filters, else counts the results', () => {
    const bundle = { id: '2020', records: 77 };
    expect(bundleAnswer(bundle, { results: [r('a', 1)], totalFilters: { [BUNDLE_FILTER]: { '2020': 11, '2026': 3 } } }).matched).toBe(11);
    expect(bundleAnswer(bundle, { results: [r('a', 1), r('b', 1)] }).matched).toBe(2);
    expect(bundleAnswer(bundle, { results: [r('a', 1), r('b', 1)], totalFilters: { [BUNDLE_FILTER]: { '2020': 1 } } }).matched).toBe(2);
  });
});
