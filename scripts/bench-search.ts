/**
 * Search benchmark (npm run bench:search) over the synthetic catalogue:
 *
 *   node scripts/bench-search.ts [--items 2000] [--root <content root>] [--site <built site>] [--keep] [--json]
 *
 * 1. Generates the catalogue (scripts/gen-sample.ts) unless --root or --site is
 *    given, and builds the site without its search index (GONGKAI_SKIP_SEARCH=1)
 *    unless --site names a built one.
 * 2. Indexes it with the build's own indexing step (src/build/search-index.ts) in a
 *    child process: wall time and peak memory of that process and the Pagefind
 *    binary it starts (resident memory of the process tree, sampled every 100 ms).
 * 3. Index size on disk, by kind of file, and the bundles by years
 *    (src/lib/search-bundles.ts): the main one every search reads, the archives.
 * 4. In Chromium, on the search page served by the project's static server (with
 *    its CSP): bytes downloaded for the first query (opening /search/?q=…: Pagefind's
 *    script, the bundle manifest, WebAssembly, metadata, filters, index chunks, the
 *    ten result fragments) and for each later query, whatever bundles the page
 *    merges in for it; latency from submitting a query to the results and count
 *    being shown, p50/p95 over a fixed list of queries. After the first results
 *    the benchmark pauses as a visitor reading them would (READING_PAUSE_MS),
 *    then submits each later query once the previous results are painted. The
 *    same list is run again in a fresh browser without that pause (reported
 *    beside, as the worst case). Then, apart from those figures, what a
 *    visitor's click on 搜索全部年份 costs for the first query.
 *
 * Bytes are as transferred by the local server (no HTTP compression: Pagefind's
 * index files are compressed already); "gzip" also gives what a server that
 * compresses JavaScript and JSON (Netlify does) would send.
 * Targets (printed, never enforced): first query ≤ 150 KB, later ≤ 60 KB, p95 ≤ 100 ms.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { buildSearchIndex, PAGEFIND_DIR, type SearchIndexReport } from '../src/build/search-index.ts';
import { startStaticServer } from '../src/server/static-server.ts';
import { CONTENT_PATHS } from '../src/build/content-paths.ts';
import { ARCHIVE_PATH, MAIN_BUNDLE_PATH, MANIFEST_FILE, type SearchBundle } from '../src/lib/search-bundles.ts';
import { generateCatalogue, writeSample } from './gen-sample.ts';
import { measureChild, type ChildMeasure } from './lib/measure-child.ts';

const PROJECT = resolve(import.meta.dirname, '..');
const ASTRO = join(PROJECT, 'node_modules/astro/bin/astro.mjs');
const NOW = '2026-11-28T10:00:00+08:00';
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

export const TARGETS = { firstQueryKB: 150, laterQueryKB: 60, p95Ms: 100 };

/**
 * The first query, then the later ones: words of the synthetic catalogue's
 * subjects and bodies, two-character words inside longer runs, several words,
 * years, a 文号 and an issuing body.
 */
export const QUERIES = [
  '农村公路',
  '道路旅客运输',
  '安全生产',
  '收费公路 通行费',
  '港口',
  '网络预约出租汽车',
  '冷链物流',
  '交通运输部',
  '2020年',
  '危险货物 运输',
  '船舶检验',
  '绿色出行',
  '信用体系',
  '扶贫',
  '应急',
  '高速公路服务区',
  '交公路规',
  '多式联运 枢纽',
  '养护',
  '好差评',
  '机动车维修',
];

interface BundleSize {
  bytes: number;
  files: number;
  byKind: Record<string, { files: number; bytes: number }>;
  /** Bytes and files of the archive bundles (part of the totals above). */
  archives: { bytes: number; files: number };
}

function bundleSize(dir: string): BundleSize {
  const byKind: BundleSize['byKind'] = {};
  let bytes = 0;
  let files = 0;
  const archives = { bytes: 0, files: 0 };
  const archiveDir = join(dir, ARCHIVE_PATH.slice(MAIN_BUNDLE_PATH.length));
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const size = statSync(join(entry.parentPath, entry.name)).size;
    if (entry.parentPath.startsWith(archiveDir)) {
      archives.bytes += size;
      archives.files++;
    }
    const kind = entry.name === MANIFEST_FILE
      ? 'bundle manifest'
      : entry.name.endsWith('.pf_fragment')
      ? 'fragments'
      : entry.name.endsWith('.pf_index')
        ? 'index chunks'
        : entry.name.endsWith('.pf_filter')
          ? 'filter chunks'
          : entry.name.endsWith('.pf_meta')
            ? 'metadata'
            : entry.name.endsWith('.pagefind')
              ? 'WebAssembly'
              : /ui\.(js|css)$/.test(entry.name)
                ? 'default UI (unused)'
                : 'scripts';
    const k = (byKind[kind] ??= { files: 0, bytes: 0 });
    k.files++;
    k.bytes += size;
    bytes += size;
    files++;
  }
  return { bytes, files, byKind, archives };
}

interface Transfer {
  url: string;
  bytes: number;
  /** What a server compressing JS/JSON/CSS/HTML would send. */
  gzipBytes: number;
}

interface QueryMeasure {
  query: string;
  ms: number;
  results: number;
  transfers: Transfer[];
}

const sum = (list: readonly number[]) => list.reduce((a, b) => a + b, 0);
const kb = (bytes: number) => (bytes / 1024).toFixed(1);

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Records every response with its body size while `work` runs. */
async function recordTransfers(page: Page, origin: string, work: () => Promise<void>): Promise<Transfer[]> {
  const pending: Promise<Transfer | undefined>[] = [];
  const onResponse = (response: import('playwright-core').Response) => {
    pending.push(
      response.body().then(
        (body) => {
          const url = response.url().replace(origin, '');
          const compressible = /\.(js|json|css|html?)(\?|$)|\/(\?|$)/.test(url);
          return { url, bytes: body.length, gzipBytes: compressible ? gzipSync(body).length : body.length };
        },
        () => undefined,
      ),
    );
  };
  page.on('response', onResponse);
  try {
    await work();
  } finally {
    page.off('response', onResponse);
  }
  return (await Promise.all(pending)).filter((t): t is Transfer => t !== undefined);
}

/**
 * After the first results the visitor reads them before typing again: the
 * benchmark waits this long (the page prepares its archive instance in such a
 * pause), then runs the later queries one after another, each as soon as the
 * previous results are painted.
 */
export const READING_PAUSE_MS = 2000;

/**
 * `laterOnly` stops after the later queries: no second, warm round of them and
 * no 搜索全部年份 (the pass without a reading pause reports only those latencies).
 */
export async function measureQueries(siteDir: string, options: { readingPauseMs: number; laterOnly?: boolean }): Promise<{ first: QueryMeasure; later: QueryMeasure[]; warmMs: number[]; shell: Transfer[]; allYears?: QueryMeasure }> {
  const server = await startStaticServer({ root: siteDir });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

    const [firstQuery, ...laterQueries] = QUERIES;
    let firstMs = 0;
    const firstTransfers = await recordTransfers(page, server.url, async () => {
      const started = Date.now();
      await page.goto(`${server.url}/search/?q=${encodeURIComponent(firstQuery ?? '')}`);
      await page.waitForFunction(() => /找到 \d+ 条|没有找到/.test(document.querySelector('[data-search-status]')?.textContent ?? ''), undefined, { timeout: 60_000 });
      firstMs = Date.now() - started;
    });
    await page.evaluate(() => new Promise((painted) => requestAnimationFrame(() => setTimeout(painted, 0))));
    await page.waitForTimeout(options.readingPauseMs);
    const isSearch = (t: Transfer) => t.url.startsWith(`/${PAGEFIND_DIR}/`);
    const first: QueryMeasure = {
      query: firstQuery ?? '',
      ms: firstMs,
      results: await page.locator('.search-result').count(),
      transfers: firstTransfers.filter(isSearch),
    };
    const shell = firstTransfers.filter((t) => !isSearch(t));

    const submit = (query: string) =>
      page.evaluate(
          (q) =>
            new Promise<number>((done) => {
              const status = document.querySelector('[data-search-status]') as HTMLElement;
              const input = document.querySelector('#search-q') as HTMLInputElement;
              const form = document.querySelector('[data-search-form]') as HTMLFormElement;
              const started = performance.now();
              const observer = new MutationObserver(() => {
                if ((status.textContent ?? '').includes(`“${q}”`)) {
                  observer.disconnect();
                  const ms = performance.now() - started;
                  // The next query starts once these results are painted, so that it is not charged for their layout.
                  requestAnimationFrame(() => setTimeout(() => done(ms), 0));
                }
              });
              observer.observe(status, { childList: true, characterData: true, subtree: true });
              input.value = q;
              form.requestSubmit();
            }),
        query,
      );
    const later: QueryMeasure[] = [];
    for (const query of laterQueries) {
      let ms = 0;
      const transfers = await recordTransfers(page, server.url, async () => {
        ms = await submit(query);
      });
      later.push({ query, ms, results: await page.locator('.search-result').count(), transfers: transfers.filter(isSearch) });
    }
    // The same queries again: every file is in memory now, so this is the search itself and the rendering.
    const warmMs: number[] = [];
    // Not part of the figures above: the first query again, then the visitor's click
    // on 搜索全部年份 (every archive bundle merged in). Only on a site with archives.
    let allYears: QueryMeasure | undefined;
    if (!options.laterOnly) {
      for (const query of laterQueries) warmMs.push(await submit(query));
      if (await page.locator('[data-search-years]').isVisible()) {
        await submit(firstQuery ?? '');
        let ms = 0;
        const transfers = await recordTransfers(page, server.url, async () => {
          ms = await page.evaluate(
            () =>
              new Promise<number>((done) => {
                const status = document.querySelector('[data-search-status]') as HTMLElement;
                const started = performance.now();
                const observer = new MutationObserver(() => {
                  if (!/年以来/.test(status.textContent ?? '') && /找到 \d+ 条|没有找到/.test(status.textContent ?? '')) {
                    observer.disconnect();
                    done(performance.now() - started);
                  }
                });
                observer.observe(status, { childList: true, characterData: true, subtree: true });
                (document.querySelector('[data-search-all-years]') as HTMLButtonElement).click();
              }),
          );
        });
        allYears = { query: firstQuery ?? '', ms, results: await page.locator('.search-result').count(), transfers: transfers.filter(isSearch) };
      }
    }
    if (errors.length > 0) throw new Error(`errors in the page:\n${errors.join('\n')}`);
    return { first, later, warmMs, shell, ...(allYears ? { allYears } : {}) };
  } finally {
    await browser.close();
    await server.close();
  }
}

export interface SearchBenchReport {
  items: number;
  pages: number;
  index: SearchIndexReport & { wallSeconds: number; peakMiB: number };
  bundle: BundleSize;
  first: { query: string; ms: number; results: number; bytes: number; gzipBytes: number; files: number; byKind: Record<string, number> };
  later: { queries: number; medianBytes: number; maxBytes: number; p50Ms: number; p95Ms: number; maxMs: number };
  /** The later queries run again with every file already loaded: search and rendering only. */
  warm: { p50Ms: number; p95Ms: number };
  /** The later queries in a fresh browser started right after the first results, with no reading pause. */
  noPause: { p50Ms: number; p95Ms: number; maxMs: number };
  perQuery: { query: string; ms: number; results: number; bytes: number }[];
  searchPage: { bytes: number; gzipBytes: number };
  /** The visitor asks for all years after the first query (not in the figures above; absent with one bundle). */
  allYears?: { query: string; ms: number; bytes: number; files: number };
  /** 1-minute load average when the queries ran: the machine is shared, latency depends on it. */
  loadAverage: number;
}

function transferKind(url: string): string {
  if (url.includes(MANIFEST_FILE)) return 'bundle manifest';
  if (url.includes('/fragment/')) return 'fragments';
  if (url.includes('/index/')) return 'index chunks';
  if (url.includes('/filter/')) return 'filter chunks';
  if (url.endsWith('.pf_meta')) return 'metadata';
  if (url.includes('.pagefind')) return 'WebAssembly';
  return 'scripts';
}

function describeBundles(bundles: readonly SearchBundle[]): string {
  const [main, ...archives] = bundles;
  if (!main) return 'none';
  const span = (b: SearchBundle) => (b.firstYear === b.lastYear ? `${b.firstYear}` : `${b.firstYear}–${b.lastYear}`);
  const text = `main ${span(main)} (${main.records} records)`;
  if (archives.length === 0) return `${text}, no archive`;
  const records = archives.reduce((n, b) => n + b.records, 0);
  const sizes = archives.map((b) => b.records);
  return `${text} + ${archives.length} archive bundles ${archives.at(-1)?.firstYear}–${archives[0]?.lastYear} (${records} records, ${Math.min(...sizes)}–${Math.max(...sizes)} each)`;
}

export function formatReport(r: SearchBenchReport): string {
  const lines = [
    `Search benchmark over ${Number.isNaN(r.items) ? 'a built site' : `${r.items} catalogue items`} (${r.pages} pages in the index + ${r.index.pdfRecords} attachment records)`,
    `index   ${r.index.wallSeconds.toFixed(1)} s wall, peak ${r.index.peakMiB.toFixed(0)} MiB (indexer process + Pagefind binary)`,
    `bundles ${describeBundles(r.index.bundles)}`,
    `bundle  ${(r.bundle.bytes / 1024 / 1024).toFixed(1)} MiB in ${r.bundle.files} files: ` +
      Object.entries(r.bundle.byKind)
        .map(([k, v]) => `${k} ${v.files} / ${kb(v.bytes)} KB`)
        .join(', ') +
      (r.bundle.archives.files > 0 ? ` (archive bundles: ${r.bundle.archives.files} files / ${(r.bundle.archives.bytes / 1024 / 1024).toFixed(1)} MiB)` : ''),
    `first query "${r.first.query}": ${kb(r.first.bytes)} KB (${kb(r.first.gzipBytes)} KB with gzip) in ${r.first.files} files, ${r.first.ms} ms from opening the page  [target ≤ ${TARGETS.firstQueryKB} KB]`,
    `  of which ${Object.entries(r.first.byKind)
      .map(([k, v]) => `${k} ${kb(v)} KB`)
      .join(', ')}`,
    `later queries (${r.later.queries}): median ${kb(r.later.medianBytes)} KB, max ${kb(r.later.maxBytes)} KB  [target ≤ ${TARGETS.laterQueryKB} KB]`,
    `latency after the first (${READING_PAUSE_MS / 1000} s reading pause after it, then one query after another): p50 ${r.later.p50Ms.toFixed(0)} ms, p95 ${r.later.p95Ms.toFixed(0)} ms, max ${r.later.maxMs.toFixed(0)} ms  [target p95 ≤ ${TARGETS.p95Ms} ms] (load average ${r.loadAverage.toFixed(1)} on a shared machine)`,
    `  the same queries again (files already loaded): p50 ${r.warm.p50Ms.toFixed(0)} ms, p95 ${r.warm.p95Ms.toFixed(0)} ms`,
    `  without the ${READING_PAUSE_MS / 1000} s reading pause after the first results (fresh browser): p50 ${r.noPause.p50Ms.toFixed(0)} ms, p95 ${r.noPause.p95Ms.toFixed(0)} ms, max ${r.noPause.maxMs.toFixed(0)} ms`,
    `search page itself (HTML, CSS, scripts): ${kb(r.searchPage.bytes)} KB (${kb(r.searchPage.gzipBytes)} KB with gzip)`,
    ...(r.allYears
      ? [`搜索全部年份 after the first query (opt-in, not in the figures above): ${kb(r.allYears.bytes)} KB in ${r.allYears.files} files, ${r.allYears.ms.toFixed(0)} ms`]
      : []),
    'per query:',
    ...r.perQuery.map((q) => `  ${q.query.padEnd(12, '　')} ${String(q.results).padStart(3)} shown  ${kb(q.bytes).padStart(6)} KB  ${q.ms.toFixed(0).padStart(5)} ms`),
  ];
  return lines.join('\n');
}

async function buildSite(work: string, root: string, siteDir: string): Promise<ChildMeasure> {
  rmSync(siteDir, { recursive: true, force: true });
  const cacheDir = join(work, 'site-cache');
  rmSync(cacheDir, { recursive: true, force: true });
  // Run from the benchmark's folder: Astro keeps server chunks below the working directory.
  return measureChild(process.execPath, [ASTRO, 'build', '--silent', '--root', PROJECT], {
    cwd: work,
    env: { GONGKAI_CONTENT_ROOT: root, GONGKAI_OUT_DIR: siteDir, GONGKAI_CACHE_DIR: cacheDir, GONGKAI_NOW: NOW, GONGKAI_SKIP_SEARCH: '1' },
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      items: { type: 'string', default: '2000' },
      root: { type: 'string' },
      site: { type: 'string' },
      keep: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      'index-only': { type: 'string' },
    },
  });
  // Child mode: index a built site and print the report as the last line.
  if (values['index-only']) {
    const report = await buildSearchIndex(resolve(values['index-only']), { info: (m) => console.error(m), warn: (m) => console.error(m) });
    console.log(JSON.stringify(report));
    return;
  }

  const items = Number(values.items);
  if (!Number.isInteger(items) || items < 1) throw new Error('--items must be a positive whole number');
  const work = join(tmpdir(), `gongkai-bench-search-${items}`);
  mkdirSync(work, { recursive: true });
  if (!existsSync(join(work, 'node_modules'))) symlinkSync(join(PROJECT, 'node_modules'), join(work, 'node_modules'), 'dir');

  let siteDir: string;
  let generatedRoot: string | undefined;
  if (values.site) {
    siteDir = resolve(values.site);
  } else {
    const root = values.root ? resolve(values.root) : join(work, 'content-root');
    if (!values.root) {
      const t = Date.now();
      writeSample(root, generateCatalogue(items));
      generatedRoot = root;
      console.error(`generated ${items} items in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    } else if (!existsSync(join(root, CONTENT_PATHS.catalogueItems))) {
      throw new Error(`No catalogue items under ${root}`);
    }
    siteDir = join(work, 'site-dist');
    const built = await buildSite(work, root, siteDir);
    console.error(`built the site (no search index) in ${built.seconds.toFixed(1)} s, peak ${built.peakMiB.toFixed(0)} MiB`);
  }
  const count = values.site ? Number.NaN : values.root ? readdirSync(join(resolve(values.root), CONTENT_PATHS.catalogueItems)).filter((f) => f.endsWith('.md')).length : items;

  rmSync(join(siteDir, PAGEFIND_DIR), { recursive: true, force: true });
  const indexed = await measureChild(process.execPath, [join(PROJECT, 'scripts/bench-search.ts'), '--index-only', siteDir], { cwd: PROJECT, env: {} });
  // The child prints its report as its last line.
  const index = { ...(JSON.parse(indexed.stdout.trim().split('\n').at(-1) ?? '') as SearchIndexReport), wallSeconds: indexed.seconds, peakMiB: indexed.peakMiB };
  console.error(`indexed in ${indexed.seconds.toFixed(1)} s`);

  const { first, later, warmMs, shell, allYears } = await measureQueries(siteDir, { readingPauseMs: READING_PAUSE_MS });
  // The same list in a new browser with no pause after the first results: the worst case, reported beside the target figure.
  const hurried = (await measureQueries(siteDir, { readingPauseMs: 0, laterOnly: true })).later.map((q) => q.ms);
  const loadAverage = loadavg()[0] ?? Number.NaN;
  const laterBytes = later.map((q) => sum(q.transfers.map((t) => t.bytes)));
  const laterMs = later.map((q) => q.ms);
  const report: SearchBenchReport = {
    items: count,
    pages: index.indexedPages,
    index,
    bundle: bundleSize(join(siteDir, PAGEFIND_DIR)),
    first: {
      query: first.query,
      ms: first.ms,
      results: first.results,
      bytes: sum(first.transfers.map((t) => t.bytes)),
      gzipBytes: sum(first.transfers.map((t) => t.gzipBytes)),
      files: first.transfers.length,
      byKind: first.transfers.reduce<Record<string, number>>((acc, t) => {
        const k = transferKind(t.url);
        acc[k] = (acc[k] ?? 0) + t.bytes;
        return acc;
      }, {}),
    },
    later: {
      queries: later.length,
      medianBytes: percentile(laterBytes, 50),
      maxBytes: Math.max(...laterBytes),
      p50Ms: percentile(laterMs, 50),
      p95Ms: percentile(laterMs, 95),
      maxMs: Math.max(...laterMs),
    },
    warm: { p50Ms: percentile(warmMs, 50), p95Ms: percentile(warmMs, 95) },
    noPause: { p50Ms: percentile(hurried, 50), p95Ms: percentile(hurried, 95), maxMs: Math.max(...hurried) },
    perQuery: [first, ...later].map((q) => ({ query: q.query, ms: q.ms, results: q.results, bytes: sum(q.transfers.map((t) => t.bytes)) })),
    searchPage: { bytes: sum(shell.map((t) => t.bytes)), gzipBytes: sum(shell.map((t) => t.gzipBytes)) },
    ...(allYears ? { allYears: { query: allYears.query, ms: allYears.ms, bytes: sum(allYears.transfers.map((t) => t.bytes)), files: allYears.transfers.length } } : {}),
    loadAverage,
  };
  console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report));

  if (!values.keep && !values.site) {
    for (const d of ['site-dist', 'site-cache']) rmSync(join(work, d), { recursive: true, force: true });
    if (generatedRoot) rmSync(generatedRoot, { recursive: true, force: true });
  } else if (values.keep) {
    console.error(`kept: ${work}`);
  }
}

if (import.meta.main) await main();
