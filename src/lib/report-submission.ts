/**
 * The rules for a public report (线索和监督) about black-odorous water: which
 * fields the form sends, their limits, the Chinese message for every way a field
 * can be wrong, and the receipt number. The same limits are printed on the form
 * (src/components/remediation/ReportForm.astro) and enforced by the report
 * function (src/server/report-submit.ts). Pure; "today" comes from the caller.
 *
 * Counting, contact parsing and the photo cap are the comment system's own
 * (comment-limits.ts, comment-submission.ts): one rule for both forms.
 */
import { ATTACHMENT_MAX_BYTES, normaliseText } from './comment-limits.ts';
import { parseContact, type ContactDetail, type FieldError } from './comment-submission.ts';
import type { AttachmentKind } from './attachment-type.ts';
import { RECEIPT_PREFIXES, base32FromBytes, checkCharacter } from './receipt-number.ts';
import { addDays, isCalendarDate, type CalendarDate } from './time.ts';
import { checkFreeText, type FreeTextProblem } from './visible-text.ts';

export type { ContactDetail, FieldError };

/** Form field names: the same in the HTML form, the function, the record and the tests. */
export const REPORT_FIELD = {
  waterBody: 'waterBody',
  kind: 'kind',
  what: 'what',
  where: 'where',
  latitude: 'latitude',
  longitude: 'longitude',
  seen: 'seen',
  contact: 'contact',
  photo: 'photo',
  /** Honeypot: hidden from people and assistive technology; only robots fill it. */
  honeypot: 'website',
} as const;

export const REPORT_TEXT_FIELDS: ReadonlySet<string> = new Set(Object.values(REPORT_FIELD).filter((f) => f !== REPORT_FIELD.photo));

export const REPORT_KINDS = ['污水直排', '水体黑臭', '垃圾漂浮', '施工问题', '其他'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const WHAT_MIN_CHARS = 5;
export const WHAT_MAX_CHARS = 2000;
export const WHERE_MIN_CHARS = 2;
export const WHERE_MAX_CHARS = 200;
/** How far back a sighting may be reported. */
export const SEEN_MAX_AGE_DAYS = 365;

/** Photos only (a report is about what can be seen); checked by content, never by name. */
export const REPORT_PHOTO_KINDS: readonly AttachmentKind[] = ['jpeg', 'png', 'webp'];
export const REPORT_PHOTO_ACCEPT = '.jpg,.jpeg,.png,.webp,image/jpeg,image/png,image/webp';
/** The comment system's cap (what a Netlify function body can carry), stated on the form. */
export const REPORT_PHOTO_MAX_BYTES = ATTACHMENT_MAX_BYTES;
export const REPORT_MULTIPART_MAX_BYTES = REPORT_PHOTO_MAX_BYTES + 64 * 1024;
export const REPORT_TEXT_BODY_MAX_BYTES = 32 * 1024;

/** Mainland China with its islands, generously: catches latitude and longitude typed the wrong way round. */
export const COORDINATE_BOUNDS = { latitude: [3, 54], longitude: [73, 136] } as const;

export const REPORT_MESSAGES = {
  'water-body-unknown': '所选水体不存在，请从治理进展栏目的水体页面提交，或选择“其他水体或不确定”',
  'kind-unknown': `问题类型应为 ${REPORT_KINDS.join('、')} 之一`,
  'what-required': '请填写发现的问题',
  'what-too-short': `问题描述至少需要 ${WHAT_MIN_CHARS} 个字`,
  'what-too-long': `问题描述不能超过 ${WHAT_MAX_CHARS} 个字`,
  'what-control-chars': '问题描述含有无法识别的控制字符，请删除后重新提交',
  'what-invisible': '问题描述没有可以看见的文字（只有空格、零宽字符或控制符等），请填写发现的问题',
  'where-required': '请填写具体位置，例如“玉带溪公园东门桥下排水口”',
  'where-too-short': `具体位置至少需要 ${WHERE_MIN_CHARS} 个字`,
  'where-too-long': `具体位置不能超过 ${WHERE_MAX_CHARS} 个字`,
  'where-single-line': '具体位置不能包含换行或控制字符',
  'where-bidi': '具体位置不能包含改变文字方向的控制字符（如 U+202E），请删除后重新提交',
  'where-invisible': '具体位置没有可以看见的文字，请填写具体位置',
  'coordinates-incomplete': '经纬度请同时填写纬度和经度，或者都不填',
  'coordinates-invalid': '经纬度应为十进制数字，例如 纬度 29.58、经度 105.06',
  'coordinates-out-of-range': `经纬度不在我国范围内（纬度 ${COORDINATE_BOUNDS.latitude[0]}～${COORDINATE_BOUNDS.latitude[1]}，经度 ${COORDINATE_BOUNDS.longitude[0]}～${COORDINATE_BOUNDS.longitude[1]}），请核对，是否把纬度和经度填反了`,
  'seen-required': '请填写发现日期',
  'seen-invalid': '发现日期格式不正确，请按“2026-11-28”的格式填写',
  'seen-future': '发现日期不能晚于今天',
  'seen-too-old': `只受理 ${SEEN_MAX_AGE_DAYS} 天以内发现的问题，更早的情况请拨打责任单位电话反映`,
  'contact-too-long': '联系方式不能超过 100 个字符',
  'contact-bidi': '联系方式不能包含改变文字方向的控制字符（如 U+202E），请删除后重新提交',
  'contact-invalid': '联系方式应为电子邮箱（例如 name@example.com）或电话号码（例如 13800138000、0832-1234567）',
  'photo-empty': '所选照片是空文件，请重新选择',
  'photo-too-large': '照片不能超过 4 MB，请压缩后重新选择',
  'photo-type': '照片格式不受支持：只接受 JPG、PNG 或 WebP 图片。系统按文件内容识别格式，仅修改扩展名无效',
  'unexpected-field': '表单含有无法识别的栏目，请从治理进展栏目的页面重新填写提交',
} as const;
export type ReportMessageCode = keyof typeof REPORT_MESSAGES;

export interface ReportFields {
  /** A water body id, or null for "another water body or not sure" (goes to the lead unit). */
  waterBody: string | null;
  kind: ReportKind;
  what: string;
  where: string;
  coordinates: { latitude: number; longitude: number } | null;
  seen: CalendarDate;
  contact: ContactDetail | null;
}

const DECIMAL_RE = /^[+-]?\d{1,3}(?:\.\d{1,8})?$/;

const WHAT_PROBLEMS: Record<FreeTextProblem, ReportMessageCode> = {
  empty: 'what-required',
  control: 'what-control-chars',
  bidi: 'what-control-chars',
  invisible: 'what-invisible',
  'too-short': 'what-too-short',
  'too-long': 'what-too-long',
};
const WHERE_PROBLEMS: Record<FreeTextProblem, ReportMessageCode> = {
  empty: 'where-required',
  control: 'where-single-line',
  bidi: 'where-bidi',
  invisible: 'where-invisible',
  'too-short': 'where-too-short',
  'too-long': 'where-too-long',
};

function error(field: string, code: ReportMessageCode): FieldError {
  return { field, code, message: REPORT_MESSAGES[code] };
}

/** Fields of a report form; `waterBodies` are the ids the site knows, `today` is Beijing's day. */
export function validateReport(
  fields: ReadonlyMap<string, string>,
  context: { waterBodies: ReadonlySet<string>; today: CalendarDate },
): { ok: true; value: ReportFields } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const get = (name: string) => (fields.get(name) ?? '').normalize('NFKC');
  // The photo comes as a file, never as a field.
  for (const name of fields.keys()) if (!REPORT_TEXT_FIELDS.has(name)) errors.push({ ...error('form', 'unexpected-field'), message: `${REPORT_MESSAGES['unexpected-field']}（${name.slice(0, 40)}）` });

  const bodyId = get(REPORT_FIELD.waterBody).trim();
  if (bodyId !== '' && !context.waterBodies.has(bodyId)) errors.push(error(REPORT_FIELD.waterBody, 'water-body-unknown'));

  const kindText = get(REPORT_FIELD.kind).trim() || '其他';
  const kind = (REPORT_KINDS as readonly string[]).includes(kindText) ? (kindText as ReportKind) : undefined;
  if (!kind) errors.push(error(REPORT_FIELD.kind, 'kind-unknown'));

  // The description keeps its line breaks; NFKC is not applied to free text (it would change what people wrote).
  const what = normaliseText(fields.get(REPORT_FIELD.what) ?? '');
  const whatCheck = checkFreeText(what, { singleLine: false, minVisible: WHAT_MIN_CHARS, maxChars: WHAT_MAX_CHARS });
  if (!whatCheck.ok) errors.push(error(REPORT_FIELD.what, WHAT_PROBLEMS[whatCheck.problem]));

  const where = (fields.get(REPORT_FIELD.where) ?? '').trim();
  const whereCheck = checkFreeText(where, { singleLine: true, minVisible: WHERE_MIN_CHARS, maxChars: WHERE_MAX_CHARS });
  if (!whereCheck.ok) errors.push(error(REPORT_FIELD.where, WHERE_PROBLEMS[whereCheck.problem]));

  let coordinates: ReportFields['coordinates'] = null;
  const lat = get(REPORT_FIELD.latitude).trim();
  const lon = get(REPORT_FIELD.longitude).trim();
  if (lat !== '' || lon !== '') {
    if (lat === '' || lon === '') errors.push(error(lat === '' ? REPORT_FIELD.latitude : REPORT_FIELD.longitude, 'coordinates-incomplete'));
    else if (!DECIMAL_RE.test(lat) || !DECIMAL_RE.test(lon)) errors.push(error(DECIMAL_RE.test(lat) ? REPORT_FIELD.longitude : REPORT_FIELD.latitude, 'coordinates-invalid'));
    else {
      const [la, lo] = [Number(lat), Number(lon)];
      const inside = (v: number, [min, max]: readonly [number, number]) => v >= min && v <= max;
      if (!inside(la, COORDINATE_BOUNDS.latitude) || !inside(lo, COORDINATE_BOUNDS.longitude)) errors.push(error(REPORT_FIELD.latitude, 'coordinates-out-of-range'));
      else coordinates = { latitude: la, longitude: lo };
    }
  }

  // <input type="date"> sends YYYY-MM-DD; people typing by hand may use 2026/11/28 or 2026.11.28.
  const seenText = get(REPORT_FIELD.seen).trim().replace(/[/.年月]/g, '-').replace(/日$/, '');
  const seenParts = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(seenText);
  const seen = seenParts ? `${seenParts[1]}-${seenParts[2]!.padStart(2, '0')}-${seenParts[3]!.padStart(2, '0')}` : '';
  if (seenText === '') errors.push(error(REPORT_FIELD.seen, 'seen-required'));
  else if (!isCalendarDate(seen)) errors.push(error(REPORT_FIELD.seen, 'seen-invalid'));
  else if (seen > context.today) errors.push(error(REPORT_FIELD.seen, 'seen-future'));
  else if (seen < addDays(context.today, -SEEN_MAX_AGE_DAYS)) errors.push(error(REPORT_FIELD.seen, 'seen-too-old'));

  let contact: ContactDetail | null = null;
  const contactText = (fields.get(REPORT_FIELD.contact) ?? '').trim();
  if (contactText !== '') {
    const line = checkFreeText(contactText, { singleLine: true, maxChars: 100 });
    const parsed = line.ok ? parseContact(contactText) : null;
    if (!line.ok && line.problem === 'too-long') errors.push(error(REPORT_FIELD.contact, 'contact-too-long'));
    else if (!line.ok && line.problem === 'bidi') errors.push(error(REPORT_FIELD.contact, 'contact-bidi'));
    else if (!parsed) errors.push(error(REPORT_FIELD.contact, 'contact-invalid'));
    else contact = parsed;
  }

  if (errors.length > 0 || !kind) return { ok: false, errors };
  return { ok: true, value: { waterBody: bodyId || null, kind, what, where, coordinates, seen, contact } };
}

export const REPORT_RECEIPT_PREFIX = RECEIPT_PREFIXES.report;
const REPORT_RECEIPT_RE = /^XS-(\d{8})-([0-9A-HJKMNP-TV-Z]{4})-([0-9A-HJKMNP-TV-Z]{4})$/;

/**
 * 线索回执编号 `XS-20261128-7K3Q-9F2M`: the comment receipts' format (Crockford base 32,
 * Luhn mod 32 check character) with its own prefix, from a day and at least 5 bytes.
 */
export function reportReceiptNumber(date: CalendarDate, bytes: Uint8Array): string {
  const digits = date.replaceAll('-', '');
  if (!isCalendarDate(date)) throw new RangeError(`Not a calendar date: ${date}`);
  const random = base32FromBytes(bytes, 7);
  return `${REPORT_RECEIPT_PREFIX}-${digits}-${random.slice(0, 4)}-${random.slice(4)}${checkCharacter(digits + random)}`;
}

export function isReportReceiptNumber(value: string): boolean {
  const m = REPORT_RECEIPT_RE.exec(value);
  if (!m) return false;
  const payload = `${m[1]}${m[2]}${m[3]!.slice(0, 3)}`;
  return checkCharacter(payload) === m[3]!.slice(3);
}

/** What makes two posts the same report: a double click or a resend gets the same receipt. */
export function reportFingerprintSource(f: ReportFields, photoSha256: string | null): string {
  return JSON.stringify([f.waterBody, f.kind, f.what, f.where, f.coordinates?.latitude ?? null, f.coordinates?.longitude ?? null, f.seen, f.contact?.value ?? null, photoSha256]);
}
