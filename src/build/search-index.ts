/**
 * Builds the Pagefind index of a built site (run by src/integrations/pagefind.ts
 * after `astro build`, and by scripts/bench-search.ts).
 *
 * Which pages: those that declare a search record (src/components/SearchRecord.astro)
 * — documents, feedback reports, notices, remediation pages. Lists and column
 * pages carry none and stay out, so results lead to documents rather than to
 * the lists that name them. Every indexed page is checked first: lang="zh-CN"
 * (the index and the query segmenter are chosen by it), a data-pagefind-body,
 * an h1, a type filter and a valid date sort key; any miss fails the build.
 *
 * PDF attachments: every local /files/**.pdf an indexed page links to is read
 * with unpdf, and its text is added as a custom record whose URL is that page,
 * with the page's filters and date, so a phrase found only in an attachment
 * leads to the page that offers it.
 *
 * Bundles: records are grouped by year into Pagefind bundles (src/lib/search-bundles.ts
 * says why): the newest years, about MAIN_BUNDLE_RECORDS records, in /pagefind/;
 * older ones, about BUNDLE_RECORDS each, in /pagefind/archive/<years>/; and a
 * manifest (/pagefind/gongkai-bundles.json) listing them with every filter value.
 * A site with fewer records gets /pagefind/ alone.
 */
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import * as pagefind from 'pagefind';
import { FILTER_KEYS, SEARCH_TYPES, SORT_KEY, TITLE_WORDS_META, type FilterKey, type SearchFilters } from '../lib/search.ts';
import { isCalendarDate } from '../lib/time.ts';
import { BUNDLE_RECORDS, MAIN_BUNDLE_PATH, MAIN_BUNDLE_RECORDS, MANIFEST_FILE, firstLoadedFiles, bundleOfYear, bundlesOf, partitionYears, type SearchBundle, type SearchManifest } from '../lib/search-bundles.ts';
import { extractPdfText, pdfCMapDirectory } from './pdf-text.ts';

/** Where the bundle goes inside the site; the search page loads /pagefind/pagefind.js. */
export const PAGEFIND_DIR = 'pagefind';
/** Language of every index record; must match the pages' lang="zh-CN" as Pagefind keys it. */
export const INDEX_LANGUAGE = 'zh-cn';
/**
 * Word locations per index chunk (Pagefind's default is 20000). A query downloads
 * the chunks holding its words, and with ~2,000 records per bundle a chunk of
 * 5000 locations held many words besides the one wanted. Over the 20,000-item
 * catalogue's main bundle and the benchmark's queries (scripts/bench-search.ts),
 * 1000 cut the median later query from 37 to 28 KB and the largest from 64 to
 * 56 KB, for 3 KB more metadata.
 */
export const INDEX_CHUNK_SIZE = 1000;
/** Characters of PDF text kept per attachment: enough for any real notice, bounded for a 500-page annex. */
export const MAX_PDF_TEXT = 200_000;

export interface SearchLogger {
  info(message: string): void;
  warn(message: string): void;
}

export interface PdfLink {
  /** Site path of the file, e.g. /files/catalogue/x.pdf */
  href: string;
  /** Link text without the format/size note. */
  title: string;
}

/** What the indexer reads from one page that declares a search record. */
export interface IndexedPage {
  url: string;
  title: string;
  date: string;
  filters: SearchFilters;
  pdfs: PdfLink[];
}

export interface PageInspection {
  page?: IndexedPage;
  /** Why the page cannot be indexed as it is (empty when it can). */
  problems: string[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function textOfHtml(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim();
}

/** `about/index.html` → `/about/`; other files keep their name. */
export function urlOfFile(relativePath: string): string {
  const path = relativePath.split(sep).join('/');
  if (path === 'index.html') return '/';
  if (path.endsWith('/index.html')) return `/${path.slice(0, -'index.html'.length)}`;
  return `/${path}`;
}

const RECORD_MARKER = /<[^>]+\sdata-search-record[\s=>]/;
const FILTER_SPAN = /data-pagefind-filter="([a-z]+)\[data-value\]"\s+data-value="([^"]*)"/g;
const SORT_ATTRIBUTE = /data-pagefind-sort="([^"]*)"/g;
const PDF_LINK = /<a\s[^>]*?href="(\/files\/[^"#?]+\.pdf)"[^>]*>([\s\S]*?)<\/a>/gi;

/** Whether a built page declares a search record (and so is to be indexed). */
export function declaresSearchRecord(html: string): boolean {
  return RECORD_MARKER.test(html);
}

/** Reads and checks what the index needs from one page that declares a search record. */
export function inspectPage(html: string, url: string): PageInspection {
  const problems: string[] = [];
  const lang = /<html\b[^>]*\slang="([^"]*)"/i.exec(html)?.[1];
  if (lang !== 'zh-CN') problems.push(`${url}: <html lang> must be "zh-CN" (found ${lang === undefined ? 'none' : JSON.stringify(lang)}); Pagefind picks the index and the Chinese word segmentation by it`);
  if (!/\sdata-pagefind-body[\s=>]/.test(html)) problems.push(`${url}: declares a search record but has no data-pagefind-body (the layout's pagefind prop is false?)`);

  const h1 = /<h1\b[^>]*>([\s\S]*?)<\/h1>/i.exec(html)?.[1];
  const title = h1 === undefined ? '' : textOfHtml(h1);
  if (!title) problems.push(`${url}: no <h1>: Pagefind takes the result title from it`);

  const sorts = [...html.matchAll(SORT_ATTRIBUTE)].map((m) => decodeEntities(m[1] ?? ''));
  const dates = sorts.filter((s) => s.startsWith(`${SORT_KEY}:`)).map((s) => s.slice(SORT_KEY.length + 1));
  const date = dates[0] ?? '';
  if (dates.length === 0) problems.push(`${url}: no data-pagefind-sort="${SORT_KEY}:YYYY-MM-DD" — a page without it drops out of results sorted by date`);
  else if (dates.length > 1) problems.push(`${url}: ${dates.length} date sort keys; a page has one`);
  else if (!isCalendarDate(date)) problems.push(`${url}: date sort key ${JSON.stringify(date)} is not a YYYY-MM-DD date`);

  const filters: SearchFilters = {};
  for (const m of html.matchAll(FILTER_SPAN)) {
    const key = m[1] as FilterKey;
    const value = decodeEntities(m[2] ?? '').trim();
    if (!(FILTER_KEYS as readonly string[]).includes(key)) {
      problems.push(`${url}: unknown search filter ${key}`);
      continue;
    }
    if (!value) continue;
    const list = (filters[key] ??= []);
    if (!list.includes(value)) list.push(value);
  }
  const types = filters.type ?? [];
  if (types.length !== 1 || !(SEARCH_TYPES as readonly string[]).includes(types[0] ?? '')) {
    problems.push(`${url}: needs exactly one search type filter of ${SEARCH_TYPES.join('/')} (found ${types.join('/') || 'none'})`);
  }

  const pdfs: PdfLink[] = [];
  for (const m of html.matchAll(PDF_LINK)) {
    const href = decodeURI(decodeEntities(m[1] ?? ''));
    if (pdfs.some((p) => p.href === href)) continue;
    const inner = (m[2] ?? '').replace(/<span class="attachment-meta[^"]*"[^>]*>[\s\S]*?<\/span>/g, '');
    pdfs.push({ href, title: textOfHtml(inner) || href.split('/').pop() || href });
  }

  if (problems.length > 0) return { problems };
  return { page: { url, title, date, filters, pdfs }, problems };
}

/**
 * The title split into words the way the search page splits queries
 * (Intl.Segmenter, zh-CN), lower-cased, punctuation dropped, joined by spaces.
 */
export function titleWords(title: string): string {
  const words: string[] = [];
  for (const s of new Intl.Segmenter('zh-CN', { granularity: 'word' }).segment(title.normalize('NFKC').toLowerCase())) {
    if (s.isWordLike) words.push(s.segment);
  }
  return words.join(' ');
}

/**
 * Pagefind boosts pages whose metadata match the query (5× for the title), but
 * it does not segment Chinese metadata: a title is one long "word" that only a
 * query starting with the title's first characters matches, so titles gave
 * Chinese queries no boost at all. The indexer therefore adds (to the HTML it
 * hands Pagefind, not to the page on disk) a meta field with the title's words
 * separated by spaces, which the search page weights like the title.
 */
export function withTitleWords(html: string, title: string): string {
  const words = titleWords(title).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const field = `<span hidden data-pagefind-meta="${TITLE_WORDS_META}[data-value]" data-value="${words}"></span>`;
  const close = html.lastIndexOf('</body>');
  return close === -1 ? html + field : html.slice(0, close) + field + html.slice(close);
}

/** Every .html file below the site directory (the Pagefind bundle itself left out), sorted. */
export function htmlFiles(siteDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (dir === siteDir && entry.name === PAGEFIND_DIR) continue;
        walk(path);
      } else if (entry.isFile() && entry.name.endsWith('.html')) out.push(path);
    }
  };
  walk(siteDir);
  return out.sort();
}

/** The title of an attachment's record: says it is an attachment and of which page. */
export function attachmentRecordTitle(attachment: string, pageTitle: string): string {
  return `附件：${attachment} — ${pageTitle}`;
}

/**
 * URLs of a page's attachment records: the page itself with a text fragment
 * naming the attachment (browsers that support it scroll to and mark the link).
 * Pagefind keeps one record per URL, so each record needs its own: an attachment
 * whose title repeats on the page gets a plain numbered fragment instead.
 */
export function attachmentRecordUrls(page: Pick<IndexedPage, 'url' | 'pdfs'>): string[] {
  const seen = new Set<string>();
  return page.pdfs.map((pdf, i) => {
    // '-', '&' and ',' delimit parts of a text directive: percent-encode them too.
    const withText = `${page.url}#:~:text=${encodeURIComponent(pdf.title).replace(/-/g, '%2D')}`;
    const url = seen.has(withText) ? `${page.url}#attachment-${i + 1}` : withText;
    seen.add(url);
    return url;
  });
}

export interface AttachmentOwner {
  href: string;
  /** The page whose record the attachment's text becomes. */
  page: IndexedPage;
  pdf: PdfLink;
  /** URL of the record (see attachmentRecordUrls). */
  url: string;
}

/**
 * One record per PDF file. A file linked from several pages (a draft linked again
 * from its feedback report, an interpretation linking the policy it explains)
 * belongs to the earliest of them — where it was first published — so a phrase
 * in it gives one result, not one per page that mentions the file. Ties: URL order.
 */
export function attachmentOwners(pages: readonly IndexedPage[]): AttachmentOwner[] {
  const owners = new Map<string, AttachmentOwner>();
  const ordered = [...pages].sort((a, b) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  for (const page of ordered) {
    const urls = attachmentRecordUrls(page);
    page.pdfs.forEach((pdf, i) => {
      if (!owners.has(pdf.href)) owners.set(pdf.href, { href: pdf.href, page, pdf, url: urls[i] as string });
    });
  }
  return [...owners.values()].sort((a, b) => (a.href < b.href ? -1 : 1));
}

/** The page a result belongs to: its URL without the fragment of an attachment record. */
export function pageOfResult(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}

export interface SearchIndexReport {
  htmlFiles: number;
  indexedPages: number;
  /** Pages with data-pagefind-body but no search record (lists, column pages): left out on purpose. */
  pagesWithoutRecord: number;
  pdfFiles: number;
  pdfRecords: number;
  /** PDFs that gave no text (scans, or CJK encodings without the CMap data). */
  pdfsWithoutText: string[];
  /** The bundles written, newest first (src/lib/search-bundles.ts); one on a small site. */
  bundles: SearchBundle[];
  /** Bytes and files of everything written below /pagefind/. */
  bundleBytes: number;
  bundleFiles: number;
  seconds: number;
}

export interface SearchIndexOptions {
  /** Records per archive bundle (default BUNDLE_RECORDS); tests lower it to split a small site. */
  bundleRecords?: number;
  /** Records of the main bundle (default MAIN_BUNDLE_RECORDS, or bundleRecords if lower). */
  mainBundleRecords?: number;
}

/** Runs async work over items with at most `limit` in flight. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i] as T, i);
    }
  });
  await Promise.all(runners);
}

function dirSize(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) {
      bytes += statSync(join(entry.parentPath, entry.name)).size;
      files++;
    }
  }
  return { bytes, files };
}

/** A page to index and the file it comes from (read again when its bundle is written). */
interface PageSource {
  file: string;
  page: IndexedPage;
}

function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/**
 * What each archive bundle needs in the browser: Pagefind's entry file, metadata
 * and the index/filter/fragment folders. Its scripts, WebAssembly and UI files
 * are copies of the main bundle's, never loaded (mergeIndex uses the main
 * bundle's), so they are removed.
 */
function pruneArchiveBundle(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && (/\.(js|css)$/.test(entry.name) || /^wasm\..*\.pagefind$/.test(entry.name))) rmSync(join(dir, entry.name));
  }
}

/** Every filter value over all records, with its number of records (as Pagefind counts them). */
function filterValueCounts(records: readonly SearchFilters[]): SearchManifest['filterValues'] {
  const out: SearchManifest['filterValues'] = {};
  for (const filters of records) {
    for (const key of FILTER_KEYS) {
      for (const value of filters[key] ?? []) {
        const counts = (out[key] ??= {});
        counts[value] = (counts[value] ?? 0) + 1;
      }
    }
  }
  return out;
}

/**
 * Indexes the built site in `siteDir` and writes the bundles below
 * `siteDir/pagefind` (see src/lib/search-bundles.ts): the main bundle, archive
 * bundles when the site has more records than one bundle holds, and the
 * manifest the search page reads. Throws (so the build fails) when a page that
 * declares a search record is not fit to be indexed, or when Pagefind reports an error.
 */
export async function buildSearchIndex(siteDir: string, log: SearchLogger, options: SearchIndexOptions = {}): Promise<SearchIndexReport> {
  const started = Date.now();
  const files = htmlFiles(siteDir);
  log.info(`reading ${files.length} HTML files`);

  // Pass 1: which pages, with which dates and filters. Their HTML is read again
  // per bundle rather than kept: 20,000 pages would hold about a gigabyte.
  const problems: string[] = [];
  const sources: PageSource[] = [];
  let withoutRecord = 0;
  for (const file of files) {
    const html = readFileSync(file, 'utf8');
    const url = urlOfFile(relative(siteDir, file));
    if (!declaresSearchRecord(html)) {
      if (/\sdata-pagefind-body[\s=>]/.test(html)) withoutRecord++;
      continue;
    }
    const inspection = inspectPage(html, url);
    problems.push(...inspection.problems);
    if (inspection.page) sources.push({ file, page: inspection.page });
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 30);
    throw new Error(`Search index: ${problems.length} page problem(s):\n${shown.join('\n')}${problems.length > shown.length ? `\n… and ${problems.length - shown.length} more` : ''}`);
  }
  if (sources.length === 0) throw new Error('Search index: no page declares a search record, the index would be empty');
  sources.sort((a, b) => (a.page.url < b.page.url ? -1 : 1));
  const pages = sources.map((s) => s.page);
  log.info(`${pages.length} pages to index; ${withoutRecord} list and column pages left out (no search record)`);

  const pdf = await extractAttachmentTexts(siteDir, pages, log);
  const attachments = attachmentOwners(pages).filter((owner) => pdf.texts.has(owner.href));

  // Records per year decide the bundles; an attachment record goes with its page.
  const perYear = new Map<number, number>();
  for (const record of [...pages, ...attachments.map((a) => a.page)]) perYear.set(yearOf(record.date), (perYear.get(yearOf(record.date)) ?? 0) + 1);
  const archiveLimit = options.bundleRecords ?? BUNDLE_RECORDS;
  const bundles = bundlesOf(partitionYears(perYear, archiveLimit, options.mainBundleRecords ?? Math.min(archiveLimit, MAIN_BUNDLE_RECORDS)));
  const bundleOf = (date: string) => bundleOfYear(bundles, yearOf(date));

  // Pagefind reads the chunk size from its environment and calls it unstable:
  // check the benchmark when upgrading.
  process.env.PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE ??= String(INDEX_CHUNK_SIZE);
  const outputRoot = join(siteDir, PAGEFIND_DIR);
  rmSync(outputRoot, { recursive: true, force: true });
  try {
    // One bundle at a time, the main bundle first: Pagefind keeps an index in memory until written.
    for (const [i, bundle] of bundles.entries()) {
      const { index, errors: createErrors } = await pagefind.createIndex({});
      if (!index) throw new Error(`Pagefind could not start: ${createErrors.join('; ')}`);
      const own = sources.filter((s) => bundleOf(s.page.date) === i);
      await eachLimited(own, 8, async ({ file, page }) => {
        const html = readFileSync(file, 'utf8');
        const added = await index.addHTMLFile({ url: page.url, content: withTitleWords(html, page.title) });
        if (added.errors.length > 0) problems.push(`${page.url}: Pagefind: ${added.errors.join('; ')}`);
      });
      if (problems.length > 0) throw new Error(`Search index: Pagefind refused ${problems.length} page(s):\n${problems.slice(0, 30).join('\n')}`);
      let records = own.length;
      for (const owner of attachments.filter((a) => bundleOf(a.page.date) === i)) {
        await addAttachmentRecord(index, owner, pdf.texts.get(owner.href) as string);
        records++;
      }
      if (records !== bundle.records) throw new Error(`Search index: bundle ${bundle.id} has ${records} records, expected ${bundle.records}`);
      const outputPath = join(siteDir, ...bundle.path.split('/').filter(Boolean));
      const written = await index.writeFiles({ outputPath });
      if (written.errors.length > 0) throw new Error(`Pagefind could not write the index: ${written.errors.join('; ')}`);
      await index.deleteIndex();
      if (i > 0) pruneArchiveBundle(outputPath);
      log.info(`  ${bundle.path}: ${bundle.firstYear}–${bundle.lastYear}, ${bundle.records} records`);
    }
    const entry: unknown = JSON.parse(readFileSync(join(outputRoot, 'pagefind-entry.json'), 'utf8'));
    const manifest: SearchManifest = {
      bundles,
      filterValues: filterValueCounts([...pages.map((p) => p.filters), ...attachments.map((a) => a.page.filters)]),
      preload: firstLoadedFiles(entry, MAIN_BUNDLE_PATH),
    };
    writeFileSync(join(outputRoot, MANIFEST_FILE), JSON.stringify(manifest));

    const size = dirSize(outputRoot);
    const report: SearchIndexReport = {
      htmlFiles: files.length,
      indexedPages: pages.length,
      pagesWithoutRecord: withoutRecord,
      pdfFiles: pdf.files,
      pdfRecords: attachments.length,
      pdfsWithoutText: pdf.withoutText,
      bundles,
      bundleBytes: size.bytes,
      bundleFiles: size.files,
      seconds: (Date.now() - started) / 1000,
    };
    log.info(
      `search index written to /${PAGEFIND_DIR}/: ${report.indexedPages} pages + ${report.pdfRecords} attachment records in ${bundles.length} bundle(s), ` +
        `${size.files} files, ${(size.bytes / 1024 / 1024).toFixed(1)} MiB, in ${report.seconds.toFixed(1)} s`,
    );
    return report;
  } finally {
    await pagefind.close();
  }
}

/** Text of every local PDF the pages link to (read one at a time), with the files that gave none. */
async function extractAttachmentTexts(
  siteDir: string,
  pages: readonly IndexedPage[],
  log: SearchLogger,
): Promise<{ texts: Map<string, string>; files: number; withoutText: string[] }> {
  const hrefs = [...new Set(pages.flatMap((p) => p.pdfs.map((a) => a.href)))].sort();
  const texts = new Map<string, string>();
  const withoutText: string[] = [];
  if (hrefs.length === 0) return { texts, files: 0, withoutText };
  const cMaps = pdfCMapDirectory();
  if (!cMaps) log.warn('src/build/pdf-cmaps/ is missing: PDFs with predefined Chinese encodings (no embedded fonts) give no text');
  log.info(`extracting text from ${hrefs.length} PDF attachment(s)`);

  // One at a time: pdf.js is memory-hungry on large annexes and the build machine has two cores.
  await eachLimited(hrefs, 1, async (href) => {
    const file = join(siteDir, ...href.split('/').filter(Boolean));
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch {
      log.warn(`附件 ${href} 不在站点中，未能建立全文索引`);
      return;
    }
    try {
      const text = (await extractPdfText(bytes, cMaps ?? null)).slice(0, MAX_PDF_TEXT);
      if (text.length === 0) withoutText.push(href);
      else texts.set(href, text);
    } catch (error) {
      log.warn(`附件 ${href} 无法读取（${error instanceof Error ? error.message : String(error)}），其文字不能被搜索`);
    }
  });
  if (withoutText.length > 0) {
    log.warn(`以下 PDF 附件没有可提取的文字（可能是扫描件），其内容不能被搜索：\n${withoutText.map((h) => `  ${h}`).join('\n')}`);
  }
  return { texts, files: hrefs.length, withoutText };
}

/** An attachment's text as a record of its page: the page's filters and date, its own title and URL. */
async function addAttachmentRecord(index: pagefind.PagefindIndex, { href, page, url, pdf }: AttachmentOwner, content: string): Promise<void> {
  const added = await index.addCustomRecord({
    url,
    content,
    language: INDEX_LANGUAGE,
    meta: { title: attachmentRecordTitle(pdf.title, page.title), [TITLE_WORDS_META]: titleWords(pdf.title), date: page.date, attachment: href },
    filters: page.filters as Record<string, string[]>,
    sort: { [SORT_KEY]: page.date },
  });
  if (added.errors.length > 0) throw new Error(`Pagefind could not add ${href} of ${page.url}: ${added.errors.join('; ')}`);
}
