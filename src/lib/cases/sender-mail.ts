/**
 * The mail a sender gets when their case is answered: that it is answered and
 * where to read the reply — never the reply itself or what they wrote (anyone
 * can type anyone's address; the reply is read with the query code).
 */
import type { MailDraft } from '../comment-mail.ts';
import { formatChineseDate, formatChineseDateTime } from '../time.ts';
import { CASE_KINDS, type CaseKind } from './kinds.ts';

export function caseReplyNoticeMail(f: { to: string; receipt: string; kind: CaseKind; unitName: string; repliedAt: Date; siteName: string; siteUrl: string | null }): MailDraft {
  const lines = [
    '您好：',
    '',
    `您反映的${CASE_KINDS[f.kind]}（回执编号 ${f.receipt}）已由${f.unitName}于 ${formatChineseDateTime(f.repliedAt)}（北京时间）答复。`,
    '',
    `请在网站“回执查询”页面输入回执编号和查询码查看答复内容${f.siteUrl ? `：${f.siteUrl}/receipts/` : '。'}`,
    '查询码见提交成功页面和此前的回执邮件。为保护您的个人信息，本邮件不包含答复内容。',
    '',
    f.siteName,
    '（本邮件由系统自动发送，请勿直接回复）',
  ];
  return { kind: 'acknowledgement', to: f.to, subject: `您反映的事项已答复（回执编号 ${f.receipt}）`, text: lines.join('\n') };
}

export interface CaseArrival {
  receipt: string;
  kind: CaseKind;
  unitName: string;
  receivedAt: Date;
  dueDate: string | null;
  queryCode: string;
  siteName: string;
  siteUrl: string | null;
}

/** The sender's acknowledgement: receipt, query code, who handles it and by when — not what they wrote. */
export function caseAcknowledgementMail(to: string, f: CaseArrival): MailDraft {
  const lines = [
    '您好：',
    '',
    `您提交的${CASE_KINDS[f.kind]}已收到，由${f.unitName}办理${f.dueDate ? `，办理期限至 ${formatChineseDate(f.dueDate)}` : ''}。`,
    '',
    `回执编号：${f.receipt}`,
    `查询码：${f.queryCode}`,
    `接收时间：${formatChineseDateTime(f.receivedAt)}（北京时间）`,
    '',
    `凭回执编号可在网站“回执查询”查看办理进展；同时输入查询码，可查看答复内容${f.kind === 'application' ? '，需要补正时也在该页面提交补正内容' : ''}。查询码请妥善保存，不要告诉他人。${f.siteUrl ? `\n回执查询：${f.siteUrl}/receipts/` : ''}`,
    '为保护您的个人信息，本邮件不包含您提交的内容。如果您没有提交过，请忽略本邮件。',
    '',
    f.siteName,
    '（本邮件由系统自动发送，请勿直接回复）',
  ];
  return { kind: 'acknowledgement', to, subject: `您提交的${CASE_KINDS[f.kind]}已收到（回执编号 ${f.receipt}）`, text: lines.join('\n') };
}

/** The handling unit hears that a case arrived and by when it is due; it reads the case in the workspace. */
export function caseArrivalMail(to: string, f: CaseArrival): MailDraft {
  const lines = [
    `${f.unitName}：`,
    '',
    `网站收到一件${CASE_KINDS[f.kind]}（回执编号 ${f.receipt}），接收时间 ${formatChineseDateTime(f.receivedAt)}（北京时间）${f.dueDate ? `，办理期限至 ${formatChineseDate(f.dueDate)}` : ''}。`,
    `请登录办件工作台查看和办理${f.siteUrl ? `：${f.siteUrl}/staff/` : '。'}`,
    '为保护提交人的个人信息，本邮件不包含提交的内容。',
    '',
    f.siteName,
    '（本邮件由系统自动发送，请勿直接回复）',
  ];
  return { kind: 'department', to, subject: `【${CASE_KINDS[f.kind]}】新办件（回执编号 ${f.receipt}）`, text: lines.join('\n') };
}
