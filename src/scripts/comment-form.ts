/**
 * Enhances the comment form (form[data-comment-form], markup from
 * src/components/forms/CommentFormFields.astro). The form posts to /api/comments as it
 * does without this script, and the function answers with its pages: the
 * receipt, or the form again with each error next to its field (one markup
 * for both, rendered by the server). The script only adds:
 *
 * - a form token fetched when the page loads (GET /api/comments/token), so
 *   the first click stores the comment instead of asking to confirm;
 * - a count of characters, made as the function makes it, saying how many are left;
 * - a refusal of an attachment over the size limit before it is uploaded;
 * - a "submitting" note while the post is on its way.
 */
import { ATTACHMENT_MAX_BYTES, TEXT_MAX_CHARS, TEXT_MIN_CHARS, countChars, normaliseText } from '../lib/comment-limits.ts';

for (const form of document.querySelectorAll<HTMLFormElement>('form[data-comment-form]')) {
  const token = form.querySelector<HTMLInputElement>('input[name="formToken"]');
  const text = form.querySelector('textarea');
  const counter = form.querySelector<HTMLElement>('[data-char-count]');
  const file = form.querySelector<HTMLInputElement>('input[type="file"]');
  const status = form.querySelector('[data-form-status]');

  if (token && !token.value) {
    fetch(`${form.dataset['tokenEndpoint']}?consultation=${encodeURIComponent(form.dataset['consultation'] ?? '')}`)
      .then((r) => r.json())
      .then((body: { token?: string }) => {
        if (body.token && !token.value) token.value = body.token;
      })
      // Without a token the function asks to confirm: the form still works.
      .catch(() => {});
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  const count = () => {
    const n = countChars(normaliseText(text?.value ?? ''));
    if (!counter) return;
    counter.classList.toggle('cf-over', n > TEXT_MAX_CHARS);
    counter.textContent = !n
      ? ''
      : n < TEXT_MIN_CHARS
        ? `已输入 ${n} 字，还需至少 ${TEXT_MIN_CHARS - n} 字。`
        : n > TEXT_MAX_CHARS
          ? `已输入 ${n} 字，超出 ${n - TEXT_MAX_CHARS} 字。`
          : `已输入 ${n} 字，还可输入 ${TEXT_MAX_CHARS - n} 字。`;
  };
  text?.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(count, 400);
  });
  count();

  // The browser refuses to submit while the field is invalid and says why, next to the field.
  file?.addEventListener('change', () => {
    file.setCustomValidity((file.files?.[0]?.size ?? 0) > ATTACHMENT_MAX_BYTES ? `附件不能超过 ${ATTACHMENT_MAX_BYTES / 1048576} MB，请压缩后重新选择。` : '');
    file.reportValidity();
  });

  form.addEventListener('submit', () => {
    if (status) status.textContent = '正在提交，请稍候……';
  });
  // Back from the function's page (back/forward cache): the note no longer holds.
  addEventListener('pageshow', () => {
    if (status) status.textContent = '';
  });
}
