/**
 * The disclosure catalogue as pages use it, loaded once per build: items
 * joined with their issuers, the other sections' documents as entries that
 * link to their own pages (数据同源, src/lib/catalogue-sources.ts), the three trees with every node's items, the
 * disclosure column's pages and the annual reports. Astro-specific
 * (astro:content); the rules themselves stay in src/lib/catalogue*.ts.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { buildCatalogue, disclosureFacets, type Catalogue, type CatalogueItemFacts, type TreeKey } from '../lib/catalogue.ts';
import { listPages } from '../lib/pagination.ts';
import { CATALOGUE_PAGE_SIZE, nodeListing } from '../lib/catalogue-listing.ts';
import type { TreeNodeInput } from '../lib/catalogue-tree.ts';
import { sectionEntries, sectionEntryId, topicsBySource, type CatalogueSource, type SectionEntry } from '../lib/catalogue-sources.ts';

export type CatalogueItemEntry = CollectionEntry<'catalogueItems'>;
export type DisclosurePageEntry = CollectionEntry<'disclosurePages'>;
export type AnnualReportEntry = CollectionEntry<'annualReports'>;

/** A catalogue file's front matter with its id and its entry (for rendering the body). */
export type CatalogueFileItem = CatalogueItemEntry['data'] & CatalogueItemFacts & { id: string; entry: CatalogueItemEntry; href?: undefined };
/** A catalogue entry: a catalogue file, or a document of another section (no entry; its page is `href`). */
export type CatalogueItem = CatalogueFileItem | (SectionEntry & { entry?: undefined });

export interface CatalogueContent {
  catalogue: Catalogue<CatalogueItem>;
  departmentName: (id: string) => string;
  /** The disclosure column's pages in guide order. */
  pages: DisclosurePageEntry[];
  /** Annual reports, newest year first. */
  reports: AnnualReportEntry[];
}

let cache: Promise<CatalogueContent> | undefined;

function nodes<T extends { id: string; data: object }>(entries: T[]): (T['data'] & TreeNodeInput)[] {
  return entries.map((e) => ({ ...(e.data as T['data'] & Omit<TreeNodeInput, 'code'>), code: e.id }));
}

async function load(): Promise<CatalogueContent> {
  const [entries, topics, industries, organisations, departments, pages, reports, consultations, feedback, notices] = await Promise.all([
    getCollection('catalogueItems', (e) => !e.data.draft),
    getCollection('catalogueTopics'),
    getCollection('catalogueIndustries'),
    getCollection('catalogueOrganisations'),
    getCollection('departments'),
    getCollection('disclosurePages'),
    getCollection('annualReports', (e) => !e.data.draft),
    getCollection('consultations'),
    getCollection('feedback'),
    getCollection('notices'),
  ]);
  const fromSections = sectionEntries(
    {
      consultations: consultations.map((e) => ({ id: e.id, ...e.data })),
      feedback: feedback.map((e) => ({ id: e.id, ...e.data })),
      notices: notices.map((e) => ({ id: e.id, ...e.data })),
    },
    topicsBySource(nodes(topics)),
  );
  const items: CatalogueItem[] = [...entries.map((entry): CatalogueItem => ({ ...entry.data, id: entry.id, entry })), ...fromSections];
  const catalogue = buildCatalogue(items, { topics: nodes(topics), industries: nodes(industries), organisations: nodes(organisations) });
  const names = new Map(departments.map((d) => [d.id, d.data.name]));
  pages.sort((a, b) => a.data.order - b.data.order || a.id.localeCompare(b.id));
  reports.sort((a, b) => b.data.year - a.data.year);
  return {
    catalogue,
    departmentName: (id) => {
      const name = names.get(id);
      if (!name) throw new Error(`Unknown issuing body ${id}`);
      return name;
    },
    pages,
    reports,
  };
}

/** Whether the entry is a catalogue file (with its own page under /disclosure/items/). */
export function isCatalogueFile(item: CatalogueItem): item is CatalogueFileItem {
  return item.entry !== undefined;
}

/** All catalogue content, loaded once per build. */
export function catalogueContent(): Promise<CatalogueContent> {
  cache ??= load();
  return cache;
}

/** Every page of every node of one tree, for getStaticPaths: page 1 at the node, later pages below it. */
export async function treeNodeStaticPaths(tree: TreeKey) {
  const { catalogue } = await catalogueContent();
  return [...catalogue.trees[tree].nodes.keys()].flatMap((code) => {
    const { paginated } = nodeListing(catalogue.trees[tree], catalogue.groups[tree], catalogue.direct[tree], code);
    return listPages(paginated.length, CATALOGUE_PAGE_SIZE).map(({ page, param }) => ({ params: { code, page: param }, props: { code, page } }));
  });
}

/** The 五公开 stage and 公开方式 of a section's document when a catalogue topic lists its section; undefined otherwise. */
export async function sectionCatalogueFacets(source: CatalogueSource | undefined, id: string) {
  if (!source) return undefined;
  const { catalogue } = await catalogueContent();
  const entry = catalogue.byId.get(sectionEntryId(source, id));
  return entry && disclosureFacets(entry);
}
