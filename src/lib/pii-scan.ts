/**
 * Finds personal data a published site must not carry by accident: e-mail
 * addresses and Chinese phone numbers (mobile 1[3-9]x…, landline 0xx-xxxxxxxx),
 * other than the public contact details the site declares (site.yaml,
 * departments.yaml, content pages' channels and contacts).
 *
 * Text-level and deliberately strict about boundaries, so that ordinary numbers
 * are not taken for phones: a mobile number inside a longer run of digits or
 * letters (ids, hashes, timestamps) is not a phone, nor is a document number
 * (文号) like 京政发〔2020〕12号. An address inside an HTML attribute
 * (href="mailto:…", data-*) is found like any other.
 */

export type PersonalDataKind = 'email' | 'mobile' | 'landline';

export interface PersonalDataFinding {
  kind: PersonalDataKind;
  /** As written (after entity/width normalisation), e.g. "010-1234 5678". */
  value: string;
  /** Comparable form: e-mail lower-cased; phone digits with the 0 area prefix, e.g. "01012345678". */
  normalized: string;
  /** 1-based line of the match in the (normalised) text. */
  line: number;
  /** The match with a few characters either side, on one line. */
  context: string;
}

/** `@` written as an HTML entity, percent-encoded or full width. */
const ENCODED_AT = /&#0*64;|&#x0*40;|&commat;|%40|＠/gi;

/**
 * Full-width digits, letters and punctuation to ASCII (NFKC), and encoded `@`
 * to `@`, so that "０１０－１２３４５６７８" and "a&#64;b.cn" are found.
 */
export function normalizeForScan(text: string): string {
  return text.normalize('NFKC').replace(ENCODED_AT, '@').replace(/[－—–]/g, '-');
}

// Letters, digits and the characters that extend a token on either side.
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,63})@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])/g;
/** Top-level "domains" that are really file extensions: icon@2x.png is a file name. */
const FILE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'avif', 'ico', 'css', 'js', 'mjs', 'cjs', 'ts', 'json', 'xml', 'html', 'htm', 'pdf', 'map', 'woff', 'woff2', 'wasm', 'txt', 'md', 'mdx', 'csv', 'zip']);

const SEP = '[-\\s.]?';
/** Optional +86 / 0086 / 86- country prefix. */
const COUNTRY = '(?:(?:\\+|00)86' + SEP + '|86-)?';
const MOBILE = new RegExp(`(?<![A-Za-z0-9.+-])${COUNTRY}(1[3-9]\\d${SEP}\\d{4}${SEP}\\d{4})(?![A-Za-z0-9]|[-.]\\d)`, 'g');
/**
 * Area code 010, 02x, or 0xxx (also in brackets, or after +86 without its 0),
 * then a 7–8 digit local number that does not start with 0.
 */
const AREA = '0(?:10|2\\d|[3-9]\\d{2})';
const AREA_NO_ZERO = '(?:10|2\\d|[3-9]\\d{2})';
const LOCAL = `[1-9]\\d{2,3}${SEP}\\d{4}`;
const LANDLINE = new RegExp(
  `(?<![A-Za-z0-9.+-])(?:(?:\\+|00)86${SEP}\\(?(${AREA_NO_ZERO})\\)?|[(（]?(${AREA})[)）]?)\\s?${SEP}(${LOCAL})(?![A-Za-z0-9]|[-.]\\d{5})`,
  'g',
);

const digitsOf = (s: string) => s.replace(/\D/g, '');

function lineAndContext(text: string, index: number, length: number): { line: number; context: string } {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  const start = Math.max(0, index - 30);
  const end = Math.min(text.length, index + length + 30);
  const context = `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`.replace(/\s+/g, ' ');
  return { line, context };
}

/** Every e-mail address and phone number in the text, in order of appearance. */
export function findPersonalData(raw: string): PersonalDataFinding[] {
  const text = normalizeForScan(raw);
  const found: { kind: PersonalDataKind; value: string; normalized: string; index: number }[] = [];
  for (const m of text.matchAll(EMAIL)) {
    const tld = m[0].slice(m[0].lastIndexOf('.') + 1).toLowerCase();
    if (FILE_EXTENSIONS.has(tld)) continue;
    found.push({ kind: 'email', value: m[0], normalized: m[0].toLowerCase(), index: m.index });
  }
  const taken: [number, number][] = [];
  for (const m of text.matchAll(MOBILE)) {
    found.push({ kind: 'mobile', value: m[0], normalized: digitsOf(m[1]!), index: m.index });
    taken.push([m.index, m.index + m[0].length]);
  }
  for (const m of text.matchAll(LANDLINE)) {
    const end = m.index + m[0].length;
    if (taken.some(([s, e]) => m.index < e && end > s)) continue;
    const area = m[1] !== undefined ? `0${m[1]}` : m[2]!;
    found.push({ kind: 'landline', value: m[0], normalized: area + digitsOf(m[3]!), index: m.index });
  }
  return found
    .sort((a, b) => a.index - b.index)
    .map((f) => ({ kind: f.kind, value: f.value, normalized: f.normalized, ...lineAndContext(text, f.index, f.value.length) }));
}

/** The comparable forms of every address and number in some declared public contact details. */
export function publicContactSet(declared: Iterable<string>): Set<string> {
  const set = new Set<string>();
  for (const value of declared) for (const f of findPersonalData(value)) set.add(f.normalized);
  return set;
}

/** Findings in `text` that are not among the declared public contacts. */
export function findUndeclaredPersonalData(text: string, publicContacts: ReadonlySet<string>): PersonalDataFinding[] {
  return findPersonalData(text).filter((f) => !publicContacts.has(f.normalized));
}

/** Keys whose values (at any depth) are public contact details in site and content data. */
export const CONTACT_KEYS: ReadonlySet<string> = new Set(['contact', 'contacts', 'channels', 'phone', 'tel', 'telephone', 'mobile', 'email', 'mail', 'fax', 'hotline', 'supervision']);

/**
 * Every string under a contact key (CONTACT_KEYS) in parsed YAML/front matter;
 * with `all`, every string in the data (site.yaml and departments.yaml are
 * public contact directories as a whole).
 */
export function declaredContactStrings(data: unknown, all = false): string[] {
  const out: string[] = [];
  const walk = (value: unknown, inContact: boolean) => {
    if (typeof value === 'string' || typeof value === 'number') {
      if (inContact) out.push(String(value));
    } else if (Array.isArray(value)) {
      for (const v of value) walk(v, inContact);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, inContact || CONTACT_KEYS.has(k.toLowerCase()));
    }
  };
  walk(data, all);
  return out;
}

/**
 * The text of a built file as the scan should read it. Identifiers that only
 * look like addresses are left out:
 * - iCalendar: folded lines joined (RFC 5545 §3.1), UID values dropped
 *   ("<id>@<host>" is an event identifier by definition);
 * - CAP alerts: a <sender> on the site's own host (`ownHost`) is the issuing
 *   office's identifier ("sx-qxj@gongkai.example.gov.cn"), repeated in
 *   <references>; any other sender is scanned like the rest.
 */
export function scannableText(fileName: string, text: string, ownHost?: string): string {
  if (/\.ics$/i.test(fileName)) {
    return text
      .replace(/\r?\n[ \t]/g, '')
      .split(/\r?\n/)
      .filter((line) => !/^UID[:;]/i.test(line))
      .join('\n');
  }
  // CAP documents come as .xml files and embedded in the warnings' open data (.json).
  if (/\.(xml|json)$/i.test(fileName) && ownHost && text.includes('urn:oasis:names:tc:emergency:cap:')) {
    const host = ownHost.toLowerCase();
    // <references> repeats senders: "sender,identifier,sent" triplets separated by spaces.
    const ownIdentifier = /([^\s,<>@]+)@([^\s,<>]+)/g;
    return text.replace(/<(sender|references)>([^<]*)<\/\1>/g, (_whole, tag: string, value: string) =>
      `<${tag}>${value.replace(ownIdentifier, (id, _local: string, domain: string) => (domain.toLowerCase() === host ? '' : id))}</${tag}>`,
    );
  }
  return text;
}
