/**
 * The public JSON of all consultations (/data/consultations.json): the one
 * source that pages' scripts, functions and notification scripts read (数据同源).
 * It holds what the public site shows anyway, never personal data.
 */
import { feedbackDueDate } from './consultation-status.ts';
import { extractArticles, type Article } from './articles.ts';
import type { RetentionSettings } from './retention/policy.ts';
import { toShanghaiIso, type CalendarDate } from './time.ts';

export const PUBLISHED_DATA_PATH = '/data/consultations.json';
export const PUBLISHED_DATA_VERSION = 1;

export interface PublishedChannels {
  online: boolean;
  email?: string | undefined;
  post?: { address: string; postcode?: string | undefined; recipient?: string | undefined } | undefined;
  fax?: string | undefined;
  phone?: string | undefined;
}

export interface PublishedConsultation {
  id: string;
  title: string;
  /** Absolute path on the site, e.g. /consultations/<id>/ */
  path: string;
  department: { id: string; name: string; email: string };
  policyAreas: { id: string; name: string }[];
  stage: string;
  kind: string;
  /** ISO 8601 with +08:00. */
  opens: string;
  closes: string;
  feedbackDays: number;
  feedbackDue: CalendarDate;
  /** Publication day of the feedback report, when there is one. */
  feedbackPublished: CalendarDate | null;
  feedbackPath: string | null;
  channels: PublishedChannels;
  articleComments: boolean;
  /** Articles a comment may target (empty unless articleComments). */
  articles: Article[];
}

/** A department or policy area as the data file lists it: what e-mail alerts can follow, consultations or not. */
export interface PublishedTarget {
  id: string;
  name: string;
  path: string;
}

export interface PublishedData {
  version: typeof PUBLISHED_DATA_VERSION;
  generated: string;
  site: {
    name: string;
    url: string;
    feedbackDays: number;
    disclosureOffice: { name: string; email: string };
    /** How long personal data is kept (added after version 1 first shipped; readers fill in the defaults). */
    retention?: RetentionSettings | undefined;
  };
  consultations: PublishedConsultation[];
  /** Every department, in the editors' order (added after version 1 first shipped; readers treat it as optional). */
  departments: PublishedTarget[];
  /** Every policy area, in the editors' order (same). */
  policyAreas: PublishedTarget[];
}

export interface ConsultationInput {
  id: string;
  body: string;
  data: {
    title: string;
    department: string;
    policyAreas: readonly string[];
    stage: string;
    kind: string;
    opens: Date;
    closes: Date;
    channels: PublishedChannels;
    articleComments: boolean;
  };
}

export function buildPublishedData(input: {
  generated: Date;
  site: PublishedData['site'];
  consultations: readonly ConsultationInput[];
  departments: ReadonlyMap<string, { name: string; email: string }>;
  policyAreas: ReadonlyMap<string, { name: string }>;
  /** Consultation id → feedback report (id and publication day). */
  feedback: ReadonlyMap<string, { id: string; published: CalendarDate }>;
}): PublishedData {
  const consultations = input.consultations
    .map((c): PublishedConsultation => {
      const dept = input.departments.get(c.data.department);
      if (!dept) throw new Error(`Unknown department ${c.data.department} in consultation ${c.id}`);
      const fb = input.feedback.get(c.id);
      return {
        id: c.id,
        title: c.data.title,
        path: `/consultations/${c.id}/`,
        department: { id: c.data.department, name: dept.name, email: dept.email },
        policyAreas: c.data.policyAreas.map((id) => ({ id, name: input.policyAreas.get(id)?.name ?? id })),
        stage: c.data.stage,
        kind: c.data.kind,
        opens: toShanghaiIso(c.data.opens),
        closes: toShanghaiIso(c.data.closes),
        feedbackDays: input.site.feedbackDays,
        feedbackDue: feedbackDueDate(c.data.closes, input.site.feedbackDays),
        feedbackPublished: fb?.published ?? null,
        feedbackPath: fb ? `/feedback/${fb.id}/` : null,
        channels: c.data.channels,
        articleComments: c.data.articleComments,
        articles: c.data.articleComments ? extractArticles(c.body) : [],
      };
    })
    .sort((a, b) => b.opens.localeCompare(a.opens) || a.id.localeCompare(b.id));
  return {
    version: PUBLISHED_DATA_VERSION,
    generated: toShanghaiIso(input.generated),
    site: input.site,
    consultations,
    departments: [...input.departments].map(([id, d]) => ({ id, name: d.name, path: `/departments/${id}/` })),
    policyAreas: [...input.policyAreas].map(([id, a]) => ({ id, name: a.name, path: `/policy-areas/${id}/` })),
  };
}

/** Back from the JSON to the instants the status rules take. */
export function clockOf(c: Pick<PublishedConsultation, 'opens' | 'closes' | 'feedbackPublished' | 'feedbackDays'>) {
  return { opens: new Date(c.opens), closes: new Date(c.closes), feedbackPublished: c.feedbackPublished ?? undefined, feedbackDays: c.feedbackDays };
}

