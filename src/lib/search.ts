/**
 * Site search rules shared by the pages that declare their search record
 * (src/components/SearchRecord.astro), the indexing step (src/build/search-index.ts)
 * and the search page's script (src/scripts/search.ts). Pure: no Astro, no DOM.
 */
import { isCalendarDate, type CalendarDate } from './time.ts';

/** What kind of page a result is: the first filter of every indexed page. */
export const SEARCH_TYPES = ['意见征集', '征集反馈', '目录文件', '政策解读', '办事指南', '通知公告', '专题', '治理进展', '年度报告', '公开指南'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

/**
 * Pagefind filter keys, in the order the search page shows them. Keys are ASCII
 * (they travel in URLs); values are the Chinese names visitors read.
 */
export const FILTER_KEYS = ['column', 'type', 'department', 'kind', 'area', 'topic', 'industry', 'organisation', 'openness', 'disclosure', 'year', 'validity'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export const FILTER_LABELS: Readonly<Record<FilterKey, string>> = {
  column: '栏目',
  type: '信息类型',
  department: '发布部门',
  kind: '文件类别',
  area: '政策领域',
  topic: '主题分类',
  industry: '行业分类',
  organisation: '机构分类',
  openness: '五公开属性',
  disclosure: '公开方式',
  year: '年份',
  validity: '有效性',
};

/** The `column` value of every page listed in the disclosure catalogue: the search box on /disclosure/ is scoped to it. */
export const CATALOGUE_COLUMN = '政府信息公开';

/** The one sort key every indexed page carries; Pagefind drops pages without it from sorted results. */
export const SORT_KEY = 'date';

/** Meta field the indexer adds: the title's words separated by spaces (src/build/search-index.ts says why). */
export const TITLE_WORDS_META = 'titlewords';

/**
 * Options the search page gives Pagefind (the recall test uses the same).
 * Title words weigh like the title (5×, Pagefind's default for `title`, which
 * Chinese queries never match as one unsegmented run); the attachment file path
 * gives no boost.
 */
export const PAGEFIND_OPTIONS = {
  excerptLength: 40,
  ranking: { metaWeights: { title: 5, [TITLE_WORDS_META]: 5, attachment: 0 } },
} as const;

/** Attribute that marks the element holding a page's search record (see SearchRecord.astro). */
export const SEARCH_RECORD_ATTRIBUTE = 'data-search-record';

/** What one page declares about itself for search. */
export interface SearchRecord {
  type: SearchType;
  /** Publication (or latest update) date: the date sort key, the year filter and the date shown in results. */
  date: CalendarDate;
  department?: string | undefined;
  /** Finer document class: 规章, 行政规范性文件, 预警信息… */
  kind?: string | undefined;
  /** 政策领域 (consultations and their feedback). */
  areas?: readonly string[] | undefined;
  /** Catalogue classification names (主题 / 行业 / 机构). */
  topics?: readonly string[] | undefined;
  industries?: readonly string[] | undefined;
  organisations?: readonly string[] | undefined;
  /** 有效 / 已修改 / 失效 / 废止 (catalogue items). */
  validity?: string | undefined;
  /** 文号, e.g. 交公路规〔2020〕3号: searchable metadata. */
  documentNumber?: string | undefined;
  /** The page's entry in the disclosure catalogue (its 五公开 stage and 公开方式), when it is listed there. */
  catalogue?: { openness: string; disclosure: string } | undefined;
}

export type SearchFilters = Partial<Record<FilterKey, string[]>>;

function values(list: readonly (string | undefined)[] | undefined): string[] {
  const out: string[] = [];
  for (const v of list ?? []) {
    const t = v?.trim();
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}

/** The filter values a record gives its page (empty keys left out). Throws on a record no page may carry. */
export function searchFilters(record: SearchRecord): SearchFilters {
  if (!(SEARCH_TYPES as readonly string[]).includes(record.type)) throw new Error(`Unknown search type ${record.type}`);
  if (!isCalendarDate(record.date)) throw new Error(`Search record date must be YYYY-MM-DD, got ${JSON.stringify(record.date)}`);
  const all: Record<FilterKey, string[]> = {
    column: record.catalogue ? [CATALOGUE_COLUMN] : [],
    type: [record.type],
    department: values([record.department]),
    kind: values([record.kind]),
    area: values(record.areas),
    topic: values(record.topics),
    industry: values(record.industries),
    organisation: values(record.organisations),
    openness: values([record.catalogue?.openness]),
    disclosure: values([record.catalogue?.disclosure]),
    year: [record.date.slice(0, 4)],
    validity: values([record.validity]),
  };
  const filters: SearchFilters = {};
  for (const key of FILTER_KEYS) if (all[key].length > 0) filters[key] = all[key];
  return filters;
}

/** Metadata returned with each result besides the title Pagefind takes from the page's h1. */
export function searchMeta(record: SearchRecord): Record<string, string> {
  const meta: Record<string, string> = { date: record.date };
  const number = record.documentNumber?.trim();
  if (number) meta.docno = number;
  return meta;
}

/** Longest query the search page sends (a pasted paragraph would only slow the search down). */
export const MAX_QUERY_LENGTH = 100;

const QUOTES = /["'“”‘’「」『』]/g;

/**
 * The query as sent to Pagefind: NFKC folds full-width letters, digits and
 * punctuation to half-width (Pagefind indexes ２０２０ and 2020 as different
 * words), letters are lower-cased, quotes dropped (a quoted query switches
 * Pagefind to exact-phrase mode, which finds nothing in segmented Chinese),
 * and runs of white space become one space.
 */
export function normalizeQuery(query: string): string {
  return query.normalize('NFKC').toLowerCase().replace(QUOTES, ' ').replace(/\s+/g, ' ').trim().slice(0, MAX_QUERY_LENGTH).trim();
}

const OPENING_BRACKETS = /[〔【〖［[（(]/g;
const CLOSING_BRACKETS = /[〕】〗］\]）)]/g;

/**
 * Text compared for title-only search: the query normalisation, plus every kind
 * of bracket made one (文号 are written 〔2020〕, [2020] or (2020)) and white
 * space removed.
 */
export function normalizeForMatch(text: string): string {
  return normalizeQuery(text).replace(OPENING_BRACKETS, '(').replace(CLOSING_BRACKETS, ')').replace(/\s+/g, '');
}

/** The terms a title must all contain in title-only search: the normalised query split at spaces. */
export function titleTerms(query: string): string[] {
  return normalizeQuery(query)
    .split(' ')
    .map(normalizeForMatch)
    .filter((t) => t.length > 0);
}

/**
 * Title-only search. Pagefind has no field-restricted search, so the search page
 * searches the full text and keeps the results whose title contains every term.
 */
export function titleMatches(title: string, terms: readonly string[]): boolean {
  if (terms.length === 0) return false;
  const t = normalizeForMatch(title);
  return terms.every((term) => t.includes(term));
}

/** Search page options as they appear in its URL (/search/?q=…&sort=date&scope=title&years=all&type=…). */
export interface SearchState {
  query: string;
  sort: 'relevance' | 'date';
  scope: 'all' | 'title';
  /** Which years: the recent ones (the main index bundle, see src/lib/search-bundles.ts) or all. */
  years: 'recent' | 'all';
  filters: SearchFilters;
}

export function searchStateFromParams(params: URLSearchParams): SearchState {
  const filters: SearchFilters = {};
  for (const key of FILTER_KEYS) {
    const v = params.get(key)?.trim();
    if (v) filters[key] = [v];
  }
  return {
    query: (params.get('q') ?? '').slice(0, MAX_QUERY_LENGTH * 2),
    sort: params.get('sort') === 'date' ? 'date' : 'relevance',
    scope: params.get('scope') === 'title' ? 'title' : 'all',
    years: params.get('years') === 'all' ? 'all' : 'recent',
    filters,
  };
}

/** The query string of a state; defaults are left out so shared links stay short. */
export function searchStateToParams(state: SearchState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.query) params.set('q', state.query);
  if (state.sort === 'date') params.set('sort', 'date');
  if (state.scope === 'title') params.set('scope', 'title');
  if (state.years === 'all') params.set('years', 'all');
  for (const key of FILTER_KEYS) {
    const v = state.filters[key]?.[0];
    if (v) params.set(key, v);
  }
  return params;
}

/** The search page. */
export const SEARCH_PAGE_PATH = '/search/';

/** The part of a Pagefind result that title-only search uses. */
export interface TitleCandidate<D> {
  /** Metadata fields the query matched (Pagefind ≥ 1.5). */
  matchedMetaFields?: string[] | undefined;
  data(): Promise<D>;
}

export interface TitleSearch<R extends TitleCandidate<D>, D> {
  /** Results not checked yet, best first. */
  unchecked: R[];
  /** Results whose title contains every term, with their data, in result order. */
  matches: { result: R; data: D }[];
}

/** Results whose titles are checked per step (each check loads one small file). */
export const TITLE_BATCH = 20;

/**
 * Results narrowed by a rule Pagefind cannot apply itself (it has no
 * field-restricted or exact-phrase search in segmented Chinese): the page
 * searches the full text and keeps the results whose data passes `keep`. Only
 * results that pass `candidate` (known without loading their data) are loaded.
 * Attachment records are left out (their page is the result). Checks in batches
 * until `wanted` matches are known or none are left; returns false when
 * `current()` turns false meanwhile (a newer search started).
 */
export async function findMatches<R extends TitleCandidate<D>, D extends { meta: Record<string, string | undefined> }>(
  search: TitleSearch<R, D>,
  keep: (data: D) => boolean,
  wanted: number,
  current: () => boolean = () => true,
  candidate: (result: R) => boolean = () => true,
): Promise<boolean> {
  while (search.matches.length < wanted && search.unchecked.length > 0) {
    const batch = search.unchecked.splice(0, TITLE_BATCH).filter(candidate);
    const data = await Promise.all(batch.map((r) => r.data()));
    if (!current()) return false;
    batch.forEach((result, i) => {
      const d = data[i];
      if (d && !d.meta.attachment && keep(d)) search.matches.push({ result, data: d });
    });
  }
  return true;
}

/**
 * Title-only search: the results whose title contains every query term (after
 * the same normalisation as the query). Only results whose title words matched
 * the query in Pagefind's metadata search are loaded: the others cannot have the
 * terms in their title.
 */
export function findTitleMatches<R extends TitleCandidate<D>, D extends { meta: Record<string, string | undefined> }>(
  search: TitleSearch<R, D>,
  terms: readonly string[],
  wanted: number,
  current: () => boolean = () => true,
): Promise<boolean> {
  return findMatches(search, (d) => titleMatches(d.meta.title ?? '', terms), wanted, current, (r) => r.matchedMetaFields?.includes(TITLE_WORDS_META) === true);
}

/**
 * A query that is a 文号, in any of the forms people type: 交公路规〔2020〕3号,
 * [2020], （2020）, (2020), with or without 第, or 交通运输部令2020年第5号. Returns
 * the form compared with pages (normalizeForMatch), or undefined for any other query.
 */
export function documentNumberKey(query: string): string | undefined {
  const key = normalizeForMatch(query);
  if (/^[^()\s]{1,30}\(\d{4}\)第?\d{1,5}号$/.test(key)) return key;
  if (/^[^()\s]{1,30}\d{4}年第?\d{1,5}号$/.test(key)) return key;
  return undefined;
}

/**
 * How a page answers a 文号 query: 0 it is the document (its 文号 field), 1 its
 * title cites it, 2 its text does; undefined when it holds only some of the
 * number's characters (a loose match, not shown as if relevant).
 */
export function documentNumberRank(key: string, data: { content?: string | undefined; meta: Record<string, string | undefined> }): 0 | 1 | 2 | undefined {
  if (data.meta.docno && normalizeForMatch(data.meta.docno) === key) return 0;
  if (normalizeForMatch(data.meta.title ?? '').includes(key)) return 1;
  if (normalizeForMatch(data.content ?? '').includes(key)) return 2;
  return undefined;
}

/** Matches of a 文号 query in the order they answer it: the document itself, then titles citing it, then texts, each in result order. */
export function byDocumentNumberRank<T extends { data: { content?: string | undefined; meta: Record<string, string | undefined> } }>(key: string, matches: readonly T[]): T[] {
  return matches
    .map((m, i) => ({ m, i, rank: documentNumberRank(key, m.data) ?? 3 }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map((x) => x.m);
}
