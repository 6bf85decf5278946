/**
 * The wording of lead-time notifications and public alerts: Chinese, plain
 * text plus a simple HTML alternative built from the same blocks, with the
 * site name, the consultation title, the dates and a link. Pure: everything,
 * including the sending day, comes in as arguments.
 */
import { escapeHtml } from './html.ts';
import type { NotificationKind, SubscriptionScope } from './notification-plan.ts';
import type { PublishedConsultation } from './published-data.ts';
import { daysBetween, formatChineseDate, formatChineseDateTime, type CalendarDate } from './time.ts';

export type MailBlock =
  | { type: 'p'; text: string }
  /** Label/value lines shown together (标题、承办部门、征集时间). */
  | { type: 'facts'; lines: string[] }
  | { type: 'link'; label: string; url: string };

export interface ComposedMail {
  subject: string;
  text: string;
  html: string;
}


/** Text and HTML from the same blocks, so the two parts never say different things. */
export function renderMail(subject: string, blocks: readonly MailBlock[], footer: readonly MailBlock[]): ComposedMail {
  const textOf = (b: MailBlock) => (b.type === 'p' ? b.text : b.type === 'facts' ? b.lines.join('\n') : `${b.label}：${b.url}`);
  const htmlOf = (b: MailBlock) =>
    b.type === 'p'
      ? `<p>${escapeHtml(b.text)}</p>`
      : b.type === 'facts'
        ? `<p>${b.lines.map(escapeHtml).join('<br>')}</p>`
        : `<p>${escapeHtml(b.label)}：<a href="${escapeHtml(b.url)}">${escapeHtml(b.url)}</a></p>`;
  const text = `${blocks.map(textOf).join('\n\n')}\n\n——\n${footer.map(textOf).join('\n')}\n`;
  const html = `<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body>
${blocks.map(htmlOf).join('\n')}
<hr>
<div>${footer.map(htmlOf).join('\n')}</div>
</body>
</html>
`;
  return { subject, text, html };
}

/** 今天 / 明天 / N 天后 */
function inDays(days: number): string {
  return days === 0 ? '今天' : days === 1 ? '明天' : `${days}天后`;
}

export interface SiteContext {
  siteName: string;
  /** Absolute address of the site, without a trailing slash. */
  siteUrl: string;
  /** The day the mail is sent (Asia/Shanghai). */
  date: CalendarDate;
}

type ConsultationFacts = Pick<PublishedConsultation, 'id' | 'title' | 'path' | 'opens' | 'closes' | 'feedbackDays' | 'feedbackDue' | 'feedbackPublished' | 'feedbackPath' | 'department'>;

function autoFooter(site: SiteContext): MailBlock[] {
  return [{ type: 'p', text: `${site.siteName}` }, { type: 'p', text: '（本邮件由网站意见征集系统按时间节点自动发送，请勿直接回复。）' }];
}

export interface DepartmentNotice {
  kind: Exclude<NotificationKind, `alert-${string}`>;
  consultation: ConsultationFacts;
  /** The day the notice is about (opening day, closing day or feedback due date). */
  eventDate: CalendarDate;
  recipient: { role: 'department' | 'disclosure-office'; name: string };
  disclosureOffice: { name: string };
  overdueRepeatDays: number;
}

/** Reminders and overdue notices to the responsible department (and the disclosure office). */
export function departmentNoticeMail(n: DepartmentNotice, site: SiteContext): ComposedMail {
  const c = n.consultation;
  const url = `${site.siteUrl}${c.path}`;
  const dept = c.department.name;
  const opens = formatChineseDateTime(new Date(c.opens));
  const closes = formatChineseDateTime(new Date(c.closes));
  const due = formatChineseDate(c.feedbackDue);
  const days = daysBetween(site.date, n.eventDate);
  const page: MailBlock = { type: 'link', label: '意见征集页面', url };
  const scoreboard: MailBlock = { type: 'link', label: '按时反馈情况', url: `${site.siteUrl}/scoreboard/` };
  const hello: MailBlock = { type: 'p', text: `${n.recipient.name}：` };
  const feedbackDuty = `应当在征集结束后${c.feedbackDays}日内、即${due}前，在网站公开发布意见征集情况说明，说明收到意见的总体情况、意见采纳情况及不予采纳的理由。`;
  const footer = autoFooter(site);
  switch (n.kind) {
    case 'opening-reminder':
      return renderMail(
        `【征集提醒】“${c.title}”将于${formatChineseDate(n.eventDate)}开始征求意见`,
        [
          hello,
          { type: 'p', text: `贵单位承办的意见征集“${c.title}”将于${opens}开始（${inDays(days)}），${closes}截止。` },
          { type: 'p', text: '请在开始前核对网站上的征求意见稿、起草说明和意见提交渠道，并安排专人接收、登记公众意见。' },
          page,
        ],
        footer,
      );
    case 'closing-reminder':
      return renderMail(
        `【征集提醒】“${c.title}”将于${formatChineseDate(n.eventDate)}截止`,
        [
          hello,
          { type: 'p', text: `贵单位承办的意见征集“${c.title}”将于${closes}截止（${days === 0 ? '今天截止' : inDays(days)}）。` },
          { type: 'p', text: `截止后，${feedbackDuty}` },
          page,
        ],
        footer,
      );
    case 'feedback-due-reminder':
      return renderMail(
        `【反馈提醒】“${c.title}”的意见反馈须于${due}前发布`,
        [
          hello,
          { type: 'p', text: `贵单位承办的意见征集“${c.title}”已于${closes}截止。按照规定，${feedbackDuty}` },
          { type: 'p', text: days === 0 ? '今天是发布的最后一天。' : `距发布期限还有${days}天。` },
          { type: 'p', text: `逾期未发布的，网站将告知${n.disclosureOffice.name}，并在“按时反馈情况”栏目中公开显示。` },
          page,
        ],
        footer,
      );
    case 'feedback-overdue': {
      const late = -days;
      const repeat = n.overdueRepeatDays > 0 ? `说明发布前，每${n.overdueRepeatDays}天提醒一次。` : '';
      const facts = `意见征集“${c.title}”已于${closes}截止，意见征集情况说明应于${due}前发布。截至${formatChineseDate(site.date)}，网站尚未发布该说明，已逾期${late}天。`;
      const body: MailBlock[] =
        n.recipient.role === 'department'
          ? [
              hello,
              { type: 'p', text: `贵单位承办的${facts}` },
              { type: 'p', text: `请尽快发布意见征集情况说明。本提醒同时发送${n.disclosureOffice.name}。${repeat}` },
              page,
              scoreboard,
            ]
          : [
              hello,
              { type: 'p', text: `${dept}承办的${facts}` },
              { type: 'p', text: `现将有关情况告知，请督促${dept}尽快发布。${repeat}` },
              { type: 'facts', lines: [`承办部门：${dept}`, `联系邮箱：${c.department.email}`] },
              page,
              scoreboard,
            ];
      return renderMail(`【反馈逾期】“${c.title}”的意见反馈已逾期${late}天`, body, footer);
    }
  }
}

/** What a subscription follows, as a mail or page says it. */
export function followLabel(scope: SubscriptionScope, name: string): string {
  return scope === 'consultation' ? `意见征集“${name}”` : scope === 'department' ? `${name}的意见征集` : `“${name}”领域的意见征集`;
}

export interface SubscriberContext {
  scope: SubscriptionScope;
  /** Title of the consultation, or name of the department or policy area followed. */
  name: string;
  unsubscribeUrl: string;
}

function subscriberFooter(site: SiteContext, s: SubscriberContext): MailBlock[] {
  return [
    { type: 'p', text: `您收到本邮件，是因为您在${site.siteName}订阅了${followLabel(s.scope, s.name)}的邮件提醒。` },
    { type: 'link', label: '退订', url: s.unsubscribeUrl },
    { type: 'p', text: `${site.siteName}（本邮件由系统自动发送，请勿直接回复）` },
  ];
}

export interface SubscriberAlert {
  kind: Extract<NotificationKind, `alert-${string}`>;
  consultation: ConsultationFacts;
  eventDate: CalendarDate;
}

/** Alerts to people who follow a consultation, department or policy area. */
export function subscriberAlertMail(a: SubscriberAlert, site: SiteContext, subscriber: SubscriberContext): ComposedMail {
  const c = a.consultation;
  const url = `${site.siteUrl}${c.path}`;
  const window = `征集时间：${formatChineseDateTime(new Date(c.opens))}至${formatChineseDateTime(new Date(c.closes))}`;
  const facts: MailBlock = { type: 'facts', lines: [c.title, `承办部门：${c.department.name}`, window] };
  const footer = subscriberFooter(site, subscriber);
  const hello: MailBlock = { type: 'p', text: '您好：' };
  switch (a.kind) {
    case 'alert-opened':
      return renderMail(
        `【意见征集】${c.title}`,
        [hello, { type: 'p', text: `您关注的${followLabel(subscriber.scope, subscriber.name)}有新的意见征集，欢迎提出意见：` }, facts, { type: 'link', label: '查看征求意见稿并提出意见', url }],
        footer,
      );
    case 'alert-closing': {
      const days = daysBetween(site.date, a.eventDate);
      return renderMail(
        `【即将截止】${c.title}（${formatChineseDate(a.eventDate)}截止）`,
        [
          hello,
          { type: 'p', text: `您关注的意见征集将于${formatChineseDateTime(new Date(c.closes))}截止（${days === 0 ? '今天截止' : inDays(days)}），如需提出意见，请在截止前提交：` },
          facts,
          { type: 'link', label: '提出意见', url },
        ],
        footer,
      );
    }
    case 'alert-feedback-published': {
      const feedbackUrl = c.feedbackPath ? `${site.siteUrl}${c.feedbackPath}` : url;
      return renderMail(
        `【征集反馈】${c.title}`,
        [
          hello,
          { type: 'p', text: `您关注的意见征集已公布意见征集情况说明（${formatChineseDate(a.eventDate)}发布），其中说明了收到意见的总体情况和采纳情况：` },
          facts,
          { type: 'link', label: '查看意见征集情况说明', url: feedbackUrl },
        ],
        footer,
      );
    }
  }
}

/** Double opt-in: the one mail sent before a subscription is confirmed. */
export function confirmationMail(site: Omit<SiteContext, 'date'>, s: { scope: SubscriptionScope; name: string; confirmUrl: string; expires: Date }): ComposedMail {
  const label = followLabel(s.scope, s.name);
  return renderMail(
    `请确认订阅：${label}的邮件提醒`,
    [
      { type: 'p', text: '您好：' },
      { type: 'p', text: `有人（可能是您本人）在${site.siteName}用本邮箱申请订阅${label}的邮件提醒。` },
      { type: 'p', text: `如确是您本人申请，请在${formatChineseDateTime(s.expires)}前打开以下链接确认订阅：` },
      { type: 'link', label: '确认订阅', url: s.confirmUrl },
      { type: 'p', text: '确认后，相关意见征集开始、即将截止以及发布意见征集情况说明时，我们会给您发送邮件。每封邮件都附有退订链接，随时可以退订。' },
      { type: 'p', text: '如果您没有申请订阅，请忽略本邮件：不确认，就不会收到任何提醒，本邮箱也不会加入订阅名单。' },
    ],
    [{ type: 'p', text: `${site.siteName}（本邮件由系统自动发送，请勿直接回复）` }],
  );
}

/** A repeated request for a subscription that is already confirmed: no new confirmation, a reminder how to leave. */
export function alreadySubscribedMail(site: Omit<SiteContext, 'date'>, s: { scope: SubscriptionScope; name: string; unsubscribeUrl: string }): ComposedMail {
  const label = followLabel(s.scope, s.name);
  return renderMail(
    `您已订阅：${label}的邮件提醒`,
    [
      { type: 'p', text: '您好：' },
      { type: 'p', text: `有人（可能是您本人）在${site.siteName}再次申请用本邮箱订阅${label}的邮件提醒。本邮箱已经订阅，无需重复确认，订阅不受影响。` },
      { type: 'p', text: '如需退订，请打开以下链接：' },
      { type: 'link', label: '退订', url: s.unsubscribeUrl },
    ],
    [{ type: 'p', text: `${site.siteName}（本邮件由系统自动发送，请勿直接回复）` }],
  );
}
