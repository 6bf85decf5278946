/** 数据同源: the other sections' documents become catalogue entries that link to their own pages, with 索引号, once. */
import { describe, expect, it } from 'vitest';
import { CATALOGUE_SOURCES, feedbackTitle, sectionEntries, topicsBySource, type SourceDocuments } from '../../src/lib/catalogue-sources.ts';
import { buildCatalogue } from '../../src/lib/catalogue.ts';
import { catalogueCardHtml } from '../../src/lib/catalogue-view.ts';
import { buildCatalogueOpenData } from '../../src/lib/catalogue-open-data.ts';

const documents: SourceDocuments = {
  consultations: [
    // 00:30 on 1 October in Beijing is still 30 September in UTC: the catalogue dates it by Beijing's calendar.
    { id: 'tingche', title: '关于《居住区停车管理办法（征求意见稿）》公开征求意见的公告', documentTitle: '《居住区停车管理办法》', department: 'bj-jtw', opens: new Date('2020-09-30T16:30:00Z'), attachments: [{ title: '征求意见稿', file: '/files/a.pdf' }], draft: false },
    { id: 'caogao', title: '草稿征集', department: 'bj-jtw', opens: new Date('2020-10-02T01:00:00Z'), attachments: [], draft: true },
  ],
  feedback: [
    { id: 'tingche', consultation: 'tingche', published: '2020-11-20', draft: false },
    { id: 'named', title: '自定标题的反馈', consultation: 'tingche', published: '2020-11-21', draft: false },
    { id: 'of-draft', consultation: 'caogao', published: '2020-11-22', draft: false },
    { id: 'of-nothing', consultation: 'missing', published: '2020-11-22', draft: false },
    { id: 'draft', consultation: 'tingche', published: '2020-11-23', draft: true },
  ],
  notices: [
    { id: 'yuan', title: '歙县防汛应急预案', kind: '应急预案', issuer: 'sx-zf', issued: new Date('2020-07-05T02:00:00Z'), attachments: [], draft: false },
    { id: 'huiying', title: '关于网传水库溃坝的回应', kind: '回应关切', issuer: 'sx-xwb', issued: new Date('2020-07-07T03:00:00Z'), summary: '水库运行正常。', attachments: [], draft: false },
    { id: 'yujing', title: '山洪灾害红色预警', kind: '预警', issuer: 'sx-qxj', issued: new Date('2020-07-06T03:00:00Z'), attachments: [], draft: false },
    { id: 'qita', title: '其他信息', kind: '其他', issuer: 'sx-zf', issued: new Date('2020-07-06T03:00:00Z'), attachments: [], draft: false },
    { id: 'gonggao', title: '高考延期公告', kind: '通知公告', issuer: 'sx-jyj', issued: new Date('2020-07-07T03:00:00Z'), attachments: [], draft: true },
  ],
};

const topics = topicsBySource([
  { code: 'zt1801', sources: ['意见征集'] },
  { code: 'zt1802', sources: ['意见征集反馈'] },
  { code: 'zt1701', sources: ['回应关切'] },
  { code: 'zt1403', sources: ['应急预案'] },
  { code: 'zt99', sources: ['应急预案'] },
  { code: 'zt2201' },
]);

describe('entries from the other sections', () => {
  const entries = sectionEntries(documents, topics);
  const byId = new Map(entries.map((e) => [e.id, e]));

  it('gives each published document of a declared section one entry, linking to its own page', () => {
    expect(entries.map((e) => [e.id, e.href, e.kind]).sort()).toEqual(
      [
        ['consultations:tingche', '/consultations/tingche/', '意见征集'],
        ['feedback:named', '/feedback/named/', '意见征集反馈'],
        ['feedback:tingche', '/feedback/tingche/', '意见征集反馈'],
        ['notices:huiying', '/notices/huiying/', '回应关切'],
        ['notices:yuan', '/notices/yuan/', '应急预案'],
      ].sort(),
    );
  });

  it('dates a document by its day in Beijing, and names the issuing body of the section', () => {
    expect(byId.get('consultations:tingche')).toMatchObject({ published: '2020-10-01', issuer: 'bj-jtw', topics: ['zt1801'], validity: '有效' });
    expect(byId.get('feedback:tingche')).toMatchObject({ published: '2020-11-20', issuer: 'bj-jtw', title: '关于对《居住区停车管理办法》公开征求意见的反馈' });
    expect(byId.get('feedback:named')?.title).toBe('自定标题的反馈');
    expect(byId.get('notices:huiying')).toMatchObject({ published: '2020-07-07', issuer: 'sx-xwb', abstract: '水库运行正常。' });
  });

  it('files an entry under every topic that declares its section, and none when no topic does', () => {
    expect(byId.get('notices:yuan')?.topics).toEqual(['zt1403', 'zt99']);
    expect(sectionEntries(documents, topicsBySource([]))).toEqual([]);
    expect(CATALOGUE_SOURCES).toContain('通知公告');
  });

  it('names a feedback report after the consultation document, without doubled title marks', () => {
    expect(feedbackTitle(undefined, { title: 'T', documentTitle: '《办法》' })).toBe('关于对《办法》公开征求意见的反馈');
    expect(feedbackTitle(undefined, { title: '停车办法' })).toBe('关于对《停车办法》公开征求意见的反馈');
    expect(feedbackTitle('自定', { title: 'x' })).toBe('自定');
  });
});

describe('section entries in the catalogue', () => {
  const own = {
    id: 'guiding',
    title: '规定',
    kind: '规章' as const,
    documentNumber: '令2020年第1号',
    issuer: 'jtb',
    published: '2020-10-01',
    validity: '有效' as const,
    topics: ['zt02'],
    industries: [],
    interprets: [],
    related: [],
    attachments: [],
  };
  const catalogue = buildCatalogue([own, ...sectionEntries(documents, topics)], {
    topics: ['zt02', 'zt17', 'zt1701', 'zt18', 'zt1801', 'zt1802', 'zt14', 'zt1403', 'zt99'].map((code, order) => ({ code, name: code, order, parent: code.length === 6 && code !== 'zt1403' ? code.slice(0, 4) : code === 'zt1403' ? 'zt14' : undefined })),
    industries: [],
    organisations: [
      { code: 'jg01', name: '部机关', order: 1, department: 'jtb', indexCode: '100000001' },
      { code: 'jg05', name: '北京市有关部门', order: 5, indexCode: '110000001' },
      { code: 'jg0501', name: '市交通委', order: 1, parent: 'jg05', department: 'bj-jtw' },
    ],
  });

  it('counts them in their topics and numbers them with the issuing body’s 机构代码', () => {
    expect(catalogue.groups.topics.get('zt18')?.map((i) => i.id)).toEqual(['feedback:named', 'feedback:tingche', 'consultations:tingche']);
    expect(catalogue.indexNumberOf.get('consultations:tingche')).toBe('110000001/2020-00001');
    expect(catalogue.indexNumberOf.get('feedback:tingche')).toBe('110000001/2020-00002');
    // An issuing body with no organisation node gets no 索引号 rather than another body's.
    expect(catalogue.indexNumberOf.get('notices:yuan')).toBeUndefined();
    expect(catalogue.indexNumberOf.get('guiding')).toBe('100000001/2020-00001');
  });

  it('links a list card and the open data to the document’s own page', () => {
    const entry = catalogue.byId.get('feedback:tingche')!;
    expect(catalogueCardHtml(entry, { level: 3 })).toContain('<a href="/feedback/tingche/">关于对《居住区停车管理办法》公开征求意见的反馈</a>');
    expect(catalogueCardHtml(own, { level: 3 })).toContain('<a href="/disclosure/items/guiding/">');
    const data = buildCatalogueOpenData({
      catalogue,
      generated: new Date('2020-12-01T00:00:00Z'),
      site: { name: '示例', url: 'https://example.gov.cn' },
      departmentName: (id) => id,
      attachmentFormat: () => 'PDF',
      attachmentBytes: () => null,
    });
    expect(data.items.find((i) => i.id === 'consultations:tingche')).toMatchObject({ url: 'https://example.gov.cn/consultations/tingche/', kind: '意见征集', indexNumber: '110000001/2020-00001' });
    expect(data.items.find((i) => i.id === 'guiding')?.url).toBe('https://example.gov.cn/disclosure/items/guiding/');
  });
});
