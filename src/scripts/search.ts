/**
 * The search page (/search/): a small UI over Pagefind's JS API (not Pagefind's
 * default UI, which is too heavy). State lives in the URL: typing replaces the
 * history entry, a submitted search, an option or a filter adds one, and the
 * back button restores it (popstate).
 *
 * Markup: src/pages/search.astro. Rules (normalisation, title matching, URL
 * format): src/lib/search.ts.
 *
 * A large site's index is in bundles by years (src/lib/search-bundles.ts): the
 * main one is searched by default, archive bundles are merged in (mergeIndex)
 * when a search needs them, and the status line says which years were searched.
 */
import {
  FILTER_KEYS,
  FILTER_LABELS,
  PAGEFIND_OPTIONS,
  SORT_KEY,
  byDocumentNumberRank,
  documentNumberKey,
  documentNumberRank,
  findMatches,
  findTitleMatches,
  normalizeQuery,
  searchStateFromParams,
  searchStateToParams,
  titleTerms,
  type FilterKey,
  type SearchState,
  type TitleSearch,
} from '../lib/search.ts';
import {
  BUNDLE_FILTER,
  MAIN_BUNDLE_PATH,
  MANIFEST_FILE,
  NOTHING_LEFT_OUT,
  bundleAnswer,
  bundleOfYear,
  bundlesToSearch,
  describeScope,
  formatCount,
  isSearchManifest,
  mergeByRelevance,
  type ScopeDescription,
  type SearchBundle,
  type SearchManifest,
} from '../lib/search-bundles.ts';
import { formatChineseDate } from '../lib/time.ts';
import { readableExcerpt } from '../lib/search-excerpt.ts';
import { BEST_BETS_PATH, bestBetsFor, isBestBetList, type BestBet } from '../lib/best-bets.ts';

interface ResultData {
  url: string;
  /** The page's indexed text. */
  content: string;
  excerpt: string;
  meta: Record<string, string | undefined>;
  filters: Record<string, string[] | undefined>;
}
interface Result {
  id: string;
  score: number;
  /** Metadata fields the query matched (Pagefind ≥ 1.5). */
  matchedMetaFields?: string[];
  data(): Promise<ResultData>;
}
type Counts = Record<string, Record<string, number>>;
interface SearchResponse {
  results: Result[];
  filters: Counts;
  /** Counts for the query without filters. */
  totalFilters?: Counts;
}
type FilterValue = string | { any: string[] };
interface SearchOptions {
  filters?: Record<string, FilterValue>;
  sort?: Record<string, 'asc' | 'desc'>;
}
interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  mergeIndex(path: string, options: Record<string, unknown>): Promise<void>;
  search(term: string | null, options?: SearchOptions): Promise<SearchResponse>;
  /** Loads the index chunks a search for the term would read, without searching. */
  preload(term: string, options?: SearchOptions): Promise<void>;
  filters(): Promise<Counts>;
}
interface PagefindModule extends Pagefind {
  /** Loads the WebAssembly and the metadata (otherwise the first search or preload does). */
  init(): Promise<void>;
  createInstance(options: Record<string, unknown>): Pagefind;
}
/**
 * A Pagefind instance and the bundles in it. The recent one holds the main bundle
 * only, so that a search of the recent years never reads (or downloads) archive
 * files; the wide one, made when a search first needs an archive, holds the main
 * bundle and the archives merged so far, and keeps each search to its bundles
 * with the bundle filter.
 */
interface World {
  api: Pagefind;
  /** Archive bundles merged (or being merged), by index in manifest.bundles. */
  merged: Map<number, Promise<void>>;
  /** Pagefind's filter files are loaded for every bundle in it, so searches return counts. */
  counting: boolean;
}

const BUNDLE = `${MAIN_BUNDLE_PATH}pagefind.js`;
const MANIFEST = `${MAIN_BUNDLE_PATH}${MANIFEST_FILE}`;
const PAGE_SIZE = 10;
const TYPING_DELAY_MS = 300;

const $ = <T extends Element>(selector: string) => document.querySelector<T>(selector);
const ui = $<HTMLElement>('[data-search]');
const form = $<HTMLFormElement>('[data-search-form]');
const input = $<HTMLInputElement>('#search-q');
const status = $<HTMLElement>('[data-search-status]');
const list = $<HTMLOListElement>('[data-search-results]');
const resultsSection = $<HTMLElement>('[data-search-results-section]');
const more = $<HTMLButtonElement>('[data-search-more]');
const filterBox = $<HTMLDetailsElement>('[data-search-filters]');
const filterFields = $<HTMLElement>('[data-search-filter-fields]');
const filterCount = $<HTMLElement>('[data-search-filter-count]');
const hot = $<HTMLElement>('[data-search-hot]');
const noJs = $<HTMLElement>('[data-search-nojs]');
const yearsBox = $<HTMLElement>('[data-search-years]');
const scopeBox = $<HTMLElement>('[data-search-scope]');
const suggest = $<HTMLElement>('[data-search-suggest]');
const betsBox = $<HTMLElement>('[data-search-bets]');
const betsList = $<HTMLUListElement>('[data-search-bets-list]');
const suggestLink = $<HTMLAnchorElement>('[data-search-suggest-link]');
const scopeText = $<HTMLElement>('[data-search-scope-text]');
const allYearsButton = $<HTMLButtonElement>('[data-search-all-years]');

/** Pagefind and the bundle manifest, loaded once (started when the page opens, so the first search does not wait long). */
let pagefindReady: Promise<World> | undefined;
let wideWorld: World | undefined;
/** The index bundles (one on a small site) and every filter value with its count over the whole site. */
let manifest: SearchManifest | undefined;
/** The counts of every filter value are wanted (the filters were opened, or a link has one): Pagefind loads its filter files for each bundle searched. */
let filtersWanted = false;
let filtersReady: Promise<void> | undefined;
/** Bundles the last search read (indexes in manifest.bundles), and what the status line says about them. */
let searchedBundles: number[] = [0];
let lastScope: { scope: ScopeDescription; widenedFrom: string } = { scope: NOTHING_LEFT_OUT, widenedFrom: '' };
let state: SearchState = searchStateFromParams(new URLSearchParams(location.search));
/** Bumped by every search; an answer for an older one is dropped. */
let generation = 0;
let typingTimer: ReturnType<typeof setTimeout> | undefined;

/** What is listed: result handles in order, and how many are shown. */
let shown = 0;
let candidates: Result[] = [];
/** Title-only: the handles not checked yet, and the title matches found (with their data). */
let titles: TitleSearch<Result, ResultData> = { unchecked: [], matches: [] };
/** A 文号 query found no page holding the whole number: the plain results are shown, said to be loose. */
let docnoFallback = false;

/**
 * How the results are narrowed: title-only, a 文号 query (pages holding the whole number,
 * the document itself first), or not at all.
 */
type Mode = 'all' | 'title' | 'docno' | 'docno-none';
function currentMode(): Mode {
  if (normalizeQuery(state.query) === '') return 'all';
  if (state.scope === 'title') return 'title';
  if (documentNumberKey(state.query) !== undefined) return docnoFallback ? 'docno-none' : 'docno';
  return 'all';
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function resultItem(data: ResultData): HTMLLIElement {
  const item = el('li', 'search-result');
  const heading = el('h3', 'search-result__title');
  const link = el('a', undefined, data.meta.title ?? data.url);
  link.href = data.url;
  heading.append(link);
  // The result's own line: what it is, who published it and when, each labelled.
  const meta = el('p', 'search-result__meta');
  const type = data.filters.type?.[0];
  if (type) meta.append(el('span', 'badge badge--info', type));
  const department = data.filters.department?.[0];
  if (department) meta.append(el('span', undefined, `发布机构：${department}`));
  const docno = data.meta.docno;
  if (docno) meta.append(el('span', undefined, `文号：${docno}`));
  const date = data.meta.date;
  if (date) {
    const span = el('span', undefined, '发布日期：');
    const time = el('time', undefined, formatChineseDate(date));
    time.dateTime = date;
    span.append(time);
    meta.append(span);
  }
  item.append(heading, meta);
  const parts = readableExcerpt({ content: data.content ?? '', title: data.meta.title, pagefindExcerpt: data.excerpt ?? '', query: normalizeQuery(state.query) });
  if (parts.length > 0) {
    const excerpt = el('p', 'search-result__excerpt');
    excerpt.append(...parts.map((p) => (p.marked ? el('mark', undefined, p.text) : document.createTextNode(p.text))));
    item.append(excerpt);
  }
  return item;
}

function announce(text: string): void {
  if (status) status.textContent = text;
}

function activeFilters(except?: FilterKey): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const value = state.filters[key]?.[0];
    if (value && key !== except) out[key] = value;
  }
  return out;
}

/** Every value of a filter over the whole site, with its number of records. */
function siteValues(key: FilterKey): Record<string, number> {
  return manifest?.filterValues[key] ?? {};
}

/** One select per filter key the site has, options in the order of their overall counts (years newest first). */
function buildFilterFields(): void {
  if (!filterFields || !filterBox) return;
  filterFields.replaceChildren();
  for (const key of FILTER_KEYS) {
    const values = Object.keys(siteValues(key));
    if (values.length < 2) continue;
    const field = el('div', 'form-field');
    const label = el('label', 'form-label', FILTER_LABELS[key]);
    label.htmlFor = `filter-${key}`;
    const select = el('select');
    select.id = `filter-${key}`;
    select.name = key;
    select.dataset.filterKey = key;
    field.append(label, select);
    filterFields.append(field);
  }
  filterBox.hidden = filterFields.childElementCount === 0;
}

function sortedValues(key: FilterKey): string[] {
  const totals = siteValues(key);
  const values = Object.keys(totals);
  if (key === 'year') return values.sort().reverse();
  return values.sort((a, b) => (totals[b] ?? 0) - (totals[a] ?? 0) || (a < b ? -1 : 1));
}

/**
 * Counts are for the years searched: a value with none there is left out when
 * every year was searched, and shown with （0） otherwise (it may have records in
 * other years). Years whose bundle was not searched show no count.
 */
function updateFilterFields(counts: Counts | undefined, complete = true): void {
  if (!filterFields) return;
  let active = 0;
  for (const select of filterFields.querySelectorAll<HTMLSelectElement>('select')) {
    const key = select.dataset.filterKey as FilterKey;
    const selected = state.filters[key]?.[0] ?? '';
    if (selected) active++;
    const options = [new Option('全部', '')];
    for (const value of sortedValues(key)) {
      const unknown = key === 'year' && manifest !== undefined && !searchedBundles.includes(bundleOfYear(manifest.bundles, Number(value)));
      const known = counts?.[key];
      const count = unknown || !known ? undefined : (known[value] ?? 0);
      if (count === 0 && complete && value !== selected) continue;
      options.push(new Option(count === undefined ? value : `${value}（${count}）`, value));
    }
    select.replaceChildren(...options);
    select.value = selected;
    // A filter none of the current results has would only offer 全部.
    const field = select.parentElement;
    if (field) field.hidden = options.length < 2 && !selected;
  }
  if (filterCount) filterCount.textContent = active > 0 ? `（已选 ${active} 项）` : '';
  if (filterBox && active > 0) filterBox.open = true;
}

function applyStateToControls(): void {
  if (input) input.value = state.query;
  for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="sort"], input[name="scope"], input[name="years"]')) {
    radio.checked = radio.value === (radio.name === 'sort' ? state.sort : radio.name === 'scope' ? state.scope : state.years);
  }
  updateFilterFields(undefined);
}

function setUrl(mode: 'push' | 'replace'): void {
  const query = searchStateToParams(state).toString();
  const url = `${location.pathname}${query ? `?${query}` : ''}`;
  if (url === `${location.pathname}${location.search}`) return;
  if (mode === 'push') history.pushState(null, '', url);
  else history.replaceState(null, '', url);
}

async function showMore(run: number, moveFocus: boolean): Promise<void> {
  if (!list || !more) return;
  const start = shown;
  const mode = currentMode();
  const current = () => run === generation;
  let data: ResultData[];
  if (mode === 'title') {
    if (!(await findTitleMatches(titles, titleTerms(state.query), shown + PAGE_SIZE, current))) return;
    data = titles.matches.slice(shown, shown + PAGE_SIZE).map((m) => m.data);
  } else if (mode === 'docno') {
    const key = documentNumberKey(state.query)!;
    if (!(await findMatches(titles, (d) => documentNumberRank(key, d) !== undefined, shown + PAGE_SIZE, current))) return;
    if (shown === 0) titles.matches = byDocumentNumberRank(key, titles.matches);
    if (titles.matches.length === 0 && titles.unchecked.length === 0) {
      // No page holds the whole number: show what Pagefind found, said to be loose.
      docnoFallback = true;
      return showMore(run, moveFocus);
    }
    data = titles.matches.slice(shown, shown + PAGE_SIZE).map((m) => m.data);
  } else {
    data = await Promise.all(candidates.slice(shown, shown + PAGE_SIZE).map((r) => r.data()));
    if (!current()) return;
  }
  list.append(...data.map(resultItem));
  shown += data.length;
  more.hidden = mode === 'title' || mode === 'docno' ? shown >= titles.matches.length && titles.unchecked.length === 0 : shown >= candidates.length;
  if (moveFocus) list.children[start]?.querySelector('a')?.focus();
}

interface Scoped {
  results: Result[];
  counts: Counts;
}

function sumCounts(list: readonly Counts[]): Counts {
  const out: Counts = {};
  for (const counts of list) {
    for (const [key, values] of Object.entries(counts)) {
      const into = (out[key] ??= {});
      for (const [value, n] of Object.entries(values)) into[value] = (into[value] ?? 0) + n;
    }
  }
  return out;
}

/** A filter that keeps a search to some bundles; none is needed when the instance holds no other. */
function bundleFilter(world: World, indices: readonly number[]): Record<string, FilterValue> {
  const m = manifest;
  if (!m || [0, ...world.merged.keys()].every((i) => indices.includes(i))) return {};
  return { [BUNDLE_FILTER]: { any: indices.map((i) => m.bundles[i]?.id ?? '') } };
}

/**
 * The wide instance, made once: when a search first needs an archive, or
 * earlier while the visitor reads (see prepareWideInstance), so that a later
 * search of older years only waits for the archive's own files.
 */
async function wideInstance(m: SearchManifest): Promise<World> {
  if (!wideWorld) {
    const module = (await import(/* @vite-ignore */ BUNDLE)) as PagefindModule;
    wideWorld ??= { api: module.createInstance({ ...PAGEFIND_OPTIONS, noWorker: true, mergeFilter: { [BUNDLE_FILTER]: m.bundles[0]?.id } }), merged: new Map(), counting: false };
  }
  return wideWorld;
}

/** The instance for a search of some bundles: the recent one for the main bundle alone, else the wide one. */
async function worldFor(indices: readonly number[]): Promise<World> {
  const recent = await loadPagefind();
  const m = manifest;
  if (!m || (indices.length === 1 && indices[0] === 0)) return recent;
  const world = await wideInstance(m);
  const waits = indices
    .filter((i) => i > 0)
    .map((i) => {
      let merging = world.merged.get(i);
      const bundle = m.bundles[i];
      if (!merging && bundle) {
        merging = world.api.mergeIndex(bundle.path, { ...PAGEFIND_OPTIONS, mergeFilter: { [BUNDLE_FILTER]: bundle.id } });
        world.merged.set(i, merging);
        world.counting = false;
      }
      return merging;
    });
  try {
    await Promise.all(waits);
  } catch (error) {
    // Pagefind keeps a bundle that failed to load in the instance, and every later
    // search of it would fail too: the next search starts a new wide instance.
    if (wideWorld === world) wideWorld = undefined;
    throw error;
  }
  return world;
}

/** Loads Pagefind's filter files of every bundle in an instance (each file once), when counts are wanted. */
async function countIn(world: World): Promise<void> {
  if (!filtersWanted || world.counting) return;
  await world.api.filters();
  world.counting = true;
}

/**
 * Searches some bundles, each apart: by relevance their results are merged with
 * scores brought to common word statistics (mergeByRelevance); by date, since
 * bundles hold disjoint spans of years (newest first), each bundle's date order in turn.
 */
async function searchBundles(world: World, term: string, filters: Record<string, string>, indices: readonly number[], byDate: boolean): Promise<Scoped> {
  const sort = byDate ? { sort: { [SORT_KEY]: 'desc' as const } } : {};
  const bundles = manifest?.bundles ?? [];
  if (indices.length <= 1) {
    const response = await world.api.search(term || null, { filters: { ...filters, ...bundleFilter(world, indices) }, ...sort });
    return { results: response.results, counts: response.filters };
  }
  const parts: SearchResponse[] = [];
  for (const i of indices) parts.push(await world.api.search(term || null, { filters: { ...filters, ...bundleFilter(world, [i]) }, ...sort }));
  const results = byDate
    ? parts.flatMap((p) => p.results)
    : mergeByRelevance(parts.map((p, k) => bundleAnswer(bundles[indices[k] as number] as SearchBundle, p)));
  return { results, counts: sumCounts(parts.map((p) => p.filters)) };
}

function describe(count: number, mode: Mode, complete: boolean, scope: ScopeDescription, widenedFrom: string): string {
  const q = normalizeQuery(state.query);
  const filtered = Object.keys(activeFilters()).length > 0;
  const notes = [scope.years && `${scope.years}发布`, count === 0 && widenedFrom && '已搜索全部年份', filtered && '已按筛选条件'].filter(Boolean).join('，');
  const note = notes ? `（${notes}）` : '';
  if (mode === 'title' && count === 0 && complete && candidates.length > 0) return `标题中没有含有“${q}”的信息${note}。`;
  if (count === 0) {
    return q
      ? `没有找到与“${q}”相关的信息${note}。请检查关键词，减少或更换关键词${filtered ? '，或取消筛选条件' : ''}。`
      : `没有符合筛选条件的信息${note}。`;
  }
  const widened = widenedFrom ? `${widenedFrom}发布的信息中没有找到，已搜索全部年份：` : '';
  if (mode === 'title') return complete ? `${widened}标题中含有“${q}”的信息共 ${count} 条${note}。` : `${widened}已找到 ${count} 条标题中含有“${q}”的信息${note}，可点击“显示更多结果”继续查找。`;
  if (mode === 'docno') return complete ? `${widened}找到 ${count} 条含有文号“${q}”的信息${note}，文号相符的文件排在最前。` : `${widened}已找到 ${count} 条含有文号“${q}”的信息${note}，可点击“显示更多结果”继续查找。`;
  if (mode === 'docno-none') return `${widened}没有找到文号为“${q}”的文件${note}；以下 ${count} 条信息只含有其中的部分字词。`;
  return q ? `${widened}找到 ${count} 条与“${q}”相关的信息${note}。` : `${widened}符合筛选条件的信息共 ${count} 条${note}。`;
}

let bestBets: Promise<BestBet[]> | undefined;

/** The site's section and topic pages, loaded once; none when the file cannot be read (search still works). */
function loadBestBets(): Promise<BestBet[]> {
  bestBets ??= fetch(BEST_BETS_PATH)
    .then((r) => (r.ok ? r.json() : []))
    .then((v: unknown) => (isBestBetList(v) ? v : []))
    .catch(() => []);
  return bestBets;
}

/** Section and topic pages the query names, above the results. */
async function showBestBets(run: number): Promise<void> {
  if (!betsBox || !betsList) return;
  const query = normalizeQuery(state.query);
  const bets = query ? bestBetsFor(query, await loadBestBets()) : [];
  if (run !== generation) return;
  betsList.replaceChildren(
    ...bets.map((bet) => {
      const item = el('li');
      const link = el('a', undefined, bet.name);
      link.href = bet.href;
      item.append(link, ' ', el('span', 'badge badge--info', bet.label));
      return item;
    }),
  );
  betsBox.hidden = bets.length === 0;
}

function announceResults(scope: ScopeDescription, widenedFrom: string): void {
  const mode = currentMode();
  const narrowed = mode === 'title' || mode === 'docno';
  const count = narrowed ? titles.matches.length : candidates.length;
  const complete = titles.unchecked.length === 0;
  announce(describe(count, mode, complete, scope, widenedFrom));
  showSuggestion(mode, count, complete);
}

/** Title-only search that found nothing in titles: one link to the full-text results, with their number. */
function showSuggestion(mode: Mode, count: number, complete: boolean): void {
  if (!suggest || !suggestLink) return;
  const offer = mode === 'title' && count === 0 && complete && candidates.length > 0;
  suggest.hidden = !offer;
  if (!offer) return;
  suggestLink.textContent = `查看全文中与“${normalizeQuery(state.query)}”相关的 ${formatCount(candidates.length)} 条信息`;
  suggestLink.href = `${location.pathname}?${searchStateToParams({ ...state, scope: 'all' })}`;
}

/** The line under the status that names what the search left out, with the button to search all years. */
function showScope(scope: ScopeDescription): void {
  if (!scopeBox || !scopeText) return;
  scopeBox.hidden = scope.missing === 0;
  if (scope.missing === 0) return;
  const which = scope.older ? `${scope.older}发布的` : '其他年份发布的';
  scopeText.textContent = `${which} ${formatCount(scope.missing)} 条信息未包含在本次搜索中。`;
}

async function runSearch(history: 'push' | 'replace' | 'none'): Promise<void> {
  const run = ++generation;
  if (history !== 'none') setUrl(history);
  const term = normalizeQuery(state.query);
  const filters = activeFilters();
  const filtering = Object.keys(filters).length > 0;
  if (!term && !filtering) {
    list?.replaceChildren();
    if (resultsSection) resultsSection.hidden = true;
    if (hot) hot.hidden = false;
    showScope(NOTHING_LEFT_OUT);
    updateFilterFields(undefined);
    announce('');
    if (suggest) suggest.hidden = true;
    if (betsBox) betsBox.hidden = true;
    return;
  }
  await loadPagefind();
  if (filtering) await loadFilters();
  if (run !== generation) return;

  const bundles = manifest?.bundles ?? [];
  const request = { query: term, year: state.filters.year?.[0], allYears: state.years === 'all' };
  const byDate = state.sort === 'date' || !term;
  let indices = bundles.length > 0 ? bundlesToSearch(bundles, request) : [0];
  let world = await worldFor(indices);
  await countIn(world);
  if (run !== generation) return;
  let response = await searchBundles(world, term, filters, indices, byDate);
  if (run !== generation) return;
  let scope = bundles.length > 0 ? describeScope(bundles, indices, request) : NOTHING_LEFT_OUT;
  // Nothing in the years searched: search them all rather than stop at “not found”.
  let widenedFrom = '';
  if (response.results.length === 0 && scope.missing > 0) {
    widenedFrom = scope.years;
    indices = bundles.map((_, i) => i);
    world = await worldFor(indices);
    await countIn(world);
    if (run !== generation) return;
    response = await searchBundles(world, term, filters, indices, byDate);
    if (run !== generation) return;
    scope = NOTHING_LEFT_OUT;
  }
  searchedBundles = indices;
  lastScope = { scope, widenedFrom };

  if (world.counting) {
    // Counts for a key that has a value chosen come from the same search without that key,
    // so its other values show how many results choosing them instead would give.
    const counts: Counts = { ...response.counts };
    for (const key of FILTER_KEYS) {
      if (!state.filters[key]?.[0]) continue;
      // Without a year filter the usual years would be searched too (those in this instance).
      const inWorld = (i: number) => i === 0 || world.merged.has(i);
      const without = key === 'year' && bundles.length > 0 ? [...new Set([...indices, ...bundlesToSearch(bundles, { ...request, year: undefined })])].filter(inWorld).sort((a, b) => a - b) : indices;
      const others = await searchBundles(world, term, activeFilters(key), without, false);
      if (run !== generation) return;
      counts[key] = others.counts[key] ?? {};
    }
    updateFilterFields(counts, scope.missing === 0);
  }

  candidates = response.results;
  titles = { unchecked: [...candidates], matches: [] };
  docnoFallback = false;
  shown = 0;
  list?.replaceChildren();
  if (resultsSection) resultsSection.hidden = false;
  if (hot) hot.hidden = true;
  await Promise.all([showMore(run, false), showBestBets(run)]);
  if (run !== generation) return;
  announceResults(scope, widenedFrom);
  showScope(scope);
  // A search that failed before showed the browse links; this one worked.
  if (noJs) noJs.hidden = true;
  prepareWideInstance();
}

/** The visitor has been idle this long after a search: the page prepares the wide instance. */
const IDLE_BEFORE_WIDE_MS = 1500;
let wideTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * Making the wide instance takes tens of milliseconds of main-thread work
 * (WebAssembly and metadata again); done right after the first results it
 * slowed the visitor's next search. It waits for a quiet moment instead:
 * every search and keystroke postpones it.
 */
function prepareWideInstance(): void {
  clearTimeout(wideTimer);
  const m = manifest;
  if (!m || m.bundles.length < 2 || wideWorld) return;
  wideTimer = setTimeout(() => {
    const made = generation;
    const make = () => {
      if (made === generation && !wideWorld) void wideInstance(m).catch(() => {});
    };
    if ('requestIdleCallback' in window) requestIdleCallback(make, { timeout: 1000 });
    else make();
  }, IDLE_BEFORE_WIDE_MS);
}

/**
 * While the visitor types, the index chunks for the words so far are fetched at
 * once (Pagefind's preload), so the search that follows the typing pause, or
 * the Enter key, finds them loaded. Not while an input method is composing:
 * its pinyin letters are not the words searched for.
 */
function preloadTyped(value: string): void {
  const term = normalizeQuery(value);
  if (!term || !pagefindReady) return;
  pagefindReady.then((world) => world.api.preload(term)).catch(() => {});
}

function search(history: 'push' | 'replace' | 'none'): void {
  clearTimeout(typingTimer);
  clearTimeout(wideTimer);
  runSearch(history).catch(fail);
}

function fail(error: unknown): void {
  console.error(error);
  announce('搜索暂时无法使用，请稍后再试，或通过栏目浏览信息。');
  showScope(NOTHING_LEFT_OUT);
  if (noJs) noJs.hidden = false;
}

async function loadManifest(): Promise<SearchManifest> {
  const response = await fetch(MANIFEST);
  if (!response.ok) throw new Error(`${MANIFEST}: HTTP ${response.status}`);
  const data: unknown = await response.json();
  if (!isSearchManifest(data)) throw new Error(`${MANIFEST} is not a search manifest`);
  // Kept by keepPagefindFiles: Pagefind's own request for them, once its script and entry file are in, gets these.
  for (const path of data.preload ?? []) fetch(path).catch(() => {});
  return data;
}

/** The 时间范围 option, on a site whose index has archive bundles. */
function showYearsOption(m: SearchManifest): void {
  const [newest] = m.bundles;
  if (!yearsBox || !newest || m.bundles.length < 2) return;
  const recent = $<HTMLElement>('[data-search-years-recent]');
  if (recent) recent.textContent = `${newest.firstYear} 年以来`;
  yearsBox.hidden = false;
}

/**
 * Pagefind fetches its own files. Those whose content never changes under their
 * name (WebAssembly, hashed metadata, index, filter and fragment files) are kept
 * for the page's lifetime, so that the wide instance reuses what the recent one
 * downloaded instead of fetching it again.
 */
const UNCHANGING = /\/pagefind\/(?:[\w-]+\/)*(?:wasm\.[\w-]+\.pagefind|pagefind\.[\w-]+\.pf_meta|(?:index|filter|fragment)\/[\w-]+\.pf_(?:index|filter|fragment))$/;

let keeping = false;

function keepPagefindFiles(): void {
  if (keeping) return;
  keeping = true;
  const kept = new Map<string, Promise<ArrayBuffer>>();
  const fetchFromNetwork = window.fetch.bind(window);
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    if (url.origin !== location.origin || !UNCHANGING.test(url.pathname) || (init?.method ?? 'GET') !== 'GET') return fetchFromNetwork(input, init);
    let body = kept.get(url.pathname);
    if (!body) {
      const response = await fetchFromNetwork(input, init);
      if (!response.ok) return response;
      body = response.arrayBuffer();
      kept.set(url.pathname, body);
      body.catch(() => kept.delete(url.pathname));
    }
    return new Response(await body);
  };
}

function loadPagefind(): Promise<World> {
  if (pagefindReady) return pagefindReady;
  pagefindReady = (async () => {
    keepPagefindFiles();
    const [api, m] = await Promise.all([import(/* @vite-ignore */ BUNDLE) as Promise<PagefindModule>, loadManifest()]);
    manifest = m;
    showYearsOption(m);
    // Main thread, no web worker: the worker script repeats pagefind.js (about 43 KB more
    // to download before the first result), and one search at a time needs no worker.
    await api.options({ ...PAGEFIND_OPTIONS, noWorker: true });
    // Pagefind would load its WebAssembly and metadata only when asked the first
    // query; a visitor on this page is about to ask, so they load while the visitor types.
    await api.init();
    return { api, merged: new Map(), counting: false };
  })();
  // A failed download (the visitor went offline) is tried again by the next search.
  pagefindReady.catch(() => (pagefindReady = undefined));
  return pagefindReady;
}

/**
 * The filter lists come with the manifest; the counts need Pagefind's filter
 * files of every bundle searched, which grow with the site: they are loaded only
 * when the visitor opens the filters or a link already has one.
 */
function loadFilters(): Promise<void> {
  filtersReady ??= (async () => {
    await loadPagefind();
    filtersWanted = true;
    buildFilterFields();
    updateFilterFields(undefined);
  })();
  return filtersReady;
}

function start(): void {
  if (!ui || !form || !input) return;
  ui.hidden = false;
  if (noJs) noJs.hidden = true;
  applyStateToControls();

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    state = { ...state, query: input.value };
    search('push');
  });
  input.addEventListener('input', (event) => {
    clearTimeout(typingTimer);
    clearTimeout(wideTimer);
    if (!(event as InputEvent).isComposing) preloadTyped(input.value);
    typingTimer = setTimeout(() => {
      state = { ...state, query: input.value };
      search('replace');
    }, TYPING_DELAY_MS);
  });
  form.addEventListener('change', (event) => {
    const target = event.target as HTMLInputElement | HTMLSelectElement;
    if (target.name === 'sort') state = { ...state, sort: target.value === 'date' ? 'date' : 'relevance' };
    else if (target.name === 'scope') state = { ...state, scope: target.value === 'title' ? 'title' : 'all' };
    else if (target.name === 'years') state = { ...state, years: target.value === 'all' ? 'all' : 'recent' };
    else if (target instanceof HTMLSelectElement && target.dataset.filterKey) {
      const key = target.dataset.filterKey as FilterKey;
      const filters = { ...state.filters };
      if (target.value) filters[key] = [target.value];
      else delete filters[key];
      state = { ...state, filters };
    } else return;
    state = { ...state, query: input.value };
    search('push');
  });
  hot?.addEventListener('click', (event) => {
    const link = (event.target as Element).closest<HTMLAnchorElement>('a[data-search-word]');
    if (!link) return;
    event.preventDefault();
    state = { ...state, query: link.dataset.searchWord ?? '' };
    input.value = state.query;
    search('push');
  });
  allYearsButton?.addEventListener('click', () => {
    state = { ...state, query: input.value, years: 'all' };
    applyStateToControls();
    search('push');
  });
  more?.addEventListener('click', () => {
    showMore(generation, true)
      .then(() => {
        const mode = currentMode();
        if (mode === 'title' || mode === 'docno') announceResults(lastScope.scope, lastScope.widenedFrom);
      })
      .catch(fail);
  });
  window.addEventListener('popstate', () => {
    state = searchStateFromParams(new URLSearchParams(location.search));
    applyStateToControls();
    search('none');
  });

  if (filterBox) {
    filterBox.hidden = false;
    filterBox.addEventListener('toggle', () => {
      if (!filterBox.open || filtersWanted) return;
      if (filterFields && filterFields.childElementCount === 0) filterFields.textContent = '正在加载筛选条件…';
      loadFilters().then(() => search('none'), fail);
    });
  }
  loadPagefind().catch(fail);
  search('none');
}

start();
