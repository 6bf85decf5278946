/**
 * Strict decoding of what browsers and API clients post: URL-encoded forms,
 * multipart forms (with at most one file) and JSON. Anything malformed —
 * bad percent escapes, bytes that are not UTF-8, a broken multipart body, a
 * field sent twice — is refused with a specific code instead of being
 * silently repaired, so what is stored is exactly what the person sent.
 * JSON is held to the same standard as the forms: text only (no numbers taken
 * for text), a key sent twice is refused, and so is a lone surrogate escape.
 */
import { parse as parseJsonTree } from '@humanwhocodes/momoa';
import { indexOfBytes } from './attachment-type.ts';

export type BodyErrorCode =
  | 'bad-percent-encoding'
  | 'invalid-utf8'
  | 'duplicate-field'
  | 'malformed-multipart'
  | 'too-many-parts'
  | 'too-many-files'
  | 'malformed-json'
  | 'invalid-utf16'
  | 'invalid-field-type';

export class BodyError extends Error {
  readonly code: BodyErrorCode;
  readonly field: string | undefined;
  constructor(code: BodyErrorCode, detail: string, field?: string) {
    super(detail);
    this.code = code;
    this.field = field;
  }
}

export interface UploadedFile {
  /** Form field name. */
  field: string;
  /** Name the browser sent (untrusted). */
  filename: string;
  data: Uint8Array;
}

export interface DecodedBody {
  fields: Map<string, string>;
  file: UploadedFile | null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeUtf8(bytes: Uint8Array, field?: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new BodyError('invalid-utf8', 'Not valid UTF-8', field);
  }
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** application/x-www-form-urlencoded component: `+` is a space, `%XX` a byte, UTF-8 throughout. */
function decodeFormComponent(raw: Uint8Array, field?: string): string {
  const out = new Uint8Array(raw.length);
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] ?? 0;
    if (c === 0x2b) {
      out[n++] = 0x20;
    } else if (c === 0x25) {
      const hi = hexValue(raw[i + 1] ?? -1);
      const lo = hexValue(raw[i + 2] ?? -1);
      if (hi < 0 || lo < 0) throw new BodyError('bad-percent-encoding', 'Bad percent escape', field);
      out[n++] = hi * 16 + lo;
      i += 2;
    } else {
      out[n++] = c;
    }
  }
  return decodeUtf8(out.subarray(0, n), field);
}

function putField(fields: Map<string, string>, name: string, value: string) {
  if (fields.has(name)) throw new BodyError('duplicate-field', `Field sent twice: ${name}`, name);
  fields.set(name, value);
}

export function decodeUrlEncoded(body: Uint8Array): DecodedBody {
  const fields = new Map<string, string>();
  let start = 0;
  while (start <= body.length) {
    let end = body.indexOf(0x26, start);
    if (end === -1) end = body.length;
    const pair = body.subarray(start, end);
    if (pair.length > 0) {
      const eq = pair.indexOf(0x3d);
      const name = decodeFormComponent(eq === -1 ? pair : pair.subarray(0, eq));
      const value = eq === -1 ? '' : decodeFormComponent(pair.subarray(eq + 1), name);
      putField(fields, name, value);
    }
    start = end + 1;
  }
  return { fields, file: null };
}

/**
 * Parameters of a header value such as `form-data; name="text"; filename="a.pdf"`.
 * `quotedPairs`: a backslash escapes the next character (RFC 9110, right for
 * Content-Type). Browsers do not write form-data names that way: they escape
 * quotes as %22 and send a backslash as it is (a Windows path), so the
 * multipart decoder reads quoted values literally.
 */
export function headerParams(value: string, quotedPairs = true): { type: string; params: Map<string, string> } {
  const params = new Map<string, string>();
  const semi = value.indexOf(';');
  const type = (semi === -1 ? value : value.slice(0, semi)).trim().toLowerCase();
  const re = quotedPairs ? /;\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/g : /;\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*(?:"([^"]*)"|([^;\s]*))/g;
  for (const m of value.matchAll(re)) {
    const key = (m[1] ?? '').toLowerCase();
    const raw = m[2] !== undefined ? (quotedPairs ? m[2].replace(/\\(.)/g, '$1') : m[2]) : (m[3] ?? '');
    if (!params.has(key)) params.set(key, raw);
  }
  return { type, params };
}

export interface MultipartLimits {
  maxParts: number;
  maxHeaderBytes: number;
}

const HEADER_END = new Uint8Array([0x0d, 0x0a, 0x0d, 0x0a]);

/**
 * multipart/form-data (RFC 7578) as browsers send it. Text parts become
 * fields; a part with a filename is the attachment (one at most). An empty
 * file input — a file part with no name and no bytes, as browsers send it —
 * is neither a file nor a field: the form simply has no file, and a text
 * field under the file input's name stays what it is, unexpected.
 */
export function decodeMultipart(body: Uint8Array, boundary: string, limits: MultipartLimits = { maxParts: 20, maxHeaderBytes: 4096 }): DecodedBody {
  if (!/^[0-9A-Za-z'()+_,\-./:=? ]{1,70}$/.test(boundary) || boundary.endsWith(' ')) {
    throw new BodyError('malformed-multipart', 'Bad boundary');
  }
  const dash = new TextEncoder().encode(`--${boundary}`);
  const delimiter = new TextEncoder().encode(`\r\n--${boundary}`);
  const fields = new Map<string, string>();
  let file: UploadedFile | null = null;
  /** Names of the empty file inputs: sent once each, like any field. */
  const emptyFiles = new Set<string>();
  const refuseRepeat = (name: string) => {
    if (fields.has(name) || file?.field === name || emptyFiles.has(name)) throw new BodyError('duplicate-field', `Field sent twice: ${name}`, name);
  };

  // The body starts with the first boundary (a preamble is allowed before a CRLF).
  let pos: number;
  if (indexOfBytes(body.subarray(0, dash.length), dash) === 0) {
    pos = dash.length;
  } else {
    const at = indexOfBytes(body, delimiter);
    if (at === -1) throw new BodyError('malformed-multipart', 'No boundary');
    pos = at + delimiter.length;
  }
  let parts = 0;
  for (;;) {
    // After a boundary: `--` ends the body, CRLF starts a part.
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) return { fields, file };
    // Some clients put spaces or tabs after the boundary (transport padding).
    while (body[pos] === 0x20 || body[pos] === 0x09) pos++;
    if (body[pos] !== 0x0d || body[pos + 1] !== 0x0a) throw new BodyError('malformed-multipart', 'Bad boundary line');
    pos += 2;
    if (++parts > limits.maxParts) throw new BodyError('too-many-parts', 'Too many parts');

    const headerEnd = indexOfBytes(body, HEADER_END, pos);
    if (headerEnd === -1 || headerEnd - pos > limits.maxHeaderBytes) throw new BodyError('malformed-multipart', 'Part headers not terminated');
    const headerText = decodeUtf8(body.subarray(pos, headerEnd));
    const contentStart = headerEnd + 4;
    const contentEnd = indexOfBytes(body, delimiter, contentStart);
    if (contentEnd === -1) throw new BodyError('malformed-multipart', 'Part not terminated');
    const content = body.subarray(contentStart, contentEnd);
    pos = contentEnd + delimiter.length;

    let disposition: string | undefined;
    let partType: string | undefined;
    for (const line of headerText.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon <= 0) throw new BodyError('malformed-multipart', 'Bad part header');
      const header = line.slice(0, colon).trim().toLowerCase();
      if (header === 'content-disposition') {
        if (disposition !== undefined) throw new BodyError('malformed-multipart', 'Two dispositions');
        disposition = line.slice(colon + 1);
      } else if (header === 'content-type') {
        partType = headerParams(line.slice(colon + 1)).type;
      }
    }
    if (disposition === undefined) throw new BodyError('malformed-multipart', 'Part without Content-Disposition');
    const { type, params } = headerParams(disposition, false);
    const name = unescapeFormDataName(params.get('name'));
    if (type !== 'form-data' || name === undefined || name === '') throw new BodyError('malformed-multipart', 'Part without a field name');

    const filename = params.has('filename*') ? decodeExtValue(params.get('filename*') ?? '') : unescapeFormDataName(params.get('filename'));
    // Browsers send an empty file input as filename="" with no bytes; Node's FormData leaves the
    // filename out and says only that the part is not text.
    const emptyFileInput = content.length === 0 && (filename === '' || (filename === undefined && partType !== undefined && partType !== 'text/plain'));
    if (emptyFileInput) {
      refuseRepeat(name);
      emptyFiles.add(name);
    } else if (filename === undefined) {
      refuseRepeat(name);
      fields.set(name, decodeUtf8(content, name));
    } else {
      if (file) throw new BodyError('too-many-files', 'More than one file');
      refuseRepeat(name);
      file = { field: name, filename, data: content };
    }
  }
}

/**
 * Browsers write a line feed, carriage return or quote in a field name or file
 * name as %0A, %0D, %22 (HTML's form-data encoding); the Fetch standard's
 * parser turns exactly those back, and so do we.
 */
function unescapeFormDataName(value: string | undefined): string | undefined {
  return value?.replace(/%0A|%0D|%22/g, (m) => (m === '%0A' ? '\n' : m === '%0D' ? '\r' : '"'));
}

/** RFC 8187 `UTF-8''%E6%84%8F%E8%A7%81.pdf`. */
function decodeExtValue(value: string): string {
  const m = /^([\w!#$%&+^`{}~-]+)'[^']*'(.*)$/.exec(value);
  if (!m || (m[1] ?? '').toLowerCase() !== 'utf-8') throw new BodyError('malformed-multipart', 'Bad extended filename');
  const raw = new TextEncoder().encode(m[2] ?? '');
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] !== 0x25) {
      bytes.push(raw[i] ?? 0);
      continue;
    }
    const hi = hexValue(raw[i + 1] ?? -1);
    const lo = hexValue(raw[i + 2] ?? -1);
    if (hi < 0 || lo < 0) throw new BodyError('bad-percent-encoding', 'Bad percent escape in filename');
    bytes.push(hi * 16 + lo);
    i += 2;
  }
  return decodeUtf8(Uint8Array.from(bytes));
}

export interface JsonFieldOptions {
  /** Fields that may be sent as JSON `true`/`false` (a checkbox: `true` is `yes`, `false` unticked). */
  booleanFields?: ReadonlySet<string>;
}

/**
 * A JSON object of fields, as strict as a form: every value is a string (or
 * `null`, the same as leaving the field out); booleans only for the fields
 * named in `booleanFields`; numbers, arrays and objects are refused rather
 * than turned into text. JSON.parse checks the grammar (RFC 8259); the syntax
 * tree is what tells a key sent twice, which JSON.parse silently resolves to
 * the last one. Escapes that leave a lone surrogate are refused, as the UTF-8
 * decoder refuses malformed bytes.
 */
export function decodeJson(body: Uint8Array, options: JsonFieldOptions = {}): DecodedBody {
  const text = decodeUtf8(body);
  let tree: ReturnType<typeof parseJsonTree>;
  try {
    JSON.parse(text);
    tree = parseJsonTree(text, { mode: 'json' });
  } catch {
    throw new BodyError('malformed-json', 'Not JSON');
  }
  const root = tree.body;
  if (root.type !== 'Object') throw new BodyError('malformed-json', 'Not a JSON object');
  const fields = new Map<string, string>();
  const seen = new Set<string>();
  for (const member of root.members) {
    const name = member.name.type === 'String' ? member.name.value : member.name.name;
    if (!name.isWellFormed()) throw new BodyError('invalid-utf16', 'Lone surrogate in a field name');
    if (seen.has(name)) throw new BodyError('duplicate-field', `Field sent twice: ${name}`, name);
    seen.add(name);
    const v = member.value;
    if (v.type === 'Null') continue;
    if (v.type === 'String') {
      if (!v.value.isWellFormed()) throw new BodyError('invalid-utf16', `Lone surrogate in ${name}`, name);
      fields.set(name, v.value);
    } else if (v.type === 'Boolean' && options.booleanFields?.has(name)) {
      fields.set(name, v.value ? 'yes' : '');
    } else {
      throw new BodyError('invalid-field-type', `Field ${name} is not text`, name);
    }
  }
  return { fields, file: null };
}
