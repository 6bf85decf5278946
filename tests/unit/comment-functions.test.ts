/**
 * The comment functions end to end with real parts: handlers called with real
 * Requests, the real BlobsServer (edge mode, files in a temp dir) and a real
 * SMTP server on 127.0.0.1. Each refusal checks status, code/message, and that
 * the stores did not change.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { startStaticServer } from '../../src/server/static-server.ts';
import { readPublishedLedger, readSigningKeys } from '../../src/build/ledger-files.ts';
import { join } from 'node:path';
import { parse } from 'node-html-parser';
import { ALL as commentsRoute } from '../../src/pages/api/comments.ts';
import { ALL as receiptsRoute } from '../../src/pages/api/receipts.ts';
import { handleExport, handleLedger, handleToken, runLedgerHeads, runMaintenance } from '../../src/server/comment-endpoints.ts';
import { handleReceipt } from '../../src/server/receipt-lookup.ts';
import { handleSubmit } from '../../src/server/comment-submit.ts';
import { builtOnDemandPages, builtOnDemandPagesFor, callRoute } from '../helpers/on-demand.ts';
import { deliver, drainOutbox, enqueue, pendingMail } from '../../src/server/outbox.ts';
import { configureCommentRuntime, runtime } from '../../src/server/comment-runtime.ts';
import { startLocalBlobs } from '../../src/server/local-blobs.ts';
import { parseReceiptNumber } from '../../src/lib/receipt-number.ts';
import { checkCode, checkLedger, type PublishedLedger, type SignedTreeHead } from '../../src/lib/ledger/verify-ledger.mjs';
import { ledgerSigner, signingKeyEntry } from '../../src/server/ledger-signing.ts';
import { DEPARTMENT_EMAIL, keysOf, PDF_BYTES, PNG_BYTES, snapshot, startCommentEnv, type CommentTestEnv } from '../helpers/comments.ts';
import { startFaultyBlobs } from '../helpers/faulty-blobs.ts';

const BASE = 'https://gongkai.test.example';
const NOW_ISO = '2026-11-28T10:00:00+08:00';
let env: CommentTestEnv;

beforeAll(async () => {
  env = await startCommentEnv();
});
afterAll(async () => {
  await env.close();
});
beforeEach(() => {
  env.smtp.mails.length = 0;
});

async function freshToken(consultation = 'test-open', ageSeconds = 10): Promise<string> {
  const res = await handleToken(new Request(`${BASE}/api/comments/token?consultation=${consultation}`));
  expect(res.status).toBe(200);
  const body = (await res.json()) as { token: string };
  env.advance(ageSeconds);
  return body.token;
}

type Fields = Record<string, string>;

function validFields(token: string, extra: Fields = {}): Fields {
  return { consultation: 'test-open', text: '建议延长人防工程的开放时间，方便居民使用。', submitterType: '个人', consent: 'yes', formToken: token, ...extra };
}

function formRequest(fields: Fields, file?: { name: string; data: Uint8Array<ArrayBuffer>; type?: string }, headers: Record<string, string> = {}): Request {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  if (file) fd.append('attachment', new Blob([file.data], { type: file.type ?? 'application/octet-stream' }), file.name);
  return new Request(`${BASE}/api/comments`, { method: 'POST', body: fd, headers });
}

function jsonRequest(body: unknown): Request {
  return new Request(`${BASE}/api/comments`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
}

function rawRequest(body: string | Uint8Array<ArrayBuffer>, contentType: string, headers: Record<string, string> = {}): Request {
  return new Request(`${BASE}/api/comments`, { method: 'POST', body, headers: { 'content-type': contentType, ...headers } });
}

const submit = (req: Request, ip = '203.0.113.7') => handleSubmit(req, { ip });

async function expectRefusedUnchanged(req: Request, status: number, code: string, messagePart?: RegExp) {
  const before = await snapshot();
  const res = await submit(req);
  expect(res.status).toBe(status);
  const type = res.headers.get('content-type') ?? '';
  let text = await res.text();
  if (type.includes('json')) {
    const body = JSON.parse(text) as { code: string; message: string };
    expect(body.code).toBe(code);
    expect(body.message).toMatch(/[\u4e00-\u9fff]/);
    text = body.message;
  }
  if (messagePart) expect(text).toMatch(messagePart);
  expect(await snapshot()).toEqual(before);
  expect(env.smtp.mails).toHaveLength(0);
  return text;
}

function receiptFromLocation(res: Response): string {
  const location = res.headers.get('location') ?? '';
  const number = new URL(location, BASE).searchParams.get('number') ?? '';
  const parsed = parseReceiptNumber(number);
  expect(parsed.ok).toBe(true);
  return parsed.ok ? parsed.receipt : '';
}

describe('a comment is stored before it is acknowledged', () => {
  it('form post with article, e-mail and a PDF: 303 to the receipt, one record, both mails', async () => {
    const token = await freshToken();
    const res = await submit(
      formRequest(validFields(token, { article: '12', name: '张三', contact: 'zhangsan@example.com' }), { name: '我的意见.pdf', data: PDF_BYTES, type: 'application/pdf' }),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/api\/receipts\?number=YJ-\d{8}-[0-9A-Z]{4}-[0-9A-Z]{4}&submitted=1$/);
    const receipt = receiptFromLocation(res);

    const snap = await snapshot();
    expect(keysOf(snap, 'comments:comments/')).toContain(`comments:comments/test-open/${receipt}`);
    expect(keysOf(snap, 'comments:attachments/')).toContain(`comments:attachments/test-open/${receipt}`);
    expect(keysOf(snap, 'comments:receipts/')).toContain(`comments:receipts/${receipt}`);
    expect(keysOf(snap, 'outbox:sent/')).toEqual(expect.arrayContaining([`outbox:sent/${receipt}-department`, `outbox:sent/${receipt}-acknowledgement`]));
    expect(keysOf(snap, 'outbox:queue/')).toEqual([]);

    const record = (await (await import('../../src/server/comment-intake.ts')).findByReceipt(receipt))!;
    expect(record).toMatchObject({ consultation: 'test-open', article: { number: 12, label: '第十二条' }, name: '张三', contact: { kind: 'email', value: 'zhangsan@example.com' } });
    expect(record.attachment).toMatchObject({ filename: '我的意见.pdf', kind: 'pdf', size: PDF_BYTES.byteLength });
    expect(record.receivedAt).toBe('2026-11-28T10:00:10+08:00');

    expect(env.smtp.mails).toHaveLength(2);
    const dept = env.smtp.mails.find((m) => m.envelopeTo.includes(DEPARTMENT_EMAIL))!;
    expect(dept.parsed.subject).toContain(receipt);
    expect(dept.parsed.text).toContain('建议延长人防工程的开放时间');
    expect(dept.parsed.text).toContain('第十二条');
    expect(dept.parsed.attachments.map((a) => a.filename)).toEqual(['我的意见.pdf']);
    expect(Buffer.from(dept.parsed.attachments[0]!.content).equals(Buffer.from(PDF_BYTES))).toBe(true);
    const ack = env.smtp.mails.find((m) => m.envelopeTo.includes('zhangsan@example.com'))!;
    expect(ack.parsed.subject).toBe(`您的意见已收到（回执编号 ${receipt}）`);
    expect(ack.parsed.text).toContain(receipt);
    expect(ack.parsed.text).not.toContain('建议延长人防工程');
    expect(ack.parsed.messageId).toBe(`<${receipt}-acknowledgement@gongkai.test.example>`);
  });

  it('JSON post: 201 with receipt, verification code and receipt URL; no acknowledgement without e-mail', async () => {
    const token = await freshToken();
    const res = await submit(jsonRequest({ ...validFields(token), consent: true, contact: '13800138000' }));
    expect(res.status).toBe(201);
    const body = (await res.json()) as { receipt: string; verificationCode: string; receiptUrl: string; replay: boolean };
    expect(parseReceiptNumber(body.receipt).ok).toBe(true);
    expect(body.verificationCode).toMatch(/^[0-9a-f]{64}$/);
    expect(body.receiptUrl).toBe(`/api/receipts?number=${body.receipt}`);
    expect(body.replay).toBe(false);
    expect(env.smtp.mails.map((m) => m.envelopeTo)).toEqual([[DEPARTMENT_EMAIL]]);
  });

  it('the no-JavaScript flow: a post without token gets a confirmation page whose token then stores the comment (attachment kept)', async () => {
    const before = await snapshot(['comments']);
    const first = await submit(formRequest(validFields('', { text: '第一次提交，没有令牌。<b>粗体</b>' }), { name: 'photo.png', data: PNG_BYTES }));
    expect(first.status).toBe(200);
    const page = parse(await first.text());
    expect(page.querySelector('h1')?.text).toBe('请核对后提交意见');
    expect(page.querySelector('textarea[name=text]')?.text).toBe('第一次提交，没有令牌。<b>粗体</b>');
    expect(page.querySelector('.cf-kept')?.text).toContain('photo.png');
    const token = page.querySelector('input[name=formToken]')?.getAttribute('value') ?? '';
    expect(token).toMatch(/^v1\./);
    // Nothing but the kept attachment was written.
    const afterFirst = await snapshot(['comments']);
    expect(Object.keys(afterFirst).filter((k) => !(k in before)).every((k) => k.startsWith('comments:stash/'))).toBe(true);
    expect(keysOf(afterFirst, 'comments:comments/')).toEqual(keysOf(before, 'comments:comments/'));

    env.advance(8);
    const second = await submit(formRequest(validFields(token, { text: '第一次提交，没有令牌。<b>粗体</b>' })));
    expect(second.status).toBe(303);
    const receipt = receiptFromLocation(second);
    const record = (await (await import('../../src/server/comment-intake.ts')).findByReceipt(receipt))!;
    expect(record.attachment).toMatchObject({ filename: 'photo.png', kind: 'png' });
    expect(record.text).toBe('第一次提交，没有令牌。<b>粗体</b>');
    expect(keysOf(await snapshot(['comments']), 'comments:stash/')).toEqual([]);
  });
});

describe('idempotency: a resend or double click never creates a second record', () => {
  it('the same form posted again returns the same receipt and sends no more mail', async () => {
    const token = await freshToken();
    const fields = validFields(token, { contact: 'li@example.com' });
    const a = await submit(formRequest(fields));
    const receipt = receiptFromLocation(a);
    expect(env.smtp.mails).toHaveLength(2);
    const before = await snapshot();
    const b = await submit(formRequest(fields));
    expect(b.status).toBe(303);
    expect(receiptFromLocation(b)).toBe(receipt);
    const j = await submit(jsonRequest(fields));
    expect(j.status).toBe(200);
    expect(((await j.json()) as { replay: boolean }).replay).toBe(true);
    expect(await snapshot()).toEqual(before);
    expect(env.smtp.mails).toHaveLength(2);
  });

  it('two racing posts with one token make one record', async () => {
    const token = await freshToken();
    const fields = validFields(token, { text: '并发提交测试意见内容。' });
    const before = keysOf(await snapshot(), 'comments:comments/test-open/');
    const responses = await Promise.all([submit(formRequest(fields)), submit(formRequest(fields)), submit(jsonRequest(fields))]);
    const receipts = new Set<string>();
    for (const r of responses) {
      expect([200, 201, 303]).toContain(r.status);
      receipts.add(r.status === 303 ? receiptFromLocation(r) : ((await r.json()) as { receipt: string }).receipt);
    }
    expect(receipts.size).toBe(1);
    const after = keysOf(await snapshot(), 'comments:comments/test-open/');
    expect(after.length - before.length).toBe(1);
    expect(env.smtp.mails.filter((m) => m.envelopeTo.includes(DEPARTMENT_EMAIL))).toHaveLength(1);
  });

  it('50 racing pairs (same token, same body, at once): one 201 and one 200 replay each, same receipt and stored time, every mail sent once', async () => {
    const PAIRS = 50;
    const tokens: string[] = [];
    for (let i = 0; i < PAIRS; i++) tokens.push(await freshToken('test-open', 0));
    env.advance(10);
    // Each request reads its own instant, as on a server: the clock ticks a millisecond per reading.
    let tick = 0;
    configureCommentRuntime({ now: () => new Date(env.clock.now.getTime() + ++tick) });
    // The worst interleaving, every time: both posts of a pair read the record's key before either writes it.
    const faulty = await startFaultyBlobs();
    faulty.pairReads('gongkai-comments/comments/test-open/');
    const receipts: string[] = [];
    try {
      // Five pairs at a time; within a pair both posts leave together.
      const racePair = async (i: number) => {
        const fields = validFields(tokens[i]!, { text: `第 ${i} 对并发重发的意见内容。`, contact: `pair${i}@example.com` });
        const answers = await Promise.all([submit(jsonRequest(fields)), submit(jsonRequest(fields))]);
        const bodies = (await Promise.all(answers.map((r) => r.json()))) as { receipt: string; receivedAt: string; replay: boolean }[];
        expect(answers.map((r) => r.status).sort(), `pair ${i}`).toEqual([200, 201]);
        expect(bodies.map((b) => b.replay).sort(), `pair ${i}`).toEqual([false, true]);
        expect(bodies[0]!.receipt).toBe(bodies[1]!.receipt);
        expect(bodies[0]!.receivedAt).toBe(bodies[1]!.receivedAt);
        const record = (await (await import('../../src/server/comment-intake.ts')).findByReceipt(bodies[0]!.receipt))!;
        expect(record.receivedAt).toBe(bodies[0]!.receivedAt);
        receipts.push(bodies[0]!.receipt);
      };
      for (let i = 0; i < PAIRS; i += 5) await Promise.all(Array.from({ length: 5 }, (_, j) => racePair(i + j)));
    } finally {
      configureCommentRuntime({ now: () => new Date(env.clock.now) });
      await faulty.stop();
    }
    const snap = await snapshot();
    for (const r of receipts) {
      expect(keysOf(snap, `comments:comments/test-open/${r}`)).toHaveLength(1);
      // Nothing left waiting: both mails of every pair went out, once.
      expect(keysOf(snap, `outbox:queue/${r}`), r).toEqual([]);
      expect(keysOf(snap, `outbox:sent/${r}`)).toEqual([`outbox:sent/${r}-acknowledgement`, `outbox:sent/${r}-department`]);
      expect(env.smtp.mails.filter((m) => m.parsed.text?.includes(r) && m.envelopeTo.includes(DEPARTMENT_EMAIL))).toHaveLength(1);
    }
    expect(env.smtp.mails).toHaveLength(2 * PAIRS);
  });

  it('a mail never tried is sent by the first sender, even when a racing post queued it with its own later time', async () => {
    const id = `race-later-${env.clock.now.getTime()}`;
    const queuedAt = new Date(env.clock.now.getTime() + 3).toISOString();
    await enqueue([pendingMail({ id, kind: 'department', receipt: id, consultation: 'test-open', to: DEPARTMENT_EMAIL, subject: `测试邮件 ${id}`, text: '正文', attachment: null, createdAt: queuedAt }, queuedAt)]);
    expect(await deliver(id, runtime().mail(), env.clock.now)).toBe('sent');
    expect(env.smtp.mails.filter((m) => m.parsed.subject === `测试邮件 ${id}`)).toHaveLength(1);
  });

  it('a write interrupted before the commit mark is completed by the resend, not duplicated', async () => {
    const token = await freshToken();
    const fields = validFields(token, { text: '中断后重发的意见。' });
    const receipt = receiptFromLocation(await submit(formRequest(fields)));
    // Simulate a crash after the record and before the idempotency mark and outbox entries.
    const { getStore } = await import('@netlify/blobs');
    const comments = getStore({ name: 'gongkai-comments', consistency: 'strong' });
    const outbox = getStore({ name: 'gongkai-outbox', consistency: 'strong' });
    const marks = keysOf(await snapshot(['comments']), 'comments:idempotency/').map((k) => k.slice('comments:'.length));
    for (const k of marks) {
      const m = (await comments.get(k, { type: 'json' })) as { receipt: string };
      if (m.receipt === receipt) await comments.delete(k);
    }
    await outbox.delete(`sent/${receipt}-department`);
    env.smtp.mails.length = 0;
    const before = keysOf(await snapshot(), 'comments:comments/test-open/').length;
    const again = await submit(formRequest(fields));
    expect(receiptFromLocation(again)).toBe(receipt);
    expect(keysOf(await snapshot(), 'comments:comments/test-open/').length).toBe(before);
    expect(keysOf(await snapshot(['comments']), 'comments:idempotency/').length).toBe(marks.length);
    // The mail that had not been marked sent is queued again and sent once.
    expect(env.smtp.mails.filter((m) => m.parsed.subject?.includes(receipt))).toHaveLength(1);
  });

  it('a changed second post with the same token is refused (409) and not stored', async () => {
    const token = await freshToken();
    await submit(formRequest(validFields(token)));
    env.smtp.mails.length = 0;
    const text = await expectRefusedUnchanged(formRequest(validFields(token, { text: '改过的意见内容，想再提交一次。' })), 409, 'already-submitted', /已于.*提交过意见（回执编号 YJ-/);
    const page = parse(text);
    expect(page.querySelector('textarea[name=text]')?.text).toBe('改过的意见内容，想再提交一次。');
    expect(page.querySelector('input[name=formToken]')?.getAttribute('value')).not.toBe(token);
    await expectRefusedUnchanged(jsonRequest(validFields(token, { text: '改过的意见内容，想再提交一次。' })), 409, 'already-submitted');
  });
});

describe('hostile and malformed requests are refused and change nothing', () => {
  it('wrong method', async () => {
    await expectRefusedUnchanged(new Request(`${BASE}/api/comments`, { headers: { accept: 'application/json' } }), 405, 'method-not-allowed');
    const res = await submit(new Request(`${BASE}/api/comments`, { method: 'PUT', body: 'x' }));
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('wrong content type or charset', async () => {
    await expectRefusedUnchanged(rawRequest('text=hello', 'text/plain', { accept: 'application/json' }), 415, 'unsupported-media-type');
    await expectRefusedUnchanged(rawRequest('text=hello', 'application/x-www-form-urlencoded; charset=gbk', { accept: 'application/json' }), 415, 'unsupported-media-type');
    await expectRefusedUnchanged(rawRequest('--x--', 'multipart/form-data', { accept: 'application/json' }), 415, 'unsupported-media-type');
  });

  it('oversized bodies, by Content-Length and by the bytes actually sent', async () => {
    const big = 'text=' + 'a'.repeat(70 * 1024);
    await expectRefusedUnchanged(rawRequest(big, 'application/x-www-form-urlencoded', { accept: 'application/json' }), 413, 'payload-too-large');
    // A stream without Content-Length that keeps going.
    const chunk = new Uint8Array(64 * 1024).fill(0x61);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.byteLength;
        if (sent > 6 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const req = new Request(`${BASE}/api/comments`, { method: 'POST', body: stream, duplex: 'half', headers: { 'content-type': 'multipart/form-data; boundary=xyz' } } as RequestInit);
    const text = await expectRefusedUnchanged(req, 413, 'payload-too-large', /提交的内容过大/);
    expect(text).toContain('<html lang="zh-CN">');
    expect(sent).toBeLessThan(5 * 1024 * 1024);
  });

  it('malformed encodings: bad percent escapes, invalid UTF-8, broken multipart, broken JSON, a field sent twice', async () => {
    const h = { accept: 'application/json' };
    await expectRefusedUnchanged(rawRequest('consultation=test-open&text=%E6%84%8&consent=yes', 'application/x-www-form-urlencoded', h), 400, 'bad-percent-encoding');
    await expectRefusedUnchanged(rawRequest('consultation=test-open&text=%FF%FE%FD%FC%FB&consent=yes', 'application/x-www-form-urlencoded', h), 400, 'invalid-utf8');
    await expectRefusedUnchanged(rawRequest('text=a&text=b', 'application/x-www-form-urlencoded', h), 400, 'duplicate-field');
    const broken = '--b\r\nContent-Disposition: form-data; name="text"\r\n\r\n意见内容没有结束边界';
    await expectRefusedUnchanged(rawRequest(broken, 'multipart/form-data; boundary=b', h), 400, 'malformed-multipart');
    const badUtf8 = Buffer.concat([Buffer.from('--b\r\nContent-Disposition: form-data; name="text"\r\n\r\n'), Buffer.from([0xe6, 0x84, 0x0a, 0xff]), Buffer.from('\r\n--b--\r\n')]);
    await expectRefusedUnchanged(rawRequest(new Uint8Array(badUtf8), 'multipart/form-data; boundary=b', h), 400, 'invalid-utf8');
    const noName = '--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n';
    await expectRefusedUnchanged(rawRequest(noName, 'multipart/form-data; boundary=b', h), 400, 'malformed-multipart');
    await expectRefusedUnchanged(rawRequest('{"text": "未闭合', 'application/json'), 400, 'malformed-json');
    await expectRefusedUnchanged(rawRequest('["array"]', 'application/json'), 400, 'malformed-json');
    await expectRefusedUnchanged(rawRequest('{"text": {"nested": 1}}', 'application/json'), 400, 'invalid-field-type');
    // The browser (HTML) answer is a Chinese page, never a stack trace.
    const page = await expectRefusedUnchanged(rawRequest('text=%ZZ', 'application/x-www-form-urlencoded'), 400, 'bad-percent-encoding', /提交的数据编码有误/);
    expect(page).toContain('<html lang="zh-CN">');
  });

  it('missing and extra fields: 422, errors tied to fields, values kept', async () => {
    const token = await freshToken();
    const res = await expectRefusedUnchanged(formRequest({ consultation: 'test-open', formToken: token, text: '短', name: '王五' }), 422, '', undefined);
    const page = parse(res);
    expect(page.querySelector('#cf-text')?.getAttribute('aria-invalid')).toBe('true');
    expect(page.querySelector('#cf-text')?.getAttribute('aria-describedby')).toContain('cf-text-error');
    expect(page.querySelector('#cf-text-error')?.text).toContain('意见内容至少需要 5 个字');
    expect(page.querySelector('#cf-consent-error')?.text).toContain('请阅读个人信息保护说明');
    expect(page.querySelector('#cf-name')?.getAttribute('value')).toBe('王五');
    expect(page.querySelectorAll('.cf-error-summary li a').map((a) => a.getAttribute('href'))).toEqual(['#cf-text', '#cf-submitterType-0', '#cf-consent']);

    const json = await submit(jsonRequest({ consultation: 'test-open', formToken: token, text: '足够长的意见内容。', submitterType: '个人', consent: 'yes', role: 'admin' }));
    expect(json.status).toBe(422);
    const body = (await json.json()) as { code: string; errors: { field: string; code: string }[] };
    expect(body.code).toBe('validation-failed');
    expect(body.errors).toEqual([expect.objectContaining({ field: 'form', code: 'unexpected-field' })]);
  });

  it('CR/LF in name and e-mail cannot reach mail headers', async () => {
    const token = await freshToken();
    const before = await snapshot();
    const res = await submit(jsonRequest(validFields(token, { name: '张三\r\nBcc: victim@example.com', contact: 'a@example.com\r\nBcc: victim@example.com' })));
    expect(res.status).toBe(422);
    const body = (await res.json()) as { errors: { field: string; code: string }[] };
    expect(body.errors.map((e) => `${e.field}:${e.code}`).sort()).toEqual(['contact:contact-single-line', 'name:name-single-line']);
    expect(await snapshot()).toEqual(before);
    expect(env.smtp.mails).toHaveLength(0);
  });

  it('JSON is as strict as the form: no number as text, no key sent twice, no lone surrogate', async () => {
    const token = await freshToken();
    const raw = (body: string) => rawRequest(body, 'application/json');
    const valid = JSON.stringify(validFields(token)).slice(1, -1);
    await expectRefusedUnchanged(jsonRequest({ ...validFields(token), text: 1234567 }), 400, 'invalid-field-type');
    await expectRefusedUnchanged(raw(`{${valid},"text":"另一条内容不同的意见。"}`), 400, 'duplicate-field');
    await expectRefusedUnchanged(raw(`{${valid},"consent":"yes"}`), 400, 'duplicate-field');
    await expectRefusedUnchanged(raw(`{${valid.replace('"text":"', '"text":"\\ud800')}}`), 400, 'invalid-utf16');
    await expectRefusedUnchanged(raw(`{${valid},"name":"\\udfff"}`), 400, 'invalid-utf16');
    // The same post, well-formed, is stored.
    expect((await submit(raw(`{${valid}}`))).status).toBe(201);
  });

  it('text that shows nothing and bidirectional controls in the name are refused; nothing stored or mailed', async () => {
    const token = await freshToken();
    for (const text of ['\u200B\u2060\u3164\u00AD\u0301\u202E', '\u200B'.repeat(20)]) {
      await expectRefusedUnchanged(jsonRequest(validFields(token, { text })), 422, 'validation-failed');
    }
    const res = await expectRefusedUnchanged(formRequest(validFields(token, { name: '张三\u202Efdp.exe' }), undefined, { accept: 'application/json' }), 422, 'validation-failed');
    expect(res).toBe('提交未成功，请按提示修改。');
  });

  it('an attachment named with a right-to-left override is stored and mailed without it', async () => {
    const token = await freshToken();
    const receipt = receiptFromLocation(await submit(formRequest(validFields(token, { text: '附件文件名方向控制符测试意见。' }), { name: '说明\u202Efdp.exe', data: PDF_BYTES })));
    const record = (await (await import('../../src/server/comment-intake.ts')).findByReceipt(receipt))!;
    expect(record.attachment?.filename).toBe('说明fdp.pdf');
    const mail = env.smtp.mails.find((m) => m.envelopeTo.includes(DEPARTMENT_EMAIL) && m.parsed.text?.includes(receipt));
    expect(mail?.parsed.attachments.map((a) => a.filename)).toEqual(['说明fdp.pdf']);
    expect(mail?.raw.toString('utf8')).not.toMatch(/\u202E|%E2%80%AE|4oCu/i);
  });

  it('HTML and script in the text are stored as text and never rendered raw', async () => {
    const script = '<script>alert("x")</script><img src=x onerror=alert(1)> 意见';
    const token = await freshToken();
    // With an error elsewhere, the text comes back escaped in the form.
    const page = await expectRefusedUnchanged(formRequest({ consultation: 'test-open', formToken: token, text: script, submitterType: '个人', name: '"><script>alert(2)</script>' }), 422, '');
    // Only the site's own script: what was typed is text, in the textarea and in attribute values.
    expect(parse(page).querySelectorAll('script').map((s) => s.getAttribute('src'))).toEqual(['/js/elder-mode.js']);
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(parse(page).querySelector('#cf-name')?.getAttribute('value')).toBe('"><script>alert(2)</script>');
    // Stored verbatim; the receipt page shows none of it.
    const ok = await submit(formRequest(validFields(token, { text: script })));
    const receipt = receiptFromLocation(ok);
    const record = (await (await import('../../src/server/comment-intake.ts')).findByReceipt(receipt))!;
    expect(record.text).toBe(script);
    const receiptPage = await (await handleReceipt(new Request(`${BASE}/api/receipts?number=${receipt}`))).text();
    expect(receiptPage).not.toContain('alert');
  });

  it('unknown, closed, upcoming and offline consultations', async () => {
    const h = { accept: 'application/json' };
    const token = await freshToken();
    await expectRefusedUnchanged(formRequest(validFields(token, { consultation: 'no-such-thing' }), undefined, h), 404, 'consultation-not-found');
    const closed = await expectRefusedUnchanged(formRequest(validFields(token, { consultation: 'test-closed' })), 409, 'consultation-not-open', /已于 2026年10月31日 23:59 截止/);
    expect(closed).toContain('您填写的意见内容（未提交）');
    expect(closed).toContain('建议延长人防工程的开放时间');
    await expectRefusedUnchanged(formRequest(validFields(token, { consultation: 'test-upcoming' }), undefined, h), 409, 'consultation-not-open', /尚未开始/);
    await expectRefusedUnchanged(formRequest(validFields(token, { consultation: 'test-offline' }), undefined, h), 409, 'online-not-offered');
  });

  it('closes at the closing instant, by the injected clock', async () => {
    const saved = env.clock.now;
    env.clock.now = new Date('2026-12-15T23:59:50+08:00');
    const token = await freshToken('test-open', 5);
    env.clock.now = new Date('2026-12-16T00:00:00+08:00');
    await expectRefusedUnchanged(formRequest(validFields(token), undefined, { accept: 'application/json' }), 409, 'consultation-not-open');
    env.clock.now = saved;
  });

  it('honeypot filled', async () => {
    const token = await freshToken();
    await expectRefusedUnchanged(jsonRequest(validFields(token, { website: 'http://spam.example' })), 400, 'honeypot');
    const page = parse(await expectRefusedUnchanged(formRequest(validFields(token, { website: 'http://spam.example' })), 400, ''));
    expect(page.querySelector('#cf-website')?.getAttribute('value')).toBe('');
    expect(page.querySelector('textarea[name=text]')?.text).toContain('建议延长');
  });

  it('too fast: JSON 429, the form asks to confirm; nothing stored', async () => {
    const token = await freshToken('test-open', 1);
    const res = await submit(jsonRequest(validFields(token)));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(((await res.json()) as { code: string }).code).toBe('too-fast');
    const page = parse(await expectRefusedUnchanged(formRequest(validFields(token)), 200, '', undefined));
    expect(page.querySelector('[role=status] .notice__title')?.text).toContain('提交过快');
    expect(page.querySelector('input[name=formToken]')?.getAttribute('value')).toBe(token);
  });

  it('forged, foreign and expired tokens', async () => {
    const h = { accept: 'application/json' };
    const token = await freshToken();
    const [v, body] = token.split('.');
    const forgedBody = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), t: 0 })).toString('base64url');
    await expectRefusedUnchanged(formRequest(validFields(`${v}.${forgedBody}.${token.split('.')[2]}`), undefined, h), 400, 'form-token-invalid');
    await expectRefusedUnchanged(formRequest(validFields(''), undefined, h), 400, 'form-token-missing');
    const other = await freshToken('test-no-articles');
    await expectRefusedUnchanged(formRequest(validFields(other), undefined, h), 400, 'form-token-invalid');
    env.advance(25 * 3600);
    await expectRefusedUnchanged(formRequest(validFields(token), undefined, h), 400, 'form-token-expired');
  });

  it('articles: only where allowed and existing', async () => {
    const token = await freshToken();
    const res = await submit(jsonRequest(validFields(token, { article: '第九十九条' })));
    expect(res.status).toBe(422);
    expect(((await res.json()) as { errors: { code: string }[] }).errors[0]?.code).toBe('article-unknown');
    const t2 = await freshToken('test-no-articles');
    const res2 = await submit(jsonRequest(validFields(t2, { consultation: 'test-no-articles', article: '1' })));
    expect(((await res2.json()) as { errors: { code: string }[] }).errors[0]?.code).toBe('article-not-allowed');
  });

  it('attachments are checked by content and size', async () => {
    const token = await freshToken();
    const h = { accept: 'application/json' };
    const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 1, 2, 3]);
    let res = await submit(formRequest(validFields(token), { name: 'report.pdf', data: exe, type: 'application/pdf' }, h));
    expect(res.status).toBe(422);
    expect(((await res.json()) as { errors: { field: string; code: string }[] }).errors).toEqual([expect.objectContaining({ field: 'attachment', code: 'attachment-type' })]);
    const tooBig = new Uint8Array(4 * 1024 * 1024 + 10).fill(0x20);
    tooBig.set(PDF_BYTES.subarray(0, 8));
    res = await submit(formRequest(validFields(token), { name: 'big.pdf', data: tooBig }, h));
    expect(res.status).toBe(422);
    expect(((await res.json()) as { errors: { code: string }[] }).errors[0]?.code).toBe('attachment-too-large');
    res = await submit(formRequest(validFields(token), { name: 'huge.pdf', data: new Uint8Array(5 * 1024 * 1024) }, h));
    expect(res.status).toBe(413);
    expect(env.smtp.mails).toHaveLength(0);
  });
});

describe('rate limit', () => {
  it('refuses the client over the limit with 429 and Retry-After, keeping what was typed; other clients unaffected', async () => {
    process.env.COMMENT_RATE_LIMIT = '2/10m';
    try {
      const ip = '198.51.100.9';
      for (let i = 0; i < 2; i++) {
        const token = await freshToken();
        expect((await submit(formRequest(validFields(token, { text: `第 ${i} 条限流测试意见` })), ip)).status).toBe(303);
      }
      env.smtp.mails.length = 0;
      const token = await freshToken();
      const before = await snapshot();
      const res = await submit(formRequest(validFields(token, { text: '第三条限流测试意见' })), ip);
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      const page = parse(await res.text());
      expect(page.querySelector('.cf-error-summary')?.text).toContain('提交过于频繁');
      expect(page.querySelector('textarea[name=text]')?.text).toBe('第三条限流测试意见');
      expect(await snapshot()).toEqual(before);
      expect((await submit(formRequest(validFields(token, { text: '第三条限流测试意见' })), '198.51.100.10')).status).toBe(303);
      // No client address is stored.
      expect(Object.keys(await snapshot(['ratelimit'])).join('\n')).not.toContain('198.51.100');
    } finally {
      process.env.COMMENT_RATE_LIMIT = 'off';
    }
  });
});

describe('SMTP down: the comment is stored, the mail waits in the outbox and goes out once', () => {
  it('delivers after the drain, exactly once', async () => {
    await env.smtp.stop();
    const token = await freshToken();
    const res = await submit(formRequest(validFields(token, { contact: 'wang@example.com' })));
    expect(res.status).toBe(303);
    const receipt = receiptFromLocation(res);
    let snap = await snapshot();
    expect(keysOf(snap, 'comments:comments/')).toContain(`comments:comments/test-open/${receipt}`);
    expect(keysOf(snap, 'outbox:queue/')).toEqual([`outbox:queue/${receipt}-acknowledgement`, `outbox:queue/${receipt}-department`]);
    const queued = (await (await import('../../src/server/outbox.ts')).queuedMail(`${receipt}-department`))!;
    expect(queued.attempts).toBe(1);
    expect(queued.lastError).toBeTruthy();

    // Still down: the drain keeps the mail.
    env.advance(120);
    const down = await runMaintenance();
    expect(down.failed).toBe(2);
    expect(keysOf(await snapshot(), 'outbox:queue/')).toHaveLength(2);

    await env.smtp.restart();
    env.advance(600);
    // Two drains at once (e.g. the schedule and an operator): still one mail each.
    const [a, b] = await Promise.all([drainOutbox(runtime().mail(), env.clock.now), drainOutbox(runtime().mail(), env.clock.now)]);
    expect(a.sent + b.sent).toBe(2);
    const again = await runMaintenance({ force: true });
    expect(again.queued).toBe(0);
    expect(env.smtp.mails).toHaveLength(2);
    expect(env.smtp.mails.map((m) => m.envelopeTo[0]).sort()).toEqual([DEPARTMENT_EMAIL, 'wang@example.com'].sort());
    snap = await snapshot();
    expect(keysOf(snap, 'outbox:queue/')).toEqual([]);
    expect(keysOf(snap, 'outbox:sent/')).toEqual(expect.arrayContaining([`outbox:sent/${receipt}-department`, `outbox:sent/${receipt}-acknowledgement`]));
  });
});

describe('receipts', () => {
  it('lookup shows received, when and which consultation — not the content', async () => {
    const token = await freshToken();
    const res = await submit(formRequest(validFields(token, { text: '回执查询测试的意见内容。', name: '赵六' })));
    const receipt = receiptFromLocation(res);
    const page = parse(await (await handleReceipt(new Request(`${BASE}/api/receipts?number=${receipt.toLowerCase().replaceAll('-', ' ')}&submitted=1`))).text());
    expect(page.querySelector('h1')?.text).toBe('意见提交成功');
    expect(page.querySelector('.answer-receipt-number')?.text).toBe(receipt);
    expect(page.text).toContain('测试意见征集 test-open');
    expect(page.text).not.toContain('回执查询测试的意见内容');
    expect(page.text).not.toContain('赵六');
    const json = await handleReceipt(new Request(`${BASE}/api/receipts?number=${receipt}`, { headers: { accept: 'application/json' } }));
    expect(await json.json()).toMatchObject({ ok: true, receipt, consultation: { id: 'test-open' }, verificationCode: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('refuses malformed numbers, wrong check characters and unknown receipts', async () => {
    const r1 = await handleReceipt(new Request(`${BASE}/api/receipts?number=hello`));
    expect(r1.status).toBe(400);
    expect(await r1.text()).toContain('回执编号格式不正确');
    const valid = 'YJ-20261128-7K3Q-9F2';
    const checked = `${valid}${'0123456789ABCDEFGHJKMNPQRSTVWXYZ'.split('').find((c) => parseReceiptNumber(valid + c).ok)}`;
    const wrongCheck = checked.slice(0, -1) + (checked.endsWith('A') ? 'B' : 'A');
    const r2 = await handleReceipt(new Request(`${BASE}/api/receipts?number=${wrongCheck}`, { headers: { accept: 'application/json' } }));
    expect(r2.status).toBe(400);
    expect(((await r2.json()) as { code: string }).code).toBe('receipt-check');
    const r3 = await handleReceipt(new Request(`${BASE}/api/receipts?number=${checked}`));
    expect(r3.status).toBe(404);
    expect(await r3.text()).toContain('未查询到');
  });
});

describe('ledger after close and department export', () => {
  it('ledger: none before the first signed head, none for offline consultations; then every stored receipt verifies', async () => {
    const none = await handleLedger(new Request(`${BASE}/api/comments/ledger?consultation=test-open`));
    expect(none.status).toBe(404);
    expect(((await none.json()) as { code: string }).code).toBe('no-ledger');
    const offline = await handleLedger(new Request(`${BASE}/api/comments/ledger?consultation=test-offline`));
    expect(((await offline.json()) as { code: string }).code).toBe('online-not-offered');
    const token = await freshToken();
    const res = await submit(jsonRequest(validFields(token, { text: '核验清单测试意见。' })));
    const { receipt, verificationCode } = (await res.json()) as { receipt: string; verificationCode: string };
    const stored = keysOf(await snapshot(['comments']), 'comments:comments/test-open/').length;

    const outcomes = await runLedgerHeads();
    expect(outcomes.find((o) => o.consultation === 'test-open')).toMatchObject({ outcome: 'signed', head: { sequence: 1, treeSize: stored, final: false } });
    // Open consultations with online submission only: not the offline one, not one that closed before its log began.
    expect(outcomes.filter((o) => o.outcome === 'signed').map((o) => o.consultation).sort()).toEqual(['test-no-articles', 'test-open']);
    const ok = await handleLedger(new Request(`${BASE}/api/comments/ledger?consultation=test-open`));
    expect(ok.status).toBe(200);
    const { ledger, heads } = (await ok.json()) as { ledger: PublishedLedger; heads: SignedTreeHead[] };
    expect(ledger.count).toBe(stored);
    const keys = { algorithm: 'Ed25519' as const, keys: [signingKeyEntry(ledgerSigner(), '2026-11-28')] };
    expect(await checkCode(ledger, heads, keys, verificationCode.toUpperCase().match(/.{8}/g)!.join(' '))).toMatchObject({ ledgerOk: true, included: true, inclusionOk: true, head: { sequence: 1 } });
    expect(JSON.stringify({ ledger, heads })).not.toContain(receipt);
    const lookup = await handleReceipt(new Request(`${BASE}/api/receipts?number=${receipt}`, { headers: { accept: 'application/json' } }));
    expect(await lookup.json()).toMatchObject({ ledgerHead: { sequence: 1, treeSize: stored, root: ledger.root } });
    expect((await handleLedger(new Request(`${BASE}/api/comments/ledger?consultation=nope`))).status).toBe(404);
  });

  it('export: 401 and nothing else without the right token', async () => {
    for (const auth of [undefined, 'Bearer wrong', 'Basic dGVzdA==', 'Bearer ', 'Bearer test-export-token-012345678']) {
      const res = await handleExport(new Request(`${BASE}/api/comments/export?consultation=test-open&format=csv`, { headers: auth ? { authorization: auth } : {} }));
      expect(res.status).toBe(401);
      expect(await res.text()).toBe('');
    }
  });

  it('export: CSV with BOM and neutralised formulas, JSON, and attachments', async () => {
    const token = await freshToken();
    const res = await submit(formRequest(validFields(token, { text: '=HYPERLINK("http://evil.example","点击")', name: '@某公司', contact: '010-12345678' }), { name: 'a.pdf', data: PDF_BYTES }));
    const receipt = receiptFromLocation(res);
    const headers = { authorization: 'Bearer test-export-token-0123456789' };
    const csv = await handleExport(new Request(`${BASE}/api/comments/export?consultation=test-open&format=csv`, { headers }));
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const row = text.split('\r\n').find((l) => l.startsWith(`"${receipt}"`))!;
    expect(row).toContain(`"'=HYPERLINK(""http://evil.example"",""点击"")"`);
    expect(row).toContain(`"'@某公司"`);
    expect(row).toContain('"a.pdf"');
    const json = await handleExport(new Request(`${BASE}/api/comments/export?consultation=test-open&format=json`, { headers }));
    const body = (await json.json()) as { count: number; comments: { receipt: string; text: string }[] };
    expect(body.comments.find((c) => c.receipt === receipt)?.text).toBe('=HYPERLINK("http://evil.example","点击")');
    const file = await handleExport(new Request(`${BASE}/api/comments/export?consultation=test-open&attachment=${receipt}`, { headers }));
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(PDF_BYTES);
    expect((await handleExport(new Request(`${BASE}/api/comments/export?consultation=test-open&format=xml`, { headers }))).status).toBe(400);
  });
});

describe('routes and the local server of the built function', () => {
  it('src/pages/api/comments.ts answers at /api/comments, rendered pages included', async () => {
    const res = await callRoute(commentsRoute, new Request(`${BASE}/api/comments`, { headers: { accept: 'application/json' } }));
    expect(res.status).toBe(405);
    const page = await callRoute(receiptsRoute, new Request(`${BASE}/api/receipts?number=hello`));
    expect(page.status).toBe(400);
    expect(parse(await page.text()).querySelector('link[rel="icon"]')?.getAttribute('href')).toBe('/favicon.svg');
  });

  it('serves built files itself and everything else from the function, with and without a slash', async () => {
    const onDemand = await builtOnDemandPages();
    expect(await onDemand(new Request(`${BASE}/consultations/`))).toBeNull();
    const token = await onDemand(new Request(`${BASE}/api/comments/token?consultation=test-open`));
    expect(token?.status).toBe(200);
    const slash = await onDemand(new Request(`${BASE}/api/comments/token/?consultation=test-closed`));
    expect(slash?.status).toBe(409);
    const unknown = await onDemand(new Request(`${BASE}/api/nothing-here`));
    expect(unknown?.status).toBe(404);
    expect(await unknown?.text()).toContain('<html lang="zh-CN">');
  });
});

describe('operator scripts', () => {
  const run = (args: string[]) =>
    new Promise<{ code: number; out: string }>((resolve) => {
      const child = spawn(process.execPath, args, { env: process.env, cwd: process.cwd() });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.on('close', (code) => resolve({ code: code ?? -1, out }));
    });

  it('scripts/drain-outbox.ts sends what waits in the outbox, once', async () => {
    await env.smtp.stop();
    const token = await freshToken();
    const receipt = receiptFromLocation(await submit(formRequest(validFields(token, { text: '脚本补发邮件测试意见。' }))));
    expect(keysOf(await snapshot(), 'outbox:queue/')).toEqual([`outbox:queue/${receipt}-department`]);
    await env.smtp.restart();
    const first = await run(['scripts/drain-outbox.ts', '--force']);
    expect(first.code).toBe(0);
    expect(first.out).toContain(`${receipt}-department: sent`);
    const second = await run(['scripts/drain-outbox.ts', '--force']);
    expect(second.out).toContain('queued 0');
    expect(env.smtp.mails.filter((m) => m.parsed.subject?.includes(receipt))).toHaveLength(1);
  });

  it('scripts/publish-ledger.ts writes the signed ledger and its heads, and never replaces what is published', async () => {
    const out = join(env.dir, 'ledgers');
    const first = await run(['scripts/publish-ledger.ts', '--out', out]);
    expect(first.code, first.out).toBe(0);
    const { ledger, heads } = readPublishedLedger(out, 'test-open');
    expect(ledger).toMatchObject({ version: 2, consultation: 'test-open', final: false, heads: 1 });
    expect(existsSync(join(out, 'test-closed.json'))).toBe(false); // closed before its log began
    expect(existsSync(join(out, 'test-offline.json'))).toBe(false);
    expect(await checkLedger(ledger, heads, readSigningKeys(out)!)).toMatchObject({ ok: true, count: ledger.count });
    expect((await run(['scripts/publish-ledger.ts', '--out', out])).out).toContain('unchanged');
    const file = join(out, 'test-open.json');
    const published = readFileSync(file, 'utf8');
    writeFileSync(file, JSON.stringify({ ...ledger, entries: [{ code: 'f'.repeat(64), commitment: 'e'.repeat(64) }, ...ledger.entries] }));
    const refused = await run(['scripts/publish-ledger.ts', '--out', out]);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('nothing written');
    writeFileSync(file, published);

    // From a live site (here the local static server with the pages answered on request): the same files.
    const site = join(env.dir, 'site');
    mkdirSync(join(site, 'data/ledgers'), { recursive: true });
    copyFileSync(process.env.GONGKAI_CONSULTATIONS_FILE!, join(site, 'data/consultations.json'));
    copyFileSync(join(out, 'signing-keys.json'), join(site, 'data/ledgers/signing-keys.json'));
    const server = await startStaticServer({ root: site, functions: await builtOnDemandPagesFor(site) });
    try {
      const fromSite = join(env.dir, 'ledgers-from-site');
      const remote = await run(['scripts/publish-ledger.ts', '--from', server.url, '--out', fromSite]);
      expect(remote.code, remote.out).toBe(0);
      expect(readFileSync(join(fromSite, 'test-open.json'), 'utf8')).toBe(published);
    } finally {
      await server.close();
    }
  });
});

describe('mail without SMTP_URL', () => {
  it('is written as .eml files, one per mail id, with safe headers', async () => {
    const { createMailTransport } = await import('../../src/server/mail-transport.ts');
    const { readCommentSettings } = await import('../../src/server/comment-settings.ts');
    const { simpleParser } = await import('mailparser');
    const settings = { ...readCommentSettings(), smtpUrl: null, localMailDir: join(env.dir, 'eml') };
    const transport = createMailTransport(settings);
    await transport.send({ id: 'YJ-TEST-department', to: 'dept@example.gov.cn', subject: '主题\r\nBcc: victim@example.com', text: '正文', messageId: '<YJ-TEST-department@gongkai.test.example>', date: new Date(NOW_ISO) });
    const mail = await simpleParser(readFileSync(join(env.dir, 'eml', 'YJ-TEST-department.eml')));
    expect(mail.subject).toBe('主题 Bcc: victim@example.com');
    expect(mail.bcc).toBeUndefined();
    expect(mail.headers.has('bcc')).toBe(false);
    expect(mail.text?.trim()).toBe('正文');
    await expect(transport.send({ id: 'x', to: 'a@example.com\r\nBcc: b@example.com', subject: 's', text: 't', messageId: '<x@y>', date: new Date(NOW_ISO) })).rejects.toThrow(/unsafe address/);
  });
});

describe('store unavailable', () => {
  it('answers 503 keeping what was typed; the resend with the same token stores it once', async () => {
    const token = await freshToken();
    const fields = validFields(token, { text: '存储故障时提交的意见。' });
    await env.blobs.stop();
    const down = await submit(formRequest(fields));
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('30');
    const page = parse(await down.text());
    expect(page.querySelector('.cf-error-summary')?.text).toContain('您的意见尚未提交成功');
    expect(page.querySelector('textarea[name=text]')?.text).toBe('存储故障时提交的意见。');
    expect(page.querySelector('input[name=formToken]')?.getAttribute('value')).toBe(token);
    const json = await submit(jsonRequest(fields));
    expect(json.status).toBe(503);
    expect(((await json.json()) as { code: string }).code).toBe('storage-unavailable');

    env.blobs = await startLocalBlobs(env.blobs.directory);
    const before = keysOf(await snapshot(), 'comments:comments/test-open/').length;
    const up = await submit(formRequest(fields));
    expect(up.status).toBe(303);
    const again = await submit(formRequest(fields));
    expect(receiptFromLocation(again)).toBe(receiptFromLocation(up));
    expect(keysOf(await snapshot(), 'comments:comments/test-open/').length).toBe(before + 1);
  });
});
