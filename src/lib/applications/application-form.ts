/**
 * An application for disclosure as the form sends it, checked field by field
 * (《政府信息公开条例》第二十九条: who applies, with identity document and
 * contact; a description of the information; how it is to be provided), and the
 * case it becomes. Each error names its field; messages are for the applicant.
 */
import { parseContact, type ContactDetail, type FieldError } from '../comment-submission.ts';
import { checkFreeText } from '../visible-text.ts';

export const APPLICATION_FIELD = {
  applicantType: 'applicantType',
  name: 'name',
  idType: 'idType',
  idNumber: 'idNumber',
  contact: 'contact',
  address: 'address',
  information: 'information',
  documentNumber: 'documentNumber',
  form: 'form',
  delivery: 'delivery',
  attachment: 'attachment',
  honeypot: 'website',
} as const;
export const APPLICATION_TEXT_FIELDS: ReadonlySet<string> = new Set(Object.values(APPLICATION_FIELD).filter((f) => f !== APPLICATION_FIELD.attachment));

export const APPLICANT_TYPES = { citizen: '公民', organisation: '法人或者其他组织' } as const;
export type ApplicantType = keyof typeof APPLICANT_TYPES;

export const ID_TYPES = {
  'resident-id': '居民身份证',
  passport: '护照',
  'hk-macao-permit': '港澳居民来往内地通行证',
  'taiwan-permit': '台湾居民来往大陆通行证',
  'credit-code': '统一社会信用代码',
  other: '其他有效证件',
} as const;
export type IdType = keyof typeof ID_TYPES;

/** 政府信息的形式要求：提供形式 and 获取方式. */
export const INFORMATION_FORMS = { paper: '纸质', electronic: '电子文档' } as const;
export type InformationForm = keyof typeof INFORMATION_FORMS;
export const DELIVERY_METHODS = { post: '邮寄', email: '电子邮件', pickup: '当面领取', online: '在本网站查看' } as const;
export type DeliveryMethod = keyof typeof DELIVERY_METHODS;

export const APPLICATION_LIMITS = { name: 50, idNumber: 40, address: 200, information: 2000, informationMin: 5, documentNumber: 100 } as const;
export const APPLICATION_TEXT_BODY_MAX_BYTES = 32 * 1024;

export interface ApplicationFields {
  applicantType: ApplicantType;
  name: string;
  idType: IdType;
  idNumber: string;
  contact: ContactDetail;
  address: string | null;
  information: string;
  documentNumber: string | null;
  form: InformationForm;
  delivery: DeliveryMethod;
}

const own = <T extends object>(table: T, value: string): value is Extract<keyof T, string> => Object.hasOwn(table, value);

/** 18-character resident identity number with its ISO 7064 check character (GB 11643). */
export function isResidentIdNumber(value: string): boolean {
  if (!/^\d{17}[\dX]$/.test(value)) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((s, w, i) => s + w * Number(value[i]), 0);
  return '10X98765432'[sum % 11] === value[17];
}

/** 18-character unified social credit code (GB 32100) with its check character. */
export function isCreditCode(value: string): boolean {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(value)) return false;
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = weights.reduce((s, w, i) => s + w * chars.indexOf(value[i]!), 0);
  return chars[(31 - (sum % 31)) % 31] === value[17];
}

export type ApplicationValidation = { ok: true; value: ApplicationFields } | { ok: false; errors: FieldError[] };

export function validateApplication(fields: ReadonlyMap<string, string>): ApplicationValidation {
  const errors: FieldError[] = [];
  const err = (field: string, code: string, message: string) => errors.push({ field, code, message });
  for (const name of fields.keys()) if (!APPLICATION_TEXT_FIELDS.has(name)) err('form', 'unexpected-field', `表单中有无法识别的栏目“${name.slice(0, 40)}”，请从本网站的申请页面提交`);
  const get = (f: string) => (fields.get(f) ?? '').normalize('NFC').trim();
  const line = (f: string, label: string, max: number, required: boolean): string | null => {
    const v = get(f);
    const check = checkFreeText(v, { singleLine: true, maxChars: max });
    if (check.ok) return v;
    if (check.problem === 'too-long') err(f, `${f}-too-long`, `${label}不能超过 ${max} 个字`);
    else if (check.problem === 'control' || check.problem === 'bidi') err(f, `${f}-control-chars`, `${label}不能包含换行或无法识别的控制字符`);
    else if (required) err(f, `${f}-required`, `请填写${label}`);
    return null;
  };

  const applicantType = get(APPLICATION_FIELD.applicantType);
  if (!own(APPLICANT_TYPES, applicantType)) err(APPLICATION_FIELD.applicantType, 'applicant-type-required', '请选择申请人类型（公民，或法人或者其他组织）');
  const name = line(APPLICATION_FIELD.name, applicantType === 'organisation' ? '单位名称' : '姓名', APPLICATION_LIMITS.name, true);
  const idType = get(APPLICATION_FIELD.idType);
  if (!own(ID_TYPES, idType)) err(APPLICATION_FIELD.idType, 'id-type-required', '请选择身份证明的证件类型');
  const idNumber = line(APPLICATION_FIELD.idNumber, '证件号码', APPLICATION_LIMITS.idNumber, true)?.toUpperCase() ?? null;
  if (idNumber && idType === 'resident-id' && !isResidentIdNumber(idNumber)) err(APPLICATION_FIELD.idNumber, 'id-number-invalid', '居民身份证号码应为 18 位，且校验位正确，请核对');
  if (idNumber && idType === 'credit-code' && !isCreditCode(idNumber)) err(APPLICATION_FIELD.idNumber, 'id-number-invalid', '统一社会信用代码应为 18 位，且校验位正确，请核对');
  if (applicantType === 'citizen' && idType === 'credit-code') err(APPLICATION_FIELD.idType, 'id-type-mismatch', '公民申请请选择个人证件');

  const contactText = line(APPLICATION_FIELD.contact, '联系方式', 100, true);
  const contact = contactText ? parseContact(contactText) : null;
  if (contactText && !contact) err(APPLICATION_FIELD.contact, 'contact-invalid', '联系方式应为电子邮箱或电话号码');
  const address = line(APPLICATION_FIELD.address, '通信地址', APPLICATION_LIMITS.address, false);

  const informationText = get(APPLICATION_FIELD.information).replace(/\r\n?/g, '\n');
  const info = checkFreeText(informationText, { singleLine: false, maxChars: APPLICATION_LIMITS.information, minVisible: APPLICATION_LIMITS.informationMin });
  if (!info.ok) {
    const messages: Record<string, string> = {
      'too-long': `所需信息的描述不能超过 ${APPLICATION_LIMITS.information} 个字`,
      'too-short': `请具体描述所需信息（至少 ${APPLICATION_LIMITS.informationMin} 个字），如名称、文号或便于查询的其他特征`,
      control: '所需信息的描述含有无法识别的控制字符，请删除后重新提交',
      bidi: '所需信息的描述含有无法识别的控制字符，请删除后重新提交',
    };
    err(APPLICATION_FIELD.information, `information-${info.problem}`, messages[info.problem] ?? '请填写所需政府信息的名称、文号或便于查询的其他特征性描述');
  }
  const documentNumber = line(APPLICATION_FIELD.documentNumber, '文号', APPLICATION_LIMITS.documentNumber, false);

  const form = get(APPLICATION_FIELD.form);
  if (!own(INFORMATION_FORMS, form)) err(APPLICATION_FIELD.form, 'form-required', '请选择信息的提供形式（纸质或电子文档）');
  const delivery = get(APPLICATION_FIELD.delivery);
  if (!own(DELIVERY_METHODS, delivery)) err(APPLICATION_FIELD.delivery, 'delivery-required', '请选择获取信息的方式');
  if (delivery === 'post' && !address) err(APPLICATION_FIELD.address, 'address-required', '选择邮寄的，请填写通信地址');
  if (delivery === 'email' && contact && contact.kind !== 'email') err(APPLICATION_FIELD.contact, 'email-required', '选择电子邮件获取的，联系方式请填写电子邮箱');
  if (delivery === 'email' && form === 'paper') err(APPLICATION_FIELD.form, 'form-mismatch', '纸质信息不能通过电子邮件提供，请改选提供形式或获取方式');

  if (errors.length > 0 || !name || !idNumber || !contact || !own(APPLICANT_TYPES, applicantType) || !own(ID_TYPES, idType) || !own(INFORMATION_FORMS, form) || !own(DELIVERY_METHODS, delivery)) return { ok: false, errors };
  return { ok: true, value: { applicantType, name, idType, idNumber, contact, address, information: informationText.trim(), documentNumber, form, delivery } };
}

/** The submission lines of the case, as staff read them (personal data: never published). */
export function applicationSubmission(f: ApplicationFields): { label: string; value: string }[] {
  return [
    { label: '申请人类型', value: APPLICANT_TYPES[f.applicantType] },
    { label: f.applicantType === 'organisation' ? '单位名称' : '姓名', value: f.name },
    { label: '身份证明', value: `${ID_TYPES[f.idType]} ${f.idNumber}` },
    { label: '联系方式', value: f.contact.value },
    ...(f.address ? [{ label: '通信地址', value: f.address }] : []),
    { label: '所需信息的描述', value: f.information },
    ...(f.documentNumber ? [{ label: '文号', value: f.documentNumber }] : []),
    { label: '提供形式', value: INFORMATION_FORMS[f.form] },
    { label: '获取方式', value: DELIVERY_METHODS[f.delivery] },
  ];
}

/** A queue line without personal data (the description may name the applicant: it stays in the case). */
export function applicationSubject(f: Pick<ApplicationFields, 'form' | 'delivery'>): string {
  return `政府信息公开申请 · ${INFORMATION_FORMS[f.form]} · ${DELIVERY_METHODS[f.delivery]}`;
}
