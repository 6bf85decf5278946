/**
 * Loads a built site's Pagefind bundle (pagefind.js + WebAssembly) in Node, as
 * the search page loads it in a browser: fetch is answered from the files, and a
 * minimal document gives the page language (Pagefind picks the zh-cn index and
 * the query segmenter by it). No Worker in Node, so Pagefind runs on the main thread.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PAGEFIND_OPTIONS } from '../../src/lib/search.ts';

export interface PagefindResultData {
  url: string;
  /** The indexed text of the page. */
  content: string;
  excerpt: string;
  meta: Record<string, string | undefined>;
  filters: Record<string, string[] | undefined>;
}

export interface PagefindResult {
  id: string;
  score: number;
  data(): Promise<PagefindResultData>;
}

export interface PagefindResponse {
  results: PagefindResult[];
  unfilteredResultCount: number;
  filters: Record<string, Record<string, number>>;
  /** Counts for the query without filters. */
  totalFilters?: Record<string, Record<string, number>>;
}

export interface PagefindApi {
  options(options: Record<string, unknown>): Promise<void>;
  mergeIndex(path: string, options?: Record<string, unknown>): Promise<void>;
  search(term: string | null, options?: { filters?: Record<string, unknown>; sort?: Record<string, 'asc' | 'desc'> }): Promise<PagefindResponse>;
  filters(): Promise<Record<string, Record<string, number>>>;
  destroy(): Promise<void>;
}

const loaded = new Map<string, Promise<PagefindApi>>();
let fetchInstalled = false;

/** fetch answers file: URLs from the disk (Pagefind fetches its files relative to pagefind.js). */
function installFileFetch(lang: string): void {
  if (fetchInstalled) return;
  fetchInstalled = true;
  const g = globalThis as Record<string, unknown>;
  const realFetch = globalThis.fetch;
  g.fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.protocol !== 'file:') return realFetch(input, init);
    try {
      return new Response(await readFile(fileURLToPath(url)));
    } catch {
      return new Response('not found', { status: 404 });
    }
  };
  g.document ??= { currentScript: null, querySelector: (s: string) => (s === 'html' ? { getAttribute: (a: string) => (a === 'lang' ? lang : null) } : null) };
}

/**
 * The main bundle of `siteDir` (once per site and process: pagefind.js keeps
 * module-level state, one module per file). `extraOptions` go to the first
 * options() call, e.g. the mergeFilter of a site with archive bundles.
 */
export function loadPagefind(siteDir: string, lang = 'zh-CN', extraOptions: Record<string, unknown> = {}): Promise<PagefindApi> {
  const known = loaded.get(siteDir);
  if (known) return known;
  const loading = (async () => {
    installFileFetch(lang);
    const api = (await import(pathToFileURL(join(siteDir, 'pagefind', 'pagefind.js')).href)) as PagefindApi;
    // The search page's options; result URLs as the site serves them (/consultations/x/), not file paths.
    await api.options({ ...PAGEFIND_OPTIONS, baseUrl: '/', ...extraOptions });
    return api;
  })();
  loaded.set(siteDir, loading);
  return loading;
}

/** Merges a bundle of `siteDir` (a site path such as /pagefind/archive/2020/) as the search page does. */
export async function mergeBundle(api: PagefindApi, siteDir: string, path: string, options: Record<string, unknown> = {}): Promise<void> {
  await api.mergeIndex(pathToFileURL(join(siteDir, path)).href.replace(/\/?$/, '/'), { ...PAGEFIND_OPTIONS, baseUrl: '/', ...options });
}
