/**
 * The indexing step: what it reads from a built page, the checks that fail the
 * build, attachment records, and a real Pagefind run over a small temporary site.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  attachmentOwners,
  attachmentRecordTitle,
  attachmentRecordUrls,
  buildSearchIndex,
  decodeEntities,
  declaresSearchRecord,
  inspectPage,
  pageOfResult,
  titleWords,
  urlOfFile,
  withTitleWords,
} from '../../src/build/search-index.ts';
import { joinPdfLines, extractPdfText, pdfCMapDirectory } from '../../src/build/pdf-text.ts';
import { MANIFEST_FILE } from '../../src/lib/search-bundles.ts';

const REPO = resolve(import.meta.dirname, '../..');

interface PageOptions {
  lang?: string | null;
  body?: boolean;
  h1?: string | null;
  sorts?: string[];
  filters?: [string, string][];
  extra?: string;
}

/** A built page as SearchRecord.astro and the layout render it. */
function page(o: PageOptions = {}): string {
  const lang = o.lang === null ? '' : ` lang="${o.lang ?? 'zh-CN'}"`;
  const h1 = o.h1 === null ? '' : `<h1>${o.h1 ?? '北京市人民防空工程平时利用管理办法'}</h1>`;
  const sorts = (o.sorts ?? ['date:2026-09-17']).map((s) => ` data-pagefind-sort="${s}"`).join('');
  const filters = (o.filters ?? [['type', '意见征集'], ['department', '北京市人民防空办公室']])
    .map(([k, v]) => `<span data-pagefind-filter="${k}[data-value]" data-value="${v}"></span>`)
    .join('');
  return `<!doctype html><html${lang}><head><title>t</title></head><body><header><a href="/">站点</a></header>
<main id="main"${o.body === false ? '' : ' data-pagefind-body=""'}>${h1}<div hidden data-search-record=""${sorts}>${filters}</div>
<p>人民防空工程平时利用应当坚持平战结合。</p>${o.extra ?? ''}</main><footer>网站标识码</footer></body></html>`;
}

describe('inspectPage', () => {
  it('reads title, date, filters (entities decoded) and the PDF links with their names', () => {
    const html = page({
      filters: [['type', '目录文件'], ['department', 'A&amp;B 局'], ['topic', '交通'], ['topic', '交通'], ['year', '2026']],
      extra: `<ul class="attachment-list"><li><a href="/files/catalogue/a%20b.pdf" download="">收费&quot;规则&quot;<span class="attachment-meta">（PDF，1.3 KB）</span></a></li>
<li><a href="/files/catalogue/a%20b.pdf">again</a></li><li><a href="https://example.gov.cn/x.pdf">外站</a></li><li><a href="/files/x.docx">表</a></li></ul>`,
    });
    const { page: p, problems } = inspectPage(html, '/disclosure/items/x/');
    expect(problems).toEqual([]);
    expect(p).toEqual({
      url: '/disclosure/items/x/',
      title: '北京市人民防空工程平时利用管理办法',
      date: '2026-09-17',
      filters: { type: ['目录文件'], department: ['A&B 局'], topic: ['交通'], year: ['2026'] },
      pdfs: [{ href: '/files/catalogue/a b.pdf', title: '收费"规则"' }],
    });
  });

  it.each([
    ['no lang', page({ lang: null }), /lang> must be "zh-CN"/],
    ['another lang', page({ lang: 'en' }), /found "en"/],
    ['no data-pagefind-body', page({ body: false }), /no data-pagefind-body/],
    ['no h1', page({ h1: null }), /no <h1>/],
    ['an empty h1', page({ h1: '<span> </span>' }), /no <h1>/],
    ['no date sort key', page({ sorts: [] }), /no data-pagefind-sort="date:YYYY-MM-DD"/],
    ['a sort key that is not the date', page({ sorts: ['weight:3'] }), /no data-pagefind-sort="date/],
    ['two dates', page({ sorts: ['date:2026-01-01', 'date:2026-01-02'] }), /2 date sort keys/],
    ['an impossible date', page({ sorts: ['date:2026-02-30'] }), /not a YYYY-MM-DD date/],
    ['a date with a time', page({ sorts: ['date:2026-02-03T10:00'] }), /not a YYYY-MM-DD date/],
    ['no type', page({ filters: [['department', '某局']] }), /exactly one search type/],
    ['two types', page({ filters: [['type', '意见征集'], ['type', '征集反馈']] }), /exactly one search type/],
    ['an unknown type', page({ filters: [['type', '新闻']] }), /exactly one search type/],
    ['an unknown filter key', page({ filters: [['type', '意见征集'], ['colour', '红']] }), /unknown search filter colour/],
  ])('refuses a page with %s', (_, html, message) => {
    const { page: p, problems } = inspectPage(html, '/x/');
    expect(p).toBeUndefined();
    expect(problems.join('\n')).toMatch(message);
    expect(problems.every((m) => m.startsWith('/x/: '))).toBe(true);
  });

  it('tells pages that declare a record from those that do not', () => {
    expect(declaresSearchRecord(page())).toBe(true);
    expect(declaresSearchRecord('<main data-pagefind-body><h1>列表</h1><p>data-search-record 写在正文里</p></main>')).toBe(false);
  });
});

describe('helpers', () => {
  it('maps files to the URLs the site serves', () => {
    expect(urlOfFile('index.html')).toBe('/');
    expect(urlOfFile('consultations/x/index.html')).toBe('/consultations/x/');
    expect(urlOfFile('404.html')).toBe('/404.html');
  });
  it('decodes the entities Astro writes and leaves unknown ones alone', () => {
    expect(decodeEntities('&lt;a&gt; &amp;&quot;&#39;&#x4e2d;&#22269; &bogus;')).toBe('<a> &"\'中国 &bogus;');
  });
  it('gives each attachment of a page its own record URL on that page', () => {
    const urls = attachmentRecordUrls({
      url: '/consultations/x/',
      pdfs: [
        { href: '/files/a.pdf', title: '起草说明-修订' },
        { href: '/files/b.pdf', title: '起草说明-修订' },
        { href: '/files/c.pdf', title: '附件2' },
      ],
    });
    expect(urls[0]).toBe(`/consultations/x/#:~:text=${encodeURIComponent('起草说明')}%2D${encodeURIComponent('修订')}`);
    expect(urls[1]).toBe('/consultations/x/#attachment-2');
    expect(new Set(urls).size).toBe(3);
    expect(urls.map(pageOfResult)).toEqual(['/consultations/x/', '/consultations/x/', '/consultations/x/']);
    expect(attachmentRecordTitle('起草说明', '某公告')).toBe('附件：起草说明 — 某公告');
  });
  it('gives a PDF linked from several pages one record, on the earliest page', () => {
    const pdf = (href: string, title = href) => ({ href, title });
    const page = (url: string, date: string, pdfs: { href: string; title: string }[]) => ({ url, title: url, date, filters: { type: ['意见征集'] }, pdfs });
    const owners = attachmentOwners([
      page('/feedback/x/', '2026-10-01', [pdf('/files/draft.pdf', '征求意见稿')]),
      page('/consultations/x/', '2026-09-01', [pdf('/files/note.pdf'), pdf('/files/draft.pdf', '征求意见稿')]),
      page('/consultations/y/', '2026-09-01', [pdf('/files/draft.pdf')]),
    ]);
    expect(owners.map((o) => [o.href, o.page.url])).toEqual([
      ['/files/draft.pdf', '/consultations/x/'],
      ['/files/note.pdf', '/consultations/x/'],
    ]);
    expect(owners[0]?.url).toBe(`/consultations/x/#:~:text=${encodeURIComponent('征求意见稿')}`);
  });
  it('splits a title into the words the query segmenter finds', () => {
    const words = titleWords('城市黑臭水体排查识别结果公示（ＰＤＦ）').split(' ');
    expect(words).toEqual(expect.arrayContaining(['城市', '水体', '识别', '结果', 'pdf']));
    expect(words.join('')).toBe('城市黑臭水体排查识别结果公示pdf');
  });
  it('adds the title words as a hidden meta field before </body>, punctuation dropped', () => {
    const html = withTitleWords('<html><body><main>x</main></body></html>', '“防空”<工程> & "管理"');
    expect(html).toBe('<html><body><main>x</main><span hidden data-pagefind-meta="titlewords[data-value]" data-value="防空 工程 管理"></span></body></html>');
  });
  it('joins PDF lines wrapped inside Chinese sentences but not elsewhere', () => {
    expect(joinPdfLines('保障人民防空工程\n战时防护功能，\n发挥效益。\nPage 2\nnext')).toBe('保障人民防空工程战时防护功能，发挥效益。 Page 2 next');
  });
});

describe('PDF text', () => {
  const sample = join(REPO, 'public/files/consultations/renfang-gongcheng-pingshi-liyong-zhengqiu-yijian-gao.pdf');
  it('reads a Chinese PDF whose font has a predefined encoding (needs the kept CMaps)', async () => {
    expect(pdfCMapDirectory()).toBeDefined();
    const text = await extractPdfText(readFileSync(sample));
    expect(text).toContain('人民防空工程平时利用管理办法');
    expect(text).not.toMatch(/\n/);
  });
  it('gives no text without the CMaps rather than wrong characters', async () => {
    expect(await extractPdfText(readFileSync(sample), null)).toBe('');
  });
  it('throws on a file that is not a PDF', async () => {
    await expect(extractPdfText(new TextEncoder().encode('not a pdf'))).rejects.toThrow();
  });
});

describe('buildSearchIndex on a small site', () => {
  const dirs: string[] = [];
  const site = (files: Record<string, string | Buffer>): string => {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-search-'));
    dirs.push(dir);
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    return dir;
  };
  const quiet = { info: () => {}, warn: () => {} };
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('fails, naming every page and problem, when an indexed page lacks its date', async () => {
    const dir = site({
      'a/index.html': page({ sorts: [] }),
      'b/index.html': page({ lang: 'en' }),
      'c/index.html': page(),
    });
    const error = await buildSearchIndex(dir, quiet).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/2 page problem/);
    expect(error?.message).toMatch(/\/a\/: no data-pagefind-sort="date:YYYY-MM-DD"/);
    expect(error?.message).toMatch(/\/b\/: <html lang> must be "zh-CN"/);
    expect(existsSync(join(dir, 'pagefind'))).toBe(false);
  });

  it('fails when no page declares a record (an empty index is a broken search)', async () => {
    const dir = site({ 'index.html': '<html lang="zh-CN"><body><main data-pagefind-body><h1>首页</h1></main></body></html>' });
    await expect(buildSearchIndex(dir, quiet)).rejects.toThrow(/no page declares a search record/);
  });

  it('indexes record pages only, adds attachment records and warns about PDFs without text', async () => {
    const warnings: string[] = [];
    const dir = site({
      'index.html': '<html lang="zh-CN"><body><main data-pagefind-body><h1>列表</h1><p>防空</p></main></body></html>',
      'c/index.html': page({ extra: '<a href="/files/draft.pdf">征求意见稿<span class="attachment-meta">（PDF）</span></a><a href="/files/scan.pdf">扫描件</a><a href="/files/missing.pdf">缺失</a>' }),
      'files/draft.pdf': readFileSync(join(REPO, 'public/files/consultations/renfang-gongcheng-pingshi-liyong-zhengqiu-yijian-gao.pdf')),
      'files/scan.pdf': readFileSync(join(REPO, 'public/files/consultations/renfang-gongcheng-pingshi-liyong-zhengqiu-yijian-gao.pdf')).subarray(0, 0),
    });
    // An empty file stands for a PDF pdf.js cannot open; a real scan would open and give no text.
    copyFileSync(join(dir, 'files/draft.pdf'), join(dir, 'files/copy.pdf'));
    const report = await buildSearchIndex(dir, { info: () => {}, warn: (m) => warnings.push(m) });
    expect(report).toMatchObject({ htmlFiles: 2, indexedPages: 1, pagesWithoutRecord: 1, pdfFiles: 3, pdfRecords: 1 });
    expect(warnings.join('\n')).toMatch(/附件 \/files\/missing\.pdf 不在站点中/);
    expect(warnings.join('\n')).toMatch(/附件 \/files\/scan\.pdf 无法读取/);
    const entry = JSON.parse(readFileSync(join(dir, 'pagefind/pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number; hash: string }> };
    expect(Object.keys(entry.languages)).toEqual(['zh-cn']);
    expect(entry.languages['zh-cn']?.page_count).toBe(2);
    // One bundle, and the manifest says so.
    expect(report.bundles.map((b) => b.path)).toEqual(['/pagefind/']);
    expect(JSON.parse(readFileSync(join(dir, 'pagefind', MANIFEST_FILE), 'utf8'))).toEqual({
      bundles: report.bundles,
      filterValues: { type: { 意见征集: 2 }, department: { 北京市人民防空办公室: 2 } },
      // Pagefind's first files, which the page asks for as soon as it has the manifest; both exist.
      preload: [`/pagefind/pagefind.${entry.languages['zh-cn']?.hash}.pf_meta`, '/pagefind/wasm.unknown.pagefind'],
    });
    for (const file of ['pagefind.' + entry.languages['zh-cn']?.hash + '.pf_meta', 'wasm.unknown.pagefind']) expect(existsSync(join(dir, 'pagefind', file)), file).toBe(true);
  });

  it('splits records by year into bundles, an attachment record going with its page', async () => {
    const at = (date: string, type: string, extra = '') => page({ sorts: [`date:${date}`], filters: [['type', type], ['year', date.slice(0, 4)]], extra });
    const dir = site({
      'a/index.html': at('2026-03-01', '意见征集'),
      'b/index.html': at('2025-12-31', '通知公告', '<a href="/files/draft.pdf">征求意见稿</a>'),
      'c/index.html': at('2021-06-01', '通知公告'),
      'd/index.html': at('2019-01-01', '目录文件'),
      'files/draft.pdf': readFileSync(join(REPO, 'public/files/consultations/renfang-gongcheng-pingshi-liyong-zhengqiu-yijian-gao.pdf')),
    });
    const report = await buildSearchIndex(dir, quiet, { bundleRecords: 3 });
    expect(report.bundles.map((b) => [b.path, b.firstYear, b.lastYear, b.records])).toEqual([
      ['/pagefind/', 2025, 2026, 3],
      ['/pagefind/archive/2019-2024/', 2019, 2024, 2],
    ]);
    const pageCount = (path: string) => (JSON.parse(readFileSync(join(dir, path, 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> }).languages['zh-cn']?.page_count;
    expect(pageCount('pagefind')).toBe(3);
    expect(pageCount('pagefind/archive/2019-2024')).toBe(2);
    expect(existsSync(join(dir, 'pagefind/pagefind.js'))).toBe(true);
    expect(existsSync(join(dir, 'pagefind/archive/2019-2024/pagefind.js'))).toBe(false);
    const manifest = JSON.parse(readFileSync(join(dir, 'pagefind', MANIFEST_FILE), 'utf8')) as { filterValues: Record<string, Record<string, number>> };
    expect(manifest.filterValues.type).toEqual({ 意见征集: 1, 通知公告: 3, 目录文件: 1 });
    expect(manifest.filterValues.year).toEqual({ 2026: 1, 2025: 2, 2021: 1, 2019: 1 });
  });
});
