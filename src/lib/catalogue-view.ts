/**
 * What catalogue pages show, as pure functions: addresses, the standard
 * metadata table (索引号/文号/发布机构/日期/有效性), the banner on documents no
 * longer in force, and the trail of a tree node.
 */
import { ancestorsOf } from './catalogue-tree.ts';
import { TREE_LABELS, disclosureFacets, type CatalogueItemFacts, type CatalogueTrees, type TreeKey, type Validity } from './catalogue.ts';
import { formatChineseDate } from './time.ts';
import { escapeHtml } from './html.ts';

export const DISCLOSURE_HOME = '/disclosure/';
export const LATEST_PATH = '/disclosure/latest/';
export const CATALOGUE_DATA_PATH = '/disclosure/catalogue.json';
export const CATALOGUE_FEED_PATH = '/disclosure/feed.xml';

export const catalogueItemPath = (id: string) => `/disclosure/items/${id}/`;
/** Where a catalogue entry's document is read: its own section's page, or its catalogue page. */
export const catalogueEntryPath = (item: { id: string; href?: string | undefined }) => item.href ?? catalogueItemPath(item.id);
export const treePath = (tree: TreeKey) => `/disclosure/${tree}/`;
export const treeNodePath = (tree: TreeKey, code: string) => `/disclosure/${tree}/${code}/`;
export const disclosurePagePath = (id: string) => `/disclosure/${id}/`;
export const annualReportPath = (year: number | string) => `/disclosure/annual-reports/${year}/`;

/** Badge tone of a validity; 有效 needs no badge in lists. */
export function validityTone(validity: Validity): 'success' | 'warning' | 'danger' | 'neutral' {
  switch (validity) {
    case '有效':
      return 'success';
    case '已修改':
      return 'warning';
    case '失效':
      return 'neutral';
    case '废止':
      return 'danger';
  }
}

export interface ValidityNotice {
  tone: 'warning' | 'danger';
  title: string;
  text: string;
  successor?: { title: string; href: string } | undefined;
}

/** The banner at the top of a document that is amended or no longer in force; none for a valid one. */
export function validityNotice(item: { validity: Validity; validityNote?: string | undefined }, successor?: { id: string; title: string } | undefined): ValidityNotice | undefined {
  if (item.validity === '有效') return undefined;
  const link = successor ? { title: successor.title, href: catalogueItemPath(successor.id) } : undefined;
  const note = item.validityNote ?? '';
  if (item.validity === '已修改') {
    return {
      tone: 'warning',
      title: '本文件已被修改',
      text: note || '本文件部分条款已被修改，请以修改后的规定为准。',
      successor: link,
    };
  }
  const word = item.validity === '废止' ? '已废止' : '已失效';
  return {
    tone: 'danger',
    title: `本文件${word}`,
    text: note || `本文件${word}，不再执行，仅供查阅。`,
    successor: link,
  };
}

export interface MetadataRow {
  label: string;
  value: string;
  /** Several linked values, e.g. classification trails. */
  links?: { label: string; href: string }[] | undefined;
}

/** 收费公路 › 收费公路政策 for each code of the item in one tree. */
export function classificationLinks(trees: CatalogueTrees, tree: TreeKey, codes: readonly string[]): { label: string; href: string }[] {
  return codes.flatMap((code) => {
    const node = trees[tree].nodes.get(code);
    if (!node) return [];
    const names = [...ancestorsOf(trees[tree], code).map((n) => n.name), node.name];
    return [{ label: names.join(' › '), href: treeNodePath(tree, code) }];
  });
}

/**
 * The standard table on every item page, in the order government disclosure
 * platforms use. Dates the document does not have are left out, not shown empty.
 */
export function metadataRows(input: {
  item: CatalogueItemFacts;
  indexNumber: string | undefined;
  issuerName: string;
  organisations: readonly string[];
  trees: CatalogueTrees;
}): MetadataRow[] {
  const { item, trees } = input;
  const rows: MetadataRow[] = [];
  rows.push({ label: '索引号', value: input.indexNumber ?? '—' });
  const topicLinks = classificationLinks(trees, 'topics', item.topics);
  rows.push({ label: TREE_LABELS.topics.name, value: topicLinks.map((l) => l.label).join('；'), links: topicLinks });
  const industryLinks = classificationLinks(trees, 'industries', item.industries);
  if (industryLinks.length) rows.push({ label: TREE_LABELS.industries.name, value: industryLinks.map((l) => l.label).join('；'), links: industryLinks });
  const orgLinks = classificationLinks(trees, 'organisations', input.organisations);
  if (orgLinks.length) rows.push({ label: TREE_LABELS.organisations.name, value: orgLinks.map((l) => l.label).join('；'), links: orgLinks });
  rows.push({ label: '发布机构', value: input.issuerName });
  if (item.documentNumber) rows.push({ label: '文号', value: item.documentNumber });
  if (item.written) rows.push({ label: '成文日期', value: formatChineseDate(item.written) });
  rows.push({ label: '发布日期', value: formatChineseDate(item.published) });
  if (item.effective) rows.push({ label: '施行日期', value: formatChineseDate(item.effective) });
  rows.push({ label: '有效性', value: item.validity });
  rows.push({ label: '信息类别', value: item.kind });
  const facets = disclosureFacets(item);
  rows.push({ label: '公开方式', value: facets.disclosure });
  rows.push({ label: '五公开属性', value: facets.openness });
  return rows;
}

/**
 * One item of a catalogue list as HTML: title linked to the item (with its
 * validity when not 有效), then kind, 文号, issuing body (unless `issuer` is
 * left out) and 发布日期. Built as a string because the lists of a 20,000-item
 * catalogue hold 87,000 of these, and Astro's per-element rendering of them
 * took about 2 s of the build (src/components/disclosure/ItemList.astro).
 */
export function catalogueCardHtml(item: CatalogueItemFacts, options: { level: 2 | 3 | 4; issuer?: string | undefined }): string {
  const h = `h${options.level}`;
  const badge = item.validity === '有效' ? '' : `<span class="badge badge--${validityTone(item.validity)}">${escapeHtml(item.validity)}</span>`;
  const number = item.documentNumber ? `<span>${escapeHtml(item.documentNumber)}</span>` : '';
  const issuer = options.issuer === undefined ? '' : `<span>${escapeHtml(options.issuer)}</span>`;
  return (
    `<li class="card"><${h} class="card__title"><a href="${escapeHtml(catalogueEntryPath(item))}">${escapeHtml(item.title)}</a>${badge}</${h}>` +
    `<p class="card__meta"><span>${escapeHtml(item.kind)}</span>${number}${issuer}` +
    `<span>发布日期：<time datetime="${escapeHtml(item.published)}">${formatChineseDate(item.published)}</time></span></p></li>`
  );
}

/** The rows of the metadata table as HTML (<tr><th scope="row">…</th><td>…</td></tr>), classification links joined by ；. */
export function metadataRowsHtml(rows: readonly MetadataRow[]): string {
  return rows
    .map((row) => {
      const value =
        row.links && row.links.length > 0 ? row.links.map((l) => `<a href="${escapeHtml(l.href)}">${escapeHtml(l.label)}</a>`).join('；') : escapeHtml(row.value);
      return `<tr><th scope="row">${escapeHtml(row.label)}</th><td>${value}</td></tr>`;
    })
    .join('');
}

