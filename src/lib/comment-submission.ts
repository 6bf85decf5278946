/**
 * The rules for one public comment on a consultation: which fields a form or
 * API client may send, their limits, and the Chinese message for every way a
 * field can be wrong. The same limits are printed on the form and enforced by
 * the comment function.
 */
import { z } from 'zod';
import type { Article } from './articles.ts';
import { ATTACHMENT_MAX_BYTES, CONTACT_MAX_CHARS, NAME_MAX_CHARS, TEXT_MAX_CHARS, TEXT_MIN_CHARS, countChars, normaliseText } from './comment-limits.ts';
import { checkFreeText } from './visible-text.ts';

export { ATTACHMENT_MAX_BYTES, CONTACT_MAX_CHARS, NAME_MAX_CHARS, TEXT_MAX_CHARS, TEXT_MIN_CHARS, countChars, normaliseText };

/** Whole multipart body: the attachment, the text fields and part headers. */
export const MULTIPART_BODY_MAX_BYTES = ATTACHMENT_MAX_BYTES + 96 * 1024;
/** URL-encoded or JSON body: 5,000 Chinese characters percent-encoded are 45 kB. */
export const TEXT_BODY_MAX_BYTES = 64 * 1024;

export const SUBMITTER_TYPES = ['个人', '企业', '社会组织', '匿名'] as const;
export type SubmitterType = (typeof SUBMITTER_TYPES)[number];

/** Form field names: the same names in the HTML form, the JSON API, the record and the tests. */
export const FIELD = {
  consultation: 'consultation',
  article: 'article',
  text: 'text',
  name: 'name',
  contact: 'contact',
  submitterType: 'submitterType',
  consent: 'consent',
  formToken: 'formToken',
  /** Honeypot: hidden from people and assistive technology; only robots fill it. */
  honeypot: 'website',
  attachment: 'attachment',
  /** On a re-shown form: do not keep the attachment uploaded before. */
  dropAttachment: 'dropAttachment',
} as const;

export const ALLOWED_FIELDS: ReadonlySet<string> = new Set(Object.values(FIELD));

export interface FieldError {
  /** Form field the message belongs to (`form` for the form as a whole). */
  field: string;
  code: string;
  message: string;
}

export type ContactDetail = { kind: 'email' | 'phone'; value: string };

export interface CommentFields {
  consultation: string;
  article: Article | null;
  text: string;
  name: string | null;
  contact: ContactDetail | null;
  submitterType: SubmitterType;
  consent: true;
  formToken: string | null;
  dropAttachment: boolean;
}

/** What the rules need to know about the consultation being commented on. */
export interface CommentTarget {
  articleComments: boolean;
  articles: readonly Article[];
}

const EMAIL_RE =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** A contact detail: an e-mail address or a mainland phone number (mobile, landline, 400/800). */
export function parseContact(input: string): ContactDetail | null {
  const value = input.normalize('NFKC').trim();
  if (value.includes('@')) {
    return EMAIL_RE.test(value) && !value.includes('..') && !value.startsWith('.') ? { kind: 'email', value } : null;
  }
  const digits = value.replace(/[\s\-()]/g, '').replace(/^(?:\+86|0086)/, '');
  const main = digits.replace(/(?:转|ext\.?|x)\d{1,6}$/i, '');
  if (/^1[3-9]\d{9}$/.test(main) || /^0\d{9,11}$/.test(main) || /^[48]00\d{7}$/.test(main)) return { kind: 'phone', value };
  return null;
}

/** Article chosen on the form: its number (`12`) or its label (`第十二条`). */
export function findArticle(articles: readonly Article[], input: string): Article | undefined {
  const v = input.trim();
  return articles.find((a) => String(a.number) === v || a.label === v);
}

export const MESSAGES = {
  'consultation-required': '缺少意见征集编号，请从意见征集页面提交意见',
  'text-required': '请填写意见内容',
  'text-too-short': `意见内容至少需要 ${TEXT_MIN_CHARS} 个字`,
  'text-too-long': `意见内容不能超过 ${TEXT_MAX_CHARS} 个字，较长的意见可以作为附件提交`,
  'text-control-chars': '意见内容含有无法识别的控制字符，请删除后重新提交',
  'text-invisible': '意见内容没有可以看见的文字（只有空格、零宽字符或控制符等），请填写意见内容',
  'name-too-long': `姓名或单位名称不能超过 ${NAME_MAX_CHARS} 个字`,
  'name-single-line': '姓名或单位名称不能包含换行或控制字符',
  'name-bidi': '姓名或单位名称不能包含改变文字方向的控制字符（如 U+202E），请删除后重新提交',
  'name-invisible': '姓名或单位名称没有可以看见的文字，请填写姓名或单位名称，或者不填',
  'contact-too-long': `联系方式不能超过 ${CONTACT_MAX_CHARS} 个字符`,
  'contact-single-line': '联系方式不能包含换行或控制字符',
  'contact-bidi': '联系方式不能包含改变文字方向的控制字符（如 U+202E），请删除后重新提交',
  'contact-invalid': '联系方式应为电子邮箱（例如 name@example.com）或电话号码（例如 13800138000、010-12345678）',
  'submitter-type-required': `请选择提交人类型（${SUBMITTER_TYPES.join('、')}）`,
  'anonymous-with-name': '选择“匿名”提交时，请不要填写姓名或单位名称',
  'anonymous-with-contact': '选择“匿名”提交时，请不要填写联系方式',
  'consent-required': '请阅读个人信息保护说明，并勾选“我已阅读并同意”',
  'article-not-allowed': '本次征集不接受针对具体条款的意见，请不要选择条款',
  'article-unknown': '征求意见稿中没有所选条款，请从列表中选择条款',
  'unexpected-field': '表单含有无法识别的字段，请从意见征集页面重新填写提交',
  'invalid-field-type': '字段内容应为文字',
} as const;

export type MessageCode = keyof typeof MESSAGES;

function issue(ctx: z.RefinementCtx, code: MessageCode, message: string = MESSAGES[code]) {
  ctx.addIssue({ code: 'custom', message, params: { code } });
}

const optionalLine = z.string().optional().transform((v) => {
  const t = (v ?? '').normalize('NFC').trim();
  return t === '' ? null : t;
});

/** The zod schema of a comment on one consultation (articles differ per consultation). */
export function commentSchema(target: CommentTarget) {
  return z
    .object({
      consultation: z.string().optional().transform((v) => (v ?? '').trim()),
      article: optionalLine,
      text: z.string().optional().transform((v) => normaliseText(v ?? '')),
      name: optionalLine,
      contact: optionalLine,
      submitterType: optionalLine,
      consent: z.string().optional(),
      formToken: optionalLine,
      dropAttachment: z.string().optional(),
      website: z.string().optional(),
    })
    .transform((raw, ctx): CommentFields => {
      if (raw.consultation === '') issue(ctx, 'consultation-required');

      const text = checkFreeText(raw.text, { singleLine: false, minVisible: TEXT_MIN_CHARS, maxChars: TEXT_MAX_CHARS });
      if (!text.ok) {
        if (text.problem === 'empty') issue(ctx, 'text-required');
        else if (text.problem === 'control') issue(ctx, 'text-control-chars');
        else if (text.problem === 'invisible') issue(ctx, 'text-invisible');
        else if (text.problem === 'too-short') issue(ctx, 'text-too-short', `${MESSAGES['text-too-short']}（现有 ${text.visible} 个字）`);
        else issue(ctx, 'text-too-long', `意见内容不能超过 ${TEXT_MAX_CHARS} 个字（现有 ${text.chars} 个字），较长的意见可以作为附件提交`);
      }

      if (raw.name !== null) {
        const name = checkFreeText(raw.name, { singleLine: true, maxChars: NAME_MAX_CHARS });
        if (!name.ok) issue(ctx, name.problem === 'control' ? 'name-single-line' : name.problem === 'bidi' ? 'name-bidi' : name.problem === 'too-long' ? 'name-too-long' : 'name-invisible');
      }

      let contact: ContactDetail | null = null;
      if (raw.contact !== null) {
        const line = checkFreeText(raw.contact, { singleLine: true, maxChars: CONTACT_MAX_CHARS });
        if (!line.ok) issue(ctx, line.problem === 'control' ? 'contact-single-line' : line.problem === 'bidi' ? 'contact-bidi' : line.problem === 'too-long' ? 'contact-too-long' : 'contact-invalid');
        else {
          contact = parseContact(raw.contact);
          if (!contact) issue(ctx, 'contact-invalid');
        }
      }

      const submitterType = SUBMITTER_TYPES.find((t) => t === raw.submitterType);
      if (!submitterType) issue(ctx, 'submitter-type-required');
      if (submitterType === '匿名') {
        if (raw.name !== null) issue(ctx, 'anonymous-with-name');
        if (raw.contact !== null) issue(ctx, 'anonymous-with-contact');
      }

      const consent = ['yes', 'on', 'true', '1', '同意'].includes((raw.consent ?? '').trim().toLowerCase());
      if (!consent) issue(ctx, 'consent-required');

      let article: Article | null = null;
      if (raw.article !== null) {
        if (!target.articleComments) issue(ctx, 'article-not-allowed');
        else {
          article = findArticle(target.articles, raw.article) ?? null;
          if (!article) issue(ctx, 'article-unknown');
        }
      }

      return {
        consultation: raw.consultation,
        article,
        text: raw.text,
        name: raw.name,
        contact,
        submitterType: submitterType ?? '个人',
        consent: true,
        formToken: raw.formToken,
        dropAttachment: ['yes', 'on', 'true', '1'].includes((raw.dropAttachment ?? '').trim().toLowerCase()),
      };
    });
}

/** Which field an issue code belongs to. */
const FIELD_OF: Record<MessageCode, string> = {
  'consultation-required': FIELD.consultation,
  'text-required': FIELD.text,
  'text-too-short': FIELD.text,
  'text-too-long': FIELD.text,
  'text-control-chars': FIELD.text,
  'text-invisible': FIELD.text,
  'name-too-long': FIELD.name,
  'name-single-line': FIELD.name,
  'name-bidi': FIELD.name,
  'name-invisible': FIELD.name,
  'contact-too-long': FIELD.contact,
  'contact-single-line': FIELD.contact,
  'contact-bidi': FIELD.contact,
  'contact-invalid': FIELD.contact,
  'submitter-type-required': FIELD.submitterType,
  'anonymous-with-name': FIELD.name,
  'anonymous-with-contact': FIELD.contact,
  'consent-required': FIELD.consent,
  'article-not-allowed': FIELD.article,
  'article-unknown': FIELD.article,
  'unexpected-field': 'form',
  'invalid-field-type': 'form',
};

export type CommentValidation = { ok: true; value: CommentFields } | { ok: false; errors: FieldError[] };

/**
 * Validates the decoded fields of a submission. Unknown fields are refused
 * (a form from this site never sends them); each error names its field.
 */
export function validateComment(fields: ReadonlyMap<string, string>, target: CommentTarget): CommentValidation {
  // The attachment comes as a file (DecodedBody.file), never as a field.
  const unexpected = [...fields.keys()].filter((k) => !ALLOWED_FIELDS.has(k) || k === FIELD.attachment);
  const input = Object.fromEntries([...fields].filter(([k]) => ALLOWED_FIELDS.has(k) && k !== FIELD.attachment));
  const result = commentSchema(target).safeParse(input);
  const errors: FieldError[] = unexpected.map((k) => ({
    field: 'form',
    code: 'unexpected-field',
    message: `${MESSAGES['unexpected-field']}（字段“${k.slice(0, 40)}”）`,
  }));
  if (!result.success) {
    for (const i of result.error.issues) {
      const code = (i as { params?: { code?: string } }).params?.code as MessageCode | undefined;
      if (code) errors.push({ field: FIELD_OF[code], code, message: i.message });
      else errors.push({ field: String(i.path[0] ?? 'form'), code: 'invalid-field-type', message: MESSAGES['invalid-field-type'] });
    }
  }
  if (errors.length > 0 || !result.success) return { ok: false, errors };
  return { ok: true, value: result.data };
}
