import { describe, expect, it } from 'vitest';
import { ATTACHMENT_MAX_BYTES, countChars, findArticle, parseContact, validateComment, type CommentTarget } from '../../src/lib/comment-submission.ts';
import { checkCharacter, formatReceiptNumber, parseReceiptNumber, receiptNumberFromBytes, CROCKFORD_ALPHABET } from '../../src/lib/receipt-number.ts';
import { reportReceiptNumber } from '../../src/lib/report-submission.ts';
import { csvCell, toCsv, neutraliseFormula } from '../../src/lib/csv.ts';
import { safeAttachmentName, sniffAttachment } from '../../src/lib/attachment-type.ts';
import { decide, parseRateLimit, slidingCount } from '../../src/lib/rate-limit.ts';
import { judgeToken } from '../../src/lib/form-token.ts';
import { headerLine, safeAddress } from '../../src/lib/mail-header.ts';
import { formatVerificationCode, normaliseVerificationCode } from '../../src/lib/receipt-ledger.ts';
import { BodyError, decodeJson, decodeMultipart, decodeUrlEncoded } from '../../src/lib/form-body.ts';

const target: CommentTarget = {
  articleComments: true,
  articles: [
    { number: 1, label: '第一条' },
    { number: 12, label: '第十二条' },
  ],
};

const valid = () =>
  new Map<string, string>([
    ['consultation', 'test-open'],
    ['text', '建议增加夜间开放时间。'],
    ['submitterType', '个人'],
    ['consent', 'yes'],
  ]);

describe('comment validation', () => {
  it('accepts a minimal comment and normalises its text', () => {
    const fields = valid();
    fields.set('text', '  第一行\r\n第二行意见  ');
    const r = validateComment(fields, target);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.text).toBe('第一行\n第二行意见');
      expect(r.value.article).toBeNull();
      expect(r.value.contact).toBeNull();
    }
  });

  it('counts characters, not bytes or UTF-16 units', () => {
    expect(countChars('意见')).toBe(2);
    expect(countChars('😀😀')).toBe(2);
    const fields = valid();
    fields.set('text', '很好很好'); // 4 < 5
    const r = validateComment(fields, target);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual([{ field: 'text', code: 'text-too-short', message: expect.stringContaining('现有 4 个字') }]);
    fields.set('text', '好'.repeat(5000));
    expect(validateComment(fields, target).ok).toBe(true);
    fields.set('text', '好'.repeat(5001));
    const long = validateComment(fields, target);
    expect(!long.ok && long.errors[0]?.code).toBe('text-too-long');
  });

  it('ties every error to its field with a Chinese message', () => {
    const r = validateComment(new Map([['consultation', 'x']]), target);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byField = Object.fromEntries(r.errors.map((e) => [e.field, e.code]));
    expect(byField).toEqual({ text: 'text-required', submitterType: 'submitter-type-required', consent: 'consent-required' });
    for (const e of r.errors) expect(e.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('refuses line breaks in single-line fields (header injection)', () => {
    const fields = valid();
    fields.set('name', '张三\r\nBcc: victim@example.com');
    fields.set('contact', 'a@example.com\r\nBcc: victim@example.com');
    const r = validateComment(fields, target);
    expect(!r.ok && r.errors.map((e) => e.code).sort()).toEqual(['contact-single-line', 'name-single-line']);
  });

  it('accepts articles only where the consultation allows them and the article exists', () => {
    const fields = valid();
    fields.set('article', '12');
    const r = validateComment(fields, target);
    expect(r.ok && r.value.article).toEqual({ number: 12, label: '第十二条' });
    fields.set('article', '第十二条');
    expect(validateComment(fields, target).ok).toBe(true);
    fields.set('article', '第九十九条');
    const unknown = validateComment(fields, target);
    expect(!unknown.ok && unknown.errors[0]?.code).toBe('article-unknown');
    fields.set('article', '1');
    const closed = validateComment(fields, { articleComments: false, articles: [] });
    expect(!closed.ok && closed.errors[0]?.code).toBe('article-not-allowed');
    expect(findArticle(target.articles, ' 1 ')?.label).toBe('第一条');
  });

  it('refuses unknown fields, and a filled text field posing as the attachment', () => {
    const fields = valid();
    fields.set('isAdmin', 'true');
    fields.set('attachment', 'not a file');
    const r = validateComment(fields, target);
    expect(!r.ok && r.errors.map((e) => e.code)).toEqual(['unexpected-field', 'unexpected-field']);
    // Even empty: an empty file input never reaches the fields (decodeMultipart), a text field does.
    const empty = valid();
    empty.set('attachment', '');
    const refused = validateComment(empty, target);
    expect(!refused.ok && refused.errors.map((e) => e.code)).toEqual(['unexpected-field']);
  });

  it('keeps anonymous comments anonymous', () => {
    const fields = valid();
    fields.set('submitterType', '匿名');
    fields.set('name', '张三');
    const r = validateComment(fields, target);
    expect(!r.ok && r.errors[0]).toMatchObject({ field: 'name', code: 'anonymous-with-name' });
  });

  it('reads contact details as e-mail or mainland phone numbers', () => {
    expect(parseContact('zhang@example.com')).toEqual({ kind: 'email', value: 'zhang@example.com' });
    expect(parseContact('138 0013 8000')?.kind).toBe('phone');
    expect(parseContact('+86 13800138000')?.kind).toBe('phone');
    expect(parseContact('010-12345678')?.kind).toBe('phone');
    expect(parseContact('400-810-8888')?.kind).toBe('phone');
    expect(parseContact('１３８００１３８０００')?.kind).toBe('phone');
    expect(parseContact('12345')).toBeNull();
    expect(parseContact('a@b')).toBeNull();
    expect(parseContact('a..b@example.com')).toBeNull();
    expect(parseContact('<a@example.com>')).toBeNull();
  });

  it('keeps the attachment cap below the platform limit after base64', () => {
    expect(Math.ceil((ATTACHMENT_MAX_BYTES + 96 * 1024) / 3) * 4).toBeLessThan(6_000_000);
  });
});

describe('receipt numbers', () => {
  it('formats and parses the canonical form', () => {
    const r = formatReceiptNumber('2026-11-28', '7K3Q9F2');
    expect(r).toMatch(/^YJ-20261128-7K3Q-9F2[0-9A-Z]$/);
    expect(parseReceiptNumber(r)).toEqual({ ok: true, receipt: r, date: '2026-11-28', kind: 'comment' });
  });

  it('reads report receipts (XS-…) too, with the same check, and no other prefix', () => {
    const r = reportReceiptNumber('2026-11-28', new Uint8Array([9, 8, 7, 6, 5]));
    expect(parseReceiptNumber(r.toLowerCase())).toEqual({ ok: true, receipt: r, date: '2026-11-28', kind: 'report' });
    expect(parseReceiptNumber(r.replace(/.$/, (c) => (c === '0' ? '1' : '0')))).toEqual({ ok: false, reason: 'check' });
    expect(parseReceiptNumber(r.replace(/^XS/, 'ZZ'))).toEqual({ ok: false, reason: 'format' });
  });

  it('reads what people type: case, spaces, full-width, I/L/O', () => {
    const r = formatReceiptNumber('2026-11-28', '10K3Q9F');
    const typed = r.toLowerCase().replaceAll('-', ' ').replace('10', 'lo');
    expect(parseReceiptNumber(typed)).toMatchObject({ ok: true, receipt: r });
    const fullWidth = r.replace(/[A-Z0-9-]/g, (c) => String.fromCharCode(c === '-' ? 0xff0d : c.charCodeAt(0) + 0xfee0));
    expect(parseReceiptNumber(fullWidth)).toMatchObject({ ok: true, receipt: r });
  });

  it('detects every single-character error and every adjacent swap', () => {
    const r = formatReceiptNumber('2026-11-28', 'ABCDEFG');
    const chars = r.replaceAll('-', '').slice(2).split('');
    let detected = 0;
    let total = 0;
    for (let i = 0; i < chars.length; i++) {
      for (const c of CROCKFORD_ALPHABET) {
        if (c === chars[i] || (i < 8 && !/\d/.test(c))) continue;
        const copy = [...chars];
        copy[i] = c;
        total++;
        if (!parseReceiptNumber('YJ' + copy.join('')).ok) detected++;
      }
      if (i + 1 < chars.length && chars[i] !== chars[i + 1]) {
        const swapped = [...chars];
        [swapped[i], swapped[i + 1]] = [swapped[i + 1] ?? '', swapped[i] ?? ''];
        total++;
        if (!parseReceiptNumber('YJ' + swapped.join('')).ok) detected++;
      }
    }
    expect(detected).toBe(total);
  });

  it('refuses wrong shapes', () => {
    expect(parseReceiptNumber('')).toEqual({ ok: false, reason: 'empty' });
    expect(parseReceiptNumber('YJ-2026-1128')).toEqual({ ok: false, reason: 'format' });
    expect(parseReceiptNumber('YJ-20261328-AAAA-AAAA').ok).toBe(false);
    expect(checkCharacter('0')).toBe('0');
  });

  it('derives from random bytes', () => {
    const r = receiptNumberFromBytes('2026-01-02', new Uint8Array([255, 0, 255, 0, 255]));
    expect(parseReceiptNumber(r).ok).toBe(true);
    expect(r.startsWith('YJ-20260102-ZW0F')).toBe(true);
  });
});

describe('CSV', () => {
  it('neutralises formulas and quotes every cell', () => {
    expect(neutraliseFormula('=HYPERLINK("http://x")')).toBe(`'=HYPERLINK("http://x")`);
    for (const lead of ['=', '+', '-', '@', '\t', '\r', '＝']) expect(csvCell(`${lead}1`)).toBe(`"'${lead}1"`);
    expect(csvCell('普通意见, 含 "引号"\n换行')).toBe('"普通意见, 含 ""引号""\n换行"');
    expect(csvCell(null)).toBe('""');
    const doc = toCsv(['a', 'b'], [['1', '=2']]);
    expect(doc.startsWith('\uFEFF"a","b"\r\n')).toBe(true);
    expect(doc.endsWith(`"1","'=2"\r\n`)).toBe(true);
  });
});

describe('attachment sniffing', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  const cat = (...parts: (Uint8Array | number[])[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
  it('decides by content, not by name', () => {
    expect(sniffAttachment(enc('%PDF-1.7\n...'))).toBe('pdf');
    expect(sniffAttachment(cat([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(sniffAttachment(cat([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('png');
    expect(sniffAttachment(cat(enc('RIFF'), [1, 2, 3, 4], enc('WEBPVP8 ')))).toBe('webp');
    expect(sniffAttachment(cat(enc('PK\x03\x04'), [0, 0], enc('word/document.xml')))).toBe('docx');
    expect(sniffAttachment(cat(enc('PK\x03\x04'), [0, 0], enc('xl/workbook.xml')))).toBeNull();
    const ole = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
    const wordStream = [...'WordDocument'].flatMap((c) => [c.charCodeAt(0), 0]);
    expect(sniffAttachment(cat(ole, [0, 0], wordStream))).toBe('doc');
    expect(sniffAttachment(cat(ole, [0, 0]))).toBeNull();
    expect(sniffAttachment(enc('<html><script>'))).toBeNull();
    expect(sniffAttachment(enc('MZ\x90\x00'))).toBeNull();
    expect(sniffAttachment(new Uint8Array())).toBeNull();
  });

  it('cleans file names and fixes extensions', () => {
    expect(safeAttachmentName('C:\\Users\\张三\\意见.PDF', 'pdf')).toBe('意见.pdf');
    expect(safeAttachmentName('../../etc/passwd', 'pdf')).toBe('passwd.pdf');
    expect(safeAttachmentName('evil.exe', 'png')).toBe('evil.png');
    expect(safeAttachmentName('a\r\nb.jpeg', 'jpeg')).toBe('ab.jpeg');
    expect(safeAttachmentName('', 'docx')).toBe('附件.docx');
  });
});

describe('rate limit arithmetic', () => {
  it('parses policies and off', () => {
    expect(parseRateLimit('off')).toEqual([]);
    expect(parseRateLimit('20/10m,100/1d')).toEqual([
      { id: '10m', limit: 20, windowMs: 600_000 },
      { id: '1d', limit: 100, windowMs: 86_400_000 },
    ]);
    expect(() => parseRateLimit('lots')).toThrow();
  });

  it('weights the previous window by its overlap', () => {
    const p = { id: '10m', limit: 5, windowMs: 600_000 };
    const now = new Date(600_000 * 1000 + 300_000); // half-way through a window
    expect(slidingCount(4, 2, now, p.windowMs)).toBe(4);
    expect(decide([p], new Map([['10m', { previous: 4, current: 3 }]]), now)).toEqual({ allowed: true });
    const refused = decide([p], new Map([['10m', { previous: 4, current: 4 }]]), now);
    expect(refused).toEqual({ allowed: false, policy: p, retryAfterSeconds: 300 });
  });
});

describe('form token rules', () => {
  const timing = { minFillSeconds: 3, maxAgeHours: 24 };
  const t0 = Date.UTC(2026, 10, 28, 2);
  const payload = { c: 'x', t: t0, k: 'ABCDEFGHJKMNPQRSTVWXYZ01234' };
  it('needs the right consultation, enough time, and not too much', () => {
    expect(judgeToken(payload, 'x', new Date(t0 + 5000), timing)).toEqual({ usable: true });
    expect(judgeToken(payload, 'y', new Date(t0 + 5000), timing)).toEqual({ usable: false, reason: 'wrong-consultation' });
    expect(judgeToken(payload, 'x', new Date(t0 + 1000), timing)).toEqual({ usable: false, reason: 'too-fast', waitSeconds: 2 });
    expect(judgeToken(payload, 'x', new Date(t0 + 25 * 3_600_000), timing)).toEqual({ usable: false, reason: 'expired' });
    expect(judgeToken(payload, 'x', new Date(t0 - 3_600_000), timing)).toEqual({ usable: false, reason: 'invalid' });
  });
});

describe('mail headers', () => {
  it('never lets a line break through', () => {
    expect(headerLine('意见\r\nBcc: x@example.com')).toBe('意见 Bcc: x@example.com');
    expect(headerLine('a\u2028b')).toBe('a b');
    expect(safeAddress('a@example.com\r\nBcc: b@example.com')).toBeNull();
    expect(safeAddress('a@example.com')).toBe('a@example.com');
  });
});

describe('verification codes as people copy them', () => {
  it('reads any case, groups of eight, hyphens; refuses anything but 64 hex digits', () => {
    const a = 'a1'.repeat(32);
    expect(normaliseVerificationCode(formatVerificationCode(a))).toBe(a);
    expect(normaliseVerificationCode(formatVerificationCode(a).toUpperCase().replaceAll(' ', '-'))).toBe(a);
    expect(formatVerificationCode(a).split(' ')).toHaveLength(8);
    expect(normaliseVerificationCode(a.slice(1))).toBeNull();
    expect(normaliseVerificationCode(`${a.slice(1)}g`)).toBeNull();
  });
});

describe('form body decoding', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it('URL-encoded: plus as space, UTF-8 percent escapes, empty pairs ignored', () => {
    const { fields } = decodeUrlEncoded(enc('text=%E6%84%8F%E8%A7%81+one&&name=&x'));
    expect([...fields]).toEqual([['text', '意见 one'], ['name', ''], ['x', '']]);
    expect(() => decodeUrlEncoded(enc('a=%4'))).toThrow(BodyError);
  });

  it('multipart: fields, one file, RFC 8187 filenames, an empty file input, preamble', () => {
    const body = enc(
      'preamble\r\n--B\r\nContent-Disposition: form-data; name="text"\r\n\r\n意见\r\n' +
        '--B\r\nContent-Disposition: form-data; name="attachment"; filename="x.pdf"; filename*=UTF-8\'\'%E6%84%8F%E8%A7%81.pdf\r\nContent-Type: application/pdf\r\n\r\n%PDF-1\r\n' +
        '--B\r\nContent-Disposition: form-data; name="empty"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n\r\n--B--\r\n',
    );
    const r = decodeMultipart(body, 'B');
    expect(r.fields.get('text')).toBe('意见');
    expect(r.fields.has('empty')).toBe(false);
    expect([...r.fields.keys()]).toEqual(['text']);
    expect(r.file).toMatchObject({ field: 'attachment', filename: '意见.pdf' });
    expect(new TextDecoder().decode(r.file!.data)).toBe('%PDF-1');
  });

  it('multipart: an empty file input is no file and no field, and is still sent only once', () => {
    const emptyFile = (name: string) => `--B\r\nContent-Disposition: form-data; name="${name}"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n\r\n`;
    const only = decodeMultipart(enc(`${emptyFile('attachment')}--B--\r\n`), 'B');
    expect(only.file).toBeNull();
    expect(only.fields.size).toBe(0);
    const code = (body: string) => {
      try {
        decodeMultipart(enc(body), 'B');
        return 'accepted';
      } catch (error) {
        return error instanceof BodyError ? error.code : 'other';
      }
    };
    expect(code(`${emptyFile('attachment')}${emptyFile('attachment')}--B--\r\n`)).toBe('duplicate-field');
    expect(code(`${emptyFile('attachment')}--B\r\nContent-Disposition: form-data; name="attachment"\r\n\r\nx\r\n--B--\r\n`)).toBe('duplicate-field');
    expect(code(`--B\r\nContent-Disposition: form-data; name="attachment"; filename="a.pdf"\r\n\r\n%PDF\r\n${emptyFile('attachment')}--B--\r\n`)).toBe('duplicate-field');
    // As Node's FormData sends it: no filename, a non-text type, no bytes. An empty text part stays a field.
    expect(decodeMultipart(enc('--B\r\nContent-Disposition: form-data; name="attachment"\r\nContent-Type: application/octet-stream\r\n\r\n\r\n--B--\r\n'), 'B').fields.size).toBe(0);
    expect([...decodeMultipart(enc('--B\r\nContent-Disposition: form-data; name="note"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n\r\n--B--\r\n'), 'B').fields]).toEqual([['note', '']]);
    // A file name with no bytes is a chosen empty file, not an empty input: the intake judges it.
    expect(decodeMultipart(enc('--B\r\nContent-Disposition: form-data; name="attachment"; filename="a.pdf"\r\n\r\n\r\n--B--\r\n'), 'B').file).toMatchObject({ field: 'attachment', filename: 'a.pdf' });
  });

  it('multipart: names as browsers write them: %22, %0D, %0A turned back, backslashes kept', () => {
    const body = enc(
      '--B\r\nContent-Disposition: form-data; name="a%22b%0D%0Ac"\r\n\r\nx\r\n' +
        '--B\r\nContent-Disposition: form-data; name="f"; filename="C:\\报告\\%22意见%22.pdf"\r\n\r\n%PDF\r\n--B--\r\n',
    );
    const r = decodeMultipart(body, 'B');
    expect([...r.fields]).toEqual([['a"b\r\nc', 'x']]);
    expect(r.file?.filename).toBe('C:\\报告\\"意见".pdf');
  });

  it('multipart: refuses two files, too many parts and a bad boundary', () => {
    const part = (n: number, file = false) => `--B\r\nContent-Disposition: form-data; name="f${n}"${file ? `; filename="${n}.pdf"` : ''}\r\n\r\nx\r\n`;
    expect(() => decodeMultipart(enc(part(1, true) + part(2, true) + '--B--'), 'B')).toThrow(/More than one file/);
    expect(() => decodeMultipart(enc(Array.from({ length: 21 }, (_, i) => part(i)).join('') + '--B--'), 'B')).toThrow(/Too many parts/);
    expect(() => decodeMultipart(enc('--B--'), 'bad"boundary')).toThrow(/Bad boundary/);
  });

  it('JSON: an object of text; booleans only where declared; null is absent', () => {
    const booleanFields = new Set(['consent']);
    expect([...decodeJson(enc('{"consent":true,"article":"12","name":null}'), { booleanFields }).fields]).toEqual([['consent', 'yes'], ['article', '12']]);
    expect([...decodeJson(enc('{"consent":false}'), { booleanFields }).fields]).toEqual([['consent', '']]);
    const code = (json: string) => {
      try {
        decodeJson(enc(json), { booleanFields });
        return 'accepted';
      } catch (e) {
        return e instanceof BodyError ? `${e.code}${e.field ? `:${e.field}` : ''}` : 'crash';
      }
    };
    // No coercion: a number, a boolean where text belongs, arrays and objects are refused.
    expect(code('{"text":12345}')).toBe('invalid-field-type:text');
    expect(code('{"article":12}')).toBe('invalid-field-type:article');
    expect(code('{"text":true}')).toBe('invalid-field-type:text');
    expect(code('{"a":[1]}')).toBe('invalid-field-type:a');
    expect(code('{"a":{"b":"c"}}')).toBe('invalid-field-type:a');
    // A key sent twice, also when spelled with an escape or when one of them is null.
    expect(code('{"text":"甲","text":"乙"}')).toBe('duplicate-field:text');
    expect(code('{"text":"甲","t\\u0065xt":"乙"}')).toBe('duplicate-field:text');
    expect(code('{"name":null,"name":"张三"}')).toBe('duplicate-field:name');
    // Lone surrogates in values and names; a well-formed pair is fine.
    expect(code('{"text":"意见\\ud800"}')).toBe('invalid-utf16:text');
    expect(code('{"text":"\\udc00意见"}')).toBe('invalid-utf16:text');
    expect(code('{"te\\ud83dxt":"意见"}')).toBe('invalid-utf16');
    expect(decodeJson(enc('{"text":"\\ud83d\\ude00"}')).fields.get('text')).toBe('😀');
    // The grammar of RFC 8259: no raw control characters, comments, trailing commas or bare words.
    for (const bad of ['{"text":"a\tb"}', '{"a":"b",}', '// x\n{}', "{'a':'b'}", '{"a":NaN}', '["a"]', '"a"', '', '{"a":"b"} x']) expect(code(bad), bad).toBe('malformed-json');
  });
});
