/**
 * Remediation of black-odorous water in the open (治理进展): the figures the pages
 * publish, computed once from the editors' data. Pure; pages map content into these
 * inputs. Grading rules are in black-odorous.ts, the progress rule in remediation-progress.ts.
 */
import { classifyPoint, classifyWaterBody, INDICATORS, severeStretches, type Grade, type Indicator, type PointGrading, type Sample } from './black-odorous.ts';
import { addDays, type CalendarDate } from './time.ts';
import { PHASE_SLUGS, type Phase } from './remediation-progress.ts';

export const WATER_BODY_TYPES = ['河流', '湖库'] as const;
export type WaterBodyType = (typeof WATER_BODY_TYPES)[number];

/** 河长 for a river, 湖长 for a lake or reservoir. */
export const CHIEF_TITLES: Record<WaterBodyType, string> = { 河流: '河长', 湖库: '湖长' };

/** Works quantities (工程量) with their fixed units, so that amounts from many posts add up. */
export const QUANTITY_ITEMS = ['截污管网', '排口整治', '清淤疏浚', '岸带修复', '生态补水'] as const;
export type QuantityItem = (typeof QUANTITY_ITEMS)[number];
export const QUANTITY_UNITS: Record<QuantityItem, string> = {
  截污管网: 'km',
  排口整治: '处',
  清淤疏浚: 'm³',
  岸带修复: 'km',
  生态补水: '万m³',
};

/** The share of satisfied respondents the guide asks for (公众满意度不低于90%). */
export const DEFAULT_SATISFACTION_TARGET = 90;

/** How far back from a point's latest sampling its grade looks (the guide samples 3+ times, 1–7 days apart). */
export const GRADING_WINDOW_DAYS = 30;

/**
 * Sum of decimals given to at most two places, exact: 6.8 + 7.4 + … = 51.2, never 51.199999.
 * Throws on a value with more than two decimals (the schemas do not let one through).
 */
export function sumDecimals(values: readonly number[]): number {
  let cents = 0;
  for (const v of values) {
    const c = Math.round(v * 100);
    if (Math.abs(c - v * 100) > 1e-6) throw new RangeError(`More than two decimals: ${v}`);
    cents += c;
  }
  return cents / 100;
}

/** 51.2 → "51.2"; 51 → "51"; 0.05 → "0.05" (Chinese pages write decimals with a point). */
export function formatDecimal(value: number, maxDecimals = 2): string {
  return String(Number(value.toFixed(maxDecimals)));
}

export interface WaterBodyExtent {
  type: WaterBodyType;
  lengthKm?: number | undefined;
  areaHa?: number | undefined;
}

export interface ExtentTotals {
  rivers: number;
  riverKm: number;
  lakes: number;
  lakeHa: number;
}

/** How many rivers and lakes, and their total length (km) and area (ha). */
export function extentTotals(bodies: readonly WaterBodyExtent[]): ExtentTotals {
  const rivers = bodies.filter((b) => b.type === '河流');
  const lakes = bodies.filter((b) => b.type === '湖库');
  return {
    rivers: rivers.length,
    riverKm: sumDecimals(rivers.map((b) => b.lengthKm ?? 0)),
    lakes: lakes.length,
    lakeHa: sumDecimals(lakes.map((b) => b.areaHa ?? 0)),
  };
}

/** "6.8 公里" or "4.5 公顷". */
export function extentText(b: WaterBodyExtent): string {
  return b.type === '河流' ? `${formatDecimal(b.lengthKm ?? 0)} 公里` : `${formatDecimal(b.areaHa ?? 0)} 公顷`;
}

// ---------- Measurements ----------

/** One sampling at one monitoring point of one water body. */
export interface Measurement extends Sample {
  waterBody: string;
  point: string;
  sampled: CalendarDate;
  /** The post that published it. */
  post: string;
}

export interface PointStatus {
  point: string;
  /** Latest sampling day at this point. */
  latest: CalendarDate;
  /** Samples graded: those within GRADING_WINDOW_DAYS up to and including `latest`. */
  window: Measurement[];
  grading: PointGrading | undefined;
  /** The latest value of each indicator with its date (may be older than `latest` if not measured then). */
  latestValues: Partial<Record<Indicator, { value: number; sampled: CalendarDate; depth: number | undefined }>>;
}

/**
 * A point's current status: its grade from the samples of the last GRADING_WINDOW_DAYS
 * days up to its latest sampling, and the latest value of each indicator.
 */
export function pointStatus(point: string, measurements: readonly Measurement[]): PointStatus | undefined {
  const own = measurements.filter((m) => m.point === point).sort((a, b) => a.sampled.localeCompare(b.sampled));
  const last = own.at(-1);
  if (!last) return undefined;
  const from = addDays(last.sampled, -(GRADING_WINDOW_DAYS - 1));
  const window = own.filter((m) => m.sampled >= from);
  const latestValues: PointStatus['latestValues'] = {};
  for (const m of own) {
    for (const i of INDICATORS) {
      const v = m[i];
      if (v !== undefined) latestValues[i] = { value: v, sampled: m.sampled, depth: m.depth };
    }
  }
  return { point, latest: last.sampled, window, grading: classifyPoint(window), latestValues };
}

export interface WaterBodyGrade {
  grade: Grade | undefined;
  points: PointStatus[];
  /** Latest sampling day at any point. */
  latest: CalendarDate | undefined;
  /** Runs of 3+ consecutive 重度 points, by point id. */
  severeStretches: [string, string][];
}

/** A water body's current grade from its points, in their order along the water. */
export function waterBodyGrade(pointIds: readonly string[], measurements: readonly Measurement[]): WaterBodyGrade {
  const statuses = pointIds.map((p) => pointStatus(p, measurements));
  const points = statuses.filter((s): s is PointStatus => s !== undefined);
  const grades = points.flatMap((p) => (p.grading ? [p.grading.grade] : []));
  const latest = points.map((p) => p.latest).sort().at(-1);
  const stretches = severeStretches(statuses.map((s) => s?.grading?.grade)).map(([a, b]) => [pointIds[a]!, pointIds[b]!] as [string, string]);
  return { grade: classifyWaterBody(grades), points, latest, severeStretches: stretches };
}

/**
 * The grade of a water body on each day it was sampled, judged from every point's samples
 * in the window ending that day: how the grade changed over the year.
 */
export function gradeHistory(pointIds: readonly string[], measurements: readonly Measurement[]): { date: CalendarDate; grade: Grade | undefined }[] {
  const days = [...new Set(measurements.map((m) => m.sampled))].sort();
  return days.map((date) => ({ date, grade: waterBodyGrade(pointIds, measurements.filter((m) => m.sampled <= date)).grade }));
}

// ---------- Works quantities ----------

export interface QuantityReport {
  waterBody: string;
  item: QuantityItem;
  amount: number;
  published: CalendarDate;
}

export interface QuantityProgress {
  item: QuantityItem;
  unit: string;
  planned: number | undefined;
  done: number;
  /** Whole percent of the plan, capped display is the page's business; undefined without a plan. */
  percent: number | undefined;
}

/** Planned against reported amounts of each works item for one water body, in the items' order. */
export function quantityProgress(planned: readonly { item: QuantityItem; amount: number }[], reports: readonly QuantityReport[]): QuantityProgress[] {
  const items = QUANTITY_ITEMS.filter((i) => planned.some((p) => p.item === i) || reports.some((r) => r.item === i));
  return items.map((item) => {
    const plan = planned.find((p) => p.item === item)?.amount;
    const done = sumDecimals(reports.filter((r) => r.item === item).map((r) => r.amount));
    return { item, unit: QUANTITY_UNITS[item], planned: plan, done, percent: plan ? Math.floor((done / plan) * 100 + 1e-9) : undefined };
  });
}

// ---------- Satisfaction surveys ----------

export interface SatisfactionResult {
  respondents: number;
  satisfied: number;
}

/** Percent with one decimal, rounded DOWN so a rate shown as 90.0% has really reached 90%. */
export function satisfactionPercent(r: SatisfactionResult): number {
  if (!(Number.isInteger(r.respondents) && r.respondents > 0)) throw new RangeError(`Not a sample size: ${r.respondents}`);
  if (!(Number.isInteger(r.satisfied) && r.satisfied >= 0 && r.satisfied <= r.respondents)) throw new RangeError(`Not a count of satisfied respondents: ${r.satisfied}`);
  return Math.floor((r.satisfied * 1000) / r.respondents) / 10;
}

/** Whether satisfied / respondents ≥ target % (不低于: the target itself passes), in integers. */
export function meetsSatisfactionTarget(r: SatisfactionResult, target = DEFAULT_SATISFACTION_TARGET): boolean {
  return r.satisfied * 100 >= target * r.respondents;
}

/** "93.0%" */
export function formatPercent(value: number): string {
  return `${value.toFixed(1)}%`;
}

// ---------- Progress posts: lists and filters ----------

export const REMEDIATION_PATHS = {
  overview: '/remediation/',
  progress: '/remediation/progress/',
  surveys: '/remediation/surveys/',
  feed: '/remediation/progress.xml',
  measurements: '/remediation/measurements.csv',
  report: '/remediation/report/',
} as const;

/** Post file names that would collide with the list's own addresses. */
export const RESERVED_POST_IDS = ['page', 'phase', 'water-body'] as const;

export function waterBodyPath(id: string): string {
  return `/remediation/water-bodies/${id}/`;
}

export function postPath(id: string): string {
  return `${REMEDIATION_PATHS.progress}${id}/`;
}

export type PostFilter = { by: 'water-body'; value: string } | { by: 'phase'; value: Phase };

/** Address of a filtered list: /remediation/progress/water-body/<id>/ or …/phase/<slug>/ */
export function postFilterPath(filter: PostFilter): string {
  return filter.by === 'phase' ? `${REMEDIATION_PATHS.progress}phase/${PHASE_SLUGS[filter.value]}/` : `${REMEDIATION_PATHS.progress}water-body/${filter.value}/`;
}

export interface PostFacts {
  id: string;
  published: CalendarDate;
  phase: Phase;
  waterBodies: readonly string[];
}

export function matchesPostFilter(post: PostFacts, filter: PostFilter): boolean {
  return filter.by === 'phase' ? post.phase === filter.value : post.waterBodies.includes(filter.value);
}

/** Newest first; the same day by file name, descending (date-prefixed names keep their order). */
export function sortPostsNewestFirst<P extends PostFacts>(posts: readonly P[]): P[] {
  return [...posts].sort((a, b) => b.published.localeCompare(a.published) || b.id.localeCompare(a.id));
}
