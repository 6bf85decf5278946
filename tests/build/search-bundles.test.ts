/**
 * The search index split into bundles by years, as on a large site
 * (src/lib/search-bundles.ts): the sample site re-indexed with small bundles.
 * Checks that the bundles hold every record once, that the manifest's filter
 * values are Pagefind's own counts, that searching all years finds every page
 * the recall test expects, that the default search never loses a page without
 * saying so, and that date order across bundles is complete and newest first.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SITE_DIR } from '../helpers/site.ts';
import { loadPagefind, mergeBundle, type PagefindApi } from '../helpers/pagefind.ts';
import { readManifest, splitSampleSite, SPLIT_RECORDS } from '../helpers/search-bundles.ts';
import { RECALL_CASES } from '../helpers/search-recall-cases.ts';
import { pageOfResult } from '../../src/build/search-index.ts';
import { BUNDLE_FILTER, bundleAnswer, bundleOfYear, bundlesToSearch, describeScope, mergeByRelevance, type SearchBundle, type SearchManifest } from '../../src/lib/search-bundles.ts';
import { FILTER_KEYS, SEARCH_TYPES, SORT_KEY, normalizeQuery } from '../../src/lib/search.ts';

const FIRST_PAGE = 10;

let splitDir: string;
let manifest: SearchManifest;
let split: PagefindApi;
let single: PagefindApi;

const entryOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> };

beforeAll(async () => {
  splitDir = await splitSampleSite('build');
  manifest = readManifest(splitDir);
  const [main, ...archives] = manifest.bundles;
  split = await loadPagefind(splitDir, 'zh-CN', { mergeFilter: { [BUNDLE_FILTER]: main?.id } });
  for (const b of archives) await mergeBundle(split, splitDir, b.path, { mergeFilter: { [BUNDLE_FILTER]: b.id } });
  single = await loadPagefind(SITE_DIR);
}, 120_000);

/** Keeps a search to some bundles, as the search page does. */
const only = (indices: readonly number[]) => ({ [BUNDLE_FILTER]: { any: indices.map((i) => manifest.bundles[i]?.id) } });

describe('the bundles', () => {
  it('split the sample into four spans of years, the newest in /pagefind/', () => {
    expect(manifest.bundles.map((b) => [b.id, b.path])).toEqual([
      ['2026', '/pagefind/'],
      ['2021-2025', '/pagefind/archive/2021-2025/'],
      ['2020', '/pagefind/archive/2020/'],
      ['2016-2019', '/pagefind/archive/2016-2019/'],
    ]);
    for (const b of manifest.bundles) expect(b.records <= SPLIT_RECORDS || b.firstYear === b.lastYear, b.id).toBe(true);
  });

  it('hold every record of the single index once, each bundle as many as the manifest says', () => {
    const total = entryOf(join(SITE_DIR, 'pagefind')).languages['zh-cn']?.page_count;
    expect(manifest.bundles.reduce((n, b) => n + b.records, 0)).toBe(total);
    for (const b of manifest.bundles) expect(entryOf(join(splitDir, b.path)).languages['zh-cn']?.page_count, b.id).toBe(b.records);
  });

  it('archives hold index files only: scripts and WebAssembly come from the main bundle', () => {
    for (const b of manifest.bundles.slice(1)) {
      const files = readdirSync(join(splitDir, b.path));
      expect(files.filter((f) => /\.(js|css)$|^wasm\./.test(f)), b.id).toEqual([]);
      expect(files.some((f) => f.endsWith('.pf_meta')), b.id).toBe(true);
    }
    expect(existsSync(join(splitDir, 'pagefind', 'pagefind.js'))).toBe(true);
  });

  it('the manifest lists every filter value with the count Pagefind gives over all records', async () => {
    const counts = await single.filters();
    for (const key of FILTER_KEYS) expect(manifest.filterValues[key] ?? {}, key).toEqual(counts[key] ?? {});
  });

  it('every record is in the bundle of its year', async () => {
    for (const [i, b] of manifest.bundles.entries()) {
      const response = await split.search(null, { filters: only([i]) });
      const data = await Promise.all(response.results.map((r) => r.data()));
      expect(data.length, b.id).toBe(b.records);
      for (const d of data) expect(bundleOfYear(manifest.bundles, Number(d.meta.date?.slice(0, 4))), `${d.url} in ${b.id}`).toBe(i);
    }
  });
});

/** The first page of results by relevance, as the search page ranks them over several bundles: each searched apart, then merged. */
async function firstPages(query: string, indices: readonly number[]): Promise<string[]> {
  const answers = [];
  for (const i of indices) answers.push(bundleAnswer(manifest.bundles[i] as SearchBundle, await split.search(normalizeQuery(query), { filters: only([i]) })));
  const data = await Promise.all(mergeByRelevance(answers).slice(0, FIRST_PAGE).map((r) => r.data()));
  return data.map((d) => pageOfResult(d.url));
}

describe('recall over the bundles', () => {
  const all = () => manifest.bundles.map((_, i) => i);

  it('searching all years finds every expected page among the first results', async () => {
    const misses: string[] = [];
    for (const c of RECALL_CASES) {
      const pages = await firstPages(c.query, all());
      for (const p of c.expect) if (!pages.includes(p)) misses.push(`${c.query}: ${p}`);
    }
    expect(misses).toEqual([]);
  });

  it('the default search finds each expected page, or says that the years it is in were not searched', async () => {
    const pageYear = new Map<string, number>();
    for (const d of await Promise.all((await split.search(null, { filters: only(all()) })).results.map((r) => r.data()))) {
      pageYear.set(pageOfResult(d.url), Number(d.meta.date?.slice(0, 4)));
    }
    let foundByDefault = 0;
    let widened = 0;
    for (const c of RECALL_CASES) {
      // As the search page decides: the scope for the query, all years when it finds nothing.
      const request = { query: normalizeQuery(c.query), allYears: false };
      let indices = bundlesToSearch(manifest.bundles, request);
      let pages = await firstPages(c.query, indices);
      if (pages.length === 0) {
        indices = all();
        pages = await firstPages(c.query, indices);
        widened++;
      }
      const scope = describeScope(manifest.bundles, indices, {});
      for (const p of c.expect) {
        if (pages.includes(p)) {
          foundByDefault++;
          continue;
        }
        const bundle = bundleOfYear(manifest.bundles, pageYear.get(p) ?? Number.NaN);
        expect(indices, `${c.query}: ${p} is missing, yet its bundle was searched`).not.toContain(bundle);
        expect(scope.missing, `${c.query}: ${p} is missing and the page would not say so`).toBeGreaterThan(0);
      }
    }
    // Not a trivial pass: some pages are found in the recent years, some only by widening.
    expect(foundByDefault).toBeGreaterThan(0);
    expect(widened).toBeGreaterThan(0);
  });

  it('a year in the query adds its bundle: 国办发（2020）23号 finds the 2020 consultation', async () => {
    const indices = bundlesToSearch(manifest.bundles, { query: normalizeQuery('国办发（2020）23号'), allYears: false });
    expect(indices).toEqual([0, 2]);
    expect(await firstPages('国办发（2020）23号', indices)).toContain('/consultations/laojiu-xiaoqu-zonghe-zhengzhi/');
  });
});

describe('date order across bundles', () => {
  it('each bundle in turn, newest first, loses no record', async () => {
    let total = 0;
    for (const type of SEARCH_TYPES) {
      const dates: string[] = [];
      for (const [i] of manifest.bundles.entries()) {
        const response = await split.search(null, { filters: { type, ...only([i]) }, sort: { [SORT_KEY]: 'desc' } });
        const data = await Promise.all(response.results.map((r) => r.data()));
        dates.push(...data.map((d) => d.meta.date ?? ''));
      }
      expect([...dates].sort().reverse(), type).toEqual(dates);
      total += dates.length;
    }
    expect(total).toBe(manifest.bundles.reduce((n, b) => n + b.records, 0));
  });
});
