/**
 * The search index in parts by date. Pagefind's browser download grows with
 * the number of records: its metadata file holds about 10 bytes per record and
 * the postings of a common word about one location per occurrence, so one index
 * over 20,000 documents cost a visitor about 400 KB for the first search and
 * several seconds of work per search once filters were loaded. The indexer
 * therefore writes one Pagefind bundle per span of whole years: the newest
 * holding at most about MAIN_BUNDLE_RECORDS records, the others BUNDLE_RECORDS:
 *
 * - the newest span is the main bundle (/pagefind/), which every search uses;
 * - older spans are archive bundles (/pagefind/archive/<first>-<last>/), which
 *   the search page merges in (Pagefind's mergeIndex) when a search is about
 *   them: a year filter, a year named in the query, the visitor asking for all
 *   years, or nothing found in the years searched.
 *
 * The page always says which years it searched and how many records it did not,
 * with one button to search them all. Spans never overlap, so results sorted by
 * date are each bundle's results in bundle order, newest bundle first.
 *
 * A site small enough for one bundle gets exactly one, and searches as before.
 * Pure: used by the indexer (src/build/search-index.ts), the search page
 * (src/scripts/search.ts) and the tests.
 */
import type { FilterKey } from './search.ts';

/** Records per archive bundle the indexer aims at (a single year with more stays one bundle). See docs/search-guide.md for the figures. */
export const BUNDLE_RECORDS = 2500;
/**
 * Records the main bundle aims at: every search reads it, and the work of a
 * search for a common word (交通运输 is on nearly every page of a transport
 * ministry) and the size of its index chunks grow with it. About a year of a
 * large catalogue.
 */
export const MAIN_BUNDLE_RECORDS = 1200;

/** Folder of the main bundle; the search page loads Pagefind from it. */
export const MAIN_BUNDLE_PATH = '/pagefind/';
/** Folder below which the archive bundles live. */
export const ARCHIVE_PATH = '/pagefind/archive/';
/** The manifest of the bundles, written next to the main bundle's files. */
export const MANIFEST_FILE = 'gongkai-bundles.json';
/**
 * Pagefind filter that every record of a bundle gets in the browser (mergeFilter),
 * valued with the bundle's id, to search some of the merged bundles only. Not a
 * filter visitors see: not in FILTER_KEYS.
 */
export const BUNDLE_FILTER = 'bundle';

export interface YearSpan {
  firstYear: number;
  lastYear: number;
}

export interface SearchBundle extends YearSpan {
  /** `2025-2026`, or `2025` for a single year: the mergeFilter value and the archive folder name. */
  id: string;
  /** Site path of the bundle folder, ending in a slash. */
  path: string;
  /** Records it holds (pages and attachment records). */
  records: number;
}

export interface SearchManifest {
  /** Newest first. The first is the main bundle. Their spans tile the years without gaps or overlaps. */
  bundles: SearchBundle[];
  /** Every filter value over all bundles with its number of records: the filter lists, without loading every bundle. */
  filterValues: Partial<Record<FilterKey, Record<string, number>>>;
  /**
   * The main bundle's WebAssembly and metadata files (site paths). Pagefind asks
   * for them only after its script and its entry file have arrived; the page
   * asks for them as soon as it has this manifest, one round trip earlier.
   */
  preload?: string[];
}

/**
 * The files Pagefind loads first from a bundle, read from its pagefind-entry.json:
 * for each language, its metadata (pagefind.<hash>.pf_meta) and its WebAssembly
 * (wasm.<language or "unknown">.pagefind), as Pagefind 1.x names them.
 */
export function firstLoadedFiles(entry: unknown, bundlePath: string): string[] {
  const languages = (entry as { languages?: unknown } | null)?.languages;
  if (typeof languages !== 'object' || languages === null) throw new Error('pagefind-entry.json has no languages');
  const files = new Set<string>();
  for (const [language, index] of Object.entries(languages)) {
    const { hash, wasm } = (index ?? {}) as { hash?: unknown; wasm?: unknown };
    if (typeof hash !== 'string' || !/^[\w-]+$/.test(hash)) throw new Error(`pagefind-entry.json: language ${language} has no index hash`);
    if (wasm !== null && wasm !== undefined && (typeof wasm !== 'string' || !/^[\w-]+$/.test(wasm))) throw new Error(`pagefind-entry.json: language ${language} names an odd WebAssembly file`);
    files.add(`${bundlePath}pagefind.${hash}.pf_meta`);
    files.add(`${bundlePath}wasm.${typeof wasm === 'string' ? wasm : 'unknown'}.pagefind`);
  }
  return [...files];
}

export function spanId(span: YearSpan): string {
  return span.firstYear === span.lastYear ? String(span.firstYear) : `${span.firstYear}-${span.lastYear}`;
}

/**
 * Splits records counted per year into spans of whole years, newest first, the
 * newest with at most `newestLimit` records and the others `limit`, unless a
 * single year has more. Spans are contiguous: a year without records belongs to
 * the span around it, so every year from the first to the last maps to exactly
 * one span.
 */
export function partitionYears(recordsPerYear: ReadonlyMap<number, number>, limit = BUNDLE_RECORDS, newestLimit = limit): (YearSpan & { records: number })[] {
  if (!(limit >= 1)) throw new Error(`bundle limit must be at least 1, got ${limit}`);
  if (!(newestLimit >= 1)) throw new Error(`main bundle limit must be at least 1, got ${newestLimit}`);
  const years = [...recordsPerYear.keys()].filter((y) => (recordsPerYear.get(y) ?? 0) > 0).sort((a, b) => b - a);
  const spans: (YearSpan & { records: number })[] = [];
  for (const year of years) {
    const count = recordsPerYear.get(year) ?? 0;
    const last = spans.at(-1);
    if (last && last.records + count <= (spans.length === 1 ? newestLimit : limit)) {
      last.firstYear = year;
      last.records += count;
    } else {
      // A new span starts just below the previous one, so the years between belong to it.
      spans.push({ firstYear: year, lastYear: last ? last.firstYear - 1 : year, records: count });
    }
  }
  return spans;
}

/** The bundles of a partition: the newest is the main bundle, the others archives. */
export function bundlesOf(spans: readonly (YearSpan & { records: number })[]): SearchBundle[] {
  return spans.map((span, i) => {
    const id = spanId(span);
    return { id, path: i === 0 ? MAIN_BUNDLE_PATH : `${ARCHIVE_PATH}${id}/`, firstYear: span.firstYear, lastYear: span.lastYear, records: span.records };
  });
}

/** The bundle holding a year, or -1. Years after the newest span belong to it (a page dated next year), years before the oldest to none. */
export function bundleOfYear(bundles: readonly SearchBundle[], year: number): number {
  if (bundles.length > 0 && year > (bundles[0] as SearchBundle).lastYear) return 0;
  return bundles.findIndex((b) => year >= b.firstYear && year <= b.lastYear);
}

/**
 * Years a query names: four digits from 1949 to 2099 standing alone or next to
 * non-digits (2020年, 〔2019〕54号, 2018-2020). The query is expected normalised
 * (full-width digits folded, see normalizeQuery).
 */
export function yearsInQuery(query: string): number[] {
  const years = new Set<number>();
  for (const m of query.matchAll(/(?<!\d)(\d{4})(?!\d)/g)) {
    const year = Number(m[1]);
    if (year >= 1949 && year <= 2099) years.add(year);
  }
  return [...years].sort((a, b) => b - a);
}

/** What decides which bundles a search reads. */
export interface ScopeRequest {
  /** The normalised query. */
  query: string;
  /** The chosen year filter value, if any. */
  year?: string | undefined;
  /** The visitor asked for all years. */
  allYears: boolean;
}

/**
 * Indexes of the bundles a search reads, newest first:
 * - all years asked for: every bundle;
 * - a year filter: the bundle holding that year only (the others have no record of it);
 * - otherwise the main bundle, plus the bundles of the years the query names.
 */
export function bundlesToSearch(bundles: readonly SearchBundle[], request: ScopeRequest): number[] {
  if (bundles.length <= 1) return bundles.length === 1 ? [0] : [];
  if (request.allYears) return bundles.map((_, i) => i);
  if (request.year && /^\d{4}$/.test(request.year)) {
    const i = bundleOfYear(bundles, Number(request.year));
    return [i === -1 ? 0 : i];
  }
  const chosen = new Set([0]);
  for (const year of yearsInQuery(request.query)) {
    const i = bundleOfYear(bundles, year);
    if (i !== -1) chosen.add(i);
  }
  return [...chosen].sort((a, b) => a - b);
}

/** Whether a set of bundle indexes covers every bundle. */
export function coversAll(bundles: readonly SearchBundle[], searched: readonly number[]): boolean {
  return bundles.every((_, i) => searched.includes(i));
}

/** Records of the bundles not searched. */
export function recordsNotSearched(bundles: readonly SearchBundle[], searched: readonly number[]): number {
  return bundles.reduce((n, b, i) => (searched.includes(i) ? n : n + b.records), 0);
}

function spanText(bundles: readonly SearchBundle[], i: number): string {
  const b = bundles[i] as SearchBundle;
  if (i === 0) return `${b.firstYear} 年以来`;
  return b.firstYear === b.lastYear ? `${b.firstYear} 年` : `${b.firstYear}—${b.lastYear} 年`;
}

/**
 * The years searched, as the status line says them: “2025 年以来”,
 * “2025 年以来和 2019—2020 年”, “2015—2016 年”. Empty when every bundle was searched.
 */
export function describeYears(bundles: readonly SearchBundle[], searched: readonly number[]): string {
  if (coversAll(bundles, searched)) return '';
  const parts = [...searched].sort((a, b) => a - b).map((i) => spanText(bundles, i));
  // A space between 和 and the digits that follow, as between any Chinese word and a number.
  return parts.length <= 2 ? parts.join('和 ') : `${parts.slice(0, -1).join('、')}和 ${parts.at(-1)}`;
}

/** What the search page tells the visitor about the years a search read. */
export interface ScopeDescription {
  /** “2025 年以来” … — empty when nothing was left out (every bundle, or a year filter, which its bundle answers fully). */
  years: string;
  /** Records left out of the search. */
  missing: number;
  /** The years left out when they are simply the older ones (“2024 年及以前”), else empty. */
  older: string;
}

/** What a search that read every bundle (or a small site's only one) says: nothing. */
export const NOTHING_LEFT_OUT: ScopeDescription = { years: '', missing: 0, older: '' };

export function describeScope(bundles: readonly SearchBundle[], searched: readonly number[], request: Pick<ScopeRequest, 'year'>): ScopeDescription {
  const complete = coversAll(bundles, searched) || (request.year !== undefined && /^\d{4}$/.test(request.year));
  if (complete) return NOTHING_LEFT_OUT;
  const onlyNewest = searched.length > 0 && searched.every((i) => i === 0);
  return {
    years: describeYears(bundles, searched),
    missing: recordsNotSearched(bundles, searched),
    older: onlyNewest && bundles.length > 1 ? `${(bundles[0] as SearchBundle).firstYear - 1} 年及以前` : '',
  };
}

/** BM25's inverse document frequency of a query that `matched` of `records` pages answer. */
export function inverseDocumentFrequency(records: number, matched: number): number {
  return Math.log(1 + (records - matched + 0.5) / (matched + 0.5));
}

/** What one bundle answered to a query. */
export interface BundleAnswer<R extends { score: number }> {
  /** Records in the bundle. */
  records: number;
  /** The bundle's pages the query's words match, before any filter (its document frequency there). */
  matched: number;
  /** Its results, best first. */
  results: readonly R[];
}

/**
 * The pages the query's words match in a bundle, from a Pagefind response of a search
 * kept to that bundle: the counts without filters (totalFilters) name it; a response
 * without them counts its results.
 */
export function bundleAnswer<R extends { score: number }>(bundle: Pick<SearchBundle, 'id' | 'records'>, response: { results: readonly R[]; totalFilters?: Record<string, Record<string, number>> | undefined }): BundleAnswer<R> {
  const matched = response.totalFilters?.[BUNDLE_FILTER]?.[bundle.id];
  return { records: bundle.records, matched: typeof matched === 'number' ? Math.max(matched, response.results.length) : response.results.length, results: response.results };
}

/**
 * The results of several bundles in one order of relevance. Pagefind scores a page
 * with the word statistics of its own bundle (BM25: a word found on most pages of a
 * bundle weighs little there), and its own merge of indexes sorts those raw scores, so a
 * bundle where the query is common (an archive year in which every page is about it)
 * lost its best pages behind ordinary ones of another. Each bundle's scores are
 * therefore brought to the statistics of all the bundles searched: multiplied by the
 * query's inverse document frequency over them all divided by the one within the
 * bundle, the pages a query matches standing for its document frequency. Ties keep
 * the bundles' order (newest first), then each bundle's own order.
 */
export function mergeByRelevance<R extends { score: number }>(answers: readonly BundleAnswer<R>[]): R[] {
  if (answers.length === 1) return [...(answers[0] as BundleAnswer<R>).results];
  const records = answers.reduce((n, a) => n + a.records, 0);
  const matched = answers.reduce((n, a) => n + a.matched, 0);
  const overall = inverseDocumentFrequency(records, matched);
  const scored = answers.flatMap((a, bundle) => {
    const weight = overall / inverseDocumentFrequency(a.records, a.matched);
    return a.results.map((result, rank) => ({ result, bundle, rank, score: result.score * weight }));
  });
  scored.sort((x, y) => y.score - x.score || x.bundle - y.bundle || x.rank - y.rank);
  return scored.map((s) => s.result);
}

/** Thousands separated as a Chinese government page writes numbers: 17,811. */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Shape check of a manifest read from the network (a broken or foreign file must not break the page). */
export function isSearchManifest(value: unknown): value is SearchManifest {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Partial<SearchManifest>;
  if (!Array.isArray(m.bundles) || m.bundles.length === 0 || typeof m.filterValues !== 'object' || m.filterValues === null) return false;
  // Fetched by the page: only files of the main bundle, never another host.
  if (m.preload !== undefined && !(Array.isArray(m.preload) && m.preload.every((p) => typeof p === 'string' && /^\/pagefind\/\w[\w.-]*$/.test(p)))) return false;
  return m.bundles.every(
    (b: Partial<SearchBundle>) =>
      typeof b.id === 'string' &&
      typeof b.path === 'string' &&
      /^\/(?:[\w-]+\/)*$/.test(b.path) &&
      Number.isInteger(b.firstYear) &&
      Number.isInteger(b.lastYear) &&
      Number.isInteger(b.records),
  );
}
