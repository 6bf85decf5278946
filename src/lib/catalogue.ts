/**
 * The proactive-disclosure catalogue as pages read it: items newest first, each
 * tree node's items, 索引号, and the links between items that editors declare
 * once (an interpretation names the document it explains; an amended document
 * names its successor) turned into both directions. Pure.
 */
import { buildTree, groupByNode, groupBySubtree, type Tree, type TreeNodeInput } from './catalogue-tree.ts';
import { assignIndexNumbers } from './catalogue-index-number.ts';
import type { CalendarDate } from './time.ts';
import type { CatalogueSource } from './catalogue-sources.ts';

/** Kinds of catalogue item. 政策解读 and 图文解读 explain other items (field `interprets`). */
export const CATALOGUE_KINDS = ['规章', '行政规范性文件', '其他文件', '政策解读', '图文解读', '办事指南', '公告'] as const;
export type CatalogueKind = (typeof CATALOGUE_KINDS)[number];
/** What a catalogue entry is: a catalogue file's kind, or the section a document comes from (src/lib/catalogue-sources.ts). */
export type EntryKind = CatalogueKind | CatalogueSource;
export const INTERPRETATION_KINDS: readonly CatalogueKind[] = ['政策解读', '图文解读'];
/** Kinds that always carry a 文号 (规章 the 令号, 规范性文件 the 发文字号). */
export const NUMBERED_KINDS: readonly CatalogueKind[] = ['规章', '行政规范性文件'];

/**
 * Kinds whose text must be downloadable both as PDF and as an editable Word file
 * (部门规章和行政规范性文件提供 PDF、Word 版本下载).
 */
export const PDF_AND_WORD_KINDS: readonly CatalogueKind[] = ['规章', '行政规范性文件'];

/** Lower-case extension of an attachment's file or address, without query or fragment. */
export function attachmentExtension(file: string): string {
  const name = file.split(/[?#]/)[0] ?? '';
  const dot = name.lastIndexOf('.');
  return dot < 0 || name.lastIndexOf('/') > dot ? '' : name.slice(dot + 1).toLowerCase();
}

/** The download formats ('PDF', 'Word') a document of this kind lacks; none for kinds without the rule. */
export function missingDownloadFormats(kind: EntryKind, attachments: readonly { file: string }[]): ('PDF' | 'Word')[] {
  if (!(PDF_AND_WORD_KINDS as readonly string[]).includes(kind)) return [];
  const extensions = new Set(attachments.map((a) => attachmentExtension(a.file)));
  const missing: ('PDF' | 'Word')[] = [];
  if (!extensions.has('pdf')) missing.push('PDF');
  if (!extensions.has('doc') && !extensions.has('docx')) missing.push('Word');
  return missing;
}

/** 公开方式: how the public gets a document (《政府信息公开条例》第二十条、第二十七条、第十四至十六条). */
export const DISCLOSURE_MODES = ['主动公开', '依申请公开', '不予公开'] as const;
export type DisclosureMode = (typeof DISCLOSURE_MODES)[number];

/** 五公开: which stage of government work a document discloses (决策、执行、管理、服务、结果公开). */
export const OPENNESS_STAGES = ['决策公开', '执行公开', '管理公开', '服务公开', '结果公开'] as const;
export type OpennessStage = (typeof OPENNESS_STAGES)[number];

/**
 * The 五公开 stage of an entry that does not name its own: rules and normative
 * documents govern how power is used (管理), interpretations and consultations
 * belong to making a decision (决策), service guides to 服务, announcements and
 * replies to concerns report results or progress.
 */
export const DEFAULT_OPENNESS: Readonly<Record<EntryKind, OpennessStage>> = {
  规章: '管理公开',
  行政规范性文件: '管理公开',
  其他文件: '执行公开',
  政策解读: '决策公开',
  图文解读: '决策公开',
  办事指南: '服务公开',
  公告: '结果公开',
  意见征集: '决策公开',
  意见征集反馈: '决策公开',
  回应关切: '执行公开',
  应急预案: '管理公开',
  新闻发布会: '执行公开',
  通知公告: '执行公开',
};

/** An entry's 五公开 stage and 公开方式: its own, or the defaults (主动公开; the stage of its kind). */
export function disclosureFacets(item: { kind: EntryKind; openness?: OpennessStage | undefined; disclosure?: DisclosureMode | undefined }): { openness: OpennessStage; disclosure: DisclosureMode } {
  return { openness: item.openness ?? DEFAULT_OPENNESS[item.kind], disclosure: item.disclosure ?? '主动公开' };
}

/** 有效性. 已修改: in force as amended by its successor; 失效 / 废止: no longer in force. */
export const VALIDITIES = ['有效', '已修改', '失效', '废止'] as const;
export type Validity = (typeof VALIDITIES)[number];

export const TREE_KEYS = ['topics', 'industries', 'organisations'] as const;
export type TreeKey = (typeof TREE_KEYS)[number];

/** How each classification is named on the site. */
export const TREE_LABELS: Record<TreeKey, { name: string; by: string }> = {
  topics: { name: '主题分类', by: '按主题' },
  industries: { name: '行业分类', by: '按行业' },
  organisations: { name: '机构分类', by: '按机构' },
};

export function isInterpretation(kind: EntryKind): boolean {
  return (INTERPRETATION_KINDS as readonly string[]).includes(kind);
}

/** Whether the document is still in force (an amended one is, in its amended form). */
export function isInForce(validity: Validity): boolean {
  return validity === '有效' || validity === '已修改';
}

/** A node as the trees hold it: what buildTree needs, and the description pages show. */
export interface CatalogueNodeInput extends TreeNodeInput {
  description?: string | undefined;
}

export interface OrganisationNodeInput extends CatalogueNodeInput {
  department?: string | undefined;
  indexCode?: string | undefined;
}

export interface CatalogueItemFacts {
  id: string;
  title: string;
  kind: EntryKind;
  /** The document's page when it lives in another section; otherwise its catalogue page. */
  href?: string | undefined;
  documentNumber?: string | undefined;
  issuer: string;
  written?: CalendarDate | undefined;
  published: CalendarDate;
  effective?: CalendarDate | undefined;
  validity: Validity;
  replacedBy?: string | undefined;
  /** 五公开 stage; omitted: the default of its kind (DEFAULT_OPENNESS). */
  openness?: OpennessStage | undefined;
  /** 公开方式; omitted: 主动公开. */
  disclosure?: DisclosureMode | undefined;
  topics: readonly string[];
  industries: readonly string[];
  /** Omitted: the organisation nodes standing for the issuer. */
  organisations?: readonly string[] | undefined;
  interprets: readonly string[];
  related: readonly string[];
  indexNumber?: string | undefined;
}

export interface CatalogueTreesInput {
  topics: readonly CatalogueNodeInput[];
  industries: readonly CatalogueNodeInput[];
  organisations: readonly OrganisationNodeInput[];
}

export interface CatalogueTrees {
  topics: Tree<CatalogueNodeInput>;
  industries: Tree<CatalogueNodeInput>;
  organisations: Tree<OrganisationNodeInput>;
}

export interface Catalogue<I extends CatalogueItemFacts> {
  trees: CatalogueTrees;
  /** Newest first: 发布日期 descending, then file name. */
  items: I[];
  byId: ReadonlyMap<string, I>;
  /** Organisation codes of each item, the issuer's node when the item names none. */
  organisationsOf: ReadonlyMap<string, readonly string[]>;
  indexNumberOf: ReadonlyMap<string, string>;
  /** Interpretations of a document, newest first. */
  interpretationsOf: ReadonlyMap<string, I[]>;
  /** Documents an item amended or replaced (the reverse of their `replacedBy`). */
  replacedItemsOf: ReadonlyMap<string, I[]>;
  /** Related items, declared on either side, newest first. */
  relatedOf: ReadonlyMap<string, I[]>;
  /** Items under each node of each tree (its whole subtree), newest first. */
  groups: Record<TreeKey, ReadonlyMap<string, I[]>>;
  /** Items filed on each node itself, newest first. */
  direct: Record<TreeKey, ReadonlyMap<string, I[]>>;
}

export function newestFirst(a: { id: string; published: CalendarDate }, b: { id: string; published: CalendarDate }): number {
  if (a.published !== b.published) return a.published < b.published ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function buildTrees(input: CatalogueTreesInput): CatalogueTrees {
  return {
    topics: buildTree(input.topics).tree,
    industries: buildTree(input.industries).tree,
    organisations: buildTree(input.organisations).tree,
  };
}

/** Organisation nodes standing for each department, in tree order. */
export function organisationNodesByDepartment(tree: Tree<OrganisationNodeInput>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const visit = (code: string) => {
    const node = tree.nodes.get(code);
    if (!node) return;
    const dept = node.data.department;
    if (dept) out.set(dept, [...(out.get(dept) ?? []), code]);
    node.children.forEach(visit);
  };
  tree.roots.forEach(visit);
  return out;
}

/** 机构代码 for 索引号: the node's own, or its nearest ancestor's. */
export function indexCodeOf(tree: Tree<OrganisationNodeInput>, code: string): string | undefined {
  let current: string | undefined = code;
  while (current !== undefined) {
    const node = tree.nodes.get(current);
    if (!node) return undefined;
    if (node.data.indexCode) return node.data.indexCode;
    current = node.parent;
  }
  return undefined;
}

function pushTo<I>(map: Map<string, I[]>, key: string, item: I) {
  const list = map.get(key);
  if (list) {
    if (!list.includes(item)) list.push(item);
  } else map.set(key, [item]);
}

export function buildCatalogue<I extends CatalogueItemFacts>(items: readonly I[], treesInput: CatalogueTreesInput): Catalogue<I> {
  const trees = buildTrees(treesInput);
  const sorted = [...items].sort(newestFirst);
  const byId = new Map(sorted.map((i) => [i.id, i]));

  const byDepartment = organisationNodesByDepartment(trees.organisations);
  const organisationsOf = new Map<string, readonly string[]>();
  for (const item of sorted) organisationsOf.set(item.id, item.organisations ?? byDepartment.get(item.issuer) ?? []);

  const indexInputs = [];
  for (const item of sorted) {
    const first = organisationsOf.get(item.id)?.[0];
    const orgCode = first === undefined ? undefined : indexCodeOf(trees.organisations, first);
    if (item.indexNumber || orgCode) indexInputs.push({ id: item.id, orgCode: orgCode ?? '', published: item.published, pinned: item.indexNumber });
  }
  const indexNumberOf = assignIndexNumbers(indexInputs);

  // Walking items newest first keeps every derived list newest first.
  const interpretationsOf = new Map<string, I[]>();
  const replacedItemsOf = new Map<string, I[]>();
  const relatedOf = new Map<string, I[]>();
  for (const item of sorted) {
    for (const target of item.interprets) if (byId.has(target) && target !== item.id) pushTo(interpretationsOf, target, item);
    if (item.replacedBy && byId.has(item.replacedBy) && item.replacedBy !== item.id) pushTo(replacedItemsOf, item.replacedBy, item);
    for (const other of item.related) {
      if (other === item.id) continue;
      const target = byId.get(other);
      if (!target) continue;
      pushTo(relatedOf, item.id, target);
      pushTo(relatedOf, other, item);
    }
  }
  for (const list of relatedOf.values()) list.sort(newestFirst);

  const groups = {
    topics: groupBySubtree(trees.topics, sorted, (i) => i.topics),
    industries: groupBySubtree(trees.industries, sorted, (i) => i.industries),
    organisations: groupBySubtree(trees.organisations, sorted, (i) => organisationsOf.get(i.id) ?? []),
  };

  const direct = {
    topics: groupByNode(trees.topics, sorted, (i) => i.topics),
    industries: groupByNode(trees.industries, sorted, (i) => i.industries),
    organisations: groupByNode(trees.organisations, sorted, (i) => organisationsOf.get(i.id) ?? []),
  };

  return { trees, items: sorted, byId, organisationsOf, indexNumberOf, interpretationsOf, replacedItemsOf, relatedOf, groups, direct };
}
