/**
 * Content as pages and feeds use it: entries joined with their departments,
 * policy areas and feedback reports. Astro-specific (astro:content); the rules
 * themselves stay in src/lib.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { site } from './site.ts';
import { consultationStatus, feedbackDueDate, feedbackTiming, type ConsultationClock } from '../lib/consultation-status.ts';
import { buildTime } from './build-time.ts';
import { consultationPath, feedbackPath, feedbackTitle } from '../lib/catalogue-sources.ts';

export type ConsultationEntry = CollectionEntry<'consultations'>;
export type FeedbackEntry = CollectionEntry<'feedback'>;
export type DepartmentEntry = CollectionEntry<'departments'>;
export type PolicyAreaEntry = CollectionEntry<'policyAreas'>;

export { site };

export interface ConsultationView {
  entry: ConsultationEntry;
  id: string;
  path: string;
  department: DepartmentEntry;
  policyAreas: PolicyAreaEntry[];
  feedback: FeedbackEntry | undefined;
  clock: ConsultationClock;
  feedbackDue: string;
}

export interface FeedbackView {
  entry: FeedbackEntry;
  id: string;
  path: string;
  consultation: ConsultationView;
  title: string;
}

let cache: Promise<{
  departments: DepartmentEntry[];
  policyAreas: PolicyAreaEntry[];
  consultations: ConsultationView[];
  feedback: FeedbackView[];
}> | undefined;

async function load() {
  const [departments, policyAreas, consultationEntries, feedbackEntries] = await Promise.all([
    getCollection('departments'),
    getCollection('policyAreas'),
    getCollection('consultations', (e) => !e.data.draft),
    getCollection('feedback', (e) => !e.data.draft),
  ]);
  policyAreas.sort((a, b) => a.data.order - b.data.order);
  const departmentById = new Map(departments.map((d) => [d.id, d]));
  const areaById = new Map(policyAreas.map((a) => [a.id, a]));
  const feedbackByConsultation = new Map(feedbackEntries.map((f) => [f.data.consultation, f]));

  const consultations = consultationEntries.map((entry): ConsultationView => {
    const department = departmentById.get(entry.data.department);
    if (!department) throw new Error(`${entry.filePath}: unknown department ${entry.data.department}`);
    const feedback = feedbackByConsultation.get(entry.id);
    return {
      entry,
      id: entry.id,
      path: consultationPath(entry.id),
      department,
      policyAreas: entry.data.policyAreas.map((id) => {
        const area = areaById.get(id);
        if (!area) throw new Error(`${entry.filePath}: unknown policy area ${id}`);
        return area;
      }),
      feedback,
      clock: { opens: entry.data.opens, closes: entry.data.closes, feedbackPublished: feedback?.data.published, feedbackDays: site.feedbackDays },
      feedbackDue: feedbackDueDate(entry.data.closes, site.feedbackDays),
    };
  });
  consultations.sort((a, b) => b.clock.opens.getTime() - a.clock.opens.getTime() || a.id.localeCompare(b.id));
  const consultationById = new Map(consultations.map((c) => [c.id, c]));

  const feedback = feedbackEntries
    .map((entry): FeedbackView => {
      const consultation = consultationById.get(entry.data.consultation);
      if (!consultation) throw new Error(`${entry.filePath}: unknown consultation ${entry.data.consultation}`);
      return { entry, id: entry.id, path: feedbackPath(entry.id), consultation, title: feedbackTitle(entry.data.title, consultation.entry.data) };
    })
    .sort((a, b) => b.entry.data.published.localeCompare(a.entry.data.published) || a.id.localeCompare(b.id));

  return { departments, policyAreas, consultations, feedback };
}

/** All content, loaded once per build. */
export function content() {
  cache ??= load();
  return cache;
}

export function statusAtBuild(c: ConsultationView) {
  return consultationStatus(c.clock, buildTime);
}

export function feedbackTimingAtBuild(c: ConsultationView) {
  return feedbackTiming(c.clock, buildTime);
}

export { buildTime };
