/**
 * The comment form's HTML, in one place: the consultation page renders it at
 * build time (src/components/CommentForm.astro) and the comment function
 * renders it again with what the person typed, their errors and a fresh form
 * token. Classes are the site's form classes (src/styles/global.css); the
 * function's own pages load public/comments/page.css, which has the same ones.
 *
 * Works without JavaScript: a plain multipart POST to /api/comments. The page
 * script (data-comment-form) only adds a token, a character count and
 * submission without reload.
 */
import type { Article } from '../lib/articles.ts';
import { ATTACHMENT_ACCEPT } from '../lib/attachment-type.ts';
import {
  ATTACHMENT_MAX_BYTES,
  CONTACT_MAX_CHARS,
  FIELD,
  NAME_MAX_CHARS,
  SUBMITTER_TYPES,
  TEXT_MAX_CHARS,
  TEXT_MIN_CHARS,
  type FieldError,
} from '../lib/comment-submission.ts';

export const COMMENTS_ENDPOINT = '/api/comments';
export const TOKEN_ENDPOINT = '/api/comments/token';
export const RECEIPTS_ENDPOINT = '/api/receipts';
/** POST: the sender withdraws the contact details kept with a receipt. */
export const WITHDRAW_CONTACT_ENDPOINT = '/api/receipts/withdraw';

import { escapeHtml } from '../lib/html.ts';

export interface CommentFormValues {
  article?: string;
  text?: string;
  name?: string;
  contact?: string;
  submitterType?: string;
  consent?: boolean;
}

export interface CommentFormView {
  consultation: { id: string; title: string; articleComments: boolean; articles: readonly Article[] };
  values?: CommentFormValues;
  errors?: readonly FieldError[];
  /** Signed form token; empty on the static page (the page script or the confirmation page supplies one). */
  formToken?: string;
  /** An attachment uploaded with an earlier post of this form and kept for this one. */
  keptAttachment?: { filename: string; size: number } | null;
  /** Heading level of the form's section headings inside the page (default 3). */
  headingLevel?: 2 | 3;
}

/** 4 MB, 1.2 MB, 380 KB */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} 字节`;
}

export const ATTACHMENT_HINT = `可上传 1 个文件：PDF、Word（.doc、.docx）或图片（JPG、PNG、WebP），不超过 ${formatBytes(ATTACHMENT_MAX_BYTES)}。`;

export const PRIVACY_NOTICE = [
  '您填写的姓名（单位名称）和联系方式仅供承办部门就您的意见与您联系，不在网站公开，也不提供给其他单位或个人。',
  '意见内容可能以摘要方式写入征集情况说明并公开，公开时不含姓名和联系方式；附件仅承办部门可见。',
  '填写电子邮箱的，系统将向该邮箱发送一封回执邮件（不含意见内容）。',
  '征集结束后，网站公开全部意见的“核验码”清单，用于核对意见是否被计入，核验码不能反推出意见内容或提交人身份。',
];

const id = (field: string) => `cf-${field}`;

function errorFor(errors: readonly FieldError[], field: string): FieldError | undefined {
  return errors.find((e) => e.field === field);
}

function describedBy(...ids: (string | false | undefined)[]): string {
  const list = ids.filter((x): x is string => typeof x === 'string' && x !== '');
  return list.length ? ` aria-describedby="${list.join(' ')}"` : '';
}

function errorLine(error: FieldError | undefined, field: string): string {
  return error ? `<p class="form-error" id="${id(field)}-error"><span class="visually-hidden">错误：</span>${escapeHtml(error.message)}</p>` : '';
}

/** Error summary (GOV.UK pattern): every error once, linked to its field. */
function errorSummary(errors: readonly FieldError[]): string {
  if (errors.length === 0) return '';
  const items = errors
    .map((e) => {
      const target = e.field === 'form' ? '' : `#${id(e.field === FIELD.submitterType ? `${FIELD.submitterType}-0` : e.field)}`;
      return `<li>${target ? `<a href="${target}">${escapeHtml(e.message)}</a>` : escapeHtml(e.message)}</li>`;
    })
    .join('');
  return `<div class="notice notice--danger cf-error-summary" role="alert" tabindex="-1" id="cf-errors" autofocus><p class="notice__title">提交未成功，请修改以下 ${errors.length} 处内容：</p><ul>${items}</ul></div>`;
}

export function renderCommentForm(view: CommentFormView): string {
  const v = view.values ?? {};
  const errors = view.errors ?? [];
  const c = view.consultation;
  const h = `h${view.headingLevel ?? 3}`;
  const err = (field: string) => errorFor(errors, field);
  const invalid = (field: string) => (err(field) ? ' aria-invalid="true"' : '');

  const article =
    c.articleComments && c.articles.length > 0
      ? `<div class="form-field">
<label class="form-label" for="${id(FIELD.article)}">针对的条款（选填）</label>
<p class="form-hint" id="${id(FIELD.article)}-hint">可选择意见针对征求意见稿的哪一条；不选择即为针对全文的意见。</p>
${errorLine(err(FIELD.article), FIELD.article)}
<select id="${id(FIELD.article)}" name="${FIELD.article}"${invalid(FIELD.article)}${describedBy(`${id(FIELD.article)}-hint`, err(FIELD.article) && `${id(FIELD.article)}-error`)}>
<option value="">针对全文（不针对具体条款）</option>
${c.articles.map((a) => `<option value="${a.number}"${v.article === String(a.number) || v.article === a.label ? ' selected' : ''}>${escapeHtml(a.label)}</option>`).join('\n')}
</select>
</div>`
      : '';

  const types = SUBMITTER_TYPES.map((t, i) => {
    const checked = (v.submitterType ?? '个人') === t ? ' checked' : '';
    return `<div class="form-check"><input type="radio" id="${id(`${FIELD.submitterType}-${i}`)}" name="${FIELD.submitterType}" value="${t}"${checked}${invalid(FIELD.submitterType)}><label for="${id(`${FIELD.submitterType}-${i}`)}">${t}</label></div>`;
  }).join('\n');

  const kept = view.keptAttachment;
  const keptLine = kept
    ? `<p class="form-hint cf-kept">已收到您上次选择的附件“${escapeHtml(kept.filename)}”（${formatBytes(kept.size)}），将随本次意见一并提交；如需更换，请重新选择文件。</p>
<div class="form-check"><input type="checkbox" id="${id(FIELD.dropAttachment)}" name="${FIELD.dropAttachment}" value="yes"><label for="${id(FIELD.dropAttachment)}">不提交这个附件</label></div>`
    : '';

  return `<form class="cf" method="post" action="${COMMENTS_ENDPOINT}" enctype="multipart/form-data" accept-charset="UTF-8" data-comment-form data-token-endpoint="${TOKEN_ENDPOINT}" data-consultation="${escapeHtml(c.id)}">
${errorSummary(errors)}
<input type="hidden" name="${FIELD.consultation}" value="${escapeHtml(c.id)}">
<input type="hidden" name="${FIELD.formToken}" value="${escapeHtml(view.formToken ?? '')}">
<p class="form-hint">标有<span class="form-required">（必填）</span>的为必填项，其余为选填。</p>
${article}
<div class="form-field">
<label class="form-label" for="${id(FIELD.text)}">意见内容<span class="form-required">（必填）</span></label>
<p class="form-hint" id="${id(FIELD.text)}-hint">请填写 ${TEXT_MIN_CHARS} 至 ${TEXT_MAX_CHARS} 字。较长的意见可作为附件上传。<span class="cf-count" data-char-count data-min="${TEXT_MIN_CHARS}" data-max="${TEXT_MAX_CHARS}" aria-live="polite"></span></p>
${errorLine(err(FIELD.text), FIELD.text)}
<textarea id="${id(FIELD.text)}" name="${FIELD.text}" rows="10" required${invalid(FIELD.text)}${describedBy(`${id(FIELD.text)}-hint`, err(FIELD.text) && `${id(FIELD.text)}-error`)}>${escapeHtml(v.text ?? '')}</textarea>
</div>
<fieldset class="form-group"${describedBy(err(FIELD.submitterType) && `${id(FIELD.submitterType)}-error`)}>
<legend>提交人类型<span class="form-required">（必填）</span></legend>
${errorLine(err(FIELD.submitterType), FIELD.submitterType)}
${types}
</fieldset>
<div class="form-field">
<label class="form-label" for="${id(FIELD.name)}">姓名或单位名称（选填）</label>
<p class="form-hint" id="${id(FIELD.name)}-hint">不超过 ${NAME_MAX_CHARS} 字；选择“匿名”时请不要填写。</p>
${errorLine(err(FIELD.name), FIELD.name)}
<input type="text" id="${id(FIELD.name)}" name="${FIELD.name}" value="${escapeHtml(v.name ?? '')}" autocomplete="name"${invalid(FIELD.name)}${describedBy(`${id(FIELD.name)}-hint`, err(FIELD.name) && `${id(FIELD.name)}-error`)}>
</div>
<div class="form-field">
<label class="form-label" for="${id(FIELD.contact)}">联系方式（选填）</label>
<p class="form-hint" id="${id(FIELD.contact)}-hint">电子邮箱或电话号码，不超过 ${CONTACT_MAX_CHARS} 个字符。填写电子邮箱的，将收到回执邮件。</p>
${errorLine(err(FIELD.contact), FIELD.contact)}
<input type="text" id="${id(FIELD.contact)}" name="${FIELD.contact}" value="${escapeHtml(v.contact ?? '')}" autocomplete="email" inputmode="email"${invalid(FIELD.contact)}${describedBy(`${id(FIELD.contact)}-hint`, err(FIELD.contact) && `${id(FIELD.contact)}-error`)}>
</div>
<div class="form-field">
<label class="form-label" for="${id(FIELD.attachment)}">附件（选填）</label>
<p class="form-hint" id="${id(FIELD.attachment)}-hint">${ATTACHMENT_HINT}</p>
${keptLine}
${errorLine(err(FIELD.attachment), FIELD.attachment)}
<input type="file" id="${id(FIELD.attachment)}" name="${FIELD.attachment}" accept="${ATTACHMENT_ACCEPT}"${invalid(FIELD.attachment)}${describedBy(`${id(FIELD.attachment)}-hint`, err(FIELD.attachment) && `${id(FIELD.attachment)}-error`)}>
</div>
<div class="cf-hp" aria-hidden="true">
<label for="${id(FIELD.honeypot)}">网址（请勿填写此项）</label>
<input type="text" id="${id(FIELD.honeypot)}" name="${FIELD.honeypot}" value="" tabindex="-1" autocomplete="off">
</div>
<div class="form-field">
<${h} class="cf-privacy-title" id="cf-privacy">个人信息保护说明</${h}>
<ul class="form-hint cf-privacy">${PRIVACY_NOTICE.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul>
${errorLine(err(FIELD.consent), FIELD.consent)}
<div class="form-check"><input type="checkbox" id="${id(FIELD.consent)}" name="${FIELD.consent}" value="yes" required${v.consent ? ' checked' : ''}${invalid(FIELD.consent)}${describedBy('cf-privacy', err(FIELD.consent) && `${id(FIELD.consent)}-error`)}><label for="${id(FIELD.consent)}">我已阅读并同意上述个人信息保护说明<span class="form-required">（必填）</span></label></div>
</div>
<div class="button-row"><button type="submit" class="button">提交意见</button></div>
<p class="cf-status" data-form-status role="status" aria-live="polite"></p>
</form>`;
}
