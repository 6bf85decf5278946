/**
 * Quality of Chinese search, measured on the built sample site: a fixed list of
 * queries a visitor would type (two-character words inside longer runs,
 * several words, department names, 文号 with full- and half-width brackets and
 * digits, punctuation, a phrase only in a PDF attachment), each with the pages
 * it must return on the first page of results (top 10, as the search page shows
 * them). Queries go through the same normalisation as the search page. Prints
 * recall; any miss fails.
 *
 * Pagefind's Chinese recall has regressed between versions before: keep this
 * list when upgrading.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SITE_DIR } from '../helpers/site.ts';
import { loadPagefind, type PagefindApi } from '../helpers/pagefind.ts';
import { findTitleMatches, normalizeQuery, titleMatches, titleTerms, type TitleSearch } from '../../src/lib/search.ts';
import { pageOfResult } from '../../src/build/search-index.ts';
import { RECALL_CASES as CASES } from '../helpers/search-recall-cases.ts';

const FIRST_PAGE = 10;

let pagefind: PagefindApi;

/** The pages of the first results, as the search page lists them (attachment records count as their page). */
async function firstPages(query: string): Promise<string[]> {
  const response = await pagefind.search(normalizeQuery(query));
  const data = await Promise.all(response.results.slice(0, FIRST_PAGE).map((r) => r.data()));
  return data.map((d) => pageOfResult(d.url));
}

describe('Chinese search recall on the sample site', () => {
  const outcomes: { query: string; found: number; expected: number; missing: string[] }[] = [];

  beforeAll(async () => {
    pagefind = await loadPagefind(SITE_DIR);
  });

  afterAll(() => {
    const expected = outcomes.reduce((n, o) => n + o.expected, 0);
    const found = outcomes.reduce((n, o) => n + o.found, 0);
    const lines = outcomes.map((o) => `  ${o.found === o.expected ? 'ok  ' : 'MISS'} ${o.query} ${o.found}/${o.expected}${o.missing.length ? ` missing ${o.missing.join(' ')}` : ''}`);
    console.log(`[search recall] ${found}/${expected} expected pages in the first ${FIRST_PAGE} results (${((100 * found) / Math.max(1, expected)).toFixed(1)}%), ${outcomes.length} queries\n${lines.join('\n')}`);
  });

  for (const c of CASES) {
    it(`${c.query} (${c.why})`, async () => {
      const pages = await firstPages(c.query);
      const missing = c.expect.filter((p) => !pages.includes(p));
      outcomes.push({ query: c.query, found: c.expect.length - missing.length, expected: c.expect.length, missing });
      expect(missing, `first results: ${pages.join(' ')}`).toEqual([]);
    });
  }
});

describe('title-only search on the sample site', () => {
  /** As the search page does it: full-text results, kept when the title has every term. */
  async function titleOnly(query: string): Promise<{ url: string; title: string }[]> {
    const response = await pagefind.search(normalizeQuery(query));
    const search: TitleSearch<(typeof response.results)[number], Awaited<ReturnType<(typeof response.results)[number]['data']>>> = {
      unchecked: [...response.results],
      matches: [],
    };
    await findTitleMatches(search, titleTerms(query), Number.POSITIVE_INFINITY);
    return search.matches.map((m) => ({ url: m.data.url, title: m.data.meta.title ?? '' }));
  }

  beforeAll(async () => {
    pagefind = await loadPagefind(SITE_DIR);
  });

  it('returns only pages whose title has the word, and all of them', async () => {
    const found = await titleOnly('防空');
    expect(found.map((f) => f.url).sort()).toEqual(['/consultations/renfang-gongcheng-pingshi-liyong/', '/feedback/renfang-gongcheng-pingshi-liyong/']);
    // The parking consultation has 人民防空工程 in its text only; the draft PDF's record is its page's.
    const full = await firstPages('防空');
    expect(full).toContain('/consultations/juzhuqu-tingche-guanli/');
  });

  it('needs every word in the title', async () => {
    const found = await titleOnly('收费公路 2020');
    expect(found.length).toBeGreaterThan(0);
    for (const f of found) expect(titleMatches(f.title, titleTerms('收费公路 2020')), f.title).toBe(true);
    expect(found.map((f) => f.url)).toContain('/disclosure/items/shoufei-gonglu-lianwang-shoufei-guize-2020/');
    expect(found.map((f) => f.url)).not.toContain('/disclosure/items/shoufei-gonglu-lianwang-shoufei-guize-2018/');
    expect(found.map((f) => f.url)).not.toContain('/disclosure/items/shoufei-gonglu-tongji-gongbao-2019/');
  });
});
