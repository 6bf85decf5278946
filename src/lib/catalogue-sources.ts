/**
 * One source for every section (数据同源): consultations, feedback reports and
 * notices are published once, in their own section, and appear in the
 * disclosure catalogue as entries that link to that page. A topic node names the
 * sections it holds (`sources` in topics.yaml); nothing is entered twice. Pure.
 */
import type { CatalogueItemFacts } from './catalogue.ts';
import type { NoticeKind } from './notices.ts';
import { shanghaiDate } from './time.ts';

/** Sections that feed the catalogue, by the names editors write in a topic's `sources`. */
export const CATALOGUE_SOURCES = ['意见征集', '意见征集反馈', '回应关切', '应急预案', '新闻发布会', '通知公告'] as const;
export type CatalogueSource = (typeof CATALOGUE_SOURCES)[number];

/** Notice kinds that become catalogue entries (warnings and 其他 stay in their own section). */
const NOTICE_SOURCES: Partial<Record<NoticeKind, CatalogueSource>> = {
  回应关切: '回应关切',
  应急预案: '应急预案',
  新闻发布会: '新闻发布会',
  通知公告: '通知公告',
};

/** The section a notice of this kind is listed under in the catalogue, if any. */
export function noticeCatalogueSource(kind: NoticeKind): CatalogueSource | undefined {
  return NOTICE_SOURCES[kind];
}

/** Id prefixes: a colon never occurs in a catalogue file's own id, so these never collide with one. */
const ID_PREFIX: Record<CatalogueSource, string> = {
  意见征集: 'consultations',
  意见征集反馈: 'feedback',
  回应关切: 'notices',
  应急预案: 'notices',
  新闻发布会: 'notices',
  通知公告: 'notices',
};

/** The catalogue id of a section's document. */
export const sectionEntryId = (source: CatalogueSource, id: string) => `${ID_PREFIX[source]}:${id}`;

export const consultationPath = (id: string) => `/consultations/${id}/`;
export const feedbackPath = (id: string) => `/feedback/${id}/`;
export const noticePath = (id: string) => `/notices/${id}/`;

/** Title of a feedback report that has none of its own: named after the consultation's document. */
export function feedbackTitle(own: string | undefined, consultation: { title: string; documentTitle?: string | undefined }): string {
  if (own) return own;
  const name = consultation.documentTitle ?? consultation.title;
  return `关于对《${name.replace(/^《|》$/g, '')}》公开征求意见的反馈`;
}

export interface SourceAttachment {
  title: string;
  file: string;
}

/** A catalogue entry whose page is in another section. */
export interface SectionEntry extends CatalogueItemFacts {
  /** The page of the document, in its own section. */
  href: string;
  source: CatalogueSource;
  abstract?: string | undefined;
  attachments: readonly SourceAttachment[];
}

export interface SourceDocuments {
  consultations: readonly { id: string; title: string; documentTitle?: string | undefined; department: string; opens: Date; attachments: readonly SourceAttachment[]; draft: boolean }[];
  feedback: readonly { id: string; title?: string | undefined; consultation: string; published: string; draft: boolean }[];
  notices: readonly { id: string; title: string; kind: NoticeKind; issuer: string; issued: Date; summary?: string | undefined; attachments: readonly SourceAttachment[]; draft: boolean }[];
}

/** Topic codes that declare each source, in the order given. */
export function topicsBySource(nodes: readonly { code: string; sources?: readonly CatalogueSource[] | undefined }[]): Map<CatalogueSource, string[]> {
  const out = new Map<CatalogueSource, string[]>();
  for (const node of nodes) for (const source of node.sources ?? []) out.set(source, [...(out.get(source) ?? []), node.code]);
  return out;
}

/**
 * The catalogue entries of the other sections' published documents. A section
 * no topic declares gives none; a feedback report whose consultation is unknown
 * or unpublished gives none (the content check reports it).
 */
export function sectionEntries(documents: SourceDocuments, topics: ReadonlyMap<CatalogueSource, readonly string[]>): SectionEntry[] {
  const entries: SectionEntry[] = [];
  const add = (source: CatalogueSource, id: string, href: string, facts: Pick<SectionEntry, 'title' | 'issuer' | 'published' | 'attachments' | 'abstract'>) => {
    const codes = topics.get(source);
    if (!codes || codes.length === 0) return;
    entries.push({
      ...facts,
      id: sectionEntryId(source, id),
      kind: source,
      source,
      href,
      validity: '有效',
      topics: codes,
      industries: [],
      interprets: [],
      related: [],
    });
  };
  const consultations = new Map(documents.consultations.filter((c) => !c.draft).map((c) => [c.id, c]));
  for (const c of consultations.values()) {
    add('意见征集', c.id, consultationPath(c.id), { title: c.title, issuer: c.department, published: shanghaiDate(c.opens), attachments: c.attachments, abstract: undefined });
  }
  for (const f of documents.feedback) {
    const consultation = consultations.get(f.consultation);
    if (f.draft || !consultation) continue;
    add('意见征集反馈', f.id, feedbackPath(f.id), { title: feedbackTitle(f.title, consultation), issuer: consultation.department, published: f.published, attachments: [], abstract: undefined });
  }
  for (const n of documents.notices) {
    const source = noticeCatalogueSource(n.kind);
    if (n.draft || !source) continue;
    add(source, n.id, noticePath(n.id), { title: n.title, issuer: n.issuer, published: shanghaiDate(n.issued), attachments: n.attachments, abstract: n.summary });
  }
  return entries;
}
