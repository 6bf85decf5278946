/**
 * The mails a public report causes: the full report to the responsible unit
 * (with the photo attached), and, when the person gave an e-mail address, a short
 * acknowledgement with the receipt number only — anyone can type anyone's address,
 * so chosen text is never mailed to it (the comment system's rule, comment-mail.ts).
 */
import type { MailDraft } from './comment-mail.ts';
import type { ReportFields } from './report-submission.ts';
import type { ReportUnit } from './report-directory.ts';
import { formatChineseDate, formatChineseDateTime } from './time.ts';

export interface ReportMailFacts {
  receipt: string;
  receivedAt: Date;
  siteName: string;
  /** Absolute site address for links (null: links are left out). */
  siteUrl: string | null;
  projectTitle: string;
  unit: ReportUnit;
  /** Null when the person chose "another water body or not sure". */
  waterBody: { name: string; path: string } | null;
  report: ReportFields;
  photo: { filename: string; label: string; size: number } | null;
  /** The private query code (查询码) for the sender; never in the unit's mail. */
  queryCode: string;
}

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export function reportUnitMail(f: ReportMailFacts): MailDraft {
  const r = f.report;
  const where = f.waterBody?.name ?? '其他水体或不确定';
  const lines = [
    `${f.unit.name}：`,
    '',
    `“${f.projectTitle}”栏目收到一条群众线索${f.waterBody ? `，涉及${f.waterBody.name}` : '（群众未指明水体，请牵头单位核实后转交责任单位）'}。`,
    '',
    `回执编号：${f.receipt}`,
    `接收时间：${formatChineseDateTime(f.receivedAt)}（北京时间）`,
    `涉及水体：${where}`,
    `问题类型：${r.kind}`,
    `具体位置：${r.where}`,
    `经纬度：${r.coordinates ? `纬度 ${r.coordinates.latitude}，经度 ${r.coordinates.longitude}` : '（未填写）'}`,
    `发现日期：${formatChineseDate(r.seen)}`,
    `联系方式：${r.contact ? `${r.contact.value}（${r.contact.kind === 'email' ? '电子邮箱' : '电话'}）` : '（未填写，匿名反映）'}`,
    `现场照片：${f.photo ? `${f.photo.filename}（${f.photo.label}，${size(f.photo.size)}，见本邮件附件）` : '无'}`,
    '',
    '问题描述：',
    '----------------------------------------',
    r.what,
    '----------------------------------------',
    '',
    '请按职责核实处理；群众留有联系方式的，请及时反馈处理情况。线索不在网站上自动公开，处理情况可通过进展信息公开。',
    '群众的联系方式属于个人信息，仅用于核实和反馈，不得公开。本邮件由网站系统自动发送，请勿直接回复。',
    ...(f.siteUrl && f.waterBody ? [`水体页面：${f.siteUrl}${f.waterBody.path}`] : []),
  ];
  return {
    kind: 'department',
    to: f.unit.email,
    subject: `【群众线索】${where}：${r.kind}（回执编号 ${f.receipt}）`,
    text: lines.join('\n'),
  };
}

export function reportAcknowledgementMail(f: ReportMailFacts): MailDraft | null {
  if (f.report.contact?.kind !== 'email') return null;
  const lines = [
    '您好：',
    '',
    `您通过“${f.projectTitle}”栏目反映的线索已收到，已转交${f.unit.name}核实处理，感谢您的监督。`,
    '',
    `回执编号：${f.receipt}`,
    `查询码：${f.queryCode}`,
    `接收时间：${formatChineseDateTime(f.receivedAt)}（北京时间）`,
    '',
    `凭回执编号可在网站“回执查询”查看办理进展；同时输入查询码，可查看答复内容。查询码请妥善保存，不要告诉他人。${f.siteUrl ? `\n回执查询：${f.siteUrl}/receipts/` : ''}`,
    '向责任单位询问处理情况时，请提供回执编号。',
    '为保护您的个人信息，本邮件不包含您反映的内容。如果您没有反映过线索，请忽略本邮件。',
    '',
    f.siteName,
    '（本邮件由系统自动发送，请勿直接回复）',
  ];
  return { kind: 'acknowledgement', to: f.report.contact.value, subject: `您反映的线索已收到（回执编号 ${f.receipt}）`, text: lines.join('\n') };
}
