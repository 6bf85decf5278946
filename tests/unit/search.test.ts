import { describe, expect, it } from 'vitest';
import {
  byDocumentNumberRank,
  documentNumberKey,
  documentNumberRank,
  findMatches,
  findTitleMatches,
  normalizeForMatch,
  normalizeQuery,
  searchFilters,
  CATALOGUE_COLUMN,
  FILTER_KEYS,
  searchMeta,
  searchStateFromParams,
  searchStateToParams,
  titleMatches,
  titleTerms,
  TITLE_BATCH,
  TITLE_WORDS_META,
  MAX_QUERY_LENGTH,
  type TitleSearch,
} from '../../src/lib/search.ts';
import { frequentTitleTerms, titleTerms as hotTitleTerms } from '../../src/lib/hot-words.ts';

describe('normalizeQuery', () => {
  it('folds full-width letters and digits to half-width and lower-cases', () => {
    expect(normalizeQuery('ＡＢＣ　２０２０年')).toBe('abc 2020年');
    expect(normalizeQuery('ICP备案')).toBe('icp备案');
  });
  it('drops quotes that would switch Pagefind to exact-phrase mode', () => {
    expect(normalizeQuery('"好差评"')).toBe('好差评');
    expect(normalizeQuery('“好差评”情况')).toBe('好差评 情况');
    expect(normalizeQuery("'防空'")).toBe('防空');
  });
  it('collapses white space of every kind and trims', () => {
    expect(normalizeQuery(' 防空 \t\n 工程\u3000 ')).toBe('防空 工程');
  });
  it('returns an empty query for white space and quotes only', () => {
    expect(normalizeQuery('  “” ')).toBe('');
  });
  it('cuts a pasted paragraph to the maximum length', () => {
    expect(normalizeQuery('防'.repeat(500))).toHaveLength(MAX_QUERY_LENGTH);
  });
  it('keeps 〔〕 (not a compatibility character) and folds full-width parentheses', () => {
    expect(normalizeQuery('交公路规〔2020〕3号')).toBe('交公路规〔2020〕3号');
    expect(normalizeQuery('国办发（2020）23号')).toBe('国办发(2020)23号');
  });
});

describe('title-only matching', () => {
  it('needs every term in the title', () => {
    const title = '北京市人民防空工程平时利用管理办法（征求意见稿）';
    expect(titleMatches(title, titleTerms('防空 管理办法'))).toBe(true);
    expect(titleMatches(title, titleTerms('防空 停车'))).toBe(false);
  });
  it('treats a run without spaces as one substring, not as separate words', () => {
    expect(titleMatches('人民防空工程', titleTerms('防空工程'))).toBe(true);
    expect(titleMatches('防空设施和工程', titleTerms('防空工程'))).toBe(false);
  });
  it('matches 文号 whatever brackets the visitor typed', () => {
    const title = '交通运输部关于印发规则的通知（交公路规〔2020〕3号）';
    for (const q of ['交公路规〔2020〕3号', '交公路规[2020]3号', '交公路规(2020)3号', '交公路规【2020】3号', '交公路规［２０２０］３号']) {
      expect(titleMatches(title, titleTerms(q)), q).toBe(true);
    }
    expect(titleMatches(title, titleTerms('交公路规〔2020〕4号'))).toBe(false);
  });
  it('ignores case and full-width forms on both sides', () => {
    expect(titleMatches('ＰＤＦ格式说明', titleTerms('pdf'))).toBe(true);
  });
  it('compares titles with every kind of bracket made one and spaces removed', () => {
    expect(normalizeForMatch('交公路规〔2020〕3号')).toBe(normalizeForMatch('交公路规 [2020] 3号'));
    expect(normalizeForMatch('（征求意见稿）')).toBe('(征求意见稿)');
    expect(normalizeForMatch('【通知】')).toBe('(通知)');
  });
    it('never matches an empty query', () => {
    expect(titleTerms('  ')).toEqual([]);
    expect(titleMatches('任何标题', [])).toBe(false);
  });
});

describe('search records', () => {
  it('gives every page its type and year, and only the filters it has', () => {
    expect(searchFilters({ type: '意见征集', date: '2026-11-19', department: '北京市交通委员会', areas: ['交通', ' ', '交通'] })).toEqual({
      type: ['意见征集'],
      department: ['北京市交通委员会'],
      area: ['交通'],
      year: ['2026'],
    });
  });
  it('puts a page the catalogue lists in the catalogue’s column, with its 五公开 stage and 公开方式', () => {
    const filters = searchFilters({ type: '意见征集', date: '2026-11-19', catalogue: { openness: '决策公开', disclosure: '主动公开' } });
    expect(filters).toEqual({ column: [CATALOGUE_COLUMN], type: ['意见征集'], openness: ['决策公开'], disclosure: ['主动公开'], year: ['2026'] });
    expect(Object.keys(filters)).toEqual(FILTER_KEYS.filter((k) => k in filters));
    expect(searchFilters({ type: '意见征集', date: '2026-11-19' }).column).toBeUndefined();
  });
  it('refuses a record without a valid date or with an unknown type', () => {
    expect(() => searchFilters({ type: '意见征集', date: '2026-13-01' })).toThrow(/YYYY-MM-DD/);
    expect(() => searchFilters({ type: '意见征集', date: '2026/11/19' })).toThrow(/YYYY-MM-DD/);
    expect(() => searchFilters({ type: '新闻' as never, date: '2026-11-19' })).toThrow(/Unknown search type/);
  });
  it('returns the date and 文号 as metadata', () => {
    expect(searchMeta({ type: '目录文件', date: '2020-07-08', documentNumber: ' 交公路规〔2020〕3号 ' })).toEqual({ date: '2020-07-08', docno: '交公路规〔2020〕3号' });
    expect(searchMeta({ type: '目录文件', date: '2020-07-08' })).toEqual({ date: '2020-07-08' });
  });
});

describe('search state in the URL', () => {
  it('round-trips and leaves defaults out', () => {
    const state = { query: '防空 工程', sort: 'date' as const, scope: 'title' as const, years: 'all' as const, filters: { type: ['意见征集'], year: ['2026'] } };
    const params = searchStateToParams(state);
    expect(params.toString()).toBe('q=%E9%98%B2%E7%A9%BA+%E5%B7%A5%E7%A8%8B&sort=date&scope=title&years=all&type=%E6%84%8F%E8%A7%81%E5%BE%81%E9%9B%86&year=2026');
    expect(searchStateFromParams(params)).toEqual(state);
    expect(searchStateToParams({ query: '', sort: 'relevance', scope: 'all', years: 'recent', filters: {} }).toString()).toBe('');
  });
  it('reads hostile or unknown values as the defaults', () => {
    const state = searchStateFromParams(new URLSearchParams('sort=DROP&scope=<script>&years=ALL&colour=red&type=&q=' + 'x'.repeat(1000)));
    expect(state.sort).toBe('relevance');
    expect(state.scope).toBe('all');
    expect(state.years).toBe('recent');
    expect(state.filters).toEqual({});
    expect(state.query.length).toBeLessThanOrEqual(MAX_QUERY_LENGTH * 2);
  });
  it('keeps the first of repeated filter values', () => {
    expect(searchStateFromParams(new URLSearchParams('type=意见征集&type=征集反馈')).filters).toEqual({ type: ['意见征集'] });
  });
});

describe('findTitleMatches', () => {
  interface Data {
    meta: Record<string, string | undefined>;
  }
  const hit = (title: string, opts: { titleMatched?: boolean; attachment?: boolean } = {}) => {
    let loads = 0;
    return {
      matchedMetaFields: opts.titleMatched === false ? [] : [TITLE_WORDS_META],
      data: async (): Promise<Data> => {
        loads++;
        return { meta: { title, ...(opts.attachment ? { attachment: '/files/a.pdf' } : {}) } };
      },
      get loads() {
        return loads;
      },
    };
  };

  it('keeps only titles containing every term, in result order, without loading results whose title did not match', async () => {
    const skipped = hit('关于停车的通知', { titleMatched: false });
    const search: TitleSearch<ReturnType<typeof hit>, Data> = {
      unchecked: [hit('人民防空工程管理办法'), skipped, hit('防空警报试鸣'), hit('附件：防空工程 — 某页', { attachment: true }), hit('人民防空工程平时利用')],
      matches: [],
    };
    expect(await findTitleMatches(search, titleTerms('防空 工程'), 10)).toBe(true);
    expect(search.matches.map((m) => m.data.meta.title)).toEqual(['人民防空工程管理办法', '人民防空工程平时利用']);
    expect(skipped.loads).toBe(0);
    expect(search.unchecked).toEqual([]);
  });

  it('stops once enough matches are known and leaves the rest unchecked', async () => {
    const many = Array.from({ length: TITLE_BATCH * 3 }, (_, i) => hit(`防空 第${i}号`));
    const search: TitleSearch<ReturnType<typeof hit>, Data> = { unchecked: [...many], matches: [] };
    await findTitleMatches(search, titleTerms('防空'), 5);
    expect(search.matches).toHaveLength(TITLE_BATCH);
    expect(search.unchecked).toHaveLength(TITLE_BATCH * 2);
    expect(many.at(-1)?.loads).toBe(0);
  });

  it('gives up when a newer search started', async () => {
    const search: TitleSearch<ReturnType<typeof hit>, Data> = { unchecked: [hit('防空')], matches: [] };
    expect(await findTitleMatches(search, ['防空'], 10, () => false)).toBe(false);
    expect(search.matches).toEqual([]);
  });
});

describe('frequent title terms (常用词)', () => {
  const titles = [
    '北京市人民防空工程平时利用管理办法',
    '关于人民防空工程安全检查的通知',
    '人民防空疏散演练公告',
    '居住区停车管理办法',
    '停车收费标准调整方案',
    '交通运输部关于印发收费公路规则的通知',
    '交通运输部关于道路运输的意见',
    '交通运输统计公报',
  ];
  it('prefers a longer term found in nearly as many titles (交通运输 over 交通, 人民防空 over 人民)', () => {
    const terms = frequentTitleTerms(titles, { limit: 10 });
    expect(terms).toContain('交通运输');
    expect(terms).toContain('人民防空');
    expect(terms).not.toContain('交通');
    expect(terms).not.toContain('人民');
    expect(terms).toContain('停车');
  });
  it('never offers generic title words, function-word edges or the 部 of a body name', () => {
    const terms = frequentTitleTerms(titles, { limit: 50, minTitles: 1 });
    for (const generic of ['关于', '通知', '公告', '办法', '管理', '北京市', '交通运输部', '的通知']) expect(terms, generic).not.toContain(generic);
    expect(hotTitleTerms('交通运输部关于印发《收费公路联网收费运营和服务规则（2020）》的通知')).toEqual(expect.arrayContaining(['交通运输', '收费公路']));
    expect(hotTitleTerms('交通运输部关于印发《收费公路联网收费运营和服务规则（2020）》的通知')).not.toContain('交通运输部');
  });
  it('leaves out excluded terms and terms inside or around them, and terms in fewer titles than asked', () => {
    const terms = frequentTitleTerms(titles, { limit: 20, exclude: ['人民防空工程'], minTitles: 2 });
    expect(terms).not.toContain('人民防空');
    expect(terms).not.toContain('防空工程');
    expect(terms).not.toContain('居住区');
  });
  it('does not offer a term inside one already chosen', () => {
    const terms = frequentTitleTerms(titles, { limit: 20 });
    for (const a of terms) for (const b of terms) if (a !== b) expect(a.includes(b), `${a} / ${b}`).toBe(false);
  });
  it('is reproducible whatever the order of the titles', () => {
    expect(frequentTitleTerms([...titles].reverse())).toEqual(frequentTitleTerms(titles));
  });
  it('keeps only Chinese terms of two to eight characters', () => {
    const terms = hotTitleTerms('2020年 ABC 关于防空（第1号）');
    expect(terms.every((w) => /^\p{Script=Han}{2,8}$/u.test(w))).toBe(true);
  });
  it('returns nothing for no titles', () => {
    expect(frequentTitleTerms([])).toEqual([]);
  });
});

describe('a 文号 as the query', () => {
  it('is recognised in every common form, and compares as one form', () => {
    const key = documentNumberKey('交公路规〔2020〕3号');
    expect(key).toBeDefined();
    for (const typed of ['交公路规[2020]3号', '交公路规（2020）3号', '交公路规(2020)3号', '交公路规【2020】3号', ' 交公路规［２０２０］３号 ', '交公路规〔2020〕第3号'.replace('第', '')]) {
      expect(documentNumberKey(typed), typed).toBe(key);
    }
    expect(documentNumberKey('交通运输部令２０２０年第５号')).toBe(documentNumberKey('交通运输部令2020年第5号'));
    expect(documentNumberKey('国办发〔2019〕第54号')).toBeDefined();
  });

  it('is not taken for a 文号 when it is a phrase, a year or half a number', () => {
    for (const q of ['收费公路', '2020年', '交公路规〔2020〕', '〔2020〕3号', '交公路规 2020 3号', '2020年第5号通知', '交公路规〔20〕3号']) expect(documentNumberKey(q), q).toBeUndefined();
  });

  it('ranks the document first, then titles citing it, then texts; a page with only its characters not at all', () => {
    const key = documentNumberKey('交公路规[2020]3号')!;
    const doc = { meta: { title: '规则', docno: '交公路规〔2020〕3号' } };
    const titled = { meta: { title: '关于交公路规（2020）3号的解读' } };
    const cited = { content: '根据交公路规〔2020〕3号，制定本细则。', meta: { title: '细则' } };
    const loose = { content: '交公路规〔2020〕13号，第3号令', meta: { title: '其他', docno: '交公路规〔2020〕13号' } };
    expect([doc, titled, cited, loose].map((d) => documentNumberRank(key, d))).toEqual([0, 1, 2, undefined]);
    const ordered = byDocumentNumberRank(key, [{ data: cited }, { data: titled }, { data: doc }]);
    expect(ordered.map((m) => m.data)).toEqual([doc, titled, cited]);
  });

  it('narrows Pagefind’s results to those a rule keeps, loading only candidates, and stops when a newer search started', async () => {
    let loaded = 0;
    const result = (title: string, candidate = true) => ({ matchedMetaFields: candidate ? ['docno'] : [], data: async () => (loaded++, { meta: { title } }) });
    const search = { unchecked: [result('甲'), result('乙', false), result('甲乙'), result('丙')], matches: [] as { result: unknown; data: { meta: Record<string, string | undefined> } }[] };
    await findMatches(search as never, (d: { meta: Record<string, string | undefined> }) => (d.meta.title ?? '').includes('甲'), 10, () => true, (r: { matchedMetaFields?: string[] | undefined }) => (r.matchedMetaFields?.length ?? 0) > 0);
    expect(search.matches.map((m) => m.data.meta.title)).toEqual(['甲', '甲乙']);
    expect(loaded).toBe(3);
    const stale = { unchecked: [result('甲')], matches: [] };
    expect(await findMatches(stale as never, () => true, 10, () => false)).toBe(false);
    expect(stale.matches).toEqual([]);
  });
});
