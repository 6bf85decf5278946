/**
 * Catalogue rules that span files: classification codes exist in their trees,
 * references between items and to departments resolve, an amended document
 * names a real successor, 索引号 stay unique. Pure: the caller reads the files
 * and turns each finding into a message with the file name.
 */
import { buildTree, type TreeNodeInput } from './catalogue-tree.ts';
import { PDF_AND_WORD_KINDS, TREE_LABELS, isInterpretation, missingDownloadFormats, organisationNodesByDepartment, type CatalogueItemFacts, type OrganisationNodeInput, type TreeKey } from './catalogue.ts';
import { formatChineseDate } from './time.ts';
import type { CrossFileFinding } from './content-rules.ts';

export interface CatalogueItemRuleFacts extends CatalogueItemFacts {
  file: string;
  draft: boolean;
  attachments: readonly { file: string }[];
  /** Catalogue item ids among the service guide's related policies, with their position in `guide.policies`. */
  guidePolicies: readonly { index: number; id: string }[];
}

export interface TreeFile<N extends TreeNodeInput> {
  file: string;
  nodes: readonly N[];
  /** Nodes whose entry has errors of its own: they still give the tree its shape, so nothing else reports them. */
  placeholders?: readonly OrganisationNodeInput[] | undefined;
}

export interface AnnualReportFacts {
  id: string;
  file: string;
  year: number;
  published: string;
}

export interface DisclosurePageFacts {
  id: string;
  file: string;
}

/** Addresses under /disclosure/ that the site itself uses: a page file may not take them. */
export const RESERVED_DISCLOSURE_IDS = ['topics', 'industries', 'organisations', 'items', 'latest', 'page', 'data', 'feed', 'catalogue'] as const;

const ID_RE = /^[a-z0-9][a-z0-9-]*$/;
const ID_HINT = '文件名（即编号）只能包含小写英文字母、数字和连字符，例如 jtb-shoufei-gonglu-2020.md';

export function checkCatalogueRules(input: {
  departments: ReadonlySet<string>;
  trees: { topics: TreeFile<TreeNodeInput>; industries: TreeFile<TreeNodeInput>; organisations: TreeFile<OrganisationNodeInput> };
  items: readonly CatalogueItemRuleFacts[];
  /** Item files that failed their schema (reported already): links to them are not reported again. */
  brokenItems?: ReadonlySet<string> | undefined;
  reports: readonly AnnualReportFacts[];
  pages: readonly DisclosurePageFacts[];
}): CrossFileFinding[] {
  const findings: CrossFileFinding[] = [];
  const error = (file: string, path: (string | number)[], message: string) => findings.push({ file, path, message, severity: 'error' });
  const warning = (file: string, path: (string | number)[], message: string) => findings.push({ file, path, message, severity: 'warning' });

  // Trees.
  const codes = {} as Record<TreeKey, Set<string>>;
  const shape = (key: TreeKey) => [...input.trees[key].nodes, ...(input.trees[key].placeholders ?? [])];
  for (const key of ['topics', 'industries', 'organisations'] as const) {
    const { tree, problems } = buildTree(shape(key));
    for (const p of problems) error(input.trees[key].file, [p.code, p.field], p.message);
    codes[key] = new Set(tree.nodes.keys());
  }
  const organisationTree = buildTree(shape('organisations')).tree;
  for (const node of input.trees.organisations.nodes) {
    if (node.department && !input.departments.has(node.department)) {
      error(input.trees.organisations.file, [node.code, 'department'], `找不到编号为“${node.department}”的部门，请先在 content/departments.yaml 中添加，或改正编号`);
    }
    if (node.parent === undefined && !node.indexCode) {
      error(input.trees.organisations.file, [node.code, 'indexCode'], '顶层机构类目必须填写 indexCode（索引号中的机构代码），下级类目可沿用');
    }
  }
  const nodesOfDepartment = organisationNodesByDepartment(organisationTree);

  // Items.
  const byId = new Map(input.items.map((i) => [i.id, i]));
  const published = input.items.filter((i) => !i.draft);
  const refCheck = (item: CatalogueItemRuleFacts, path: (string | number)[], target: string, what: string): CatalogueItemRuleFacts | undefined => {
    if (target === item.id) {
      error(item.file, path, `${what}不能是本文件自己`);
      return undefined;
    }
    const other = byId.get(target);
    if (!other && input.brokenItems?.has(target)) return undefined;
    if (!other) {
      error(item.file, path, `找不到编号为“${target}”的目录文件（编号即 content/catalogue/items/ 下的文件名，不含扩展名）`);
      return undefined;
    }
    if (other.draft && !item.draft) {
      error(item.file, path, `${what}“${target}”仍是草稿（draft: true），尚未发布；请先发布该文件或删除此引用`);
    }
    return other;
  };

  const seenNumbers = new Map<string, CatalogueItemRuleFacts>();
  const seenIndex = new Map<string, CatalogueItemRuleFacts>();
  for (const item of input.items) {
    if (!ID_RE.test(item.id)) error(item.file, [], ID_HINT);
    if (!input.departments.has(item.issuer)) {
      error(item.file, ['issuer'], `找不到编号为“${item.issuer}”的发布机构，请先在 content/departments.yaml 中添加，或改正编号`);
    }
    for (const key of ['topics', 'industries', 'organisations'] as const) {
      (item[key] ?? []).forEach((code, i) => {
        if (!codes[key].has(code)) {
          error(item.file, [key, i], `${TREE_LABELS[key].name}中没有编码为“${code}”的类目，可用编码见 ${input.trees[key].file}`);
        }
      });
    }
    if (item.organisations === undefined && input.departments.has(item.issuer) && !nodesOfDepartment.has(item.issuer)) {
      error(item.file, ['organisations'], `机构分类中没有对应发布机构“${item.issuer}”的类目，请填写 organisations，或在 ${input.trees.organisations.file} 中为某一类目加上 department: ${item.issuer}`);
    }

    if (item.replacedBy) {
      const successor = refCheck(item, ['replacedBy'], item.replacedBy, '修改或替代它的文件');
      if (successor && successor.published < item.published) {
        error(item.file, ['replacedBy'], `修改或替代它的文件“${successor.id}”发布于${formatChineseDate(successor.published)}，早于本文件的发布日期${formatChineseDate(item.published)}，请核对`);
      }
      if (successor && isInterpretation(successor.kind)) {
        error(item.file, ['replacedBy'], `“${successor.id}”是${successor.kind}，不能修改或替代文件`);
      }
    }
    item.interprets.forEach((target, i) => {
      const doc = refCheck(item, ['interprets', i], target, '所解读的文件');
      if (doc && isInterpretation(doc.kind)) error(item.file, ['interprets', i], `“${target}”本身是${doc.kind}；请填写被解读的文件本身的编号`);
    });
    item.related.forEach((target, i) => refCheck(item, ['related', i], target, '相关文件'));
    for (const p of item.guidePolicies) refCheck(item, ['guide', 'policies', p.index], p.id, '相关政策');

    const missing = missingDownloadFormats(item.kind, item.attachments);
    if (missing.length > 0) {
      error(
        item.file,
        ['attachments'],
        `${PDF_AND_WORD_KINDS.join('和')}须同时提供 PDF 版和 Word 版（.doc 或 .docx）全文下载；本文件缺少${missing.join('版和')}版，请在 attachments 中补上`,
      );
    }

    if (item.effective && item.effective < item.published) {
      warning(item.file, ['effective'], `施行日期（${formatChineseDate(item.effective)}）早于发布日期（${formatChineseDate(item.published)}），请核对`);
    }
    if (item.draft) continue;
    if (item.documentNumber) {
      const earlier = seenNumbers.get(item.documentNumber);
      if (earlier) error(item.file, ['documentNumber'], `文号“${item.documentNumber}”与 ${earlier.file} 相同，同一文号只能对应一份文件`);
      else seenNumbers.set(item.documentNumber, item);
    }
    if (item.indexNumber) {
      const earlier = seenIndex.get(item.indexNumber);
      if (earlier) error(item.file, ['indexNumber'], `索引号“${item.indexNumber}”与 ${earlier.file} 相同，索引号不能重复`);
      else seenIndex.set(item.indexNumber, item);
    }
  }

  // Replacement chains must end: A → B → A would leave no document in force.
  const reported = new Set<string>();
  for (const start of published) {
    const chain: string[] = [];
    let current: CatalogueItemRuleFacts | undefined = start;
    while (current?.replacedBy && !chain.includes(current.id)) {
      chain.push(current.id);
      current = byId.get(current.replacedBy);
    }
    if (current && chain.includes(current.id) && !reported.has(current.id)) {
      const cycle = chain.slice(chain.indexOf(current.id));
      cycle.forEach((id) => reported.add(id));
      error(current.file, ['replacedBy'], `修改或替代关系形成了循环：${[...cycle, current.id].join(' → ')}，请改正 replacedBy`);
    }
  }

  // Annual reports and pages.
  const years = new Map<number, AnnualReportFacts>();
  for (const r of input.reports) {
    if (r.id !== String(r.year)) error(r.file, ['year'], `年度报告的文件名应为年度，例如 ${r.year}.md；当前文件名与 year（${r.year}）不一致`);
    const earlier = years.get(r.year);
    if (earlier) error(r.file, ['year'], `${r.year} 年度的报告已有 ${earlier.file}`);
    else years.set(r.year, r);
    if (r.published < `${r.year + 1}-01-01`) error(r.file, ['published'], `${r.year} 年度报告应在年度结束后发布，发布日期不能早于 ${r.year + 1} 年 1 月 1 日`);
  }
  for (const p of input.pages) {
    if (!ID_RE.test(p.id)) error(p.file, [], ID_HINT.replace('jtb-shoufei-gonglu-2020.md', 'guide.md'));
    if ((RESERVED_DISCLOSURE_IDS as readonly string[]).includes(p.id)) {
      error(p.file, [], `文件名“${p.id}”是本栏目保留的网址，请换一个文件名`);
    }
  }
  return findings;
}
