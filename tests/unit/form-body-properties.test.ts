/**
 * Property-based tests of the strict body decoders (src/lib/form-body.ts):
 * on valid input they agree with what the platform's own parsers give
 * (Request.formData(), JSON.parse); mutated bodies never crash a decoder, and
 * through the comment function they are always answered 4xx and store nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BodyError, decodeJson, decodeMultipart, decodeUrlEncoded } from '../../src/lib/form-body.ts';
import { bodyKind } from '../../src/server/http.ts';
import { handleSubmit } from '../../src/server/comment-submit.ts';
import { snapshot, startCommentEnv, type CommentTestEnv } from '../helpers/comments.ts';

const BASE = 'https://gongkai.test.example';

/** Any well-formed text, Chinese and astral characters included. */
const text = fc.string({ unit: 'grapheme', maxLength: 40 });
const fieldName = fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 });
/** Fields with distinct names (the decoders refuse a name sent twice). */
const fields = fc.uniqueArray(fc.tuple(fieldName, text), { selector: ([name]) => name, maxLength: 8 });

async function bytesOf(request: Request): Promise<Uint8Array> {
  return new Uint8Array(await request.arrayBuffer());
}

/** What the platform makes of a body: the reference the strict decoders must agree with. */
async function platformFields(body: Uint8Array, contentType: string): Promise<[string, string | { name: string; bytes: number[] }][]> {
  const fd = await new Request(`${BASE}/x`, { method: 'POST', body: body as Uint8Array<ArrayBuffer>, headers: { 'content-type': contentType } }).formData();
  const out: [string, string | { name: string; bytes: number[] }][] = [];
  for (const [k, v] of fd) out.push([k, typeof v === 'string' ? v : { name: v.name, bytes: [...new Uint8Array(await v.arrayBuffer())] }]);
  return out;
}

describe('valid bodies decode as the platform decodes them', () => {
  it('URL-encoded', async () => {
    await fc.assert(
      fc.asyncProperty(fields, async (entries) => {
        const body = new TextEncoder().encode(new URLSearchParams(entries).toString());
        const decoded = decodeUrlEncoded(body);
        expect([...decoded.fields]).toEqual(await platformFields(body, 'application/x-www-form-urlencoded'));
        expect([...decoded.fields]).toEqual(entries);
      }),
      { numRuns: 300 },
    );
  });

  it('multipart, with at most one file', async () => {
    const file = fc.option(fc.record({ name: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }), bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }), { nil: undefined });
    await fc.assert(
      fc.asyncProperty(fields, file, async (entries, upload) => {
        const fd = new FormData();
        for (const [k, v] of entries) fd.append(k, v);
        if (upload && !entries.some(([k]) => k === 'upload')) fd.append('upload', new Blob([upload.bytes as Uint8Array<ArrayBuffer>]), upload.name);
        const request = new Request(`${BASE}/x`, { method: 'POST', body: fd });
        const contentType = request.headers.get('content-type') ?? '';
        const kind = bodyKind(request);
        if (kind.kind !== 'multipart') throw new Error(`not multipart: ${contentType}`);
        const body = await bytesOf(request);
        const decoded = decodeMultipart(body, kind.boundary);
        const expected = await platformFields(body, contentType);
        const got: typeof expected = [...decoded.fields];
        if (decoded.file) got.push([decoded.file.field, { name: decoded.file.filename, bytes: [...decoded.file.data] }]);
        expect(got).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('JSON objects of text', () => {
    fc.assert(
      fc.property(fields, (entries) => {
        const body = new TextEncoder().encode(JSON.stringify(Object.fromEntries(entries)));
        expect([...decodeJson(body).fields]).toEqual(Object.entries(JSON.parse(new TextDecoder().decode(body)) as Record<string, string>));
      }),
      { numRuns: 300 },
    );
  });
});

/** A valid body of each kind, then bytes flipped, inserted or cut anywhere. */
const mutation = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('flip', 'insert', 'delete', 'truncate'),
  byte: fc.constantFrom(0x00, 0x0d, 0x0a, 0x22, 0x25, 0x26, 0x2b, 0x2d, 0x3d, 0x5c, 0x7b, 0x7d, 0x80, 0xc3, 0xed, 0xff),
});

function mutate(body: Uint8Array, ms: { at: number; op: string; byte: number }[]): Uint8Array {
  let out = [...body];
  for (const m of ms) {
    const at = out.length === 0 ? 0 : m.at % out.length;
    if (m.op === 'flip') out[at] = m.byte;
    else if (m.op === 'insert') out.splice(at, 0, m.byte);
    else if (m.op === 'delete') out.splice(at, 1);
    else out = out.slice(0, at);
  }
  return Uint8Array.from(out);
}

const SAMPLE = { consultation: 'test-open', text: '建议延长人防工程的开放时间，方便居民使用。', submitterType: '个人', consent: 'yes', name: '张三' };
const BOUNDARY = '----gongkaiBoundary7MA4YWxkTrZu0gW';

function sampleBodies(): { kind: 'urlencoded' | 'multipart' | 'json'; contentType: string; body: Uint8Array }[] {
  const enc = new TextEncoder();
  const multipart =
    Object.entries(SAMPLE)
      .map(([k, v]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join('') +
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="attachment"; filename="说明.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--${BOUNDARY}--\r\n`;
  return [
    { kind: 'urlencoded', contentType: 'application/x-www-form-urlencoded', body: enc.encode(new URLSearchParams(SAMPLE).toString()) },
    { kind: 'multipart', contentType: `multipart/form-data; boundary=${BOUNDARY}`, body: enc.encode(multipart) },
    { kind: 'json', contentType: 'application/json', body: enc.encode(JSON.stringify(SAMPLE)) },
  ];
}

function decode(kind: 'urlencoded' | 'multipart' | 'json', body: Uint8Array) {
  return kind === 'multipart' ? decodeMultipart(body, BOUNDARY) : kind === 'json' ? decodeJson(body) : decodeUrlEncoded(body);
}

describe('mutated bodies', () => {
  it('never crash a decoder: they decode or are refused with a BodyError', () => {
    const samples = sampleBodies();
    fc.assert(
      fc.property(fc.constantFrom(0, 1, 2), fc.array(mutation, { minLength: 1, maxLength: 4 }), (which, ms) => {
        const sample = samples[which]!;
        try {
          const decoded = decode(sample.kind, mutate(sample.body, ms));
          for (const [k, v] of decoded.fields) expect(k.isWellFormed() && v.isWellFormed()).toBe(true);
        } catch (error) {
          if (!(error instanceof BodyError)) throw error;
        }
      }),
      { numRuns: 1000 },
    );
  });

  describe('through the comment function', () => {
    let env: CommentTestEnv;
    beforeAll(async () => {
      env = await startCommentEnv();
    });
    afterAll(async () => {
      await env.close();
    });

    it('are always answered 4xx, and nothing is stored or mailed (no form token: nothing could be)', async () => {
      const samples = sampleBodies();
      const before = await snapshot();
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(0, 1, 2), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (which, ms) => {
          const sample = samples[which]!;
          const request = new Request(`${BASE}/api/comments`, {
            method: 'POST',
            body: mutate(sample.body, ms) as Uint8Array<ArrayBuffer>,
            headers: { 'content-type': sample.contentType, accept: 'application/json' },
          });
          const res = await handleSubmit(request, { ip: '203.0.113.9' });
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
          const body = (await res.json()) as { ok: boolean; code: string; message: string };
          expect(body.ok).toBe(false);
          expect(body.message).toMatch(/[\u4e00-\u9fff]/);
        }),
        { numRuns: 150 },
      );
      expect(await snapshot()).toEqual(before);
      expect(env.smtp.mails).toHaveLength(0);
    });
  });
});
