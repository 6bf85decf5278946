/**
 * The two mails a comment causes: the full comment to the department that
 * runs the consultation, and a short acknowledgement to the submitter when
 * they gave an e-mail address. The acknowledgement carries the receipt and
 * verification code but NOT the comment text: anyone can type anyone's
 * address into the form, so the site must never mail chosen text to it.
 */
import type { Article } from './articles.ts';
import type { ContactDetail, SubmitterType } from './comment-submission.ts';
import { formatVerificationCode } from './receipt-ledger.ts';
import { formatChineseDateTime } from './time.ts';

export interface CommentMailFacts {
  receipt: string;
  verificationCode: string;
  receivedAt: Date;
  siteName: string;
  /** Absolute site address for links (null: links are left out). */
  siteUrl: string | null;
  consultation: { id: string; title: string; path: string; closes: Date; department: { name: string; email: string } };
  article: Article | null;
  text: string;
  submitterType: SubmitterType;
  name: string | null;
  contact: ContactDetail | null;
  attachment: { filename: string; label: string; size: number } | null;
}

export interface MailDraft {
  kind: 'department' | 'acknowledgement';
  to: string;
  subject: string;
  text: string;
}

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export function departmentMail(f: CommentMailFacts): MailDraft {
  const lines = [
    `${f.consultation.department.name}：`,
    '',
    `“${f.consultation.title}”通过网站收到一条意见。`,
    '',
    `回执编号：${f.receipt}`,
    `接收时间：${formatChineseDateTime(f.receivedAt)}（北京时间）`,
    `针对条款：${f.article ? f.article.label : '全文'}`,
    `提交人类型：${f.submitterType}`,
    `姓名或单位：${f.name ?? '（未填写）'}`,
    `联系方式：${f.contact ? `${f.contact.value}（${f.contact.kind === 'email' ? '电子邮箱' : '电话'}）` : '（未填写）'}`,
    `附件：${f.attachment ? `${f.attachment.filename}（${f.attachment.label}，${size(f.attachment.size)}，见本邮件附件）` : '无'}`,
    '',
    '意见内容：',
    '----------------------------------------',
    f.text,
    '----------------------------------------',
    '',
    '本邮件由网站意见征集系统自动发送，请勿直接回复。提交人的姓名和联系方式属于个人信息，仅用于就意见与其联系，不得公开。',
    `全部意见可通过意见导出接口下载（需授权令牌）${f.siteUrl ? `：${f.siteUrl}/api/comments/export?consultation=${f.consultation.id}&format=csv` : '。'}`,
  ];
  return {
    kind: 'department',
    to: f.consultation.department.email,
    subject: `【网上意见】${f.consultation.title}（回执编号 ${f.receipt}）`,
    text: lines.join('\n'),
  };
}

export function acknowledgementMail(f: CommentMailFacts): MailDraft | null {
  if (f.contact?.kind !== 'email') return null;
  const lookup = f.siteUrl ? `${f.siteUrl}/receipts/` : '网站“回执查询”页面';
  const lines = [
    '您好：',
    '',
    `您对“${f.consultation.title}”提出的意见已收到，感谢您的参与。`,
    '',
    `回执编号：${f.receipt}`,
    `接收时间：${formatChineseDateTime(f.receivedAt)}（北京时间）`,
    `核验码：${formatVerificationCode(f.verificationCode)}`,
    '',
    `您可以凭回执编号在 ${lookup} 查询意见的接收情况。征集于 ${formatChineseDateTime(f.consultation.closes)} 截止，截止后网站将公布全部意见的核验码清单，您可以据此核对自己的意见已被计入。`,
    '',
    '为保护您的个人信息，本邮件不包含您提交的意见内容。如果您没有提交过意见，请忽略本邮件。',
    '',
    f.siteName,
    '（本邮件由系统自动发送，请勿直接回复）',
  ];
  return { kind: 'acknowledgement', to: f.contact.value, subject: `您的意见已收到（回执编号 ${f.receipt}）`, text: lines.join('\n') };
}
