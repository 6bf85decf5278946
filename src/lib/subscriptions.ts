/**
 * Rules of public e-mail alerts (no account): what can be followed, how an
 * address is accepted, and the shape of the signed links. The server signs
 * and stores (src/server/subscriptions.ts); this module decides.
 */
import { safeAddress } from './mail-header.ts';
import { SUBSCRIPTION_SCOPES, type SubscriptionScope } from './notification-plan.ts';
import type { PublishedData } from './published-data.ts';
import { checkFreeText } from './visible-text.ts';

export const SUBSCRIBE_ENDPOINT = '/api/subscriptions';
export const CONFIRM_ENDPOINT = '/api/subscriptions/confirm';
export const UNSUBSCRIBE_ENDPOINT = '/api/subscriptions/unsubscribe';

export const EMAIL_MAX_CHARS = 254;

/** What a subscription follows: consultations (SUBSCRIPTION_SCOPES) or the warnings of an administrative area (its 12-digit code). */
export type FollowScope = SubscriptionScope | 'area';

/** Names of the subscription form's fields. */
export const SUBSCRIBE_FIELDS = { scope: 'scope', target: 'target', email: 'email', honeypot: 'website' } as const;

/** What subscribers of each scope are told they will receive. */
export function subscribeIntro(scope: SubscriptionScope): string {
  return scope === 'consultation'
    ? '订阅后，本次意见征集开始、即将截止以及发布意见征集情况说明时，我们会通过电子邮件通知您。'
    : scope === 'department'
      ? '订阅后，本部门的意见征集开始、即将截止以及发布意见征集情况说明时，我们会通过电子邮件通知您。'
      : '订阅后，本领域的意见征集开始、即将截止以及发布意见征集情况说明时，我们会通过电子邮件通知您。';
}

export function isSubscriptionScope(value: unknown): value is SubscriptionScope {
  return typeof value === 'string' && (SUBSCRIPTION_SCOPES as readonly string[]).includes(value);
}

/** Ids of consultations, departments and policy areas (file names / YAML keys). */
export const TARGET_ID_RE = /^[a-z0-9][a-z0-9-]{0,99}$/;

export type EmailCheck = { ok: true; email: string } | { ok: false; message: string };

/** One bare address, compared case-insensitively (stored lower-case). */
export function checkEmail(raw: unknown): EmailCheck {
  const value = typeof raw === 'string' ? raw.trim() : '';
  const line = checkFreeText(value, { singleLine: true, maxChars: EMAIL_MAX_CHARS });
  if (!line.ok && (line.problem === 'empty' || line.problem === 'invisible')) return { ok: false, message: '请填写电子邮箱地址。' };
  if (!line.ok && line.problem === 'bidi') return { ok: false, message: '电子邮箱地址不能包含改变文字方向的控制字符（如 U+202E），请删除后重新填写。' };
  if (!line.ok && line.problem === 'too-long') return { ok: false, message: `电子邮箱地址不能超过 ${EMAIL_MAX_CHARS} 个字符。` };
  const email = value.toLowerCase();
  if (!safeAddress(email)) return { ok: false, message: '电子邮箱地址格式不正确，请检查后重新填写，例如 zhangsan@example.com。' };
  return { ok: true, email };
}

/** z***@example.com — for logs and pages that must not show a whole address. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

export interface ResolvedTarget {
  scope: SubscriptionScope;
  id: string;
  /** Title of the consultation, or name of the department or policy area. */
  name: string;
  /** The page the subscription form is on. */
  path: string;
}

/**
 * A followable target from the published data, or null. Departments and
 * policy areas come from the data's own lists when it has them, else from
 * the consultations that name them.
 */
export function resolveTarget(data: Pick<PublishedData, 'consultations'> & { departments?: { id: string; name: string }[]; policyAreas?: { id: string; name: string }[] }, scope: SubscriptionScope, id: string): ResolvedTarget | null {
  if (!TARGET_ID_RE.test(id)) return null;
  if (scope === 'consultation') {
    const c = data.consultations.find((x) => x.id === id);
    return c ? { scope, id, name: c.title, path: c.path } : null;
  }
  if (scope === 'department') {
    const name = data.departments?.find((d) => d.id === id)?.name ?? data.consultations.find((c) => c.department.id === id)?.department.name;
    return name ? { scope, id, name, path: `/departments/${id}/` } : null;
  }
  const name = data.policyAreas?.find((a) => a.id === id)?.name ?? data.consultations.flatMap((c) => c.policyAreas).find((a) => a.id === id)?.name;
  return name ? { scope, id, name, path: `/policy-areas/${id}/` } : null;
}

/** Payload of a confirmation link: address, what it follows, when the link was issued (ms). */
export interface ConfirmPayload {
  e: string;
  s: SubscriptionScope;
  t: string;
  i: number;
}

/** Payload of an unsubscribe link: subscriber id (HMAC of the address), what it follows. Never expires. */
export interface UnsubscribePayload {
  h: string;
  s: FollowScope;
  t: string;
}

export function isConfirmPayload(v: unknown): v is ConfirmPayload {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as Record<string, unknown>;
  return checkEmail(p.e).ok && p.e === String(p.e).toLowerCase() && isSubscriptionScope(p.s) && typeof p.t === 'string' && TARGET_ID_RE.test(p.t) && typeof p.i === 'number' && Number.isSafeInteger(p.i);
}

export function isUnsubscribePayload(v: unknown): v is UnsubscribePayload {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as Record<string, unknown>;
  if (typeof p.h !== 'string' || !/^[0-9a-f]{32}$/.test(p.h) || typeof p.t !== 'string') return false;
  return p.s === 'area' ? /^\d{12}$/.test(p.t) : isSubscriptionScope(p.s) && TARGET_ID_RE.test(p.t);
}

export type ConfirmJudgement = { ok: true } | { ok: false; reason: 'expired' | 'invalid' };

/** A confirmation link is good for `maxAgeHours`; one issued in the future is forged or broken. */
export function judgeConfirmation(p: ConfirmPayload, now: Date, maxAgeHours: number): ConfirmJudgement {
  const age = now.getTime() - p.i;
  if (age < -60_000) return { ok: false, reason: 'invalid' };
  if (age > maxAgeHours * 3_600_000) return { ok: false, reason: 'expired' };
  return { ok: true };
}
