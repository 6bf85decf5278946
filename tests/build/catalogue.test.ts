/**
 * The disclosure catalogue of the sample site: column pages, trees with counts,
 * paginated lists, item pages with the standard table, banners, downloads and
 * interpretations, the open data and the feed. Expected values come from the
 * content files through the src/lib rules, never typed in.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'astro/zod';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { SITE_DIR, readPage, readSite, siteHas, textOf } from '../helpers/site.ts';
import { readDataMap, readEntries } from '../../src/build/content-files.ts';
import { CONTENT_PATHS } from '../../src/build/content-paths.ts';
import { annualReportSchema, catalogueItemSchema, classificationNodeSchema, disclosurePageSchema, organisationNodeSchema, topicNodeSchema } from '../../src/schemas/catalogue.ts';
import { consultationSchema } from '../../src/schemas/consultation.ts';
import { feedbackSchema } from '../../src/schemas/feedback.ts';
import { noticeSchema } from '../../src/schemas/notice.ts';
import { sectionEntries, topicsBySource, type SectionEntry } from '../../src/lib/catalogue-sources.ts';
import { departmentSchema } from '../../src/schemas/department.ts';
import { loadSiteConfig } from '../../src/config/site.ts';
import { DEFAULT_OPENNESS, TREE_KEYS, buildCatalogue, disclosureFacets, isInterpretation, type CatalogueItemFacts } from '../../src/lib/catalogue.ts';
import { CATALOGUE_DATA_PATH, CATALOGUE_FEED_PATH, LATEST_PATH, catalogueEntryPath, catalogueItemPath, treeNodePath, treePath } from '../../src/lib/catalogue-view.ts';
import { CATALOGUE_PAGE_SIZE, nodeListing } from '../../src/lib/catalogue-listing.ts';
import { pageCount, pageHref, pageSlice } from '../../src/lib/pagination.ts';
import { formatFileSize } from '../../src/lib/file-size.ts';
import { formatChineseDate } from '../../src/lib/time.ts';
import { FEED_ITEM_COUNT, type CatalogueOpenData } from '../../src/lib/catalogue-open-data.ts';

const root = process.env.GONGKAI_CONTENT_ROOT ?? process.cwd();
const site = loadSiteConfig(root);
const departments = new Map([...readDataMap(root, CONTENT_PATHS.departments).entries].map(([id, v]) => [id, departmentSchema.parse(v)]));
const treeNodes = <S extends typeof classificationNodeSchema | typeof organisationNodeSchema | typeof topicNodeSchema>(path: string, schema: S) =>
  [...readDataMap(root, path).entries].map(([code, v]) => ({ ...(schema.parse(v) as z.output<S>), code }));
const all = readEntries(root, CONTENT_PATHS.catalogueItems).map((f) => ({ ...catalogueItemSchema.parse(f.data), id: f.id }));
const items = all.filter((i) => !i.draft);
const topicNodes = treeNodes(CONTENT_PATHS.catalogueTopics, topicNodeSchema);
const parsed = <S extends z.ZodType>(path: string, schema: S) => readEntries(root, path).map((f) => ({ ...(schema.parse(f.data) as z.output<S> & object), id: f.id }));
const sourceDocuments = {
  consultations: parsed(CONTENT_PATHS.consultations, consultationSchema),
  feedback: parsed(CONTENT_PATHS.feedback, feedbackSchema),
  notices: parsed(CONTENT_PATHS.notices, noticeSchema),
};
const fromSections: (SectionEntry & { guide?: undefined; abstract?: string | undefined })[] = sectionEntries(sourceDocuments, topicsBySource(topicNodes));
const catalogue = buildCatalogue<CatalogueItemFacts & ((typeof items)[number] | (typeof fromSections)[number])>([...items, ...fromSections], {
  topics: topicNodes,
  industries: treeNodes(CONTENT_PATHS.catalogueIndustries, classificationNodeSchema),
  organisations: treeNodes(CONTENT_PATHS.catalogueOrganisations, organisationNodeSchema),
});
const pages = readEntries(root, CONTENT_PATHS.disclosurePages).map((f) => ({ id: f.id, data: disclosurePageSchema.parse(f.data) }));
const reports = readEntries(root, CONTENT_PATHS.annualReports).map((f) => ({ id: f.id, data: annualReportSchema.parse(f.data) })).filter((r) => !r.data.draft);

const linksIn = (path: string, selector = 'main a') => readPage(path).querySelectorAll(selector).map((a) => a.getAttribute('href') ?? '');
const itemLinks = (path: string, selector = 'main .catalogue-list a') => linksIn(path, selector);
/** Catalogue files: the entries with a page of their own under /disclosure/items/. */
const fileItems = catalogue.items.filter((i) => i.href === undefined);
const withDocument = (predicate: (i: (typeof items)[number]) => boolean) => {
  const found = items.find(predicate);
  if (!found) throw new Error('The sample catalogue lacks the case this test needs');
  return found;
};

describe('the disclosure column', () => {
  it('has its home and one page per content file, each with the left-hand guide', () => {
    expect(siteHas('/disclosure/')).toBe(true);
    for (const p of pages) {
      expect(siteHas(`/disclosure/${p.id}/`), p.id).toBe(true);
      const guide = readPage(`/disclosure/${p.id}/`).querySelector('nav.disclosure-guide');
      expect(guide?.querySelector('details > summary'), p.id).toBeTruthy();
      expect(guide?.querySelector(`a[href="/disclosure/${p.id}/"]`)?.getAttribute('aria-current')).toBe('page');
    }
    const labels = readPage('/disclosure/').querySelectorAll('nav.disclosure-guide a').map((a) => textOf(a));
    for (const label of ['政府信息公开指南', '政府信息公开制度', '法定主动公开内容', '政府信息公开年报', '依申请公开']) expect(labels).toContain(label);
  });

  it('marks no guide entry current on an item page, the browse entry on a tree page', () => {
    const item = fileItems[0]!;
    expect(readPage(catalogueItemPath(item.id)).querySelectorAll('nav.disclosure-guide [aria-current]')).toHaveLength(0);
    const node = catalogue.trees.topics.roots[0]!;
    expect(readPage(treeNodePath('topics', node)).querySelector('nav.disclosure-guide [aria-current]')?.getAttribute('href')).toBe(treePath('topics'));
  });

  it('publishes one page per annual report, listed newest first on the reports page', () => {
    for (const r of reports) expect(siteHas(`/disclosure/annual-reports/${r.data.year}/`)).toBe(true);
    const listed = linksIn('/disclosure/annual-reports/').filter((h) => /^\/disclosure\/annual-reports\/\d{4}\/$/.test(h));
    expect(listed).toEqual([...reports].sort((a, b) => b.data.year - a.data.year).map((r) => `/disclosure/annual-reports/${r.data.year}/`));
  });

  it('offers the application form and the channels on the 依申请公开 page', () => {
    const page = readPage('/disclosure/apply/');
    const form = page.querySelector('a[href$=".docx"]');
    expect(form?.getAttribute('href')).toBe('/files/catalogue/zhengfu-xinxi-gongkai-shenqingbiao.docx');
    expect(textOf(form)).toContain(formatFileSize(statSync(resolve(root, 'public/files/catalogue/zhengfu-xinxi-gongkai-shenqingbiao.docx')).size));
    for (const channel of ['当面提交', '信函申请', '电子邮件申请']) expect(textOf(page.querySelector('main'))).toContain(channel);
  });
});

describe('browsing the three trees', () => {
  it('shows every node of every tree with the number of items in its subtree', () => {
    for (const key of TREE_KEYS) {
      const page = readPage(treePath(key));
      for (const [code, node] of catalogue.trees[key].nodes) {
        const link = page.querySelector(`main a[href="${treeNodePath(key, code)}"]`);
        expect(textOf(link), `${key} ${code}`).toBe(`${node.name}（${catalogue.groups[key].get(code)?.length ?? 0}条）`);
      }
    }
  });

  it('describes every class and topic of the sample on its page', () => {
    for (const node of topicNodes) {
      expect(node.description, node.code).toBeTruthy();
      expect(textOf(readPage(treeNodePath('topics', node.code)).querySelector('main .page-lead')), node.code).toBe(node.description);
    }
  });

  it('lists every node’s own items newest first, CATALOGUE_PAGE_SIZE to a page, and nothing twice', () => {
    for (const key of TREE_KEYS) {
      for (const code of catalogue.trees[key].nodes.keys()) {
        const { paginated, preview } = nodeListing(catalogue.trees[key], catalogue.groups[key], catalogue.direct[key], code);
        const pages = pageCount(paginated.length, CATALOGUE_PAGE_SIZE);
        const seen = Array.from({ length: pages }, (_, i) => itemLinks(pageHref(treeNodePath(key, code), i + 1))).flat();
        const expected = [...preview, ...paginated].map(catalogueEntryPath);
        expect(seen, `${key} ${code}`).toEqual(expected);
        expect(siteHas(pageHref(treeNodePath(key, code), pages + 1))).toBe(false);
      }
    }
  });

  it('shows a parent node’s sub-nodes with counts and the newest items beneath them', () => {
    const parent = [...catalogue.trees.topics.nodes.values()].find((n) => n.children.length > 1 && (catalogue.groups.topics.get(n.code)?.length ?? 0) > 1)!;
    const page = readPage(treeNodePath('topics', parent.code));
    const childLinks = page.querySelectorAll('main section[aria-labelledby="subnodes-title"] a').map((a) => a.getAttribute('href'));
    expect(childLinks).toEqual(parent.children.map((c) => treeNodePath('topics', c)));
    const { preview } = nodeListing(catalogue.trees.topics, catalogue.groups.topics, catalogue.direct.topics, parent.code);
    expect(preview.length).toBe(Math.min(10, catalogue.groups.topics.get(parent.code)!.length));
    expect(itemLinks(treeNodePath('topics', parent.code), 'section[aria-labelledby="preview-title"] a')).toEqual(preview.map(catalogueEntryPath));
  });

  it('files items on a parent node in a list of their own', () => {
    const [key, code] = TREE_KEYS.flatMap((k) => [...catalogue.trees[k].nodes.values()].filter((n) => n.children.length > 0 && (catalogue.direct[k].get(n.code)?.length ?? 0) > 0).map((n) => [k, n.code] as const))[0]!;
    const own = catalogue.direct[key].get(code)!;
    expect(itemLinks(treeNodePath(key, code), 'section[aria-labelledby="items-title"] a')).toEqual(pageSlice(own, 1, CATALOGUE_PAGE_SIZE).map(catalogueEntryPath));
  });

  it('paginates the list of all items, newest first, with previous and next links', () => {
    const pages = pageCount(catalogue.items.length, CATALOGUE_PAGE_SIZE);
    const seen = Array.from({ length: pages }, (_, i) => itemLinks(pageHref(LATEST_PATH, i + 1), 'main .catalogue-list a')).flat();
    expect(seen).toEqual(catalogue.items.map(catalogueEntryPath));
    if (pages > 1) {
      expect(readPage(LATEST_PATH).querySelector('a[rel="next"]')?.getAttribute('href')).toBe(pageHref(LATEST_PATH, 2));
      expect(readPage(pageHref(LATEST_PATH, 2)).querySelector('a[rel="prev"]')?.getAttribute('href')).toBe(LATEST_PATH);
    }
  });
});

describe('item pages', () => {
  it('carry the standard table with the 索引号 the rule gives', () => {
    for (const item of fileItems) {
      const page = readPage(catalogueItemPath(item.id));
      const rows = new Map(page.querySelectorAll('.catalogue-meta tr').map((tr) => [textOf(tr.querySelector('th')), textOf(tr.querySelector('td'))]));
      expect(rows.get('索引号'), item.id).toBe(catalogue.indexNumberOf.get(item.id));
      expect(rows.get('发布机构')).toBe(departments.get(item.issuer)?.name);
      expect(rows.get('发布日期')).toBe(formatChineseDate(item.published));
      expect(rows.get('有效性')).toBe(item.validity);
      expect(rows.get('文号')).toBe(item.documentNumber);
      expect(rows.get('公开方式')).toBe(disclosureFacets(item).disclosure);
      expect(rows.get('五公开属性')).toBe(disclosureFacets(item).openness);
      expect(textOf(page.querySelector('h1'))).toBe(item.title);
    }
  });

  it('take the 五公开 stage a file names over its kind’s default', () => {
    const named = items.filter((i) => i.openness !== undefined && i.openness !== DEFAULT_OPENNESS[i.kind]);
    expect(named.length).toBeGreaterThan(0);
    for (const item of named) {
      const rows = readPage(catalogueItemPath(item.id)).querySelectorAll('.catalogue-meta tr');
      expect(textOf(rows.find((tr) => textOf(tr.querySelector('th')) === '五公开属性')?.querySelector('td')), item.id).toBe(item.openness);
    }
  });

  it('warns on documents amended, expired or repealed, linking the successor', () => {
    for (const item of fileItems.filter((i) => i.validity !== '有效')) {
      const banner = readPage(catalogueItemPath(item.id)).querySelector('.validity-banner');
      expect(banner, item.id).toBeTruthy();
      if (item.replacedBy) expect(banner?.querySelector('a')?.getAttribute('href')).toBe(catalogueItemPath(item.replacedBy));
    }
    for (const item of fileItems.filter((i) => i.validity === '有效')) expect(readPage(catalogueItemPath(item.id)).querySelector('.validity-banner')).toBeNull();
    expect(catalogue.items.some((i) => i.validity === '废止' && i.replacedBy)).toBe(true);
  });

  it('links interpretations and documents both ways from one declaration', () => {
    const doc = withDocument((i) => (catalogue.interpretationsOf.get(i.id)?.length ?? 0) > 1);
    const interpretations = catalogue.interpretationsOf.get(doc.id)!;
    const section = readPage(catalogueItemPath(doc.id)).querySelector('section[aria-labelledby="interpretations-title"]');
    expect(section?.querySelectorAll('.catalogue-list a').map((a) => a.getAttribute('href'))).toEqual(interpretations.map((i) => catalogueItemPath(i.id)));
    for (const i of interpretations) {
      expect(isInterpretation(i.kind)).toBe(true);
      const back = readPage(catalogueItemPath(i.id)).querySelector('section[aria-labelledby="explained-title"] a');
      expect(back?.getAttribute('href')).toBe(catalogueItemPath(doc.id));
    }
  });

  it('offers each attachment with its format and the size of the real file', () => {
    const item = withDocument((i) => i.attachments.length > 1);
    const links = readPage(catalogueItemPath(item.id)).querySelectorAll('section[aria-labelledby="attachments-title"] a');
    expect(links.map((a) => a.getAttribute('href'))).toEqual(item.attachments.map((a) => a.file));
    item.attachments.forEach((a, n) => {
      const bytes = statSync(resolve(root, 'public', `.${a.file}`)).size;
      expect(textOf(links[n])).toContain(formatFileSize(bytes));
      expect(textOf(links[n])).toContain(a.file.endsWith('.pdf') ? 'PDF' : 'Word');
      expect(statSync(join(SITE_DIR, a.file)).size).toBe(bytes);
    });
  });

  it('lays a service guide out in full, with the print button left for the script to reveal', () => {
    const item = withDocument((i) => i.guide !== undefined);
    const guide = readPage(catalogueItemPath(item.id)).querySelector('.service-guide');
    const text = textOf(guide);
    for (const words of ['申请条件', '申请材料', '办理流程', '办理时限', '收费标准', '办理地点', '办理时间', '咨询电话', item.guide!.name, item.guide!.fee]) expect(text).toContain(words);
    expect(guide?.querySelectorAll('.service-guide__materials li')).toHaveLength(item.guide!.materials.length);
    expect(guide?.querySelector('button[data-print-guide]')?.hasAttribute('hidden')).toBe(true);
  });

  it('leave drafts out', () => {
    for (const d of all.filter((i) => i.draft)) expect(siteHas(catalogueItemPath(d.id))).toBe(false);
  });
});

describe('one source for every section (数据同源)', () => {
  const published = <T extends { draft: boolean }>(list: T[]) => list.filter((d) => !d.draft);
  const consultationIds = new Set(published(sourceDocuments.consultations).map((c) => c.id));
  const sections = [
    { source: '意见征集', prefix: '/consultations/', count: consultationIds.size },
    { source: '意见征集反馈', prefix: '/feedback/', count: published(sourceDocuments.feedback).filter((f) => consultationIds.has(f.consultation)).length },
    { source: '回应关切', prefix: '/notices/', count: published(sourceDocuments.notices).filter((n) => n.kind === '回应关切').length },
    { source: '应急预案', prefix: '/notices/', count: published(sourceDocuments.notices).filter((n) => n.kind === '应急预案').length },
  ] as const;

  it('counts each section’s published documents in the topic that declares it, linking each to its own page', () => {
    const home = readPage(treePath('topics'));
    for (const { source, prefix, count } of sections) {
      expect(count, source).toBeGreaterThan(0);
      const node = topicNodes.find((n) => n.sources.includes(source))!;
      expect(node, source).toBeTruthy();
      const files = items.filter((i) => i.topics.includes(node.code)).length;
      expect(textOf(home.querySelector(`main a[href="${treeNodePath('topics', node.code)}"]`)), source).toBe(`${node.name}（${count + files}条）`);
      const links = Array.from({ length: pageCount(count + files, CATALOGUE_PAGE_SIZE) }, (_, i) => itemLinks(pageHref(treeNodePath('topics', node.code), i + 1))).flat();
      expect(links.filter((href) => href.startsWith(prefix)), source).toHaveLength(count);
      expect(links.filter((href) => href.startsWith('/disclosure/items/')), source).toHaveLength(files);
      for (const href of links) expect(siteHas(href), href).toBe(true);
    }
  });

  it('gives those documents a 索引号 and no second page in the catalogue', () => {
    expect(fromSections.length).toBeGreaterThan(0);
    const data = JSON.parse(readSite(CATALOGUE_DATA_PATH)) as CatalogueOpenData;
    for (const entry of fromSections) {
      expect(catalogue.indexNumberOf.get(entry.id), entry.id).toMatch(/^[0-9A-Z]{6,18}\/\d{4}-\d{5}$/);
      expect(data.items.find((i) => i.id === entry.id)?.indexNumber).toBe(catalogue.indexNumberOf.get(entry.id));
    }
    const itemPages = readdirSync(join(SITE_DIR, 'disclosure/items'));
    expect(itemPages.sort()).toEqual(items.map((i) => i.id).sort());
  });
});

describe('open data', () => {
  const data = JSON.parse(readSite(CATALOGUE_DATA_PATH)) as CatalogueOpenData;

  it('describes every published item, no body, with absolute links that resolve', () => {
    expect(data.count).toBe(catalogue.items.length);
    expect(data.items.map((i) => i.id)).toEqual(catalogue.items.map((i) => i.id));
    for (const i of data.items) {
      expect(i.url).toBe(new URL(catalogueEntryPath(catalogue.byId.get(i.id)!), site.url).href);
      expect(siteHas(new URL(i.url).pathname)).toBe(true);
      expect(i.indexNumber).toBe(catalogue.indexNumberOf.get(i.id));
      expect(Object.keys(i)).not.toContain('body');
      for (const a of i.attachments) expect(a.bytes).toBe(statSync(join(SITE_DIR, new URL(a.url).pathname)).size);
    }
  });

  it('carries the trees with the counts the pages show', () => {
    for (const key of TREE_KEYS) for (const n of data.trees[key]) expect(n.count).toBe(catalogue.groups[key].get(n.code)?.length);
  });

  it('feeds the newest items as valid RSS', () => {
    const xml = readSite(CATALOGUE_FEED_PATH);
    expect(XMLValidator.validate(xml)).toBe(true);
    const channel = new XMLParser({ isArray: (name) => name === 'item' }).parse(xml).rss.channel;
    expect((channel.item as { link: string }[]).map((i) => i.link)).toEqual(catalogue.items.slice(0, FEED_ITEM_COUNT).map((i) => new URL(catalogueEntryPath(i), site.url).href));
  });
});

describe('every disclosure page', () => {
  const files = readdirSync(join(SITE_DIR, 'disclosure'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('index.html'));
  const paths = files.map((f) => `/disclosure/${f.slice(0, -'index.html'.length)}`);

  it('links only to pages and files that exist', () => {
    const broken: string[] = [];
    for (const p of paths) {
      for (const href of linksIn(p, 'a[href^="/"]')) {
        const target = href.split('#')[0] ?? '';
        if (target && !siteHas(target)) broken.push(`${p} → ${href}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('has no inline script bodies, style attributes or inline handlers', () => {
    for (const p of paths) {
      const html = readSite(p);
      expect(html, p).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>\s*\S/);
      expect(html, p).not.toMatch(/\sstyle="/);
      expect(html, p).not.toMatch(/\son[a-z]+="/);
    }
  });

  it('keeps every list page short', () => {
    for (const p of paths) expect(readPage(p).querySelectorAll('main .catalogue-list > li').length, p).toBeLessThanOrEqual(CATALOGUE_PAGE_SIZE);
  });
});
