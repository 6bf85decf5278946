/**
 * Content mapped into the plain inputs of the feeds (src/lib/feeds.ts) and of
 * the public data file (src/lib/published-data.ts). Astro-specific.
 */
import { buildPublishedData, type PublishedData } from '../lib/published-data.ts';
import type { FeedConsultation, FeedFeedbackReport, FeedSite } from '../lib/feeds.ts';
import { buildTime, content, site, type ConsultationView } from './content.ts';

export const feedSite: FeedSite = { name: site.name, url: site.url };

function feedConsultation(c: ConsultationView): FeedConsultation {
  return {
    id: c.id,
    title: c.entry.data.title,
    path: c.path,
    departmentName: c.department.data.name,
    policyAreaNames: c.policyAreas.map((a) => a.data.name),
    clock: c.clock,
    feedbackPath: c.feedback ? `/feedback/${c.feedback.id}/` : undefined,
  };
}

export async function feedContent(): Promise<{ consultations: FeedConsultation[]; reports: FeedFeedbackReport[] }> {
  const { consultations, feedback } = await content();
  const byId = new Map(consultations.map((c) => [c.id, feedConsultation(c)]));
  const reports = feedback.map((f): FeedFeedbackReport => {
    const consultation = byId.get(f.consultation.id);
    if (!consultation) throw new Error(`Feedback ${f.id}: consultation ${f.consultation.id} is not published`);
    return { id: f.id, title: f.title, path: f.path, published: f.entry.data.published, consultation };
  });
  return { consultations: [...byId.values()], reports };
}

/** /data/consultations.json: published consultations only, nothing a visitor cannot already read on the site. */
export async function publishedData(): Promise<PublishedData> {
  const { consultations, departments, policyAreas, feedback } = await content();
  return buildPublishedData({
    generated: buildTime,
    site: { name: site.name, url: site.url, feedbackDays: site.feedbackDays, disclosureOffice: site.disclosureOffice, retention: site.retention },
    consultations: consultations.map((c) => ({ id: c.id, body: c.entry.body ?? '', data: c.entry.data })),
    departments: new Map(departments.map((d) => [d.id, { name: d.data.name, email: d.data.email }])),
    policyAreas: new Map(policyAreas.map((a) => [a.id, { name: a.data.name }])),
    feedback: new Map(feedback.map((f) => [f.consultation.id, { id: f.id, published: f.entry.data.published }])),
  });
}

export { buildTime };
