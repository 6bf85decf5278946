/**
 * Community micro-disclosure (社区微公开): the five-level grid, the time limits of
 * disclosure items and when an item is overdue, and the section's addresses. Pure;
 * shared by the schemas, the content check and the pages.
 */
import { daysBetween, type CalendarDate } from '../time.ts';

/** The five levels of the grid, top down: 社区党总支 → 居民小组/网格服务站 → 楼院小区 → 楼栋 → 单元. */
export const GRID_LEVELS = ['社区党总支', '居民小组（网格服务站）', '楼院小区', '楼栋', '单元'] as const;
export type GridLevel = (typeof GRID_LEVELS)[number];

/** How often a disclosure item must be brought up to date (its 时限), in months; 长期 items are reviewed yearly. */
export const DISCLOSURE_FREQUENCIES = { 每月: 1, 每季度: 3, 每半年: 6, 每年: 12, 长期: 12 } as const;
export type DisclosureFrequency = keyof typeof DISCLOSURE_FREQUENCIES;
export const DISCLOSURE_FREQUENCY_NAMES = Object.keys(DISCLOSURE_FREQUENCIES) as [DisclosureFrequency, ...DisclosureFrequency[]];

/** Where a community publishes (方式): the offline and the online half. */
export const DISCLOSURE_METHODS = ['社区公开栏', '便民服务大厅', '网格服务站', '入户发放', '本网站', '微信公众号', '小程序', '触摸查询机'] as const;
export type DisclosureMethod = (typeof DISCLOSURE_METHODS)[number];

export const COMMUNITY_NOTICE_KINDS = ['通知', '公示', '活动', '政策宣传'] as const;
export type CommunityNoticeKind = (typeof COMMUNITY_NOTICE_KINDS)[number];

export const COMMUNITY_ROOT = '/community/';

/** Page addresses under /community/ that a community's file name must not take. */
export const RESERVED_COMMUNITY_IDS = ['services', 'notices', 'activities', 'ratings'] as const;

export const communityPath = (id: string) => `${COMMUNITY_ROOT}${id}/`;
export const serviceItemPath = (id: string) => `${COMMUNITY_ROOT}services/${id}/`;
export const communityNoticePath = (id: string) => `${COMMUNITY_ROOT}notices/${id}/`;
/** Disclosure items are sections of their community's page. */
export const disclosureItemPath = (communityId: string, itemId: string) => `${communityPath(communityId)}#${itemId}`;
/** The community's printable sheets: the A4 notice-board poster and the grid workers' hand-out cards. */
export const communityPosterPath = (id: string) => `${communityPath(id)}poster/`;
export const communityHandoutPath = (id: string) => `${communityPath(id)}handout/`;
export const communityFeedPaths = (id: string) => ({ rss: `${communityPath(id)}feed.xml`, json: `${communityPath(id)}feed.json` });

const pad = (n: number) => String(n).padStart(2, '0');

/** The same day `months` later; a day the month lacks becomes its last (2026-01-31 + 1 → 2026-02-28). */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(Math.min(d, lastDay))}`;
}

export interface DisclosureTiming {
  /** The last day by which the next update is due: one period after the last update. */
  due: CalendarDate;
  /** True once `today` is past the due day without an update. */
  overdue: boolean;
  /** Days past the due day (0 when not overdue). */
  daysOverdue: number;
}

/** When an item updated on `updated` with time limit `frequency` is next due, and whether it is overdue on `today`. */
export function disclosureTiming(updated: CalendarDate, frequency: DisclosureFrequency, today: CalendarDate): DisclosureTiming {
  const due = addMonths(updated, DISCLOSURE_FREQUENCIES[frequency]);
  const overdue = today > due;
  return { due, overdue, daysOverdue: overdue ? daysBetween(due, today) : 0 };
}

/** How the time limit reads on a page: "每季度更新", "长期公开（每年至少复核一次）". */
export function frequencyText(frequency: DisclosureFrequency): string {
  return frequency === '长期' ? '长期公开（每年至少复核一次）' : `${frequency}更新`;
}
