/**
 * The wording of warning mails to area subscribers: the level in words in the
 * subject (never colour alone), what changed (发布 / 升级 / 降级 / 更新 / 解除),
 * the areas, the validity, the defence guide, a link, and the unsubscribe
 * footer naming the area followed. Pure.
 */
import { renderMail, type ComposedMail, type MailBlock } from '../notification-mail.ts';
import { formatChineseDateTime } from '../time.ts';
import { LEVELS } from '../warnings.ts';
import type { AlertChange, AlertMessage } from './rules.ts';

export interface AlertMailContext {
  siteName: string;
  /** Absolute address, no trailing slash. */
  siteUrl: string;
  /** Full name of the area the subscriber follows (歙县徽城镇). */
  followedArea: string;
  unsubscribeUrl: string;
}

const SUBJECT_TAG: Record<AlertChange, (m: AlertMessage) => string> = {
  new: (m) => `【${m.level}预警】`,
  raised: (m) => `【预警升级为${m.level}】`,
  lowered: (m) => `【预警降为${m.level}】`,
  changed: (m) => `【${m.level}预警更新】`,
  cancelled: () => '【预警解除】',
};

const LEAD: Record<AlertChange, string> = {
  new: '发布了',
  raised: '将预警升级为',
  lowered: '将预警调整为',
  changed: '更新了',
  cancelled: '解除了',
};

export function warningAlertMail(m: AlertMessage, change: AlertChange, ctx: AlertMailContext): ComposedMail {
  const level = LEVELS[m.level];
  const url = `${ctx.siteUrl}${m.path}`;
  const cancelled = change === 'cancelled';
  const facts: string[] = [
    `预警：${m.name}（${level.grade}，${level.gradeName}）`,
    `发布机关：${m.issuerName}`,
    `发布时间：${formatChineseDateTime(new Date(m.issued))}`,
    ...(m.validUntil && !cancelled ? [`有效期至：${formatChineseDateTime(new Date(m.validUntil))}`] : []),
    `影响区域：${m.areas.map((a) => a.name).join('、')}`,
  ];
  const blocks: MailBlock[] = [
    { type: 'p', text: '您好：' },
    { type: 'p', text: `${m.issuerName}${LEAD[change]}${m.name}，涉及您关注的${ctx.followedArea}：` },
    { type: 'facts', lines: facts },
    ...(m.summary ? [{ type: 'p' as const, text: m.summary }] : []),
    ...(m.instruction && !cancelled ? [{ type: 'p' as const, text: `防御指南：${m.instruction}` }] : []),
    { type: 'link', label: '查看预警全文', url },
  ];
  const footer: MailBlock[] = [
    { type: 'p', text: `您收到本邮件，是因为您在${ctx.siteName}订阅了${ctx.followedArea}的预警信息。` },
    { type: 'link', label: '退订', url: ctx.unsubscribeUrl },
    { type: 'p', text: `${ctx.siteName}（本邮件由系统自动发送，请勿直接回复）` },
  ];
  return renderMail(`${SUBJECT_TAG[change](m)}${m.title}`, blocks, footer);
}
