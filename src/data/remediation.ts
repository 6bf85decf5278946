/**
 * Remediation content as the /remediation/ pages and feed use it: water bodies
 * joined with their responsible unit, measurements, works reported and posts;
 * progress, phase and grades computed at build time by the rules in src/lib
 * (remediation-progress.ts, black-odorous.ts, remediation.ts). Astro-specific.
 *
 * A post or survey dated after the build is scheduled, not published: it is not
 * listed, and its measurements and works do not count yet.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { buildTime, site } from './content.ts';
import { shanghaiDate, type CalendarDate } from '../lib/time.ts';
import {
  currentPhase,
  milestoneStatus,
  orderedMilestones,
  overdueMilestones,
  progressPercent,
  type MilestoneStatus,
  type Phase,
} from '../lib/remediation-progress.ts';
import {
  DEFAULT_SATISFACTION_TARGET,
  extentText,
  extentTotals,
  gradeHistory,
  meetsSatisfactionTarget,
  postPath,
  quantityProgress,
  satisfactionPercent,
  sortPostsNewestFirst,
  waterBodyGrade,
  waterBodyPath,
  type ExtentTotals,
  type Measurement,
  type QuantityProgress,
  type QuantityReport,
  type WaterBodyGrade,
} from '../lib/remediation.ts';
import type { Grade } from '../lib/black-odorous.ts';
import type { MilestoneData } from '../schemas/remediation.ts';

export type RemediationProjectEntry = CollectionEntry<'remediationProject'>;
export type WaterBodyEntry = CollectionEntry<'waterBodies'>;
export type RemediationPostEntry = CollectionEntry<'remediationPosts'>;
export type SatisfactionSurveyEntry = CollectionEntry<'satisfactionSurveys'>;
type DepartmentEntry = CollectionEntry<'departments'>;

export interface MilestoneView extends MilestoneData {
  status: MilestoneStatus;
}

export interface SurveyResultView {
  survey: SurveyView;
  respondents: number;
  satisfied: number;
  percent: number;
  meetsTarget: boolean;
}

export interface WaterBodyView {
  entry: WaterBodyEntry;
  id: string;
  path: string;
  name: string;
  /** "6.8 公里" / "4.5 公顷" */
  extent: string;
  unit: DepartmentEntry;
  milestones: MilestoneView[];
  progress: number;
  phase: Phase;
  overdue: MilestoneView[];
  /** Published samplings at this body, oldest first. */
  measurements: Measurement[];
  grade: WaterBodyGrade;
  /** The grade on the first sampling day (before works) and on each later one. */
  history: { date: CalendarDate; grade: Grade | undefined }[];
  quantities: QuantityProgress[];
  /** Posts that concern it, newest first. */
  posts: PostView[];
  surveyResults: SurveyResultView[];
}

export interface PostView {
  entry: RemediationPostEntry;
  id: string;
  path: string;
  title: string;
  published: CalendarDate;
  phase: Phase;
  /** Ids of the water bodies concerned, as the post lists them. */
  waterBodies: string[];
  bodies: WaterBodyView[];
}

export interface SurveyView {
  entry: SatisfactionSurveyEntry;
  id: string;
  commissionedBy: DepartmentEntry;
  percent: number;
  meetsTarget: boolean;
  target: number;
  results: (SurveyResultView & { waterBody: WaterBodyView })[];
}

export interface RemediationContent {
  project: RemediationProjectEntry;
  leadUnit: DepartmentEntry;
  /** Rivers first, then lakes; each by name in pinyin order. */
  bodies: WaterBodyView[];
  byId: Map<string, WaterBodyView>;
  /** Published posts, newest first. */
  posts: PostView[];
  /** Published surveys, newest first. */
  surveys: SurveyView[];
  totals: ExtentTotals;
  today: CalendarDate;
  target: number;
}

async function load(): Promise<RemediationContent | undefined> {
  const [projects, departments, bodyEntries, postEntries, surveyEntries] = await Promise.all([
    getCollection('remediationProject'),
    getCollection('departments'),
    getCollection('waterBodies', (e) => !e.data.draft),
    getCollection('remediationPosts', (e) => !e.data.draft),
    getCollection('satisfactionSurveys', (e) => !e.data.draft),
  ]);
  const project = projects[0];
  if (!project) return undefined;
  const today = shanghaiDate(buildTime);
  const target = project.data.satisfactionTarget ?? DEFAULT_SATISFACTION_TARGET;
  const department = (id: string, file: string | undefined) => {
    const d = departments.find((x) => x.id === id);
    if (!d) throw new Error(`${file}: unknown department ${id}`);
    return d;
  };

  const published = postEntries.filter((p) => p.data.published <= today);
  const measurementsOf = (bodyId: string): Measurement[] =>
    published
      .flatMap((p) =>
        p.data.measurements.map((m) => ({
          ...m,
          waterBody: m.waterBody ?? (p.data.waterBodies.length === 1 ? p.data.waterBodies[0]! : ''),
          post: p.id,
        })),
      )
      .filter((m) => m.waterBody === bodyId)
      .sort((a, b) => a.sampled.localeCompare(b.sampled) || a.point.localeCompare(b.point));
  const worksOf = (bodyId: string): QuantityReport[] =>
    published.flatMap((p) =>
      p.data.quantities
        .map((q) => ({ waterBody: q.waterBody ?? (p.data.waterBodies.length === 1 ? p.data.waterBodies[0]! : ''), item: q.item, amount: q.amount, published: p.data.published }))
        .filter((q) => q.waterBody === bodyId),
    );

  const typeOrder = (e: WaterBodyEntry) => (e.data.type === '河流' ? 0 : 1);
  const pinyin = new Intl.Collator('zh-Hans-CN');
  const bodies = [...bodyEntries]
    .sort((a, b) => typeOrder(a) - typeOrder(b) || pinyin.compare(a.data.name, b.data.name) || a.id.localeCompare(b.id))
    .map((entry): WaterBodyView => {
      const measurements = measurementsOf(entry.id);
      const points = entry.data.monitoringPoints.map((p) => p.id);
      const milestones = orderedMilestones(entry.data.milestones).map((m) => ({ ...m, status: milestoneStatus(m, today) }));
      return {
        entry,
        id: entry.id,
        path: waterBodyPath(entry.id),
        name: entry.data.name,
        extent: extentText(entry.data),
        unit: department(entry.data.unit, entry.filePath),
        milestones,
        progress: progressPercent(entry.data.milestones, today),
        phase: currentPhase(entry.data.milestones, today),
        overdue: overdueMilestones(milestones, today),
        measurements,
        grade: waterBodyGrade(points, measurements),
        history: gradeHistory(points, measurements),
        quantities: quantityProgress(entry.data.plannedQuantities, worksOf(entry.id)),
        posts: [],
        surveyResults: [],
      };
    });
  const byId = new Map(bodies.map((b) => [b.id, b]));

  const posts = sortPostsNewestFirst(
    published.map((entry): PostView => ({
      entry,
      id: entry.id,
      path: postPath(entry.id),
      title: entry.data.title,
      published: entry.data.published,
      phase: entry.data.phase,
      waterBodies: entry.data.waterBodies,
      bodies: entry.data.waterBodies.flatMap((id) => byId.get(id) ?? []),
    })),
  );
  for (const p of posts) for (const b of p.bodies) b.posts.push(p);

  const surveys = surveyEntries
    .filter((s) => s.data.published <= today)
    .sort((a, b) => b.data.published.localeCompare(a.data.published) || a.id.localeCompare(b.id))
    .map((entry): SurveyView => {
      const survey: SurveyView = {
        entry,
        id: entry.id,
        commissionedBy: department(entry.data.commissionedBy, entry.filePath),
        percent: satisfactionPercent(entry.data),
        meetsTarget: meetsSatisfactionTarget(entry.data, target),
        target,
        results: [],
      };
      for (const r of entry.data.results) {
        const waterBody = byId.get(r.waterBody);
        if (!waterBody) continue;
        const result = { survey, waterBody, respondents: r.respondents, satisfied: r.satisfied, percent: satisfactionPercent(r), meetsTarget: meetsSatisfactionTarget(r, target) };
        survey.results.push(result);
        waterBody.surveyResults.push(result);
      }
      return survey;
    });

  return {
    project,
    leadUnit: department(project.data.leadUnit, project.filePath),
    bodies,
    byId,
    posts,
    surveys,
    totals: extentTotals(bodies.map((b) => b.entry.data)),
    today,
    target,
  };
}

let cache: Promise<RemediationContent | undefined> | undefined;

/** The remediation content, loaded once per build; undefined when the site has no project. */
export function remediationContent(): Promise<RemediationContent | undefined> {
  cache ??= load();
  return cache;
}

export { buildTime, site };
