/**
 * The e-mail alert subscription form: one markup for the static pages
 * (src/components/SubscribeForm.astro) and for the function that shows it
 * again after an error, so the two never drift apart. A plain form posted
 * without JavaScript; the honeypot field is hidden from people and assistive
 * technology.
 */
import type { SubscriptionScope } from '../lib/notification-plan.ts';
import { EMAIL_MAX_CHARS, SUBSCRIBE_ENDPOINT } from '../lib/subscriptions.ts';
import { escapeHtml } from '../lib/html.ts';

export const SUBSCRIBE_FIELDS = { scope: 'scope', target: 'target', email: 'email', honeypot: 'website' } as const;

export interface SubscribeFormView {
  scope: SubscriptionScope;
  target: string;
  email?: string;
  error?: string;
  /** Prefix of element ids (a page could hold more than one form). */
  idPrefix?: string;
}

/** What subscribers of each scope are told they will receive. */
export function subscribeIntro(scope: SubscriptionScope): string {
  return scope === 'consultation'
    ? '订阅后，本次意见征集开始、即将截止以及发布意见征集情况说明时，我们会通过电子邮件通知您。'
    : scope === 'department'
      ? '订阅后，本部门的意见征集开始、即将截止以及发布意见征集情况说明时，我们会通过电子邮件通知您。'
      : '订阅后，本领域的意见征集开始、即将截止以及发布意见征集情况说明时，我们会通过电子邮件通知您。';
}

export function renderSubscribeForm(view: SubscribeFormView): string {
  const p = view.idPrefix ?? 'sf';
  const emailId = `${p}-email`;
  const describedBy = [`${emailId}-hint`, view.error ? `${emailId}-error` : ''].filter(Boolean).join(' ');
  return `<form class="sf" method="post" action="${SUBSCRIBE_ENDPOINT}" accept-charset="UTF-8">
<input type="hidden" name="${SUBSCRIBE_FIELDS.scope}" value="${escapeHtml(view.scope)}">
<input type="hidden" name="${SUBSCRIBE_FIELDS.target}" value="${escapeHtml(view.target)}">
<div class="form-field">
<label class="form-label" for="${emailId}">电子邮箱</label>
<p class="form-hint" id="${emailId}-hint">提交后，我们会先发送一封确认邮件，点击邮件中的链接后订阅才生效。邮箱只用于发送提醒，不会公开；每封提醒邮件都附有退订链接。</p>
${view.error ? `<p class="form-error" id="${emailId}-error"><span class="visually-hidden">错误：</span>${escapeHtml(view.error)}</p>` : ''}
<input type="email" id="${emailId}" name="${SUBSCRIBE_FIELDS.email}" value="${escapeHtml(view.email ?? '')}" maxlength="${EMAIL_MAX_CHARS}" autocomplete="email" inputmode="email" spellcheck="false" required${view.error ? ' aria-invalid="true"' : ''} aria-describedby="${describedBy}">
</div>
<div class="visually-hidden" aria-hidden="true">
<label for="${p}-website">网址（请勿填写此项）</label>
<input type="text" id="${p}-website" name="${SUBSCRIBE_FIELDS.honeypot}" value="" tabindex="-1" autocomplete="off">
</div>
<div class="button-row"><button type="submit" class="button">订阅邮件提醒</button></div>
</form>`;
}
