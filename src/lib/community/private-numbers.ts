/**
 * Numbers a community's public pages must not carry: mobile phone numbers (grid
 * workers' own phones) and resident identity card numbers (居民身份证号码). A public
 * contact is an office number: a landline with its area code, or a service hotline.
 * Pure; used by the schemas and the content check.
 */
import { findPersonalData, normalizeForScan } from '../pii-scan.ts';

export type PrivateNumberKind = 'mobile' | 'id-number';

export interface PrivateNumber {
  kind: PrivateNumberKind;
  value: string;
  /** 1-based line in the text. */
  line: number;
}

/**
 * 18-digit number (the last may be X) made of a region code, a birth date 18xx–20xx and a sequence:
 * checked by its shape, not its check digit, so that a mistyped number is refused too. 15-digit
 * numbers of the first generation (yymmdd birth date) as well.
 */
const ID_18 = /(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])/g;
const ID_15 = /(?<![0-9A-Za-z])[1-9]\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?![0-9A-Za-z])/g;

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Mobile numbers and identity card numbers in the text, in order. */
export function findPrivateNumbers(raw: string): PrivateNumber[] {
  const text = normalizeForScan(raw);
  const found: (PrivateNumber & { index: number })[] = [];
  for (const f of findPersonalData(text)) if (f.kind === 'mobile') found.push({ kind: 'mobile', value: f.value, line: f.line, index: text.indexOf(f.value) });
  for (const re of [ID_18, ID_15]) {
    for (const m of text.matchAll(re)) {
      if (found.some((f) => f.kind === 'id-number' && m.index >= f.index && m.index < f.index + f.value.length)) continue;
      found.push({ kind: 'id-number', value: m[0], line: lineOf(text, m.index), index: m.index });
    }
  }
  return found.sort((a, b) => a.index - b.index).map(({ kind, value, line }) => ({ kind, value, line }));
}

/** The editor's message for a number that must not be published. */
export function privateNumberMessage(n: PrivateNumber): string {
  return n.kind === 'mobile'
    ? `“${n.value}”是手机号码。社区公开信息只能写办公电话（带区号的固定电话或服务热线），不能公开网格员或居民的手机号码`
    : `“${n.value}”是居民身份证号码，不能公开。请删除，或只写姓名中的姓氏（如“张某”）`;
}

/** Short service numbers people call as they are (12345 政务服务便民热线, 12349, 110 …). */
const HOTLINE = /(?<!\d)(?:1\d{2}|1\d{4}|9\d{4})(?!\d)/;

/**
 * An office number: a landline with its area code (0937-5550301) or a short hotline (12345),
 * and no mobile or identity card number anywhere in the text.
 */
export function isOfficeNumber(text: string): boolean {
  if (findPrivateNumbers(text).length > 0) return false;
  return findPersonalData(text).some((f) => f.kind === 'landline') || HOTLINE.test(normalizeForScan(text));
}
