/**
 * Letters to the government (投诉建议 / 领导信箱): to a unit's mailbox or to the
 * leaders' mailbox, on a topic. A letter becomes a case of kind `letter`; staff
 * choose how it is handled (立即办/转交办/会商办/限期办).
 */

import { isTableId } from '../label-table.ts';

export const LETTER_MAILBOXES = {
  unit: '部门信箱',
  leaders: '领导信箱',
} as const;
export type LetterMailbox = keyof typeof LETTER_MAILBOXES;
export function isLetterMailbox(value: string): value is LetterMailbox {
  return isTableId(LETTER_MAILBOXES, value);
}

/** What a letter is about: 投诉 (something went wrong), 建议, 咨询, 求助, 表扬. */
export const LETTER_PURPOSES = {
  complaint: '投诉',
  suggestion: '建议',
  inquiry: '咨询',
  help: '求助',
  praise: '表扬',
} as const;
export type LetterPurpose = keyof typeof LETTER_PURPOSES;
export function isLetterPurpose(value: string): value is LetterPurpose {
  return isTableId(LETTER_PURPOSES, value);
}

/** Topics (领域) a letter is filed under, for routing and statistics. */
export const LETTER_TOPICS = {
  'urban-construction': '城乡建设',
  environment: '生态环境',
  'water-affairs': '水务水利',
  transport: '交通出行',
  education: '教育',
  health: '医疗卫生',
  'social-security': '劳动和社会保障',
  'civil-affairs': '民政',
  market: '市场监管',
  'public-security': '公共安全',
  agriculture: '农业农村',
  'government-service': '政务服务',
  other: '其他',
} as const;
export type LetterTopic = keyof typeof LETTER_TOPICS;
export function isLetterTopic(value: string): value is LetterTopic {
  return isTableId(LETTER_TOPICS, value);
}

/** Where a letter is addressed and what about; kept on its case. */
export interface LetterAddress {
  mailbox: LetterMailbox;
  purpose: LetterPurpose;
  topic: LetterTopic;
  /** The writer agrees that the letter and its reply may be published with personal data removed. */
  publish: boolean;
}
