/**
 * The search page (/search/): a small UI over Pagefind's JS API (not Pagefind's
 * default UI, which is too heavy). State lives in the URL: typing replaces the
 * history entry, a submitted search, an option or a filter adds one, and the
 * back button restores it (popstate).
 *
 * Markup: src/pages/search.astro. Rules (normalisation, title matching, URL
 * format): src/lib/search.ts.
 */
import {
  FILTER_KEYS,
  FILTER_LABELS,
  PAGEFIND_OPTIONS,
  SORT_KEY,
  findTitleMatches,
  normalizeQuery,
  searchStateFromParams,
  searchStateToParams,
  titleTerms,
  type FilterKey,
  type SearchState,
  type TitleSearch,
} from '../lib/search.ts';
import { formatChineseDate } from '../lib/time.ts';

interface ResultData {
  url: string;
  excerpt: string;
  meta: Record<string, string | undefined>;
  filters: Record<string, string[] | undefined>;
}
interface Result {
  id: string;
  /** Metadata fields the query matched (Pagefind ≥ 1.5). */
  matchedMetaFields?: string[];
  data(): Promise<ResultData>;
}
type Counts = Record<string, Record<string, number>>;
interface SearchResponse {
  results: Result[];
  filters: Counts;
}
interface SearchOptions {
  filters?: Record<string, string>;
  sort?: Record<string, 'asc' | 'desc'>;
}
interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  search(term: string | null, options?: SearchOptions): Promise<SearchResponse>;
  filters(): Promise<Counts>;
}

const BUNDLE = '/pagefind/pagefind.js';
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

/** Pagefind, loaded once (started when the page opens, so the first search does not wait long). */
let pagefindReady: Promise<Pagefind> | undefined;
/** Values of every filter over the whole index (for the order of the options); loaded when the filters are opened or used. */
let allFilters: Counts = {};
let filtersReady: Promise<void> | undefined;
let filtersLoaded = false;
let state: SearchState = searchStateFromParams(new URLSearchParams(location.search));
/** Bumped by every search; an answer for an older one is dropped. */
let generation = 0;
let typingTimer: ReturnType<typeof setTimeout> | undefined;

/** What is listed: result handles in order, and how many are shown. */
let shown = 0;
let candidates: Result[] = [];
/** Title-only: the handles not checked yet, and the title matches found (with their data). */
let titles: TitleSearch<Result, ResultData> = { unchecked: [], matches: [] };

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Pagefind's excerpt marks the query words with <mark>; everything else is text (it escapes < and >). */
function excerptNodes(excerpt: string): Node[] {
  return excerpt.split(/(<mark>[\s\S]*?<\/mark>)/).flatMap((part): Node[] => {
    if (!part) return [];
    const marked = part.startsWith('<mark>');
    const text = (marked ? part.slice(6, -7) : part).replace(/&lt;/g, '<').replace(/&gt;/g, '>');
    return marked ? [el('mark', undefined, text)] : [document.createTextNode(text)];
  });
}

function resultItem(data: ResultData): HTMLLIElement {
  const item = el('li', 'search-result');
  const heading = el('h3', 'search-result__title');
  const link = el('a', undefined, data.meta.title ?? data.url);
  link.href = data.url;
  heading.append(link);
  const meta = el('p', 'search-result__meta');
  const type = data.filters.type?.[0];
  if (type) meta.append(el('span', 'badge badge--info', type));
  const department = data.filters.department?.[0];
  if (department) meta.append(el('span', undefined, department));
  const date = data.meta.date;
  if (date) {
    const time = el('time', undefined, formatChineseDate(date));
    time.dateTime = date;
    meta.append(time);
  }
  item.append(heading, meta);
  if (data.excerpt) {
    const excerpt = el('p', 'search-result__excerpt');
    excerpt.append(...excerptNodes(data.excerpt));
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

function optionsFor(except?: FilterKey): SearchOptions {
  const options: SearchOptions = { filters: activeFilters(except) };
  if (state.sort === 'date' || !normalizeQuery(state.query)) options.sort = { [SORT_KEY]: 'desc' };
  return options;
}

/** One select per filter key the index has, options in the order of their overall counts (years newest first). */
function buildFilterFields(): void {
  if (!filterFields || !filterBox) return;
  filterFields.replaceChildren();
  for (const key of FILTER_KEYS) {
    const values = Object.keys(allFilters[key] ?? {});
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
  const totals = allFilters[key] ?? {};
  const values = Object.keys(totals);
  if (key === 'year') return values.sort().reverse();
  return values.sort((a, b) => (totals[b] ?? 0) - (totals[a] ?? 0) || (a < b ? -1 : 1));
}

function updateFilterFields(counts: Counts | undefined): void {
  if (!filterFields) return;
  let active = 0;
  for (const select of filterFields.querySelectorAll<HTMLSelectElement>('select')) {
    const key = select.dataset.filterKey as FilterKey;
    const selected = state.filters[key]?.[0] ?? '';
    if (selected) active++;
    const options = [new Option('全部', '')];
    for (const value of sortedValues(key)) {
      const count = counts?.[key]?.[value];
      if (count === 0 && value !== selected) continue;
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
  for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="sort"], input[name="scope"]')) {
    radio.checked = radio.value === (radio.name === 'sort' ? state.sort : state.scope);
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
  const titleOnly = state.scope === 'title' && normalizeQuery(state.query) !== '';
  let data: ResultData[];
  if (titleOnly) {
    if (!(await findTitleMatches(titles, titleTerms(state.query), shown + PAGE_SIZE, () => run === generation))) return;
    data = titles.matches.slice(shown, shown + PAGE_SIZE).map((m) => m.data);
  } else {
    data = await Promise.all(candidates.slice(shown, shown + PAGE_SIZE).map((r) => r.data()));
    if (run !== generation) return;
  }
  list.append(...data.map(resultItem));
  shown += data.length;
  more.hidden = titleOnly ? shown >= titles.matches.length && titles.unchecked.length === 0 : shown >= candidates.length;
  if (moveFocus) list.children[start]?.querySelector('a')?.focus();
}

function describe(count: number, titleOnly: boolean, complete: boolean): string {
  const q = normalizeQuery(state.query);
  const filtered = Object.keys(activeFilters()).length > 0 ? '（已按筛选条件）' : '';
  if (count === 0) {
    return q
      ? `没有找到与“${q}”相关的信息${filtered}。请检查关键词，减少或更换关键词${filtered ? '，或取消筛选条件' : ''}。`
      : `没有符合筛选条件的信息。`;
  }
  if (titleOnly) return complete ? `标题中含有“${q}”的信息共 ${count} 条${filtered}。` : `已找到 ${count} 条标题中含有“${q}”的信息${filtered}，可点击“显示更多结果”继续查找。`;
  return q ? `找到 ${count} 条与“${q}”相关的信息${filtered}。` : `符合筛选条件的信息共 ${count} 条。`;
}

async function runSearch(history: 'push' | 'replace' | 'none'): Promise<void> {
  const run = ++generation;
  if (history !== 'none') setUrl(history);
  const term = normalizeQuery(state.query);
  const filtering = Object.keys(activeFilters()).length > 0;
  if (!term && !filtering) {
    list?.replaceChildren();
    if (resultsSection) resultsSection.hidden = true;
    if (hot) hot.hidden = false;
    updateFilterFields(undefined);
    announce('');
    return;
  }
  const pagefind = await loadPagefind();
  if (filtering) await loadFilters();
  if (run !== generation) return;
  const response = await pagefind.search(term || null, optionsFor());
  if (run !== generation) return;

  if (filtersLoaded) {
    // Counts for a key that has a value chosen come from the same search without that key,
    // so its other values show how many results choosing them instead would give.
    const counts: Counts = { ...response.filters };
    for (const key of FILTER_KEYS) {
      if (!state.filters[key]?.[0]) continue;
      const others = activeFilters(key);
      const without = Object.keys(others).length > 0 || term ? await pagefind.search(term || null, { filters: others }) : undefined;
      if (run !== generation) return;
      counts[key] = without ? (without.filters[key] ?? {}) : (allFilters[key] ?? {});
    }
    updateFilterFields(counts);
  }

  candidates = response.results;
  titles = { unchecked: [...candidates], matches: [] };
  shown = 0;
  list?.replaceChildren();
  if (resultsSection) resultsSection.hidden = false;
  if (hot) hot.hidden = true;
  await showMore(run, false);
  if (run !== generation) return;
  const titleOnly = state.scope === 'title' && term !== '';
  announce(describe(titleOnly ? titles.matches.length : candidates.length, titleOnly, titles.unchecked.length === 0));
}

function search(history: 'push' | 'replace' | 'none'): void {
  clearTimeout(typingTimer);
  runSearch(history).catch(fail);
}

function fail(error: unknown): void {
  console.error(error);
  announce('搜索暂时无法使用，请稍后再试，或通过栏目浏览信息。');
  if (noJs) noJs.hidden = false;
}

function loadPagefind(): Promise<Pagefind> {
  pagefindReady ??= (async () => {
    const api = (await import(/* @vite-ignore */ BUNDLE)) as Pagefind;
    // Main thread, no web worker: the worker script repeats pagefind.js (about 43 KB more
    // to download before the first result), and one search at a time needs no worker.
    await api.options({ ...PAGEFIND_OPTIONS, noWorker: true });
    return api;
  })();
  return pagefindReady;
}

/**
 * The filter lists (every value of every filter, for the counts) grow with the
 * site: they are loaded only when the visitor opens the filters or a link
 * already has one, not for every first search.
 */
function loadFilters(): Promise<void> {
  filtersReady ??= (async () => {
    const api = await loadPagefind();
    allFilters = await api.filters();
    filtersLoaded = true;
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
  input.addEventListener('input', () => {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => {
      state = { ...state, query: input.value };
      search('replace');
    }, TYPING_DELAY_MS);
  });
  form.addEventListener('change', (event) => {
    const target = event.target as HTMLInputElement | HTMLSelectElement;
    if (target.name === 'sort') state = { ...state, sort: target.value === 'date' ? 'date' : 'relevance' };
    else if (target.name === 'scope') state = { ...state, scope: target.value === 'title' ? 'title' : 'all' };
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
  more?.addEventListener('click', () => {
    showMore(generation, true)
      .then(() => {
        if (state.scope === 'title') announce(describe(titles.matches.length, true, titles.unchecked.length === 0));
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
      if (!filterBox.open || filtersLoaded) return;
      if (filterFields && filterFields.childElementCount === 0) filterFields.textContent = '正在加载筛选条件…';
      loadFilters().then(() => search('none'), fail);
    });
  }
  loadPagefind().catch(fail);
  search('none');
}

start();
