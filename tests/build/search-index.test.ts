/**
 * The search index of the built sample site: which pages are in it and with what
 * filters, that date order loses no page, that chrome and lists stay out, that
 * attachment text leads to its page, and the search page's static HTML.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SITE_DIR, readPage, textOf } from '../helpers/site.ts';
import { loadPagefind, type PagefindApi } from '../helpers/pagefind.ts';
import { attachmentOwners, htmlFiles, inspectPage, pageOfResult, urlOfFile, declaresSearchRecord, type IndexedPage } from '../../src/build/search-index.ts';
import { CATALOGUE_COLUMN, SEARCH_PAGE_PATH, SEARCH_TYPES, SORT_KEY, searchStateFromParams } from '../../src/lib/search.ts';
import { CATALOGUE_DATA_PATH } from '../../src/lib/catalogue-view.ts';
import { BEST_BETS_PATH, isBestBetList, type BestBet } from '../../src/lib/best-bets.ts';
import { DEFAULT_OPENNESS, OPENNESS_STAGES } from '../../src/lib/catalogue.ts';
import type { CatalogueOpenData } from '../../src/lib/catalogue-open-data.ts';
import { MANIFEST_FILE, isSearchManifest, type SearchManifest } from '../../src/lib/search-bundles.ts';
import { loadSiteConfig } from '../../src/config/site.ts';

let pagefind: PagefindApi;
const indexed: IndexedPage[] = [];
const unindexed: string[] = [];

beforeAll(async () => {
  for (const file of htmlFiles(SITE_DIR)) {
    const html = readFileSync(file, 'utf8');
    const url = urlOfFile(relative(SITE_DIR, file));
    if (!declaresSearchRecord(html)) {
      unindexed.push(url);
      continue;
    }
    const { page, problems } = inspectPage(html, url);
    expect(problems).toEqual([]);
    if (page) indexed.push(page);
  }
  pagefind = await loadPagefind(SITE_DIR);
});

async function allResults(term: string | null, options: Parameters<PagefindApi['search']>[1] = {}) {
  const response = await pagefind.search(term, options);
  return Promise.all(response.results.map((r) => r.data()));
}

describe('what the index holds', () => {
  it('the bundle manifest names the files Pagefind loads first, and they are in the build', () => {
    const manifest: unknown = JSON.parse(readFileSync(join(SITE_DIR, 'pagefind', MANIFEST_FILE), 'utf8'));
    expect(isSearchManifest(manifest)).toBe(true);
    const preload = (manifest as SearchManifest).preload ?? [];
    expect(preload.some((p) => p.endsWith('.pf_meta'))).toBe(true);
    expect(preload.some((p) => p.endsWith('.pagefind'))).toBe(true);
    for (const path of preload) expect(existsSync(join(SITE_DIR, path)), path).toBe(true);
  });

  it('covers every kind of document page of the sample site', () => {
    const types = new Set(indexed.map((p) => p.filters.type?.[0]));
    for (const t of ['意见征集', '征集反馈', '目录文件', '政策解读', '办事指南', '通知公告', '专题', '治理进展', '年度报告', '公开指南']) {
      expect(types, t).toContain(t);
    }
    for (const prefix of ['/consultations/', '/feedback/', '/disclosure/items/', '/notices/', '/remediation/progress/', '/remediation/water-bodies/']) {
      expect(indexed.some((p) => p.url.startsWith(prefix) && p.url !== prefix), prefix).toBe(true);
    }
  });

  it('leaves lists, column pages and the search page out', () => {
    for (const list of ['/', '/consultations/', '/feedback/', '/disclosure/', '/notices/', '/remediation/progress/', '/departments/', '/search/']) {
      expect(unindexed, list).toContain(list);
    }
  });

  it('holds exactly the record pages plus one record per PDF file', () => {
    const entry = JSON.parse(readFileSync(`${SITE_DIR}/pagefind/pagefind-entry.json`, 'utf8')) as { languages: Record<string, { page_count: number }> };
    expect(Object.keys(entry.languages)).toEqual(['zh-cn']);
    const attachments = attachmentOwners(indexed).length;
    expect(attachments).toBeGreaterThan(0);
    expect(entry.languages['zh-cn']?.page_count).toBe(indexed.length + attachments);
  });

  it('counts every type filter value as the pages declare them', async () => {
    const filters = await pagefind.filters();
    for (const type of SEARCH_TYPES) {
      const pages = indexed.filter((p) => p.filters.type?.[0] === type);
      const records = pages.length + attachmentOwners(indexed).filter((o) => o.page.filters.type?.[0] === type).length;
      expect(filters.type?.[type] ?? 0, type).toBe(records);
    }
  });

  it('loses no page when results are sorted by date, and sorts newest first', async () => {
    let total = 0;
    for (const type of SEARCH_TYPES) {
      const results = await allResults(null, { filters: { type }, sort: { [SORT_KEY]: 'desc' } });
      const dates = results.map((r) => r.meta.date ?? '');
      expect(dates.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)), type).toBe(true);
      expect([...dates].sort().reverse(), type).toEqual(dates);
      total += results.length;
    }
    const entry = JSON.parse(readFileSync(`${SITE_DIR}/pagefind/pagefind-entry.json`, 'utf8')) as { languages: Record<string, { page_count: number }> };
    expect(total).toBe(entry.languages['zh-cn']?.page_count);
  });
});

describe('filters and metadata of a result', () => {
  it('a consultation: type, department, document class, policy areas, year, date', async () => {
    const results = await allResults('人民防空工程平时利用管理办法');
    const c = results.find((r) => r.url === '/consultations/renfang-gongcheng-pingshi-liyong/');
    expect(c?.meta.title).toMatch(/^北京市人防办关于对《北京市人民防空工程平时利用管理办法/);
    expect(c?.filters.type).toEqual(['意见征集']);
    expect(c?.filters.department).toEqual(['北京市人民防空办公室']);
    expect(c?.filters.area?.length).toBeGreaterThan(0);
    expect(c?.filters.year).toEqual([c?.meta.date?.slice(0, 4)]);
  });

  it('a catalogue item: 文号, validity, classifications by name', async () => {
    const results = await allResults('交公路规〔2020〕3号');
    const item = results.find((r) => r.url === '/disclosure/items/shoufei-gonglu-lianwang-shoufei-guize-2020/');
    expect(item?.meta.docno).toBe('交公路规〔2020〕3号');
    expect(item?.filters.type).toEqual(['目录文件']);
    expect(item?.filters.validity?.length).toBe(1);
    expect(item?.filters.topic?.length).toBeGreaterThan(0);
    expect(item?.filters.topic?.every((t) => !/^\d+$/.test(t))).toBe(true);
  });

  it('filters narrow the results to the chosen value', async () => {
    const all = await allResults('管理办法');
    const consultations = await allResults('管理办法', { filters: { type: '意见征集' } });
    expect(consultations.length).toBeGreaterThan(0);
    expect(consultations.length).toBeLessThan(all.length);
    expect(consultations.every((r) => r.filters.type?.[0] === '意见征集')).toBe(true);
  });
});

describe('the catalogue’s own search (scoped to the disclosure column)', () => {
  const catalogue = () => JSON.parse(readFileSync(join(SITE_DIR, CATALOGUE_DATA_PATH), 'utf8')) as CatalogueOpenData;
  const catalogueUrls = () => new Set(catalogue().items.map((i) => new URL(i.url).pathname));

  it('marks exactly the pages the catalogue lists, its own documents and the other sections’ alike', () => {
    const marked = indexed.filter((p) => p.filters.column?.[0] === CATALOGUE_COLUMN).map((p) => p.url);
    expect(new Set(marked)).toEqual(catalogueUrls());
    expect(marked.some((u) => u.startsWith('/consultations/'))).toBe(true);
    expect(marked.some((u) => u.startsWith('/disclosure/items/'))).toBe(true);
  });

  it('gives each a 五公开 stage and a 公开方式, the kind’s default unless the file names one', () => {
    const byUrl = new Map(indexed.map((p) => [p.url, p]));
    for (const item of catalogue().items) {
      const page = byUrl.get(new URL(item.url).pathname)!;
      expect(page.filters.disclosure, item.id).toEqual(['主动公开']);
      expect(OPENNESS_STAGES as readonly string[], item.id).toContain(page.filters.openness?.[0]);
    }
    const defaults = catalogue().items.filter((i) => i.kind in DEFAULT_OPENNESS && byUrl.get(new URL(i.url).pathname)?.filters.openness?.[0] === DEFAULT_OPENNESS[i.kind as keyof typeof DEFAULT_OPENNESS]);
    expect(defaults.length).toBeGreaterThan(0);
  });

  it('finds within the catalogue only, narrowed by 五公开 stage', async () => {
    const urls = catalogueUrls();
    const scoped = await allResults('公开', { filters: { column: CATALOGUE_COLUMN } });
    const everywhere = await allResults('公开');
    expect(scoped.length).toBeGreaterThan(0);
    expect(everywhere.length).toBeGreaterThan(scoped.length);
    for (const r of scoped) expect(urls.has(pageOfResult(r.url)), r.url).toBe(true);
    const decisions = await allResults('公开', { filters: { column: CATALOGUE_COLUMN, openness: '决策公开' } });
    expect(decisions.length).toBeGreaterThan(0);
    expect(decisions.length).toBeLessThan(scoped.length);
  });

  it('is offered on the column’s home as a form the search page reads', () => {
    const form = readPage('/disclosure/').querySelector('main form.catalogue-search');
    expect(form?.getAttribute('action')).toBe(SEARCH_PAGE_PATH);
    expect(form?.getAttribute('method')).toBe('get');
    const params = new URLSearchParams({ q: '收费公路' });
    for (const input of form?.querySelectorAll('input[type="hidden"]') ?? []) params.set(input.getAttribute('name')!, input.getAttribute('value')!);
    params.set(form!.querySelector('select')!.getAttribute('name')!, '管理公开');
    expect(searchStateFromParams(params).filters).toEqual({ column: [CATALOGUE_COLUMN], openness: ['管理公开'] });
    expect(form?.querySelectorAll('select option').map((o) => o.getAttribute('value'))).toEqual(['', ...OPENNESS_STAGES]);
  });
});

describe('best bets', () => {
  it('lists every catalogue topic and water body, each leading to a page of the build', () => {
    const bets: unknown = JSON.parse(readFileSync(join(SITE_DIR, BEST_BETS_PATH), 'utf8'));
    expect(isBestBetList(bets)).toBe(true);
    const list = bets as BestBet[];
    const catalogue = JSON.parse(readFileSync(join(SITE_DIR, CATALOGUE_DATA_PATH), 'utf8')) as CatalogueOpenData;
    for (const node of catalogue.trees.topics) expect(list.some((b) => b.name === node.name && b.href === `/disclosure/topics/${node.code}/`), node.code).toBe(true);
    expect(list.some((b) => b.href.startsWith('/remediation/water-bodies/'))).toBe(true);
    for (const b of list) expect(existsSync(join(SITE_DIR, b.href, 'index.html')), b.href).toBe(true);
  });
});

describe('attachments', () => {
  it('a phrase only in a PDF leads to the page that offers it, with the page filters', async () => {
    const results = await allResults('南水北调');
    const record = results.find((r) => r.meta.title?.startsWith('附件：'));
    expect(record).toBeDefined();
    expect(pageOfResult(record?.url ?? '')).toBe('/consultations/jumin-jieti-shuijia-tiaozheng/');
    expect(record?.url).toContain('#:~:text=');
    expect(record?.meta.title).toMatch(/^附件：关于《北京市居民用水阶梯价格调整方案.*》的起草说明 — 北京市发展和改革委员会/);
    expect(record?.meta.attachment).toBe('/files/consultations/jumin-jieti-shuijia-tiaozheng-fang-an-shuoming.pdf');
    const page = indexed.find((p) => p.url === '/consultations/jumin-jieti-shuijia-tiaozheng/');
    expect(record?.filters).toEqual(page?.filters);
    expect(record?.meta.date).toBe(page?.date);
  });
});

describe('what stays out of the text', () => {
  it('header, footer and navigation words find nothing', async () => {
    for (const chrome of ['网站标识码', '长者模式', '政府信息公开栏目导航']) {
      const results = await allResults(chrome);
      expect(results.map((r) => r.url), chrome).toEqual([]);
    }
  });
  it('indexed text is the main content: no header, footer, column guide, comment channels or related lists', async () => {
    const site = loadSiteConfig(process.cwd());
    const consultation = (await allResults('人民防空工程平时利用管理办法')).find((r) => r.url === '/consultations/renfang-gongcheng-pingshi-liyong/');
    const item = (await allResults('收费公路联网收费运营和服务规则')).find((r) => r.url === '/disclosure/items/shoufei-gonglu-lianwang-shoufei-guize-2020/');
    for (const r of [consultation, item]) {
      const text = r?.content ?? '';
      expect(text).toContain('第一');
      for (const chrome of [site.sponsor, site.icp, '网站标识码', '当前位置', '最后更新']) expect(text, chrome).not.toContain(chrome);
    }
    expect(consultation?.content).not.toContain('意见提交渠道');
    expect(item?.content).not.toContain('政府信息公开栏目导航');
    expect(item?.content).not.toContain('相关解读');
  });
});

describe('the search page without JavaScript', () => {
  const page = () => readPage('/search/');
  it('shows the notice with the column pages and keeps the search UI hidden', () => {
    const notice = page().querySelector('[data-search-nojs]');
    expect(textOf(notice)).toContain('需要浏览器启用 JavaScript');
    const links = notice?.querySelectorAll('a').map((a) => a.getAttribute('href')) ?? [];
    expect(links).toEqual(expect.arrayContaining(['/disclosure/', '/consultations/', '/notices/']));
    expect(page().querySelector('[data-search]')?.hasAttribute('hidden')).toBe(true);
    expect(page().querySelector('main')?.hasAttribute('data-pagefind-body')).toBe(false);
  });
  it('offers the configured hot words and frequent title words as search links, no word twice', () => {
    const site = loadSiteConfig(process.cwd());
    const words = page().querySelectorAll('[data-search-word]').map((a) => a.getAttribute('data-search-word') ?? '');
    expect(words.slice(0, site.hotWords.length)).toEqual(site.hotWords);
    expect(words.length).toBeGreaterThan(site.hotWords.length);
    expect(new Set(words).size).toBe(words.length);
    const first = page().querySelector('[data-search-word]');
    expect(first?.getAttribute('href')).toBe(`/search/?q=${encodeURIComponent(site.hotWords[0] ?? '').replace(/%20/g, '+')}`);
  });
  it('every page has the header search box: a GET form to /search/ with q', () => {
    for (const path of ['/', '/consultations/', '/disclosure/items/shoufei-gonglu-lianwang-shoufei-guize-2020/']) {
      const form = readPage(path).querySelector('header form[role="search"]');
      expect(form?.getAttribute('action'), path).toBe('/search/');
      expect(form?.getAttribute('method'), path).toBe('get');
      const input = form?.querySelector('input[name="q"]');
      expect(input?.getAttribute('id')).toBeTruthy();
      expect(form?.querySelector(`label[for="${input?.getAttribute('id')}"]`)).not.toBeNull();
    }
  });
});
