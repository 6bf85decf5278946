/**
 * Open data of the catalogue: /disclosure/catalogue.json (every item's metadata,
 * no bodies) and /disclosure/feed.xml (RSS of the newest items). Pure: sizes of
 * attachment files come in through a function, the build time as a value.
 */
import { flattenTree } from './catalogue-tree.ts';
import { TREE_KEYS, type Catalogue, type CatalogueItemFacts, type TreeKey } from './catalogue.ts';
import { CATALOGUE_DATA_PATH, CATALOGUE_FEED_PATH, DISCLOSURE_HOME, catalogueEntryPath } from './catalogue-view.ts';
import type { RssChannel } from './rss.ts';
import { startOfShanghaiDay, toShanghaiIso, type CalendarDate } from './time.ts';

export const CATALOGUE_DATA_VERSION = 1;
/** Items in the RSS feed: enough for a reader polling daily, small enough to stay light. */
export const FEED_ITEM_COUNT = 50;

export interface OpenDataItemInput extends CatalogueItemFacts {
  abstract?: string | undefined;
  attachments: readonly { title: string; file: string }[];
}

export interface OpenDataAttachment {
  title: string;
  url: string;
  format: string;
  /** Bytes; null for a file on another site. */
  bytes: number | null;
}

export interface OpenDataItem {
  id: string;
  url: string;
  indexNumber: string | null;
  title: string;
  kind: string;
  documentNumber: string | null;
  issuer: { id: string; name: string };
  written: CalendarDate | null;
  published: CalendarDate;
  effective: CalendarDate | null;
  validity: string;
  replacedBy: string | null;
  topics: string[];
  industries: string[];
  organisations: string[];
  abstract: string | null;
  attachments: OpenDataAttachment[];
  interprets: string[];
  interpretations: string[];
  related: string[];
}

export interface OpenDataNode {
  code: string;
  name: string;
  parent: string | null;
  order: number;
  /** Items in the node's subtree. */
  count: number;
}

export interface CatalogueOpenData {
  version: typeof CATALOGUE_DATA_VERSION;
  generated: string;
  site: { name: string; url: string };
  count: number;
  trees: Record<TreeKey, OpenDataNode[]>;
  items: OpenDataItem[];
}

function absolute(siteUrl: string, path: string): string {
  return new URL(path, siteUrl).href;
}

export function buildCatalogueOpenData<I extends OpenDataItemInput>(input: {
  catalogue: Catalogue<I>;
  generated: Date;
  site: { name: string; url: string };
  departmentName: (id: string) => string;
  attachmentFormat: (file: string) => string;
  attachmentBytes: (file: string) => number | null;
}): CatalogueOpenData {
  const { catalogue, site } = input;
  const trees = {} as Record<TreeKey, OpenDataNode[]>;
  for (const key of TREE_KEYS) {
    trees[key] = flattenTree(catalogue.trees[key]).map((n) => ({
      code: n.code,
      name: n.name,
      parent: n.parent ?? null,
      order: n.order,
      count: catalogue.groups[key].get(n.code)?.length ?? 0,
    }));
  }
  const items = catalogue.items.map(
    (item): OpenDataItem => ({
      id: item.id,
      url: absolute(site.url, catalogueEntryPath(item)),
      indexNumber: catalogue.indexNumberOf.get(item.id) ?? null,
      title: item.title,
      kind: item.kind,
      documentNumber: item.documentNumber ?? null,
      issuer: { id: item.issuer, name: input.departmentName(item.issuer) },
      written: item.written ?? null,
      published: item.published,
      effective: item.effective ?? null,
      validity: item.validity,
      replacedBy: item.replacedBy ?? null,
      topics: [...item.topics],
      industries: [...item.industries],
      organisations: [...(catalogue.organisationsOf.get(item.id) ?? [])],
      abstract: item.abstract ?? null,
      attachments: item.attachments.map((a) => ({
        title: a.title,
        url: /^https?:\/\//.test(a.file) ? a.file : absolute(site.url, a.file),
        format: input.attachmentFormat(a.file),
        bytes: input.attachmentBytes(a.file),
      })),
      interprets: [...item.interprets],
      interpretations: (catalogue.interpretationsOf.get(item.id) ?? []).map((i) => i.id),
      related: (catalogue.relatedOf.get(item.id) ?? []).map((i) => i.id),
    }),
  );
  return { version: CATALOGUE_DATA_VERSION, generated: toShanghaiIso(input.generated), site, count: items.length, trees, items };
}

/** RSS channel of the newest catalogue items (newest first by 发布日期). */
export function catalogueRssChannel<I extends OpenDataItemInput>(input: {
  catalogue: Catalogue<I>;
  site: { name: string; url: string };
  now: Date;
  departmentName: (id: string) => string;
}): RssChannel {
  const { catalogue, site } = input;
  return {
    title: `${site.name} - 政府信息公开目录`,
    link: absolute(site.url, DISCLOSURE_HOME),
    feedUrl: absolute(site.url, CATALOGUE_FEED_PATH),
    description: `${site.name}主动公开的政府信息，按发布日期由新到旧排列。完整目录数据见 ${absolute(site.url, CATALOGUE_DATA_PATH)}`,
    language: 'zh-cn',
    lastBuildDate: input.now,
    items: catalogue.items.slice(0, FEED_ITEM_COUNT).map((item) => {
      const facts = [input.departmentName(item.issuer), item.documentNumber, item.kind].filter(Boolean).join(' · ');
      return {
        title: item.title,
        link: absolute(site.url, catalogueEntryPath(item)),
        pubDate: startOfShanghaiDay(item.published),
        description: item.abstract ? `${facts}。${item.abstract}` : facts,
        categories: [item.kind],
      };
    }),
  };
}
