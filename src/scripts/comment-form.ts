/**
 * Enhances the comment form (form[data-comment-form], markup from
 * src/server/comment-form-markup.ts). Without this script the form still
 * works: it posts to /api/comments and the function answers with pages.
 *
 * - fetches a form token when the page loads (GET /api/comments/token), so
 *   the first click stores the comment instead of asking to confirm;
 * - counts characters as the function does and says how many are left;
 * - refuses an attachment over the size limit before uploading it;
 * - submits without leaving the page: the receipt, or the errors next to
 *   their fields. Anything unexpected falls back to the normal form post.
 */
import { ATTACHMENT_MAX_BYTES, TEXT_MAX_CHARS, TEXT_MIN_CHARS, countChars, normaliseText } from '../lib/comment-limits.ts';

interface FieldError {
  field: string;
  code: string;
  message: string;
}

function escape(text: string): string {
  const d = document.createElement('div');
  d.textContent = text;
  return d.innerHTML;
}

function enhance(form: HTMLFormElement): void {
  const token = form.querySelector<HTMLInputElement>('input[name="formToken"]');
  const text = form.querySelector<HTMLTextAreaElement>('textarea[name="text"]');
  const counter = form.querySelector<HTMLElement>('[data-char-count]');
  const file = form.querySelector<HTMLInputElement>('input[name="attachment"]');
  const status = form.querySelector<HTMLElement>('[data-form-status]');
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
  const endpoint = form.dataset.tokenEndpoint;
  const consultation = form.dataset.consultation ?? '';

  if (token && !token.value && endpoint) {
    fetch(`${endpoint}?consultation=${encodeURIComponent(consultation)}`, { headers: { accept: 'application/json' } })
      .then((r) => (r.ok ? r.json() : null))
      .then((body: { token?: string } | null) => {
        if (body?.token && !token.value) token.value = body.token;
      })
      .catch(() => {});
  }

  const updateCount = () => {
    if (!text || !counter) return;
    const n = countChars(normaliseText(text.value));
    counter.classList.toggle('cf-over', n > TEXT_MAX_CHARS);
    counter.textContent =
      n === 0 ? '' : n < TEXT_MIN_CHARS ? `已输入 ${n} 字，还需至少 ${TEXT_MIN_CHARS - n} 字。` : n > TEXT_MAX_CHARS ? `已输入 ${n} 字，超出 ${n - TEXT_MAX_CHARS} 字。` : `已输入 ${n} 字，还可输入 ${TEXT_MAX_CHARS - n} 字。`;
  };
  let timer: number | undefined;
  text?.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(updateCount, 400);
  });
  updateCount();

  const clearErrors = () => {
    form.querySelector('.cf-error-summary')?.remove();
    for (const el of form.querySelectorAll('.form-error[data-js]')) el.remove();
    for (const el of form.querySelectorAll('[aria-invalid="true"]')) el.removeAttribute('aria-invalid');
  };

  const showErrors = (errors: FieldError[]) => {
    clearErrors();
    for (const e of errors) {
      const control = e.field === 'submitterType' ? form.querySelector<HTMLElement>('fieldset') : form.querySelector<HTMLElement>(`#cf-${e.field}`);
      if (!control) continue;
      const line = document.createElement('p');
      line.className = 'form-error';
      line.id = `cf-${e.field}-error`;
      line.dataset.js = '';
      line.innerHTML = `<span class="visually-hidden">错误：</span>${escape(e.message)}`;
      if (control.tagName === 'FIELDSET') control.querySelector('legend')?.after(line);
      else control.before(line);
      const target = control.tagName === 'FIELDSET' ? control.querySelector<HTMLElement>('input') : control;
      target?.setAttribute('aria-invalid', 'true');
      const described = (target?.getAttribute('aria-describedby') ?? '').split(' ').filter((x) => x && x !== line.id);
      target?.setAttribute('aria-describedby', [...described, line.id].join(' '));
    }
    const summary = document.createElement('div');
    summary.className = 'notice notice--danger cf-error-summary';
    summary.setAttribute('role', 'alert');
    summary.tabIndex = -1;
    const items = errors
      .map((e) => {
        const anchor = e.field === 'form' ? '' : e.field === 'submitterType' ? '#cf-submitterType-0' : `#cf-${e.field}`;
        return `<li>${anchor ? `<a href="${anchor}">${escape(e.message)}</a>` : escape(e.message)}</li>`;
      })
      .join('');
    summary.innerHTML = `<p class="notice__title">提交未成功，请修改以下 ${errors.length} 处内容：</p><ul>${items}</ul>`;
    form.prepend(summary);
    summary.focus();
  };

  form.addEventListener('submit', (event) => {
    const chosen = file?.files?.[0];
    if (chosen && chosen.size > ATTACHMENT_MAX_BYTES) {
      event.preventDefault();
      showErrors([{ field: 'attachment', code: 'attachment-too-large', message: `附件不能超过 ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MB，请压缩后重新选择。` }]);
      return;
    }
    if (!token?.value || typeof fetch !== 'function') return; // The server asks to confirm.
    event.preventDefault();
    if (button) button.disabled = true;
    if (status) status.textContent = '正在提交，请稍候……';
    fetch(form.action, { method: 'POST', body: new FormData(form), headers: { accept: 'application/json' } })
      .then(async (res) => {
        const body = (await res.json()) as { ok: boolean; code?: string; errors?: FieldError[]; receipt?: string; receiptUrl?: string; verificationCode?: string };
        if (res.ok && body.ok && body.receipt && body.receiptUrl) {
          const done = document.createElement('div');
          done.className = 'notice notice--success';
          done.setAttribute('role', 'status');
          done.tabIndex = -1;
          done.innerHTML = `<p class="notice__title">您的意见已提交成功，感谢您的参与。</p><p>回执编号：<strong>${escape(body.receipt)}</strong>。请记下或截图保存回执编号，凭它可以随时查询意见的接收情况。</p><p><a href="${escape(body.receiptUrl)}&amp;submitted=1">查看回执和核验码</a></p>`;
          form.replaceWith(done);
          done.focus();
          return;
        }
        if (res.status === 422 && body.errors?.length) {
          showErrors(body.errors);
          if (status) status.textContent = '';
          if (button) button.disabled = false;
          return;
        }
        // Tokens, rate limit, closed consultation, a resend…: the server's page explains it.
        HTMLFormElement.prototype.submit.call(form);
      })
      .catch(() => HTMLFormElement.prototype.submit.call(form));
  });
}

for (const form of document.querySelectorAll<HTMLFormElement>('form[data-comment-form]')) enhance(form);
