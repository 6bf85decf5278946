/** The catalogue model, the item page's table and banner, and the open data built from one declaration per link. */
import { describe, expect, it } from 'vitest';
import { CATALOGUE_KINDS, DEFAULT_OPENNESS, OPENNESS_STAGES, attachmentExtension, buildCatalogue, disclosureFacets, indexCodeOf, isInForce, missingDownloadFormats, type CatalogueTreesInput } from '../../src/lib/catalogue.ts';
import { catalogueItemSchema } from '../../src/schemas/catalogue.ts';
import { PREVIEW_SIZE, nodeListing } from '../../src/lib/catalogue-listing.ts';
import { catalogueCardHtml, metadataRows, metadataRowsHtml, validityNotice, validityTone } from '../../src/lib/catalogue-view.ts';
import { pagedTitle } from '../../src/lib/pagination.ts';
import { buildCatalogueOpenData, catalogueRssChannel, FEED_ITEM_COUNT, type OpenDataItemInput } from '../../src/lib/catalogue-open-data.ts';
import { renderRss } from '../../src/lib/rss.ts';

const trees: CatalogueTreesInput = {
  topics: [
    { code: 'zt11', name: '收费公路', order: 11 },
    { code: 'zt1103', name: '收费公路政策', order: 3, parent: 'zt11' },
    { code: 'zt05', name: '政策解读', order: 5 },
    { code: 'zt0501', name: '文字解读', order: 1, parent: 'zt05' },
  ],
  industries: [
    { code: 'hy02', name: '公路', order: 2 },
    { code: 'hy0201', name: '公路建设', order: 1, parent: 'hy02' },
  ],
  organisations: [
    { code: 'jg01', name: '部机关', order: 1, indexCode: '100000001', department: 'jtb' },
    { code: 'jg0106', name: '公路局', order: 6, parent: 'jg01', department: 'jtb-glj' },
    { code: 'jg02', name: '部管国家局', order: 2, indexCode: '100000002' },
    { code: 'jg0201', name: '国家铁路局', order: 1, parent: 'jg02', indexCode: '100000021' },
  ],
};

function item(id: string, over: Partial<OpenDataItemInput> = {}): OpenDataItemInput {
  return {
    id,
    title: `标题${id}`,
    kind: '行政规范性文件',
    issuer: 'jtb-glj',
    published: '2020-04-24',
    validity: '有效',
    topics: ['zt1103'],
    industries: ['hy0201'],
    interprets: [],
    related: [],
    attachments: [],
    ...over,
  };
}

const items = [
  item('old-rule', { published: '2018-05-28', validity: '废止', replacedBy: 'new-rule', documentNumber: '交公路规〔2018〕6号' }),
  item('new-rule', { documentNumber: '交公路规〔2020〕3号', written: '2020-04-15', effective: '2020-05-06', related: ['notice'], attachments: [{ title: 'PDF', file: '/files/a.pdf' }] }),
  item('reading', { kind: '政策解读', topics: ['zt0501', 'zt1103'], interprets: ['new-rule'] }),
  item('picture', { kind: '图文解读', published: '2020-04-26', topics: ['zt0501'], interprets: ['new-rule'] }),
  item('notice', { kind: '公告', issuer: 'jtb', published: '2020-02-15', organisations: ['jg0201'] }),
];
const catalogue = buildCatalogue(items, trees);

describe('buildCatalogue', () => {
  it('lists items newest first, ties by file name', () => {
    expect(catalogue.items.map((i) => i.id)).toEqual(['picture', 'new-rule', 'reading', 'notice', 'old-rule']);
  });

  it('turns one declaration into both directions', () => {
    expect(catalogue.interpretationsOf.get('new-rule')?.map((i) => i.id)).toEqual(['picture', 'reading']);
    expect(catalogue.replacedItemsOf.get('new-rule')?.map((i) => i.id)).toEqual(['old-rule']);
    expect(catalogue.relatedOf.get('notice')?.map((i) => i.id)).toEqual(['new-rule']);
    expect(catalogue.relatedOf.get('new-rule')?.map((i) => i.id)).toEqual(['notice']);
    expect(catalogue.interpretationsOf.get('reading')).toBeUndefined();
  });

  it('files an item under the issuer’s organisation node unless it names its own', () => {
    expect(catalogue.organisationsOf.get('new-rule')).toEqual(['jg0106']);
    expect(catalogue.organisationsOf.get('notice')).toEqual(['jg0201']);
    expect(catalogue.groups.organisations.get('jg01')?.map((i) => i.id)).toEqual(['picture', 'new-rule', 'reading', 'old-rule']);
  });

  it('lists each node’s own items apart from its subtree', () => {
    expect(catalogue.direct.topics.get('zt11')).toEqual([]);
    expect(catalogue.direct.topics.get('zt1103')?.map((i) => i.id)).toEqual(['new-rule', 'reading', 'notice', 'old-rule']);
    expect(catalogue.direct.organisations.get('jg01')).toEqual([]);
    const listing = nodeListing(catalogue.trees.topics, catalogue.groups.topics, catalogue.direct.topics, 'zt11');
    expect(listing).toMatchObject({ paginated: [], total: 4 });
    expect(listing.preview.map((i) => i.id)).toEqual(['new-rule', 'reading', 'notice', 'old-rule']);
    const leaf = nodeListing(catalogue.trees.topics, catalogue.groups.topics, catalogue.direct.topics, 'zt0501');
    expect(leaf.paginated.map((i) => i.id)).toEqual(['picture', 'reading']);
    expect(leaf.preview).toEqual([]);
    expect(() => nodeListing(catalogue.trees.topics, catalogue.groups.topics, catalogue.direct.topics, 'nope')).toThrow();
  });

  it('previews at most PREVIEW_SIZE items on a parent, and paginates its own items', () => {
    const many = Array.from({ length: PREVIEW_SIZE + 5 }, (_, i) => item(`m${String(i).padStart(2, '0')}`, { topics: [i % 2 ? 'zt11' : 'zt1103'] }));
    const c = buildCatalogue(many, trees);
    const listing = nodeListing(c.trees.topics, c.groups.topics, c.direct.topics, 'zt11');
    expect(listing.preview.length).toBe(PREVIEW_SIZE);
    expect(listing.paginated.length).toBe(7);
    expect(listing.total).toBe(PREVIEW_SIZE + 5);
  });

  it('counts each node’s whole subtree once per item', () => {
    expect(catalogue.groups.topics.get('zt11')?.length).toBe(4);
    expect(catalogue.groups.topics.get('zt05')?.map((i) => i.id)).toEqual(['picture', 'reading']);
    expect(catalogue.groups.industries.get('hy02')?.length).toBe(5);
  });

  it('numbers items by the nearest 机构代码 up the organisation tree', () => {
    expect(indexCodeOf(catalogue.trees.organisations, 'jg0106')).toBe('100000001');
    expect(catalogue.indexNumberOf.get('old-rule')).toBe('100000001/2018-00001');
    expect(catalogue.indexNumberOf.get('notice')).toBe('100000021/2020-00001');
    expect(catalogue.indexNumberOf.get('new-rule')).toBe('100000001/2020-00001');
    expect(catalogue.indexNumberOf.get('reading')).toBe('100000001/2020-00002');
    expect(catalogue.indexNumberOf.get('picture')).toBe('100000001/2020-00003');
  });

  it('ignores links to items that are not in the catalogue (drafts are left out before)', () => {
    const c = buildCatalogue([item('a', { related: ['draft'], interprets: ['draft'], kind: '政策解读' })], trees);
    expect(c.relatedOf.get('a')).toBeUndefined();
    expect(c.interpretationsOf.size).toBe(0);
  });
});

describe('item page rules', () => {
  const rule = catalogue.byId.get('new-rule')!;

  it('fills the standard table in the platform’s order, leaving out dates the document lacks', () => {
    const rows = metadataRows({ item: rule, indexNumber: '100000001/2020-00001', issuerName: '交通运输部公路局', organisations: ['jg0106'], trees: catalogue.trees });
    expect(rows.map((r) => r.label)).toEqual(['索引号', '主题分类', '行业分类', '机构分类', '发布机构', '文号', '成文日期', '发布日期', '施行日期', '有效性', '信息类别', '公开方式', '五公开属性']);
    expect(rows.find((r) => r.label === '主题分类')?.links).toEqual([{ label: '收费公路 › 收费公路政策', href: '/disclosure/topics/zt1103/' }]);
    expect(rows.find((r) => r.label === '施行日期')?.value).toBe('2020年5月6日');
    const notice = catalogue.byId.get('notice')!;
    const short = metadataRows({ item: notice, indexNumber: undefined, issuerName: '交通运输部', organisations: [], trees: catalogue.trees });
    expect(short.map((r) => r.label)).toEqual(['索引号', '主题分类', '行业分类', '发布机构', '发布日期', '有效性', '信息类别', '公开方式', '五公开属性']);
    expect(short[0]?.value).toBe('—');
  });

  it('puts a banner on documents no longer valid, naming the successor', () => {
    expect(validityNotice({ validity: '有效' })).toBeUndefined();
    const repealed = validityNotice({ validity: '废止' }, { id: 'new-rule', title: '新规则' });
    expect(repealed).toMatchObject({ tone: 'danger', title: '本文件已废止', successor: { href: '/disclosure/items/new-rule/', title: '新规则' } });
    expect(validityNotice({ validity: '失效', validityNote: '政策已于2020年5月6日结束。' })).toMatchObject({ tone: 'danger', title: '本文件已失效', text: '政策已于2020年5月6日结束。' });
    expect(validityNotice({ validity: '已修改' }, { id: 'x', title: 'X' })?.tone).toBe('warning');
    expect(isInForce('已修改')).toBe(true);
    expect(isInForce('废止')).toBe(false);
    expect(validityTone('废止')).toBe('danger');
  });

  it('numbers list pages after the first', () => {
    expect(pagedTitle('投资计划', 1)).toBe('投资计划');
    expect(pagedTitle('投资计划', 3)).toBe('投资计划（第3页）');
  });
});

describe('metadata table rows', () => {
  it('writes one row per fact, classification links joined by ；, everything escaped', () => {
    expect(
      metadataRowsHtml([
        { label: '主题分类', value: 'A；B', links: [{ label: '收费公路 › 收费公路政策', href: '/disclosure/topics/zt1103/' }, { label: '政策解读 › 文字解读', href: '/disclosure/topics/zt0501/' }] },
        { label: '文号', value: '交公路规〔2020〕3号' },
        { label: '发布机构', value: '<i>局</i> & "处"', links: [] },
      ]),
    ).toBe(
      '<tr><th scope="row">主题分类</th><td><a href="/disclosure/topics/zt1103/">收费公路 › 收费公路政策</a>；<a href="/disclosure/topics/zt0501/">政策解读 › 文字解读</a></td></tr>' +
        '<tr><th scope="row">文号</th><td>交公路规〔2020〕3号</td></tr>' +
        '<tr><th scope="row">发布机构</th><td>&lt;i&gt;局&lt;/i&gt; &amp; &quot;处&quot;</td></tr>',
    );
  });
});

describe('catalogue list card', () => {
  it('links the title, names kind, 文号, issuer and date, and flags an item no longer valid', () => {
    expect(catalogueCardHtml(item('old-rule', { validity: '废止', documentNumber: '交公路规〔2018〕6号', published: '2018-05-28' }), { level: 3, issuer: '交通运输部公路局' })).toBe(
      '<li class="card"><h3 class="card__title"><a href="/disclosure/items/old-rule/">标题old-rule</a><span class="badge badge--danger">废止</span></h3>' +
        '<p class="card__meta"><span>行政规范性文件</span><span>交公路规〔2018〕6号</span><span>交通运输部公路局</span>' +
        '<span>发布日期：<time datetime="2018-05-28">2018年5月28日</time></span></p></li>',
    );
  });

  it('leaves out what the item lacks or the list hides, at the heading level asked for', () => {
    expect(catalogueCardHtml(item('notice', { kind: '公告' }), { level: 2 })).toBe(
      '<li class="card"><h2 class="card__title"><a href="/disclosure/items/notice/">标题notice</a></h2>' +
        '<p class="card__meta"><span>公告</span><span>发布日期：<time datetime="2020-04-24">2020年4月24日</time></span></p></li>',
    );
  });

  it('escapes whatever an editor typed', () => {
    const html = catalogueCardHtml(item('x', { title: '<script>alert("标题")</script> & \'引号\'', documentNumber: '<b>1</b>' }), { level: 4, issuer: 'A & B "局"' });
    expect(html).toContain('<a href="/disclosure/items/x/">&lt;script&gt;alert(&quot;标题&quot;)&lt;/script&gt; &amp; &#39;引号&#39;</a>');
    expect(html).toContain('<span>&lt;b&gt;1&lt;/b&gt;</span><span>A &amp; B &quot;局&quot;</span>');
    expect(html).not.toMatch(/<script|<b>/);
  });
});

describe('open data', () => {
  const data = buildCatalogueOpenData({
    catalogue,
    generated: new Date('2026-11-28T02:00:00Z'),
    site: { name: '示例网站', url: 'https://gongkai.example.gov.cn' },
    departmentName: (id) => ({ jtb: '交通运输部', 'jtb-glj': '交通运输部公路局' })[id] ?? id,
    attachmentFormat: () => 'PDF',
    attachmentBytes: () => 1374,
  });

  it('holds every item’s metadata and links, but no body', () => {
    expect(data.count).toBe(5);
    const rule = data.items.find((i) => i.id === 'new-rule')!;
    expect(rule).toMatchObject({
      url: 'https://gongkai.example.gov.cn/disclosure/items/new-rule/',
      indexNumber: '100000001/2020-00001',
      issuer: { id: 'jtb-glj', name: '交通运输部公路局' },
      interpretations: ['picture', 'reading'],
      related: ['notice'],
      organisations: ['jg0106'],
      attachments: [{ title: 'PDF', url: 'https://gongkai.example.gov.cn/files/a.pdf', format: 'PDF', bytes: 1374 }],
    });
    expect(JSON.stringify(data)).not.toContain('body');
    expect(data.generated).toBe('2026-11-28T10:00:00+08:00');
  });

  it('carries the trees with subtree counts', () => {
    expect(data.trees.topics).toEqual([
      { code: 'zt05', name: '政策解读', parent: null, order: 5, count: 2 },
      { code: 'zt0501', name: '文字解读', parent: 'zt05', order: 1, count: 2 },
      { code: 'zt11', name: '收费公路', parent: null, order: 11, count: 4 },
      { code: 'zt1103', name: '收费公路政策', parent: 'zt11', order: 3, count: 4 },
    ]);
  });

  it('feeds the newest items with absolute links, at most FEED_ITEM_COUNT', () => {
    const many = buildCatalogue(Array.from({ length: FEED_ITEM_COUNT + 7 }, (_, i) => item(`i${String(i).padStart(3, '0')}`)), trees);
    const channel = catalogueRssChannel({ catalogue: many, site: { name: '示例网站', url: 'https://gongkai.example.gov.cn' }, now: new Date('2026-11-28T02:00:00Z'), departmentName: () => '交通运输部公路局' });
    expect(channel.items.length).toBe(FEED_ITEM_COUNT);
    const xml = renderRss(catalogueRssChannel({ catalogue, site: { name: '示例网站', url: 'https://gongkai.example.gov.cn' }, now: new Date('2026-11-28T02:00:00Z'), departmentName: () => '交通运输部公路局' }));
    expect(xml.indexOf('标题picture')).toBeLessThan(xml.indexOf('标题old-rule'));
    expect(xml).toContain('<pubDate>Sun, 26 Apr 2020 00:00:00 +0800</pubDate>');
    expect(xml).toContain('https://gongkai.example.gov.cn/disclosure/feed.xml');
  });
});

describe('PDF and Word downloads of 规章 and 行政规范性文件', () => {
  const files = (...names: string[]) => names.map((file) => ({ file }));
  it('asks both of a 规章 and a 行政规范性文件, and nothing of other kinds', () => {
    expect(missingDownloadFormats('规章', [])).toEqual(['PDF', 'Word']);
    expect(missingDownloadFormats('行政规范性文件', files('/a.pdf'))).toEqual(['Word']);
    expect(missingDownloadFormats('行政规范性文件', files('/a.docx'))).toEqual(['PDF']);
    for (const kind of CATALOGUE_KINDS.filter((k) => k !== '规章' && k !== '行政规范性文件')) expect(missingDownloadFormats(kind, [])).toEqual([]);
  });
  it('reads the format from the extension, in any case, past a query or fragment, .doc or .docx', () => {
    expect(missingDownloadFormats('规章', files('/x/A.PDF?v=2', 'https://example.gov.cn/b.doc#p1'))).toEqual([]);
    expect(missingDownloadFormats('规章', files('/x.pdf', '/y.docx'))).toEqual([]);
    expect(missingDownloadFormats('规章', files('/pdf', '/docx.d/x', '/a.wps', '/b.ofd'))).toEqual(['PDF', 'Word']);
  });
  it('takes the extension of the file name, not of a folder', () => {
    expect(attachmentExtension('/files.pdf/readme')).toBe('');
    expect(attachmentExtension('/files/a.b.DOCX')).toBe('docx');
  });
});

describe('公开方式 and 五公开 of an entry', () => {
  it('defaults to 主动公开 and the stage of its kind, and takes what the file names', () => {
    expect(disclosureFacets({ kind: '办事指南' })).toEqual({ openness: '服务公开', disclosure: '主动公开' });
    expect(disclosureFacets({ kind: '意见征集' })).toEqual({ openness: '决策公开', disclosure: '主动公开' });
    expect(disclosureFacets({ kind: '公告', openness: '管理公开', disclosure: '依申请公开' })).toEqual({ openness: '管理公开', disclosure: '依申请公开' });
    for (const kind of Object.keys(DEFAULT_OPENNESS)) expect(OPENNESS_STAGES).toContain(DEFAULT_OPENNESS[kind as keyof typeof DEFAULT_OPENNESS]);
  });

  it('refuses a stage or a mode that is not one of the five or the three, in words an editor reads', () => {
    const base = { title: '规定', kind: '其他文件', issuer: 'jtb', published: '2020-01-02', topics: ['zt01'] };
    const stage = catalogueItemSchema.safeParse({ ...base, openness: '监督公开' });
    expect(stage.success).toBe(false);
    expect(stage.error?.issues[0]).toMatchObject({ path: ['openness'], message: expect.stringContaining('五公开属性应为 决策公开、执行公开、管理公开、服务公开、结果公开 之一') });
    const mode = catalogueItemSchema.safeParse({ ...base, disclosure: '公开' });
    expect(mode.error?.issues[0]).toMatchObject({ path: ['disclosure'], message: expect.stringContaining('公开方式应为 主动公开、依申请公开、不予公开 之一') });
    expect(catalogueItemSchema.parse({ ...base, openness: '结果公开' }).openness).toBe('结果公开');
  });
});
