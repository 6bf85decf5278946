/**
 * How an application is answered (《政府信息公开条例》第三十六条, 部分公开 第三十七条),
 * and what each answer must tell the applicant. `checkApplicationReply` turns what
 * staff typed into a reply or says which part is missing.
 */
import { checkFreeText } from '../visible-text.ts';
import { isTableId, tableIds } from '../label-table.ts';

export const APPLICATION_REPLY_TYPES = {
  'already-public': '已主动公开',
  disclosed: '予以公开',
  'partly-disclosed': '部分公开',
  withheld: '不予公开',
  'not-exist': '信息不存在',
  'not-ours': '非本机关负责公开',
  repeat: '重复申请',
  'special-law': '依法查询',
} as const;
export type ApplicationReplyType = keyof typeof APPLICATION_REPLY_TYPES;
export const APPLICATION_REPLY_TYPE_IDS = tableIds(APPLICATION_REPLY_TYPES);
export function isApplicationReplyType(value: string): value is ApplicationReplyType {
  return isTableId(APPLICATION_REPLY_TYPES, value);
}

/** The fields a reply of each type must carry besides its text. */
export const REPLY_REQUIREMENTS: Record<ApplicationReplyType, readonly ('access' | 'reason' | 'basis')[]> = {
  // 告知获取该政府信息的方式、途径
  'already-public': ['access'],
  // 提供该政府信息，或告知获取的方式、途径和时间
  disclosed: ['access'],
  // 可以公开的部分予以提供，不予公开的部分说明理由
  'partly-disclosed': ['access', 'reason', 'basis'],
  withheld: ['reason', 'basis'],
  // 经检索没有所申请公开信息
  'not-exist': [],
  // 说明理由；能够确定的，告知负责公开的机关的名称、联系方式
  'not-ours': ['reason'],
  repeat: [],
  // 工商、不动产登记资料等：依照有关法律、行政法规的规定办理
  'special-law': ['basis'],
};

export const REPLY_FIELD_LABELS = {
  access: '获取信息的方式和途径',
  reason: '理由',
  basis: '依据',
  responsibleBody: '负责公开的机关',
  responsibleContact: '该机关的联系方式',
} as const;

export interface ApplicationReplyInput {
  type: string;
  text: string;
  access?: string;
  reason?: string;
  basis?: string;
  /** 非本机关负责公开: the body that is, where known, and how to reach it. */
  responsibleBody?: string;
  responsibleContact?: string;
}

export interface ApplicationReply {
  type: ApplicationReplyType;
  text: string;
  access: string | null;
  reason: string | null;
  basis: string | null;
  responsibleBody: string | null;
  responsibleContact: string | null;
}

const MAX_FIELD_CHARS = 1000;
const MAX_TEXT_CHARS = 5000;

export type ReplyCheck = { ok: true; reply: ApplicationReply } | { ok: false; errors: string[] };

export function checkApplicationReply(input: ApplicationReplyInput): ReplyCheck {
  const errors: string[] = [];
  if (!isApplicationReplyType(input.type)) return { ok: false, errors: ['请选择答复类型'] };
  const type = input.type;
  const field = (value: string | undefined, label: string, required: boolean, max = MAX_FIELD_CHARS): string | null => {
    const t = (value ?? '').replace(/\r\n?/g, '\n').trim();
    const check = checkFreeText(t, { singleLine: false, maxChars: max });
    if (check.ok) return t;
    if (check.problem === 'too-long') errors.push(`${label}不能超过 ${max} 个字`);
    else if (check.problem === 'control') errors.push(`${label}含有无法识别的控制字符`);
    else if (required) errors.push(`“${APPLICATION_REPLY_TYPES[type]}”的答复须写明${label}`);
    return null;
  };
  const needs = REPLY_REQUIREMENTS[type];
  const text = field(input.text, '答复内容', true, MAX_TEXT_CHARS);
  const access = field(input.access, REPLY_FIELD_LABELS.access, needs.includes('access'));
  const reason = field(input.reason, REPLY_FIELD_LABELS.reason, needs.includes('reason'));
  const basis = field(input.basis, REPLY_FIELD_LABELS.basis, needs.includes('basis'));
  const responsibleBody = field(input.responsibleBody, REPLY_FIELD_LABELS.responsibleBody, false, 200);
  const responsibleContact = field(input.responsibleContact, REPLY_FIELD_LABELS.responsibleContact, false, 200);
  if (responsibleContact && !responsibleBody) errors.push('填写了联系方式时，请同时写明负责公开的机关');
  if ((responsibleBody || responsibleContact) && type !== 'not-ours') errors.push('只有“非本机关负责公开”的答复需要写明负责公开的机关');
  if (errors.length > 0 || text === null) return { ok: false, errors };
  return { ok: true, reply: { type, text, access, reason, basis, responsibleBody, responsibleContact } };
}

/** The reply as the applicant reads it: the type, the text, then each part with its label. */
export function replyLines(reply: ApplicationReply): { label: string; value: string }[] {
  const lines = [
    { label: '答复类型', value: APPLICATION_REPLY_TYPES[reply.type] },
    { label: '答复内容', value: reply.text },
  ];
  for (const key of ['access', 'reason', 'basis', 'responsibleBody', 'responsibleContact'] as const) {
    const value = reply[key];
    if (value) lines.push({ label: REPLY_FIELD_LABELS[key], value });
  }
  return lines;
}
