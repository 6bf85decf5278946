/**
 * The vocabulary of cases (办件): what the public sends that must be answered,
 * how it came in, how it is handled and where it stands. Ids are stable (they
 * are stored); labels are what staff and senders read.
 */

import { isTableId, tableIds } from '../label-table.ts';

/** Kinds of case; each has its own time limits (time-limits.ts). */
export const CASE_KINDS = {
  report: '群众线索',
  application: '依申请公开',
  letter: '投诉建议',
  concern: '回应关切',
} as const;
export type CaseKind = keyof typeof CASE_KINDS;
export const CASE_KIND_IDS = tableIds(CASE_KINDS);

/** How a case came in: staff register the ones that did not come through the site. */
export const CASE_CHANNELS = {
  online: '网上提交',
  phone: '电话',
  visit: '来访',
  letter: '信件',
} as const;
export type CaseChannel = keyof typeof CASE_CHANNELS;
export const CASE_CHANNEL_IDS = tableIds(CASE_CHANNELS);

/** 立即办 / 转交办 / 会商办 / 限期办: chosen by staff, each with its time limit. */
export const HANDLING_TYPES = {
  immediate: '立即办',
  referred: '转交办',
  joint: '会商办',
  'time-limited': '限期办',
} as const;
export type HandlingType = keyof typeof HANDLING_TYPES;
export const HANDLING_TYPE_IDS = tableIds(HANDLING_TYPES);

/**
 * received → assigned → in-progress → replied → closed. `suspended` stops the
 * clock (waiting for the sender, or for an opinion an application needs) and
 * returns to the status it left; `withdrawn` ends an application whose 补正 lapsed.
 */
export const CASE_STATUSES = {
  received: '已接收',
  assigned: '已分派',
  'in-progress': '办理中',
  suspended: '暂停计时',
  replied: '已答复',
  closed: '已办结',
  /** An application not completed within the period set (补正): treated as withdrawn. */
  withdrawn: '视为撤回',
} as const;
export type CaseStatus = keyof typeof CASE_STATUSES;
export const CASE_STATUS_IDS = tableIds(CASE_STATUSES);

/** Statuses in which the clock no longer matters. */
export const ANSWERED_STATUSES: ReadonlySet<CaseStatus> = new Set(['replied', 'closed', 'withdrawn']);

export function isCaseKind(value: string): value is CaseKind {
  return isTableId(CASE_KINDS, value);
}
export function isCaseChannel(value: string): value is CaseChannel {
  return isTableId(CASE_CHANNELS, value);
}
export function isHandlingType(value: string): value is HandlingType {
  return isTableId(HANDLING_TYPES, value);
}
export function isCaseStatus(value: string): value is CaseStatus {
  return isTableId(CASE_STATUSES, value);
}
