/**
 * A letter as the form sends it, checked field by field, and the case it becomes.
 * The units a letter may be addressed to are the site's (the build lists them);
 * a letter to the leaders' mailbox goes to the disclosure office, which assigns it.
 */
import { parseContact, type ContactDetail, type FieldError } from '../comment-submission.ts';
import { checkFreeText } from '../visible-text.ts';
import { isLetterMailbox, isLetterPurpose, isLetterTopic, LETTER_MAILBOXES, LETTER_PURPOSES, LETTER_TOPICS, type LetterAddress } from './letters.ts';

export const LETTER_FIELD = {
  mailbox: 'mailbox',
  unit: 'unit',
  purpose: 'purpose',
  topic: 'topic',
  title: 'title',
  content: 'content',
  name: 'name',
  contact: 'contact',
  publish: 'publish',
  honeypot: 'website',
} as const;
export const LETTER_FIELDS: ReadonlySet<string> = new Set(Object.values(LETTER_FIELD));
export const LETTER_LIMITS = { title: 40, titleMin: 4, content: 3000, contentMin: 10, name: 50 } as const;
export const LETTER_BODY_MAX_BYTES = 32 * 1024;

export interface LetterFields extends LetterAddress {
  /** The unit's id when addressed to a unit's mailbox. */
  unit: string | null;
  title: string;
  content: string;
  name: string | null;
  contact: ContactDetail | null;
}

export type LetterValidation = { ok: true; value: LetterFields } | { ok: false; errors: FieldError[] };

export function validateLetter(fields: ReadonlyMap<string, string>, units: ReadonlySet<string>): LetterValidation {
  const errors: FieldError[] = [];
  const err = (field: string, code: string, message: string) => errors.push({ field, code, message });
  for (const name of fields.keys()) if (!LETTER_FIELDS.has(name)) err('form', 'unexpected-field', `表单中有无法识别的栏目“${name.slice(0, 40)}”，请从本网站的写信页面提交`);
  const get = (f: string) => (fields.get(f) ?? '').normalize('NFC').trim();

  const mailbox = get(LETTER_FIELD.mailbox);
  if (!isLetterMailbox(mailbox)) err(LETTER_FIELD.mailbox, 'mailbox-required', `请选择写信对象（${Object.values(LETTER_MAILBOXES).join('或')}）`);
  const unitId = get(LETTER_FIELD.unit);
  let unit: string | null = null;
  if (mailbox === 'unit') {
    if (units.has(unitId)) unit = unitId;
    else err(LETTER_FIELD.unit, 'unit-required', '请选择收信的部门');
  } else if (mailbox === 'leaders' && unitId !== '') err(LETTER_FIELD.unit, 'unit-not-expected', '写给领导信箱的信件无需选择部门，请清空“收信部门”');
  const purpose = get(LETTER_FIELD.purpose);
  if (!isLetterPurpose(purpose)) err(LETTER_FIELD.purpose, 'purpose-required', `请选择信件类别（${Object.values(LETTER_PURPOSES).join('、')}）`);
  const topic = get(LETTER_FIELD.topic);
  if (!isLetterTopic(topic)) err(LETTER_FIELD.topic, 'topic-required', '请选择信件涉及的领域');

  const title = get(LETTER_FIELD.title);
  const t = checkFreeText(title, { singleLine: true, maxChars: LETTER_LIMITS.title, minVisible: LETTER_LIMITS.titleMin });
  if (!t.ok) err(LETTER_FIELD.title, `title-${t.problem}`, t.problem === 'too-long' ? `标题不能超过 ${LETTER_LIMITS.title} 个字` : t.problem === 'too-short' ? `标题至少 ${LETTER_LIMITS.titleMin} 个字` : t.problem === 'empty' || t.problem === 'invisible' ? '请填写标题' : '标题不能包含换行或无法识别的控制字符');
  const content = get(LETTER_FIELD.content).replace(/\r\n?/g, '\n');
  const c = checkFreeText(content, { singleLine: false, maxChars: LETTER_LIMITS.content, minVisible: LETTER_LIMITS.contentMin });
  if (!c.ok) err(LETTER_FIELD.content, `content-${c.problem}`, c.problem === 'too-long' ? `信件内容不能超过 ${LETTER_LIMITS.content} 个字` : c.problem === 'too-short' ? `请具体写明反映的问题或建议（至少 ${LETTER_LIMITS.contentMin} 个字）` : c.problem === 'empty' || c.problem === 'invisible' ? '请填写信件内容' : '信件内容含有无法识别的控制字符，请删除后重新提交');

  const nameText = get(LETTER_FIELD.name);
  let name: string | null = null;
  if (nameText !== '') {
    const n = checkFreeText(nameText, { singleLine: true, maxChars: LETTER_LIMITS.name });
    if (n.ok) name = nameText;
    else err(LETTER_FIELD.name, 'name-invalid', `姓名不能超过 ${LETTER_LIMITS.name} 个字，且不能包含换行或控制字符`);
  }
  const contactText = get(LETTER_FIELD.contact);
  let contact: ContactDetail | null = null;
  if (contactText !== '') {
    contact = parseContact(contactText);
    if (!contact) err(LETTER_FIELD.contact, 'contact-invalid', '联系方式应为电子邮箱或电话号码，也可以不填（凭回执编号和查询码查看答复）');
  }
  const publish = get(LETTER_FIELD.publish);
  if (publish !== '' && publish !== 'yes') err(LETTER_FIELD.publish, 'publish-invalid', '“同意公开”只能勾选或不勾选');

  if (errors.length > 0 || !isLetterMailbox(mailbox) || !isLetterPurpose(purpose) || !isLetterTopic(topic)) return { ok: false, errors };
  return { ok: true, value: { mailbox, unit, purpose, topic, title, content: content.trim(), name, contact, publish: publish === 'yes' } };
}

export function letterSubmission(f: LetterFields, unitName: string): { label: string; value: string }[] {
  return [
    { label: '写信对象', value: f.mailbox === 'leaders' ? LETTER_MAILBOXES.leaders : `${LETTER_MAILBOXES.unit} · ${unitName}` },
    { label: '信件类别', value: LETTER_PURPOSES[f.purpose] },
    { label: '涉及领域', value: LETTER_TOPICS[f.topic] },
    { label: '标题', value: f.title },
    { label: '信件内容', value: f.content },
    ...(f.name ? [{ label: '姓名', value: f.name }] : []),
    ...(f.contact ? [{ label: '联系方式', value: f.contact.value }] : []),
    { label: '同意公开', value: f.publish ? '同意在去除个人信息后公开信件和答复' : '不同意公开' },
  ];
}

/** A queue line: the category and topic (the title may name people: it stays in the case). */
export function letterSubject(f: Pick<LetterFields, 'mailbox' | 'purpose' | 'topic'>): string {
  return `${LETTER_MAILBOXES[f.mailbox]} · ${LETTER_PURPOSES[f.purpose]} · ${LETTER_TOPICS[f.topic]}`;
}
