/**
 * The mail a sender gets when their case is answered: that it is answered and
 * where to read the reply — never the reply itself or what they wrote (anyone
 * can type anyone's address; the reply is read with the query code).
 */
import type { MailDraft } from '../comment-mail.ts';
import { formatChineseDateTime } from '../time.ts';
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
