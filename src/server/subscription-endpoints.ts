/**
 * Public e-mail alerts, no account (double opt-in):
 *
 *   POST /api/subscriptions              address + what to follow → a confirmation mail
 *   GET  /api/subscriptions/confirm      signed link from that mail → the subscription is stored
 *   GET  /api/subscriptions/unsubscribe  signed link from any alert → a page with one button
 *   POST /api/subscriptions/unsubscribe  that button, or a mail program's one-click POST (RFC 8058)
 *
 * Nothing is stored and nothing but the confirmation is sent before the
 * person confirms. A repeated request sends at most one mail per address,
 * target and day (deterministic outbox ids) and never a second subscription
 * (the record key is derived from the address). The answer to a request does
 * not tell whether an address is already subscribed: the mail does.
 * Every outcome is a Chinese page (or JSON for API clients).
 */
import { confirmationMail, alreadySubscribedMail, followLabel } from '../lib/notification-mail.ts';
import { loadWarningAlertsData, warningsFile } from './warnings-source.ts';
import { checkEmail, isSubscriptionScope, judgeConfirmation, resolveTarget, SUBSCRIBE_FIELDS, TARGET_ID_RE } from '../lib/subscriptions.ts';
import { shanghaiDate } from '../lib/time.ts';
import { decodeJson, decodeUrlEncoded } from '../lib/form-body.ts';
import { messagePage, renderPage } from './pages.ts';
import { runtime } from './comment-runtime.ts';
import type { PublishedConsultations } from './consultations-source.ts';
import { bodyKind, clientAddress, html, json, methodNotAllowed, PayloadTooLarge, readBodyLimited, wantsJson } from './http.ts';
import { readNotifySettings } from './notify-settings.ts';
import { deliver, enqueue, pendingMail, type NewMail } from './outbox.ts';
import { recordAndCheck } from './rate-limiter.ts';
import {
  confirmUrl,
  getSubscription,
  readConfirmToken,
  readUnsubscribeToken,
  removeSubscription,
  saveSubscription,
  subscriberId,
  subscriptionKey,
  unsubscribeHeaders,
  unsubscribeUrl,
} from './subscriptions.ts';

const BODY_LIMIT = 4 * 1024;


function siteUrlOf(consultations: PublishedConsultations): string {
  return (runtime().settings().siteUrl ?? consultations.siteUrl).replace(/\/+$/, '');
}

interface Outcome {
  status: number;
  code: string;
  title: string;
  tone: 'info' | 'success' | 'warning' | 'danger';
  paragraphs: string[];
  links?: { href: string; label: string }[];
}

async function answer(request: Request, o: Outcome, headers: Record<string, string> = {}): Promise<Response> {
  if (wantsJson(request)) return json(o.status, { ok: o.status < 400, code: o.code, message: o.paragraphs.join('') }, headers);
  return html(o.status, await messagePage({ title: o.title, tone: o.tone, paragraphs: o.paragraphs, ...(o.links ? { links: o.links } : {}) }), headers);
}

const HOME_LINKS = [{ href: '/consultations/', label: '返回意见征集栏目' }];

/** The fields of a URL-encoded or JSON body, decoded as strictly as the comment form (null: another type). */
async function readFields(request: Request): Promise<Record<string, string> | null> {
  const kind = bodyKind(request);
  if (kind.kind !== 'urlencoded' && kind.kind !== 'json') return null;
  const bytes = await readBodyLimited(request, BODY_LIMIT);
  return Object.fromEntries((kind.kind === 'json' ? decodeJson(bytes) : decodeUrlEncoded(bytes)).fields);
}

/** Queues one mail under a deterministic id and tries to send it now (the outbox retries otherwise). */
async function sendOnce(mail: Omit<NewMail, 'attachment' | 'receipt' | 'kind'>, now: Date, maxAttempts: number): Promise<void> {
  const queued = pendingMail({ ...mail, kind: 'subscription', receipt: '', attachment: null, maxAttempts }, now.toISOString());
  const waiting = await enqueue([queued]);
  for (const id of waiting) {
    try {
      await deliver(id, runtime().mail(), now);
    } catch (error) {
      console.error(`[subscriptions] mail ${id} left in the outbox`, error);
    }
  }
}

/** POST /api/subscriptions — email, scope (consultation | department | policy-area), target. */
export async function handleSubscribe(request: Request, context: { ip?: string | undefined } = {}): Promise<Response> {
  if (request.method !== 'POST') return methodNotAllowed('POST');
  const rt = runtime();
  const now = rt.now();
  const settings = readNotifySettings();
  const consultations = await rt.consultations(request);

  let fields: Record<string, string> | null;
  try {
    fields = await readFields(request);
  } catch (error) {
    if (error instanceof PayloadTooLarge) return answer(request, { status: 413, code: 'too-large', title: '提交内容过长', tone: 'danger', paragraphs: ['提交的内容过长，请返回后重新填写电子邮箱。'], links: HOME_LINKS });
    fields = null;
  }
  if (!fields) return answer(request, { status: 400, code: 'bad-request', title: '无法处理该请求', tone: 'danger', paragraphs: ['请通过页面上的订阅表单提交。'], links: HOME_LINKS });
  if ((fields[SUBSCRIBE_FIELDS.honeypot] ?? '') !== '') {
    return answer(request, { status: 400, code: 'honeypot', title: '提交未成功', tone: 'danger', paragraphs: ['提交未成功。如果您使用了自动填表工具，请关闭后重新填写。'], links: HOME_LINKS });
  }
  const scope = fields[SUBSCRIBE_FIELDS.scope] ?? '';
  const targetId = fields[SUBSCRIBE_FIELDS.target] ?? '';
  const target = isSubscriptionScope(scope) && TARGET_ID_RE.test(targetId) ? resolveTarget(consultations.data, scope, targetId) : null;
  if (!target) {
    return answer(request, { status: 404, code: 'target-not-found', title: '未找到订阅对象', tone: 'warning', paragraphs: ['未找到要订阅的意见征集、部门或政策领域，可能已调整。请返回相关页面重新订阅。'], links: HOME_LINKS });
  }
  const email = checkEmail(fields[SUBSCRIBE_FIELDS.email]);
  if (!email.ok) {
    if (wantsJson(request)) return json(400, { ok: false, code: 'invalid-email', message: email.message });
    return html(400, await renderPage('subscribeForm', { label: followLabel(target.scope, target.name), path: target.path, scope: target.scope, target: target.id, email: (fields[SUBSCRIBE_FIELDS.email] ?? '').slice(0, 300), error: email.message }));
  }

  let limit: Awaited<ReturnType<typeof recordAndCheck>> = { allowed: true };
  try {
    limit = await recordAndCheck(clientAddress(request, context.ip), settings.subscribeRateLimit, now, settings.subscriptionSecret);
  } catch (error) {
    console.error('[subscriptions] rate limit unavailable', error);
  }
  if (!limit.allowed) {
    return answer(
      request,
      { status: 429, code: 'rate-limited', title: '提交过于频繁', tone: 'warning', paragraphs: [`同一网络提交订阅过于频繁，请约 ${Math.ceil(limit.retryAfterSeconds / 60)} 分钟后再试。`], links: [{ href: target.path, label: '返回' }] },
      { 'retry-after': String(limit.retryAfterSeconds) },
    );
  }

  const siteUrl = siteUrlOf(consultations);
  const subscriber = subscriberId(email.email, settings.subscriptionSecret);
  const day = shanghaiDate(now).replaceAll('-', '');
  const base = `subscribe.${subscriber.slice(0, 20)}.${target.scope}.${target.id}.${day}`;
  const site = { siteName: consultations.siteName, siteUrl };
  try {
    if (await getSubscription(subscriptionKey(target.scope, target.id, subscriber))) {
      const url = unsubscribeUrl(siteUrl, { h: subscriber, s: target.scope, t: target.id }, settings.subscriptionSecret);
      const m = alreadySubscribedMail(site, { scope: target.scope, name: target.name, unsubscribeUrl: url });
      await sendOnce({ id: `${base}.known`, consultation: target.scope === 'consultation' ? target.id : '', to: email.email, subject: m.subject, text: m.text, html: m.html, headers: unsubscribeHeaders(url), createdAt: now.toISOString() }, now, settings.mailMaxAttempts);
    } else {
      const expires = new Date(now.getTime() + settings.confirmHours * 3_600_000);
      const link = confirmUrl(siteUrl, { e: email.email, s: target.scope, t: target.id, i: now.getTime() }, settings.subscriptionSecret);
      const m = confirmationMail(site, { scope: target.scope, name: target.name, confirmUrl: link, expires });
      await sendOnce({ id: base, consultation: target.scope === 'consultation' ? target.id : '', to: email.email, subject: m.subject, text: m.text, html: m.html, createdAt: now.toISOString() }, now, settings.mailMaxAttempts);
    }
  } catch (error) {
    console.error('[subscriptions] storing the confirmation mail failed', error);
    return answer(request, { status: 503, code: 'storage-unavailable', title: '系统暂时无法处理', tone: 'danger', paragraphs: ['系统暂时无法发送确认邮件，请稍后再试。'], links: [{ href: target.path, label: '返回' }] }, { 'retry-after': '60' });
  }
  return answer(request, {
    status: 200,
    code: 'confirmation-sent',
    title: '请查收确认邮件',
    tone: 'success',
    paragraphs: [
      `我们已向 ${email.email} 发送邮件。请在 ${settings.confirmHours} 小时内打开邮件中的链接，确认订阅${followLabel(target.scope, target.name)}的邮件提醒；确认之前不会给您发送任何提醒。`,
      '如果该邮箱已经订阅，您会收到一封说明邮件，无需再次确认。',
      '没有收到邮件？请检查垃圾邮件箱；同一邮箱当天重复提交不会重复发送。',
    ],
    links: [{ href: target.path, label: `返回${followLabel(target.scope, target.name)}` }],
  });
}

/** GET /api/subscriptions/confirm?token=… — the link in the confirmation mail. */
export async function handleConfirm(request: Request): Promise<Response> {
  if (request.method !== 'GET') return methodNotAllowed('GET');
  const rt = runtime();
  const now = rt.now();
  const settings = readNotifySettings();
  const consultations = await rt.consultations(request);
  const payload = readConfirmToken(new URL(request.url).searchParams.get('token') ?? '', settings.subscriptionSecret);
  const judged = payload ? judgeConfirmation(payload, now, settings.confirmHours) : ({ ok: false, reason: 'invalid' } as const);
  if (!payload || !judged.ok) {
    const expired = !judged.ok && judged.reason === 'expired';
    return answer(request, {
      status: 400,
      code: expired ? 'link-expired' : 'link-invalid',
      title: expired ? '确认链接已过期' : '确认链接无效',
      tone: 'warning',
      paragraphs: expired
        ? [`确认链接的有效期为 ${settings.confirmHours} 小时，该链接已过期，订阅没有生效。请回到原页面重新提交订阅。`]
        : ['该确认链接无效，订阅没有生效。请确认打开的是邮件中的完整链接（有些邮件程序会把长链接截断），或回到原页面重新提交订阅。'],
      links: HOME_LINKS,
    });
  }
  const target = resolveTarget(consultations.data, payload.s, payload.t);
  if (!target) {
    return answer(request, { status: 404, code: 'target-not-found', title: '订阅对象已不存在', tone: 'warning', paragraphs: ['您要订阅的意见征集、部门或政策领域已不存在或已调整，订阅没有生效。'], links: HOME_LINKS });
  }
  const subscriber = subscriberId(payload.e, settings.subscriptionSecret);
  try {
    await saveSubscription({ subscriber, email: payload.e, scope: payload.s, target: payload.t, confirmedAt: now.toISOString() });
  } catch (error) {
    console.error('[subscriptions] storing a confirmation failed', error);
    return answer(request, { status: 503, code: 'storage-unavailable', title: '系统暂时无法处理', tone: 'danger', paragraphs: ['系统暂时无法保存订阅，请稍后再次打开确认链接。'], links: HOME_LINKS }, { 'retry-after': '60' });
  }
  const leave = unsubscribeUrl('', { h: subscriber, s: payload.s, t: payload.t }, settings.subscriptionSecret);
  return answer(request, {
    status: 200,
    code: 'subscribed',
    title: '订阅成功',
    tone: 'success',
    paragraphs: [
      `您已订阅${followLabel(target.scope, target.name)}的邮件提醒。相关意见征集开始、即将截止以及发布意见征集情况说明时，我们会发送邮件到 ${payload.e}。`,
      '每封提醒邮件都附有退订链接，随时可以退订。',
    ],
    links: [
      { href: target.path, label: `返回${followLabel(target.scope, target.name)}` },
      { href: leave, label: '退订' },
    ],
  });
}

/** 歙县徽城镇的预警信息 (the code alone when this deploy's warnings data cannot be read). */
async function areaFollowLabel(code: string, request: Request): Promise<string> {
  const data = await loadWarningAlertsData(warningsFile(), new URL(request.url).origin).catch(() => null);
  return `${data?.areas.find((a) => a.code === code)?.fullName ?? `区划代码 ${code} 所示区域`}的预警信息`;
}

/**
 * GET shows a page with one button (a link scanner opening the URL changes
 * nothing); POST unsubscribes — the button, or a mail program's one-click
 * request (body `List-Unsubscribe=One-Click`, token in the URL).
 */
export async function handleUnsubscribe(request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'POST') return methodNotAllowed('GET, POST');
  const rt = runtime();
  const settings = readNotifySettings();
  const consultations = await rt.consultations(request);
  let token = new URL(request.url).searchParams.get('token') ?? '';
  if (!token && request.method === 'POST') {
    try {
      token = (await readFields(request))?.token ?? '';
    } catch {
      token = '';
    }
  }
  const payload = readUnsubscribeToken(token, settings.subscriptionSecret);
  if (!payload) {
    return answer(request, {
      status: 400,
      code: 'link-invalid',
      title: '退订链接无效',
      tone: 'warning',
      paragraphs: ['该退订链接无效。请确认打开的是提醒邮件中的完整链接（有些邮件程序会把长链接截断）。如仍无法退订，请与网站联系。'],
      links: HOME_LINKS,
    });
  }
  const target = payload.s === 'area' ? null : resolveTarget(consultations.data, payload.s, payload.t);
  const label = payload.s === 'area' ? await areaFollowLabel(payload.t, request) : followLabel(payload.s, target?.name ?? payload.t);
  if (request.method === 'GET') {
    const exists = await getSubscription(subscriptionKey(payload.s, payload.t, payload.h));
    if (!exists) return answer(request, { status: 200, code: 'not-subscribed', title: '已退订', tone: 'info', paragraphs: [`该邮箱没有订阅${label}的邮件提醒，或已经退订，不会再收到相关邮件。`], links: HOME_LINKS });
    if (wantsJson(request)) return json(200, { ok: true, code: 'confirm-unsubscribe', message: `确认退订${label}的邮件提醒，请用 POST 提交。` });
    return html(200, await renderPage('unsubscribe', { token, label }));
  }
  try {
    await removeSubscription(payload.s, payload.t, payload.h);
  } catch (error) {
    console.error('[subscriptions] unsubscribe failed', error);
    return answer(request, { status: 503, code: 'storage-unavailable', title: '系统暂时无法处理', tone: 'danger', paragraphs: ['系统暂时无法完成退订，请稍后再试。'], links: HOME_LINKS }, { 'retry-after': '60' });
  }
  return answer(request, {
    status: 200,
    code: 'unsubscribed',
    title: '已退订',
    tone: 'success',
    paragraphs: [`您已退订${label}的邮件提醒，今后不会再收到相关邮件。`, '如需重新订阅，可在相关页面再次提交。'],
    links: target ? [{ href: target.path, label: '返回' }, ...HOME_LINKS] : HOME_LINKS,
  });
}
