/**
 * Quality of Chinese search, measured on the built sample site: a fixed list of
 * queries a visitor would type (two-character words inside longer runs,
 * several words, department names, 文号 with full- and half-width brackets and
 * digits, punctuation, a phrase only in a PDF attachment), each with the pages
 * it must return on the first page of results (top 10, as the search page shows
 * them). Queries go through the same normalisation as the search page. Prints
 * recall; any miss fails.
 *
 * Pagefind's Chinese recall has regressed between versions before (upstream
 * issue 1237): keep this list when upgrading.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SITE_DIR } from '../helpers/site.ts';
import { loadPagefind, type PagefindApi } from '../helpers/pagefind.ts';
import { findTitleMatches, normalizeQuery, titleMatches, titleTerms, type TitleSearch } from '../../src/lib/search.ts';
import { pageOfResult } from '../../src/build/search-index.ts';

const FIRST_PAGE = 10;

interface RecallCase {
  query: string;
  /** Pages that must be among the first results. */
  expect: string[];
  why: string;
}

const CASES: RecallCase[] = [
  { query: '防空', expect: ['/consultations/renfang-gongcheng-pingshi-liyong/', '/feedback/renfang-gongcheng-pingshi-liyong/'], why: 'two characters inside 人民防空工程' },
  { query: '人民防空工程', expect: ['/consultations/renfang-gongcheng-pingshi-liyong/', '/feedback/renfang-gongcheng-pingshi-liyong/'], why: 'a run the segmenter splits' },
  { query: '停车', expect: ['/consultations/juzhuqu-tingche-guanli/'], why: 'inside 居住区停车管理办法' },
  { query: '裁量基准', expect: ['/consultations/scjg-xingzheng-chufa-cailiang-jizhun-xiuding/', '/consultations/sifa-xingzheng-chufa-cailiang-jizhun/', '/feedback/sifa-xingzheng-chufa-cailiang-jizhun/'], why: 'inside 行政处罚裁量基准' },
  { query: '行政处罚 知识产权', expect: ['/consultations/zscqj-xingzheng-chufa-cailiangquan/', '/feedback/zscqj-xingzheng-chufa-cailiangquan/'], why: 'two words, both required' },
  { query: '北京市人民防空办公室', expect: ['/consultations/renfang-gongcheng-pingshi-liyong/'], why: 'department name' },
  { query: '北京市知识产权局', expect: ['/consultations/zscqj-weifa-xingwei-fenlei-mulu/', '/consultations/zscqj-xingzheng-chufa-cailiangquan/'], why: 'department name' },
  { query: '交公路规〔2020〕3号', expect: ['/disclosure/items/shoufei-gonglu-lianwang-shoufei-guize-2020/'], why: '文号 with 〔〕' },
  { query: '交公路规[2020]3号', expect: ['/disclosure/items/shoufei-gonglu-lianwang-shoufei-guize-2020/'], why: '文号 typed with ASCII brackets' },
  { query: '交通运输部令２０２０年第５号', expect: ['/disclosure/items/daolu-yunshu-cheliang-jishu-guanli-xiugai-2020/'], why: '文号 with full-width digits' },
  { query: '国办发〔2019〕54号', expect: ['/consultations/gonggong-ziyuan-jiaoyi-jiceng-gongkai-mulu/'], why: '文号 cited as a basis in the text' },
  { query: '国办发（2020）23号', expect: ['/consultations/laojiu-xiaoqu-zonghe-zhengzhi/'], why: '文号 typed with full-width parentheses' },
  { query: '黑臭水体', expect: ['/remediation/', '/remediation/progress/2025-10-20-paicha-shibie-gongshi/'], why: 'three characters the segmenter splits (黑|臭|水体)' },
  { query: '谢家河', expect: ['/remediation/water-bodies/xiejiahe/'], why: 'place name split into single characters' },
  { query: '小青龙河 截污纳管', expect: ['/remediation/progress/2026-07-31-jiewu-xiaoqinglonghe/'], why: 'place name plus a term' },
  { query: '山洪灾害红色预警', expect: ['/notices/2020-07-05-shanhong-hongse/', '/notices/2020-07-06-shanhong-hongse-gengxin/'], why: 'warning title' },
  { query: '高考延期', expect: ['/notices/2020-07-07-gaokao-yanqi/', '/notices/2020-07-07-huiying-gaokao-shijian/'], why: 'notice and response' },
  { query: '歙县「7·7」洪涝灾害', expect: ['/events/shexian-77-honglao/'], why: 'corner brackets and a middle dot' },
  { query: '“好差评”', expect: ['/disclosure/items/haochaping-tongbao-2020-q3/'], why: 'Chinese quotation marks' },
  { query: '收费公路 联网收费', expect: ['/disclosure/items/shoufei-gonglu-lianwang-shoufei-guize-2020/', '/disclosure/items/shoufei-gonglu-lianwang-shoufei-guize-2018/', '/disclosure/items/jiedu-shoufei-gonglu-lianwang-shoufei-guize-2020/'], why: 'two words, document and its interpretation' },
  { query: '政府信息公开指南', expect: ['/disclosure/guide/'], why: 'column page' },
  { query: '临时救助', expect: ['/disclosure/items/linshi-jiuzhu-yicixing-gaozhidan/'], why: 'service guide' },
  { query: '满意度', expect: ['/remediation/progress/2026-11-05-gongzhong-pingyi-jieguo/'], why: 'inside 满意度92.0%' },
  { query: '南水北调', expect: ['/consultations/jumin-jieti-shuijia-tiaozheng/'], why: 'only in the PDF attachment' },
  { query: '收费公路债务余额', expect: ['/disclosure/items/shoufei-gonglu-tongji-gongbao-2019/'], why: 'only in the PDF attachment' },
];

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
