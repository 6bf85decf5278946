/**
 * The report function end to end with the comment system's real parts: handler
 * called with real Requests, the real BlobsServer and a real SMTP server on
 * 127.0.0.1 (tests/helpers/comments.ts). Each refusal leaves the stores unchanged.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { getStore } from '@netlify/blobs';
import { ALL as reportsRoute } from '../../src/pages/api/reports.ts';
import { guardedReport, handleReport } from '../../src/server/report-submit.ts';
import { builtOnDemandPages, callRoute } from '../helpers/on-demand.ts';
import { reportKeys, type ReportRecord } from '../../src/server/report-intake.ts';
import { isReportReceiptNumber, reportReceiptNumber, validateReport } from '../../src/lib/report-submission.ts';
import { handleReceipt } from '../../src/server/receipt-lookup.ts';
import { parse } from 'node-html-parser';
import { unitFor } from '../../src/lib/report-directory.ts';
import { reportAcknowledgementMail, reportUnitMail } from '../../src/lib/report-mail.ts';
import { PDF_BYTES, PNG_BYTES, keysOf, snapshot, type CommentTestEnv } from '../helpers/comments.ts';
import { LEAD_UNIT, REPORT_BASE, REPORT_DIRECTORY, RIVER_UNIT, startReportEnv } from '../helpers/reports.ts';

const BASE = REPORT_BASE;
const DIRECTORY = REPORT_DIRECTORY;
// A JPEG's magic bytes and a few more: what the function sniffs.
const JPEG_BYTES = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]);

let env: CommentTestEnv;
beforeAll(async () => {
  env = await startReportEnv();
});
afterAll(async () => {
  await env.close();
});
beforeEach(() => {
  env.smtp.mails.length = 0;
});

type Fields = Record<string, string>;
const valid = (extra: Fields = {}): Fields => ({
  waterBody: 'yudaixi',
  kind: '污水直排',
  what: '玉带溪公园东门桥下排水口有污水直排，水面发黑，有明显臭味。',
  where: '玉带溪公园东门桥下游约50米左岸',
  latitude: '29.58',
  longitude: '105.06',
  seen: '2026-11-27',
  contact: '13800138000',
  ...extra,
});

function form(fields: Fields, photo?: { name: string; data: Uint8Array<ArrayBuffer>; field?: string }): Request {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  if (photo) fd.append(photo.field ?? 'photo', new Blob([photo.data]), photo.name);
  return new Request(`${BASE}/api/reports`, { method: 'POST', body: fd });
}

async function records(): Promise<ReportRecord[]> {
  const store = getStore({ name: 'gongkai-comments', consistency: 'strong' });
  const out: ReportRecord[] = [];
  for await (const page of store.list({ prefix: 'reports/', paginate: true })) for (const b of page.blobs) out.push((await store.get(b.key, { type: 'json' })) as ReportRecord);
  return out;
}

async function expectRefusedUnchanged(req: Request, status: number, text: RegExp) {
  const before = await snapshot();
  const res = await handleReport(req, { ip: '203.0.113.9' });
  expect(res.status).toBe(status);
  expect(await res.text()).toMatch(text);
  expect(await snapshot()).toEqual(before);
  expect(env.smtp.mails).toHaveLength(0);
}

describe('POST /api/reports', () => {
  it('is the route at /api/reports, also through the built function', async () => {
    const res = await (await builtOnDemandPages())(new Request(`${BASE}/api/reports`, { method: 'GET' }));
    expect(res?.status).toBe(405);
    const direct = await callRoute(reportsRoute, new Request(`${BASE}/api/reports`, { method: 'PUT' }), '203.0.113.9');
    expect(direct.status).toBe(405);
  });

  it('stores a report with its photo, mails the responsible unit with the photo attached, and answers with a receipt', async () => {
    const res = await handleReport(form(valid(), { name: 'IMG_0001.JPG', data: JPEG_BYTES }), { ip: '203.0.113.9' });
    expect(res.status).toBe(201);
    const page = await res.text();
    const receipt = /回执编号：(XS-\d{8}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(page)?.[1];
    expect(receipt && isReportReceiptNumber(receipt)).toBe(true);
    expect(receipt!.startsWith('XS-20261128-')).toBe(true);
    expect(page).toContain('已转交：市中区人民政府核实处理');
    expect(parse(page).querySelectorAll('[style]')).toEqual([]);
    expect(parse(page).querySelectorAll('script').map((s) => s.getAttribute('src'))).toEqual(['/js/elder-mode.js']);

    const [record] = (await records()).filter((r) => r.receipt === receipt);
    expect(record).toMatchObject({ waterBody: 'yudaixi', kind: '污水直排', seen: '2026-11-27', coordinates: { latitude: 29.58, longitude: 105.06 }, contact: { kind: 'phone', value: '13800138000' } });
    expect(record!.unit.email).toBe(RIVER_UNIT);
    const store = getStore({ name: 'gongkai-comments', consistency: 'strong' });
    const photo = new Uint8Array((await store.get(reportKeys.photo(receipt!), { type: 'arrayBuffer' }))!);
    expect([...photo]).toEqual([...JPEG_BYTES]);
    expect(record!.photo?.filename).toBe('IMG_0001.jpg');

    expect(env.smtp.mails).toHaveLength(1);
    const mail = env.smtp.mails[0]!;
    expect(mail.envelopeTo).toEqual([RIVER_UNIT]);
    expect(mail.parsed.subject).toBe(`【群众线索】玉带溪：污水直排（回执编号 ${receipt}）`);
    expect(mail.parsed.text).toContain('玉带溪公园东门桥下排水口有污水直排');
    expect(mail.parsed.text).toContain('纬度 29.58，经度 105.06');
    expect(mail.parsed.attachments.map((a) => [a.filename, a.contentType, a.size])).toEqual([['IMG_0001.jpg', 'image/jpeg', JPEG_BYTES.length]]);
  });

  it('the same report posted twice gets the same receipt and no second mail', async () => {
    const fields = valid({ what: '白马溪步道旁的雨水口晴天也在流黑水，臭味明显。', contact: 'jubao@example.com' });
    const first = await handleReport(form(fields), { ip: '203.0.113.9' });
    expect(first.status).toBe(201);
    const mailsAfterFirst = env.smtp.mails.length;
    // The unit's mail and the acknowledgement to the e-mail address.
    expect(mailsAfterFirst).toBe(2);
    const ack = env.smtp.mails.find((m) => m.envelopeTo[0] === 'jubao@example.com')!;
    expect(ack.parsed.text).not.toContain('白马溪步道旁'); // never mail chosen text to a typed address
    const second = await handleReport(form(fields), { ip: '203.0.113.9' });
    expect(second.status).toBe(200);
    const receipt = (t: string) => /XS-[0-9A-Z-]+/.exec(t)?.[0];
    expect(receipt(await second.text())).toBe(receipt(await first.text()));
    expect(env.smtp.mails.length).toBe(mailsAfterFirst);
    expect((await records()).filter((r) => r.what === fields.what)).toHaveLength(1);
  });

  it('a report naming no water body goes to the lead unit', async () => {
    const res = await handleReport(form(valid({ waterBody: '', what: '城东一条没有名字的排水沟发黑发臭，不知道归谁管。' })), { ip: '203.0.113.9' });
    expect(res.status).toBe(201);
    expect(env.smtp.mails[0]?.envelopeTo).toEqual([LEAD_UNIT]);
    expect(env.smtp.mails[0]?.parsed.subject).toContain('其他水体或不确定');
  });

  it('takes a report whose photo input was left empty, as a browser sends it (a file part with no name and no bytes)', async () => {
    const fd = new FormData();
    for (const [k, v] of Object.entries(valid())) fd.append(k, v);
    fd.append('photo', new File([], ''));
    const res = await handleReport(new Request(`${BASE}/api/reports`, { method: 'POST', body: fd }), { ip: '203.0.113.12' });
    expect(res.status).toBe(201);
    const receipt = /回执编号：(XS-\d{8}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(await res.text())?.[1];
    const [record] = (await records()).filter((r) => r.receipt === receipt);
    expect(record?.photo ?? null).toBeNull();
  });

  it('refuses a chosen photo with no bytes (a named file, unlike an input left empty)', async () => {
    await expectRefusedUnchanged(form(valid(), { name: 'photo.jpg', data: new Uint8Array(0) }), 422, /所选照片是空文件/);
  });

  it('refuses a file that is not a photo by its content, whatever its name, and stores nothing', async () => {
    await expectRefusedUnchanged(form(valid(), { name: 'photo.jpg', data: new TextEncoder().encode('this is not an image') as Uint8Array<ArrayBuffer> }), 422, /只接受 JPG、PNG 或 WebP 图片/);
    // A real PDF is a fine comment attachment but not a photo.
    await expectRefusedUnchanged(form(valid(), { name: 'scan.png', data: PDF_BYTES }), 422, /只接受 JPG、PNG 或 WebP 图片/);
  });

  it('accepts a PNG and keeps the extension true to the content', async () => {
    const res = await handleReport(form(valid({ what: '谢家河东兴大桥下漂浮大量生活垃圾。', kind: '垃圾漂浮' }), { name: '现场.jpeg', data: PNG_BYTES }), { ip: '203.0.113.9' });
    expect(res.status).toBe(201);
    const record = (await records()).find((r) => r.kind === '垃圾漂浮')!;
    expect(record.photo?.filename).toBe('现场.png');
  });

  it('refuses a photo over the stated size before reading it all', async () => {
    const big = new Uint8Array(5 * 1024 * 1024);
    big.set(JPEG_BYTES);
    await expectRefusedUnchanged(form(valid(), { name: 'big.jpg', data: big }), 413, /照片不能超过 4 MB/);
  });

  it('refuses a second file, a file in another field, and an unknown field', async () => {
    const fd = new FormData();
    for (const [k, v] of Object.entries(valid())) fd.append(k, v);
    fd.append('photo', new Blob([JPEG_BYTES]), 'a.jpg');
    fd.append('photo', new Blob([JPEG_BYTES]), 'b.jpg');
    await expectRefusedUnchanged(new Request(`${BASE}/api/reports`, { method: 'POST', body: fd }), 400, /只能上传 1 张照片/);
    await expectRefusedUnchanged(form(valid(), { name: 'a.jpg', data: JPEG_BYTES, field: 'attachment' }), 422, /无法识别的栏目/);
    await expectRefusedUnchanged(form(valid({ name: '张三' })), 422, /无法识别的栏目/);
  });

  it('refuses invalid fields with every message, keeping the text for copying', async () => {
    const res = await handleReport(form(valid({ what: '黑', where: '', seen: '2026-12-01', latitude: '105.06', longitude: '29.58', waterBody: 'nowhere' })), { ip: '203.0.113.9' });
    expect(res.status).toBe(422);
    const page = await res.text();
    for (const text of ['问题描述至少需要 5 个字', '请填写具体位置', '发现日期不能晚于今天', '是否把纬度和经度填反了', '所选水体不存在']) expect(page).toContain(text);
    expect(page).toContain('您填写的意见内容（未提交）');
  });

  it('refuses the honeypot, wrong methods and content types, and a missing directory', async () => {
    await expectRefusedUnchanged(form(valid({ website: 'http://spam.example' })), 400, /防范自动程序/);
    await expectRefusedUnchanged(new Request(`${BASE}/api/reports`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }), 415, /"code":"unsupported-media-type"/);
    const saved = process.env.GONGKAI_REPORT_DIRECTORY_FILE;
    process.env.GONGKAI_REPORT_DIRECTORY_FILE = join(env.dir, 'missing.json');
    try {
      // The fallback asks the request's own origin, which does not answer here.
      await expectRefusedUnchanged(new Request('http://127.0.0.1:9/api/reports', { method: 'POST', body: new URLSearchParams(valid()) }), 503, /系统暂时无法读取水体信息/);
    } finally {
      process.env.GONGKAI_REPORT_DIRECTORY_FILE = saved;
    }
  });

  it('answers JSON to clients that ask for it', async () => {
    const res = await handleReport(
      new Request(`${BASE}/api/reports`, { method: 'POST', body: new URLSearchParams(valid({ what: '史家河二号桥附近河水发黑。' })), headers: { accept: 'application/json' } }),
      { ip: '203.0.113.9' },
    );
    expect(res.status).toBe(201);
    const body = (await res.json()) as { ok: boolean; receipt: string; unit: string };
    expect(body.ok).toBe(true);
    expect(isReportReceiptNumber(body.receipt)).toBe(true);
    expect(body.unit).toBe('市中区人民政府');
  });

  it('a report receipt is looked up at /api/receipts like a comment receipt, without the report or its sender', async () => {
    const res = await handleReport(form(valid({ what: '玉带溪东门桥下游水面漂浮油污，气味刺鼻。', contact: 'reporter@example.com' })), { ip: '203.0.113.21' });
    expect(res.status).toBe(201);
    const receipt = /XS-\d{8}-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(await res.text())?.[0];
    expect(receipt).toBeDefined();

    // As people type it: lower case, spaces instead of hyphens.
    const page = parse(await (await handleReceipt(new Request(`${BASE}/api/receipts?number=${receipt!.toLowerCase().replaceAll('-', ' ')}`))).text());
    expect(page.querySelector('h1')?.text).toBe('回执查询结果');
    expect(page.querySelector('.answer-receipt-number')?.text).toBe(receipt);
    expect(page.querySelector('.answer-receipt a[href="/remediation/water-bodies/yudaixi/"]')?.text).toBe('玉带溪');
    expect(page.text).toContain('市中区人民政府');
    expect(page.text).not.toContain('油污');
    expect(page.text).not.toContain('reporter@example.com');
    // The trail leads back to the remediation section, not to the consultations.
    expect(page.querySelector('.breadcrumbs a[href="/remediation/"]')?.text).toBe('城市黑臭水体治理');
    expect(page.querySelector('.breadcrumbs a[href="/consultations/"]')).toBeNull();
    // The site's own header and footer, as on every built page.
    expect(page.querySelector('header.site-header')).not.toBeNull();
    expect(page.querySelector('footer.site-footer')).not.toBeNull();

    const json = await handleReceipt(new Request(`${BASE}/api/receipts?number=${receipt}`, { headers: { accept: 'application/json' } }));
    expect(await json.json()).toEqual({ ok: true, kind: 'report', receipt, receivedAt: expect.stringMatching(/\+08:00$/), waterBody: 'yudaixi', unit: '市中区人民政府' });

    const unknown = reportReceiptNumber('2026-11-28', new Uint8Array([1, 2, 3, 4, 5]));
    const missing = await handleReceipt(new Request(`${BASE}/api/receipts?number=${unknown}`));
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain(`未查询到回执编号 ${unknown} 对应的线索`);
    // One mistyped character is caught by the check character before any lookup.
    const typo = `${receipt!.slice(0, -1)}${receipt!.endsWith('0') ? '1' : '0'}`;
    expect((await handleReceipt(new Request(`${BASE}/api/receipts?number=${typo}`))).status).toBe(400);
  });

  it('an unexpected error becomes a Chinese answer, not a platform error page', async () => {
    const res = await guardedReport(new Request(`${BASE}/api/reports`, { method: 'POST' }), async () => {
      throw new Error('disk on fire');
    });
    expect(res.status).toBe(500);
    const page = await res.text();
    expect(page).toContain('线索尚未提交成功');
    expect(page).not.toContain('disk on fire');
  });

  it('leaves comments alone: reports have their own keys in the private store', async () => {
    const snap = await snapshot();
    expect(keysOf(snap, 'comments:comments/')).toEqual([]);
    expect(keysOf(snap, 'comments:reports/').length).toBeGreaterThan(0);
  });
});

describe('report rules', () => {
  const context = { waterBodies: new Set(['yudaixi']), today: '2026-11-28' };
  const fields = (extra: Fields = {}) => new Map(Object.entries(valid(extra)));

  it('accepts dates as people type them and refuses impossible ones', () => {
    for (const seen of ['2026-11-28', '2026/11/28', '2026.11.28', '2026年11月28日', '2026-11-3']) {
      expect(validateReport(fields({ seen }), context).ok, seen).toBe(true);
    }
    for (const [seen, code] of [['2026-02-30', 'seen-invalid'], ['', 'seen-required'], ['2025-11-27', 'seen-too-old'], ['2026-11-29', 'seen-future']] as const) {
      const r = validateReport(fields({ seen }), context);
      expect(r.ok ? [] : r.errors.map((e) => e.code), seen).toEqual([code]);
    }
    // 365 days back is still accepted.
    expect(validateReport(fields({ seen: '2025-11-28' }), context).ok).toBe(true);
  });

  it('coordinates: both or neither, decimal, inside China', () => {
    const codes = (extra: Fields) => {
      const r = validateReport(fields(extra), context);
      return r.ok ? [] : r.errors.map((e) => e.code);
    };
    expect(codes({ latitude: '', longitude: '' })).toEqual([]);
    expect(codes({ latitude: '29.58', longitude: '' })).toEqual(['coordinates-incomplete']);
    expect(codes({ latitude: '29°35′N', longitude: '105.06' })).toEqual(['coordinates-invalid']);
    expect(codes({ latitude: '105.06', longitude: '29.58' })).toEqual(['coordinates-out-of-range']);
    // Full-width digits from a Chinese keyboard are read as digits.
    expect(codes({ latitude: '２９.５８', longitude: '１０５.０６' })).toEqual([]);
  });

  it('contact: phone or e-mail only, one line', () => {
    const codes = (contact: string) => {
      const r = validateReport(fields({ contact }), context);
      return r.ok ? [] : r.errors.map((e) => e.code);
    };
    expect(codes('0832-1234567')).toEqual([]);
    expect(codes('name@example.com')).toEqual([]);
    expect(codes('微信 abc')).toEqual(['contact-invalid']);
    expect(codes('a@example.com\nBcc: x@example.com')).toEqual(['contact-invalid']);
  });

  it('mails: the unit gets everything, the acknowledgement only the receipt', () => {
    const r = validateReport(fields({ contact: 'x@example.com' }), context);
    if (!r.ok) throw new Error('valid report refused');
    const facts = {
      receipt: 'XS-20261128-0000-0000',
      receivedAt: new Date('2026-11-28T02:00:00Z'),
      siteName: '测试网站',
      siteUrl: BASE,
      projectTitle: '城市黑臭水体治理',
      unit: unitFor(DIRECTORY, 'yudaixi'),
      waterBody: { name: '玉带溪', path: '/remediation/water-bodies/yudaixi/' },
      report: r.value,
      photo: null,
      queryCode: '7K3Q-9F2M',
    };
    const unit = reportUnitMail(facts);
    expect(unit.to).toBe(RIVER_UNIT);
    expect(unit.text).not.toContain('7K3Q-9F2M');
    expect(unit.text).toContain(r.value.what);
    expect(unit.text).toContain(`${BASE}/remediation/water-bodies/yudaixi/`);
    const ack = reportAcknowledgementMail(facts)!;
    expect(ack.to).toBe('x@example.com');
    expect(ack.text).not.toContain(r.value.what);
    expect(ack.text).toContain('查询码：7K3Q-9F2M');
    expect(reportAcknowledgementMail({ ...facts, report: { ...r.value, contact: { kind: 'phone', value: '13800138000' } } })).toBeNull();
    expect(unitFor(DIRECTORY, null).email).toBe(LEAD_UNIT);
    expect(unitFor(DIRECTORY, 'unknown').email).toBe(LEAD_UNIT);
  });
});
