/**
 * Satisfaction ratings (满意度评价) of a service item, a consultation or a water body: 满意 / 基本满意 /
 * 不满意 with an optional remark; one rating per person per item per day; the monthly results that are
 * published. Pure; used by the rating function, its form and the build.
 */
import { checkFreeText } from '../visible-text.ts';
import type { CalendarDate } from '../time.ts';
import { toCsv } from '../csv.ts';
import { tableIds } from '../label-table.ts';

export const RATING_LEVELS = { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' } as const;
export type RatingLevel = keyof typeof RATING_LEVELS;
export const RATING_LEVEL_IDS = tableIds(RATING_LEVELS);

/** What can be rated: a target id is `<kind>:<id>`, e.g. service:linshi-jiuzhu. */
export const RATING_TARGET_KINDS = { service: '便民服务事项', consultation: '意见征集', 'water-body': '水体治理' } as const;
export type RatingTargetKind = keyof typeof RATING_TARGET_KINDS;

export const RATING_FIELD = { target: 'target', level: 'level', remark: 'remark', honeypot: 'website' } as const;
export const RATING_REMARK_MAX_CHARS = 500;
export const RATING_BODY_MAX_BYTES = 8 * 1024;
export const RATINGS_ENDPOINT = '/api/ratings';
/** Where the build publishes what can be rated (read by the rating function of the same deploy). */
export const RATING_TARGETS_PATH = '/data/rating-targets.json';
export const RATING_TARGETS_VERSION = 1;
/** The published monthly results: the page and the open data. */
export const RATING_RESULTS_PAGE = '/community/ratings/';
export const RATING_RESULTS_JSON = '/data/ratings.json';
export const RATING_RESULTS_CSV = '/data/ratings.csv';

/** A stored rating (key from ratingKey): no personal data. */
export const RATING_RECORD_VERSION = 1;
export interface RatingRecord {
  version: typeof RATING_RECORD_VERSION;
  target: string;
  level: RatingLevel;
  day: string;
  /** ISO 8601 with +08:00. */
  receivedAt: string;
  /** The case a remark became (its text is kept there only). */
  caseReceipt: string | null;
}

export const ratingTargetId = (kind: RatingTargetKind, id: string) => `${kind}:${id}`;

export interface RatingUnit {
  id: string;
  name: string;
  email: string;
}

export interface RatingTarget {
  /** `<kind>:<id>` */
  id: string;
  name: string;
  path: string;
  /** The unit a remark goes to as a case. */
  unit: RatingUnit;
}

export interface RatingTargets {
  version: typeof RATING_TARGETS_VERSION;
  site: { name: string; url: string };
  targets: RatingTarget[];
}

export interface RatingFields {
  target: string;
  level: RatingLevel;
  /** Null when left empty. */
  remark: string | null;
}

export interface RatingError {
  field: string;
  message: string;
}

export function validateRating(fields: ReadonlyMap<string, string>, targets: ReadonlySet<string>): { ok: true; value: RatingFields } | { ok: false; errors: RatingError[] } {
  const errors: RatingError[] = [];
  const target = (fields.get(RATING_FIELD.target) ?? '').trim();
  if (!targets.has(target)) errors.push({ field: RATING_FIELD.target, message: '评价的事项不存在或已调整，请从事项页面重新评价。' });
  const levelText = (fields.get(RATING_FIELD.level) ?? '').trim();
  const level = RATING_LEVEL_IDS.find((l) => l === levelText);
  if (!level) errors.push({ field: RATING_FIELD.level, message: '请选择“满意”“基本满意”或“不满意”。' });
  const remarkText = (fields.get(RATING_FIELD.remark) ?? '').normalize('NFC').trim();
  let remark: string | null = null;
  if (remarkText !== '') {
    const check = checkFreeText(remarkText, { singleLine: false, maxChars: RATING_REMARK_MAX_CHARS });
    if (check.ok) remark = remarkText;
    else if (check.problem === 'too-long') errors.push({ field: RATING_FIELD.remark, message: `意见建议最多 ${RATING_REMARK_MAX_CHARS} 字，当前 ${check.chars} 字，请删减后再提交。` });
    else if (check.problem === 'control') errors.push({ field: RATING_FIELD.remark, message: '意见建议中含有无法显示的控制字符，请删除后再提交。' });
    else errors.push({ field: RATING_FIELD.remark, message: '意见建议中没有可以阅读的文字，请填写具体内容，或留空只作评价。' });
  }
  if (errors.length > 0 || !level) return { ok: false, errors };
  return { ok: true, value: { target, level, remark } };
}

/** One rating per person, item and day: the key of that rating. `person` is a keyed hash of the person token. */
export function ratingKey(day: CalendarDate, target: string, person: string): string {
  return `ratings/${day}/${target}/${person}`;
}

export interface RatingCount {
  target: string;
  /** YYYY-MM */
  month: string;
  satisfied: number;
  basic: number;
  unsatisfied: number;
  total: number;
  /** 满意 and 基本满意 of all, in per cent with one decimal. */
  satisfactionRate: number;
}

/** Counts and rates by item and month, in item then month order. */
export function monthlyRatings(ratings: Iterable<{ target: string; level: RatingLevel; day: CalendarDate }>): RatingCount[] {
  const rows = new Map<string, RatingCount>();
  for (const r of ratings) {
    const month = r.day.slice(0, 7);
    const key = `${r.target}\u0000${month}`;
    const row = rows.get(key) ?? { target: r.target, month, satisfied: 0, basic: 0, unsatisfied: 0, total: 0, satisfactionRate: 0 };
    row[r.level]++;
    row.total++;
    rows.set(key, row);
  }
  return [...rows.values()]
    .map((row) => ({ ...row, satisfactionRate: Math.round(((row.satisfied + row.basic) * 1000) / row.total) / 10 }))
    .sort((a, b) => a.target.localeCompare(b.target) || a.month.localeCompare(b.month));
}

/**
 * Fewer ratings of an item in a month than this: only their number is published, not the split
 * nor the rate. A rate of a handful of ratings says little, and a split of two or three can point
 * at the person who rated (the neighbour who came about 低保 that month).
 */
export const RATING_MIN_PUBLISHED = 10;

/** A month of an item's ratings as published: the split and rate only from RATING_MIN_PUBLISHED ratings on. */
export interface PublishedRatingMonth {
  target: string;
  /** YYYY-MM */
  month: string;
  total: number;
  /** Null when withheld (fewer than the minimum). */
  split: { satisfied: number; basic: number; unsatisfied: number } | null;
  /** 满意 and 基本满意 of all, per cent with one decimal; null when withheld. */
  satisfactionRate: number | null;
  /** False for the month the build falls in: counted up to the build. */
  complete: boolean;
}

/** The monthly counts as they may be published on `asOf` (the build day), in item then month order. */
export function publishedRatings(counts: readonly RatingCount[], asOf: CalendarDate, minimum = RATING_MIN_PUBLISHED): PublishedRatingMonth[] {
  const current = asOf.slice(0, 7);
  return counts
    .filter((c) => c.month <= current)
    .map((c) => {
      const shown = c.total >= minimum;
      return {
        target: c.target,
        month: c.month,
        total: c.total,
        split: shown ? { satisfied: c.satisfied, basic: c.basic, unsatisfied: c.unsatisfied } : null,
        satisfactionRate: shown ? c.satisfactionRate : null,
        complete: c.month < current,
      };
    });
}

/** “2026年10月” for a YYYY-MM month. */
export function formatRatingMonth(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
}

/** One row of the open data: a published month of an item, with the item's name and page when it is still on the site. */
export interface RatingResultRow extends PublishedRatingMonth {
  name: string | null;
  path: string | null;
}

export const RATING_RESULTS_VERSION = 1;

/** /data/ratings.csv: one line per item and month; withheld figures are empty cells. */
export function ratingResultsCsv(rows: readonly RatingResultRow[]): string {
  return toCsv(
    ['事项编号', '事项名称', '月份', '评价数', '满意', '基本满意', '不满意', '满意率（%）', '本月统计截至生成日'],
    rows.map((r) => [r.target, r.name ?? '', r.month, r.total, r.split?.satisfied ?? '', r.split?.basic ?? '', r.split?.unsatisfied ?? '', r.satisfactionRate === null ? '' : r.satisfactionRate.toFixed(1), r.complete ? '否' : '是']),
  );
}
