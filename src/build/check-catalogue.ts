/**
 * Checks the proactive-disclosure catalogue: the three classification trees,
 * the catalogue items, the disclosure column's pages and annual reports. Each
 * file against its schema, then the rules spanning files (src/lib/catalogue-rules.ts).
 * Called by checkContent; a content root without a catalogue passes.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { z } from 'astro/zod';
import {
  CATALOGUE_CODE_RE,
  annualReportSchema,
  catalogueItemSchema,
  classificationNodeSchema,
  disclosurePageSchema,
  organisationNodeSchema,
  topicNodeSchema,
  type AnnualReportData,
  type CatalogueItemData,
} from '../schemas/catalogue.ts';
import { formatIssues, problem, type ContentProblem } from '../schemas/report.ts';
import { checkCatalogueRules, type CatalogueItemRuleFacts, type TreeFile } from '../lib/catalogue-rules.ts';
import type { OrganisationNodeInput } from '../lib/catalogue.ts';
import type { TreeNodeInput } from '../lib/catalogue-tree.ts';
import { readDataMap, readEntries } from './content-files.ts';
import { guard, validateEntries } from './validate.ts';
import type { ContentPaths } from './content-paths.ts';

type CataloguePaths = Pick<
  ContentPaths,
  'catalogueTopics' | 'catalogueIndustries' | 'catalogueOrganisations' | 'catalogueItems' | 'disclosurePages' | 'annualReports'
>;

/**
 * A tree file's valid nodes, and placeholders for nodes that fail their schema:
 * those keep their code, parent and department so that the rest of the tree and
 * the items filed under them raise no second, misleading error.
 */
function readTree<S extends z.ZodType>(problems: ContentProblem[], root: string, path: string, schema: S, required: boolean) {
  const nodes: (z.output<S> & { code: string })[] = [];
  const placeholders: OrganisationNodeInput[] = [];
  if (!existsSync(resolve(root, path))) {
    if (required) problems.push(problem(path, [], '分类文件不存在：目录中已有文件，请补上此分类'));
    return { file: path, nodes, placeholders };
  }
  const { file, entries } = guard(problems, () => readDataMap(root, path), { file: path, entries: new Map<string, unknown>() });
  for (const [code, value] of entries) {
    if (!CATALOGUE_CODE_RE.test(code)) {
      problems.push(problem(file, [code], '分类编码应以小写字母开头，只能包含小写字母、数字和连字符，例如 zt0701'));
      continue;
    }
    const result = schema.safeParse(value);
    if (result.success) {
      nodes.push({ ...(result.data as object), code } as z.output<S> & { code: string });
      continue;
    }
    problems.push(...formatIssues(file, result.error.issues.map((i) => ({ ...i, path: [code, ...i.path] }))));
    const raw = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
    const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
    placeholders.push({ code, name: code, order: 0, parent: text(raw.parent), department: text(raw.department) });
  }
  return { file, nodes, placeholders };
}


/** An attachment under public/ must exist, in the content root's public/ or the project's. */
function checkAttachments(problems: ContentProblem[], root: string, file: string, attachments: readonly { file: string }[]) {
  attachments.forEach((a, i) => {
    if (!a.file.startsWith('/')) return;
    const relative = `.${decodeURI(a.file.split(/[?#]/)[0] ?? '')}`;
    if (!existsSync(resolve(root, 'public', relative))) {
      problems.push(problem(file, ['attachments', i, 'file'], `找不到附件文件 public${a.file}，请把文件放到 public 目录下对应位置`));
    }
  });
}

export function checkCatalogue(root: string, paths: CataloguePaths, departments: ReadonlySet<string>): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const itemFiles = guard(problems, () => readEntries(root, paths.catalogueItems), []);
  const hasItems = itemFiles.length > 0;

  const topics = readTree(problems, root, paths.catalogueTopics, topicNodeSchema, hasItems);
  const industries = readTree(problems, root, paths.catalogueIndustries, classificationNodeSchema, false);
  const organisations = readTree(problems, root, paths.catalogueOrganisations, organisationNodeSchema, hasItems);

  const items = validateEntries(problems, itemFiles, catalogueItemSchema);
  const valid = new Set(items.map((i) => i.file.id));
  const brokenItems = new Set(itemFiles.map((f) => f.id).filter((id) => !valid.has(id)));
  const itemFacts: CatalogueItemRuleFacts[] = items.map(({ file, data }) => {
    const d = data as CatalogueItemData;
    checkAttachments(problems, root, file.file, d.attachments);
    return {
      ...d,
      id: file.id,
      file: file.file,
      guidePolicies: (d.guide?.policies ?? []).flatMap((p, index) => (typeof p === 'string' ? [{ index, id: p }] : [])),
    };
  });

  const pages = validateEntries(problems, guard(problems, () => readEntries(root, paths.disclosurePages), []), disclosurePageSchema);
  for (const { file, data } of pages) checkAttachments(problems, root, file.file, data.attachments);
  const reports = validateEntries(problems, guard(problems, () => readEntries(root, paths.annualReports), []), annualReportSchema);
  for (const { file, data } of reports) checkAttachments(problems, root, file.file, (data as AnnualReportData).attachments);

  const findings = checkCatalogueRules({
    departments,
    trees: {
      topics: topics as TreeFile<TreeNodeInput>,
      industries: industries as TreeFile<TreeNodeInput>,
      organisations: organisations as TreeFile<OrganisationNodeInput>,
    },
    items: itemFacts,
    brokenItems,
    reports: reports.map(({ file, data }) => ({ id: file.id, file: file.file, year: (data as AnnualReportData).year, published: (data as AnnualReportData).published })),
    pages: pages.map(({ file }) => ({ id: file.id, file: file.file })),
  });
  problems.push(...findings.map((f) => problem(f.file, f.path, f.message, f.severity)));
  return problems;
}
