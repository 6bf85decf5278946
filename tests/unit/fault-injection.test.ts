/**
 * Faults between the write steps of every multi-step write (comments, reports,
 * subscriptions, the outbox), injected by a proxy in front of the real local
 * Blobs server (tests/helpers/faulty-blobs.ts), with a real SMTP server.
 * The happy path is run once to learn its write steps; then, for each step in
 * turn, the process "stops" there (nothing after it reaches the store) or that
 * one step fails. For every step:
 *  - no acknowledgement without the record;
 *  - what the crash leaves behind never mails about a record that does not
 *    exist (the outbox is drained before the retry);
 *  - after the retry: exactly one record and exactly one of each mail.
 * And with the store down: nothing stored, nothing mailed, a clear answer.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

// Each loop runs the whole operation twice per write step: minutes on a busy machine.
vi.setConfig({ testTimeout: 240_000 });
import { handleToken } from '../../src/server/comment-endpoints.ts';
import { recordsOf } from '../../src/server/comment-intake.ts';
import { handleSubmit } from '../../src/server/comment-submit.ts';
import { runtime } from '../../src/server/comment-runtime.ts';
import { deliver, drainOutbox, enqueue, pendingMail } from '../../src/server/outbox.ts';
import { findReport, type ReportRecord } from '../../src/server/report-intake.ts';
import { commentsStore, listKeys } from '../../src/server/comment-stores.ts';
import { allCases } from '../../src/server/case-store.ts';
import { handleReport } from '../../src/server/report-submit.ts';
import { handleConfirm, handleSubscribe } from '../../src/server/subscription-endpoints.ts';
import { getSubscription, subscriberId, subscriptionKey } from '../../src/server/subscriptions.ts';
import { REPORT_DIRECTORY_VERSION, type ReportDirectory } from '../../src/lib/report-directory.ts';
import { parseReceiptNumber } from '../../src/lib/receipt-number.ts';
import { DEPARTMENT_EMAIL, NOW, PDF_BYTES, keysOf, snapshot, startCommentEnv, type CommentTestEnv, type ReceivedMail } from '../helpers/comments.ts';
import { startFaultyBlobs, type FaultyBlobs, type WriteStep } from '../helpers/faulty-blobs.ts';

const BASE = 'https://gongkai.test.example';
let env: CommentTestEnv;
let faulty: FaultyBlobs;

beforeAll(async () => {
  env = await startCommentEnv({ SUBSCRIPTION_SECRET: 'test-subscription-secret-0123456789', SUBSCRIBE_RATE_LIMIT: 'off' });
  const directory: ReportDirectory = {
    version: REPORT_DIRECTORY_VERSION,
    site: { name: '测试政务公开网站', url: BASE },
    project: { title: '城市黑臭水体治理', path: '/remediation/', leadUnit: { id: 'lead', name: '市住房城乡建设局', email: 'lead@unit.example.gov.cn' } },
    waterBodies: [{ id: 'yudaixi', name: '玉带溪', path: '/remediation/water-bodies/yudaixi/', unit: { id: 'szq', name: '市中区人民政府', email: 'river@unit.example.gov.cn' } }],
  };
  const file = join(env.dir, 'report-directory.json');
  writeFileSync(file, JSON.stringify(directory));
  process.env.GONGKAI_REPORT_DIRECTORY_FILE = file;
  faulty = await startFaultyBlobs();
});
afterAll(async () => {
  await faulty.stop();
  await env.close();
});
beforeEach(() => {
  faulty.heal();
  env.smtp.mails.length = 0;
});

const mode = ['stop', 'fail'] as const;
type Mode = (typeof mode)[number];
const inject = (m: Mode, step: number) => (m === 'stop' ? faulty.stopAtWrite(step) : faulty.failWrite(step));

/** Mails received, counted per Message-ID. */
function copiesByMessageId(mails: readonly ReceivedMail[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of mails) out[m.parsed.messageId ?? '?'] = (out[m.parsed.messageId ?? '?'] ?? 0) + 1;
  return out;
}

/**
 * Exactly one of each expected mail. The outbox's documented window: when
 * `sent/<id>` cannot be written after the SMTP server accepted a mail (a crash
 * or a failed write), the mail goes out again with the same Message-ID; only a
 * fault at that very step may leave two copies of that one mail.
 */
function expectEachMailOnce(expectedIds: readonly string[], faultAt: WriteStep | undefined, m: Mode | 'none') {
  const counts = copiesByMessageId(env.smtp.mails);
  expect(Object.keys(counts).sort()).toEqual(expectedIds.map((id) => `<${id}@gongkai.test.example>`).sort());
  for (const id of expectedIds) {
    const window = faultAt?.method === 'PUT' && faultAt.key === `gongkai-outbox/sent/${id}`;
    expect(counts[`<${id}@gongkai.test.example>`], `${id} after a ${m} at ${faultAt?.method} ${faultAt?.key}`).toBe(window ? 2 : 1);
  }
}

/** After a crash: deliver whatever was left queued (past every lease and back-off). */
async function drainEverything() {
  env.advance(3600);
  await drainOutbox(runtime().mail(), env.clock.now, { force: true });
}

describe('comments: a fault at each write step', () => {
  async function token(): Promise<string> {
    const res = await handleToken(new Request(`${BASE}/api/comments/token?consultation=test-open`));
    const body = (await res.json()) as { token: string };
    env.advance(10);
    return body.token;
  }
  const post = (formToken: string, text: string) => {
    const fd = new FormData();
    for (const [k, v] of Object.entries({ consultation: 'test-open', text, submitterType: '个人', consent: 'yes', formToken, contact: 'li@example.com' })) fd.append(k, v);
    fd.append('attachment', new Blob([PDF_BYTES], { type: 'application/pdf' }), '意见.pdf');
    return handleSubmit(new Request(`${BASE}/api/comments`, { method: 'POST', body: fd }), { ip: '203.0.113.7' });
  };
  const receiptOf = (res: Response) => {
    const parsed = parseReceiptNumber(new URL(res.headers.get('location') ?? '', BASE).searchParams.get('number') ?? '');
    return parsed.ok ? parsed.receipt : undefined;
  };
  const recordsWith = async (text: string) => (await recordsOf('test-open')).filter((r) => r.text === text);

  let steps: WriteStep[] = [];
  it('the happy path: its write steps, in order', async () => {
    faulty.record();
    const text = '故障注入基准意见：记录写入步骤。';
    const res = await post(await token(), text);
    expect(res.status).toBe(303);
    steps = [...faulty.writes];
    const receipt = receiptOf(res)!;
    // The record before the mails and before the commit mark; the attachment before the record naming it.
    const order = steps.map((s) => `${s.method} ${s.key}`);
    const at = (key: string) => order.indexOf(`PUT gongkai-comments/${key}`);
    expect(at(`receipts/${receipt}`)).toBe(0);
    expect(at(`attachments/test-open/${receipt}`)).toBe(1);
    expect(at(`comments/test-open/${receipt}`)).toBe(2);
    expect(order.slice(3, 5).sort()).toEqual([`PUT gongkai-outbox/queue/${receipt}-acknowledgement`, `PUT gongkai-outbox/queue/${receipt}-department`]);
    expect(order.findIndex((s) => s.startsWith('PUT gongkai-comments/idempotency/'))).toBe(5);
    expect(steps.length).toBeGreaterThan(6);
    expectEachMailOnce([`${receipt}-department`, `${receipt}-acknowledgement`], undefined, 'none');
  });

  for (const m of mode) {
    it(`${m} at each step: no acknowledgement without the record; after a resend one record and each mail once`, async () => {
      expect(steps.length).toBeGreaterThan(6);
      for (let k = 1; k <= steps.length; k++) {
        env.smtp.mails.length = 0;
        const text = `故障注入意见：${m} 第 ${k} 步。`;
        const formToken = await token();
        inject(m, k);
        const res = await post(formToken, text);
        const faultAt = faulty.writes[k - 1];
        faulty.heal();
        const label = `${m} at step ${k} (${faultAt?.method} ${faultAt?.key})`;
        const stored = await recordsWith(text);
        if (res.status === 303) {
          expect(stored, label).toHaveLength(1);
          expect(receiptOf(res), label).toBe(stored[0]!.receipt);
        } else {
          expect(res.status, label).toBe(503);
          expect(await res.text(), label).toContain('您的意见尚未提交成功');
        }
        // What the crash left is delivered before any resend: never a mail about a comment not stored.
        await drainEverything();
        const storedNow = new Set((await recordsWith(text)).map((r) => r.receipt));
        for (const mail of env.smtp.mails) expect([...storedNow].some((r) => mail.parsed.messageId?.includes(r)), `${label}: mail ${mail.parsed.messageId} without its record`).toBe(true);
        const again = await post(formToken, text);
        expect(again.status, label).toBe(303);
        await drainEverything();
        const records = await recordsWith(text);
        expect(records, label).toHaveLength(1);
        const receipt = records[0]!.receipt;
        expect(receiptOf(again), label).toBe(receipt);
        expectEachMailOnce([`${receipt}-department`, `${receipt}-acknowledgement`], faultAt, m);
        const snap = await snapshot();
        expect(keysOf(snap, 'outbox:queue/'), label).toEqual([]);
        expect(keysOf(snap, 'comments:attachments/test-open/').filter((k) => k.endsWith(receipt)), label).toHaveLength(1);
      }
    });
  }

  it('store down: 503 with a clear answer, nothing stored, nothing mailed; the resend stores it once', async () => {
    const formToken = await token();
    const text = '存储中断时提交的意见（故障注入）。';
    const before = await snapshot();
    faulty.down();
    const res = await post(formToken, text);
    faulty.heal();
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(await res.text()).toContain('系统暂时无法保存您的意见，您的意见尚未提交成功');
    expect(await snapshot()).toEqual(before);
    await drainEverything();
    expect(env.smtp.mails).toHaveLength(0);
    expect((await post(formToken, text)).status).toBe(303);
    expect(await recordsWith(text)).toHaveLength(1);
    expect(env.smtp.mails.filter((mail) => mail.envelopeTo.includes(DEPARTMENT_EMAIL))).toHaveLength(1);
  });
});

describe('reports (and the case each becomes): a fault at each write step', () => {
  const PHOTO = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
  const post = (what: string) => {
    const fd = new FormData();
    const fields = { waterBody: 'yudaixi', kind: '污水直排', what, where: '玉带溪公园东门桥下游约50米左岸', seen: '2026-11-27', contact: 'wu@example.com' };
    for (const [k, v] of Object.entries(fields)) fd.append(k, v);
    fd.append('photo', new Blob([PHOTO]), 'photo.jpg');
    return handleReport(new Request(`${BASE}/api/reports`, { method: 'POST', body: fd }), { ip: '203.0.113.9' });
  };
  const reportsWith = async (what: string) => {
    const out: ReportRecord[] = [];
    for (const key of await listKeys(commentsStore(), 'reports/')) {
      const record = await findReport(key.slice('reports/'.length));
      if (record?.what === what) out.push(record);
    }
    return out;
  };

  let steps: WriteStep[] = [];
  it('the happy path: photo, record, then the mails', async () => {
    faulty.record();
    const res = await post('故障注入基准线索：排水口有污水直排，水面发黑。');
    expect([200, 201, 303]).toContain(res.status);
    steps = [...faulty.writes];
    const order = steps.map((s) => `${s.method} ${s.key.replace(/\/[^/]*$/, '/…')}`);
    expect(order.slice(0, 2)).toEqual(['PUT gongkai-comments/report-photos/…', 'PUT gongkai-comments/reports/…']);
    // The case (and its queue entries) before the mails.
    const firstMail = order.indexOf('PUT gongkai-outbox/queue/…');
    expect(order.slice(2, firstMail).every((s) => s.startsWith('PUT gongkai-cases/'))).toBe(true);
    expect(order.slice(firstMail, firstMail + 2)).toEqual(['PUT gongkai-outbox/queue/…', 'PUT gongkai-outbox/queue/…']);
  });

  for (const m of mode) {
    it(`${m} at each step: no acknowledgement without the record; after a resend one record and each mail once`, async () => {
      expect(steps.length).toBeGreaterThan(4);
      for (let k = 1; k <= steps.length; k++) {
        env.smtp.mails.length = 0;
        const what = `故障注入线索：${m} 第 ${k} 步，排水口有污水直排。`;
        // The receipt is derived from the content and the day: keep the resend on the same day.
        env.clock.now = new Date(NOW);
        inject(m, k);
        const res = await post(what);
        const faultAt = faulty.writes[k - 1];
        faulty.heal();
        const label = `${m} at step ${k} (${faultAt?.method} ${faultAt?.key})`;
        const stored = await reportsWith(what);
        if (res.status !== 503) {
          expect(stored, label).toHaveLength(1);
          expect(await res.text(), label).toContain(stored[0]!.receipt);
        } else {
          // The record may be there already (a stop after it): the resend completes it under the same receipt.
          expect(stored.length, label).toBeLessThanOrEqual(1);
          expect(await res.text(), label).toContain('线索尚未提交成功');
        }
        await drainEverything();
        const storedNow = (await reportsWith(what)).map((r) => r.receipt);
        for (const mail of env.smtp.mails) expect(storedNow.some((r) => mail.parsed.messageId?.includes(r)), `${label}: mail ${mail.parsed.messageId} without its record`).toBe(true);
        const again = await post(what);
        expect(again.status, label).not.toBe(503);
        await drainEverything();
        const records = await reportsWith(what);
        expect(records, label).toHaveLength(1);
        const record = records[0];
        let cases = 0;
        for await (const c of allCases()) if (c.receipt === record!.receipt) cases++;
        expect(cases, `${label}: cases of the report`).toBe(1);
        expectEachMailOnce([`${record!.receipt}-department`, `${record!.receipt}-acknowledgement`], faultAt, m);
      }
    });
  }

  it('store down: 503, nothing stored, nothing mailed', async () => {
    const before = await snapshot();
    faulty.down();
    const res = await post('存储中断时的线索：排水口有污水直排，水面发黑。');
    faulty.heal();
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('系统暂时无法保存您的线索，线索尚未提交成功');
    expect(await snapshot()).toEqual(before);
    await drainEverything();
    expect(env.smtp.mails).toHaveLength(0);
  });
});

describe('subscriptions: a fault at each write step of subscribe and confirm', () => {
  const subscribe = (email: string) =>
    handleSubscribe(
      new Request(`${BASE}/api/subscriptions`, { method: 'POST', body: new URLSearchParams({ email, scope: 'consultation', target: 'test-open', website: '' }), headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
      { ip: '198.51.100.9' },
    );
  const confirmLink = (mail: ReceivedMail) => /https:\/\/gongkai\.test\.example\/api\/subscriptions\/confirm\?token=[A-Za-z0-9_.%-]+/.exec(mail.parsed.text ?? '')?.[0];
  const keyOf = (email: string) => subscriptionKey('consultation', 'test-open', subscriberId(email, process.env.SUBSCRIPTION_SECRET!));

  it('confirming: stop or fail at each step; no "订阅成功" without the subscription; a second click completes it once', async () => {
    faulty.record();
    const first = await subscribe('base@example.com');
    expect(first.status).toBe(200);
    const link = confirmLink(env.smtp.mails.at(-1)!)!;
    faulty.record();
    expect(await (await handleConfirm(new Request(link))).text()).toContain('订阅成功');
    const steps = faulty.writes.length;
    expect(steps).toBeGreaterThan(0);
    for (const m of mode)
      for (let k = 1; k <= steps; k++) {
        env.smtp.mails.length = 0;
        const email = `sub-${m}-${k}@example.com`;
        expect((await subscribe(email)).status).toBe(200);
        const confirm = confirmLink(env.smtp.mails.at(-1)!)!;
        inject(m, k);
        const res = await handleConfirm(new Request(confirm));
        faulty.heal();
        const label = `${m} at confirm step ${k}`;
        const text = await res.text();
        if (text.includes('订阅成功')) expect(await getSubscription(keyOf(email)), label).not.toBeNull();
        else expect(res.status, label).toBeGreaterThanOrEqual(500);
        const again = await handleConfirm(new Request(confirm));
        expect(await again.text(), label).toMatch(/订阅成功|已订阅/);
        expect(await getSubscription(keyOf(email)), label).not.toBeNull();
      }
  });

  it('subscribing with the store down: a clear answer, nothing stored, no confirmation mail', async () => {
    const before = await snapshot(['subscriptions', 'outbox']);
    faulty.down();
    const res = await subscribe('down@example.com');
    faulty.heal();
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(await res.text()).toMatch(/[\u4e00-\u9fff]/);
    expect(await snapshot(['subscriptions', 'outbox'])).toEqual(before);
    await drainEverything();
    expect(env.smtp.mails).toHaveLength(0);
  });
});

describe('the outbox: a fault at each step of a delivery', () => {
  const mailNamed = (id: string) =>
    pendingMail({ id, kind: 'department', receipt: id, consultation: 'test-open', to: DEPARTMENT_EMAIL, subject: `测试邮件 ${id}`, text: '正文', attachment: null, createdAt: env.clock.now.toISOString() }, env.clock.now.toISOString());

  it('a mail already sent is not queued again, and a second delivery sends nothing', async () => {
    env.smtp.mails.length = 0;
    expect(await enqueue([mailNamed('outbox-once')])).toEqual(['outbox-once']);
    expect(await deliver('outbox-once', runtime().mail(), env.clock.now)).toBe('sent');
    faulty.record();
    expect(await enqueue([mailNamed('outbox-once')])).toEqual([]);
    expect(faulty.writes).toEqual([]);
    expect(await deliver('outbox-once', runtime().mail(), env.clock.now)).toBe('already-sent');
    expect(env.smtp.mails).toHaveLength(1);
  });

  it('stop or fail at each step of deliver(): the mail goes out exactly once in the end', async () => {
    faulty.record();
    await enqueue([mailNamed('outbox-base')]);
    faulty.record();
    expect(await deliver('outbox-base', runtime().mail(), env.clock.now)).toBe('sent');
    const steps = faulty.writes.map((s) => `${s.method} ${s.key}`);
    expect(steps).toEqual(['PUT gongkai-outbox/queue/outbox-base', 'PUT gongkai-outbox/sent/outbox-base', 'DELETE gongkai-outbox/queue/outbox-base']);
    for (const m of mode)
      for (let k = 1; k <= steps.length; k++) {
        env.smtp.mails.length = 0;
        const id = `outbox-${m}-${k}`;
        await enqueue([mailNamed(id)]);
        inject(m, k);
        await deliver(id, runtime().mail(), env.clock.now).catch(() => 'crashed');
        const faultAt = faulty.writes[k - 1];
        faulty.heal();
        // Two drains at once after the crash, as the schedule and an operator might.
        env.advance(3600);
        await Promise.all([drainOutbox(runtime().mail(), env.clock.now, { force: true }), drainOutbox(runtime().mail(), env.clock.now, { force: true })]);
        await drainEverything();
        expectEachMailOnce([id], faultAt, m);
        expect(keysOf(await snapshot(['outbox']), `outbox:queue/${id}`)).toEqual([]);
      }
  });
});
