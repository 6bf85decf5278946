/**
 * Receipt numbers (回执编号) given to everyone who submits a comment, e.g.
 * `YJ-20261128-7K3Q-9F2M`, or a report (线索, `XS-…`): the prefix, the Beijing
 * date, seven random characters and one check character.
 *
 * Characters come from Crockford's base 32 (no I, L, O, U), so a number read
 * aloud or copied by hand is hard to get wrong; on input I/L are read as 1 and
 * O as 0. The check character is Luhn mod 32 over the date and the random
 * part: it catches every single mistyped character and every swap of two
 * neighbouring characters, so a mistyped number is refused before any lookup.
 */
import type { CalendarDate } from './time.ts';

/**
 * 意见 (comments), 线索 (public reports), and the other kinds of case — 依申请公开
 * applications, 投诉建议 letters, 回应关切 — each have their own prefix, one format.
 */
export const RECEIPT_PREFIXES = { comment: 'YJ', report: 'XS', application: 'SQ', letter: 'TS', concern: 'GQ' } as const;
export type ReceiptKind = keyof typeof RECEIPT_PREFIXES;
export const RECEIPT_PREFIX = RECEIPT_PREFIXES.comment;
export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Random characters in a receipt (35 bits). */
export const RECEIPT_RANDOM_LENGTH = 7;

const PREFIX_ALTERNATIVES = Object.values(RECEIPT_PREFIXES).join('|');
const RECEIPT_RE = new RegExp(`^(${PREFIX_ALTERNATIVES})-(\\d{8})-([0-9A-HJKMNP-TV-Z]{4})-([0-9A-HJKMNP-TV-Z]{4})$`);
const COMPACT_RE = new RegExp(`^(${PREFIX_ALTERNATIVES})(\\d{8})([0-9A-Z]{8})$`);
const KIND_OF_PREFIX = new Map(Object.entries(RECEIPT_PREFIXES).map(([kind, prefix]) => [prefix as string, kind as ReceiptKind]));

function codePoint(ch: string): number {
  const i = CROCKFORD_ALPHABET.indexOf(ch);
  if (i < 0) throw new RangeError(`Not a base-32 character: ${ch}`);
  return i;
}

/** Luhn mod 32 check character for a string of base-32 characters. */
export function checkCharacter(payload: string): string {
  const n = CROCKFORD_ALPHABET.length;
  let factor = 2;
  let sum = 0;
  for (let i = payload.length - 1; i >= 0; i--) {
    let addend = factor * codePoint(payload[i] ?? '');
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / n) + (addend % n);
    sum += addend;
  }
  return CROCKFORD_ALPHABET[(n - (sum % n)) % n] ?? '0';
}

function hasValidCheck(payloadWithCheck: string): boolean {
  const n = CROCKFORD_ALPHABET.length;
  let factor = 1;
  let sum = 0;
  for (let i = payloadWithCheck.length - 1; i >= 0; i--) {
    let addend = factor * codePoint(payloadWithCheck[i] ?? '');
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / n) + (addend % n);
    sum += addend;
  }
  return sum % n === 0;
}

/** Base-32 characters from the leading bits of `bytes` (5 bits each). */
export function base32FromBytes(bytes: Uint8Array, length: number): string {
  if (bytes.length * 8 < length * 5) throw new RangeError('Not enough bytes');
  let out = '';
  let buffer = 0;
  let bits = 0;
  let i = 0;
  while (out.length < length) {
    if (bits < 5) {
      buffer = ((buffer << 8) | (bytes[i++] ?? 0)) & 0xffff;
      bits += 8;
    }
    out += CROCKFORD_ALPHABET[(buffer >> (bits - 5)) & 31];
    bits -= 5;
  }
  return out;
}

/** The receipt number for a day and seven random base-32 characters (`kind` gives the prefix). */
export function formatReceiptNumber(date: CalendarDate, random: string, kind: ReceiptKind = 'comment'): string {
  const digits = date.replaceAll('-', '');
  if (!/^\d{8}$/.test(digits)) throw new RangeError(`Not a calendar date: ${date}`);
  if (random.length !== RECEIPT_RANDOM_LENGTH || [...random].some((c) => !CROCKFORD_ALPHABET.includes(c))) {
    throw new RangeError(`Not ${RECEIPT_RANDOM_LENGTH} base-32 characters: ${random}`);
  }
  const check = checkCharacter(digits + random);
  return `${RECEIPT_PREFIXES[kind]}-${digits}-${random.slice(0, 4)}-${random.slice(4)}${check}`;
}

/** A receipt number from a day and random bytes (at least 5). */
export function receiptNumberFromBytes(date: CalendarDate, bytes: Uint8Array, kind: ReceiptKind = 'comment'): string {
  return formatReceiptNumber(date, base32FromBytes(bytes, RECEIPT_RANDOM_LENGTH), kind);
}

export type ReceiptParse =
  | { ok: true; receipt: string; date: CalendarDate; kind: ReceiptKind }
  | { ok: false; reason: 'empty' | 'format' | 'check' };

/**
 * Reads a receipt number as people type it: any case, full-width characters,
 * spaces or missing hyphens, I/L for 1 and O for 0. Returns the canonical form.
 */
export function parseReceiptNumber(input: string): ReceiptParse {
  const compact = input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-‐‑‒–—―－_]/g, '');
  if (compact === '') return { ok: false, reason: 'empty' };
  const m = COMPACT_RE.exec(compact);
  if (!m) return { ok: false, reason: 'format' };
  const kind: ReceiptKind = KIND_OF_PREFIX.get(m[1] ?? '') ?? 'comment';
  const digits = m[2] ?? '';
  const tail = (m[3] ?? '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (tail.includes('U')) return { ok: false, reason: 'format' };
  const date = `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6)}`;
  const month = Number(digits.slice(4, 6));
  const day = Number(digits.slice(6));
  if (month < 1 || month > 12 || day < 1 || day > 31) return { ok: false, reason: 'format' };
  if (!hasValidCheck(digits + tail)) return { ok: false, reason: 'check' };
  const receipt = `${RECEIPT_PREFIXES[kind]}-${digits}-${tail.slice(0, 4)}-${tail.slice(4)}`;
  return RECEIPT_RE.test(receipt) ? { ok: true, receipt, date, kind } : { ok: false, reason: 'format' };
}
