/**
 * Selections the public consultation pages share, on top of content():
 * which feedback reports are out at build time, counts per status, area and
 * department. The rules themselves come from src/lib.
 */
import { CONSULTATION_STATUSES, type ConsultationStatus } from '../lib/consultation-status.ts';
import { computeScoreboard, type Scoreboard } from '../lib/scoreboard.ts';
import { readDataMap } from '../build/content-files.ts';
import { CONTENT_PATHS } from '../build/content-paths.ts';
import { buildTime, content, feedbackTimingAtBuild, statusAtBuild, type ConsultationView, type DepartmentEntry, type FeedbackView } from './content.ts';

/** A report dated after the build is scheduled, not published: no page, no link, not listed. */
export function isFeedbackOut(c: ConsultationView): boolean {
  const kind = feedbackTimingAtBuild(c).kind;
  return c.feedback !== undefined && (kind === 'published-on-time' || kind === 'published-late');
}

/** Feedback reports published by the build time, newest first. */
export async function publishedFeedback(): Promise<FeedbackView[]> {
  const { feedback } = await content();
  return feedback.filter((f) => isFeedbackOut(f.consultation));
}

/** Path of the consultation's published report, if there is one. */
export function feedbackPathOf(c: ConsultationView): string | undefined {
  return c.feedback && isFeedbackOut(c) ? `/feedback/${c.feedback.id}/` : undefined;
}

export function countByStatus(consultations: readonly ConsultationView[]): Record<ConsultationStatus, number> {
  const counts = Object.fromEntries(CONSULTATION_STATUSES.map((s) => [s, 0])) as Record<ConsultationStatus, number>;
  for (const c of consultations) counts[statusAtBuild(c)]++;
  return counts;
}

export { buildTime };

let order: Map<string, number> | undefined;

/**
 * Departments in the order editors wrote them in content/departments.yaml (the
 * collection itself comes sorted by id).
 */
export async function departmentsInOrder(): Promise<DepartmentEntry[]> {
  const { departments } = await content();
  order ??= new Map(
    [...readDataMap(process.env.GONGKAI_CONTENT_ROOT ?? process.cwd(), CONTENT_PATHS.departments).entries.keys()].map((id, i) => [id, i]),
  );
  const position = (id: string) => order?.get(id) ?? Number.MAX_SAFE_INTEGER;
  return [...departments].sort((a, b) => position(a.id) - position(b.id) || a.id.localeCompare(b.id));
}

/**
 * 按时反馈情况 at build time: every department that has a consultation, in the
 * order of content/departments.yaml (also those with nothing closed yet).
 */
export async function scoreboardAtBuild(): Promise<Scoreboard> {
  const { consultations } = await content();
  const consulting = new Set(consultations.map((c) => c.department.id));
  return computeScoreboard(
    consultations.map((c) => ({ id: c.id, department: c.department.id, clock: c.clock })),
    (await departmentsInOrder()).filter((d) => consulting.has(d.id)).map((d) => d.id),
    buildTime,
  );
}

/**
 * The consultations with a status at build time, in the order its page lists
 * them: open ones soonest to close first, upcoming ones soonest to open first,
 * the rest newest first like the full list.
 */
export function consultationsWithStatus(consultations: readonly ConsultationView[], status: ConsultationStatus): ConsultationView[] {
  const matching = consultations.filter((c) => statusAtBuild(c) === status);
  if (status === 'open') matching.sort((a, b) => a.clock.closes.getTime() - b.clock.closes.getTime() || a.id.localeCompare(b.id));
  if (status === 'upcoming') matching.sort((a, b) => a.clock.opens.getTime() - b.clock.opens.getTime() || a.id.localeCompare(b.id));
  return matching;
}

export function consultationsInArea(consultations: readonly ConsultationView[], areaId: string): ConsultationView[] {
  return consultations.filter((c) => c.policyAreas.some((a) => a.id === areaId));
}

export function consultationsOf(consultations: readonly ConsultationView[], departmentId: string): ConsultationView[] {
  return consultations.filter((c) => c.department.id === departmentId);
}
