/**
 * The daily notification run with real parts: the real BlobsServer (edge
 * mode, files in a temp dir), a real SMTP server on 127.0.0.1, subscriptions
 * made through the real functions, and a fixed clock moved day by day
 * through the fixture consultation's whole life.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { requeueFailedMails, runScheduledNotifications, type NotifyRunReport } from '../../src/server/notifications.ts';
import { failedMail, drainOutbox } from '../../src/server/outbox.ts';
import { runtime } from '../../src/server/comment-runtime.ts';
import { planNotificationsDryRun } from '../../src/server/notifications.ts';
import { readNotifySettings } from '../../src/server/notify-settings.ts';
import { handleSubscribe, handleUnsubscribe } from '../../src/server/subscription-endpoints.ts';
import { startCommentEnv, type CommentTestEnv } from '../helpers/comments.ts';
import { startFaultyBlobs, type FaultyBlobs } from '../helpers/faulty-blobs.ts';
import { DEPT_EMAIL, LIFE_TITLE, OFFICE, days, lifeData, linkIn, morningOf, rawHeader, storeKeys, subscribeAndConfirm, subscribeRequest, takeMails, useData } from '../helpers/notifications.ts';

let env: CommentTestEnv;
let faulty: FaultyBlobs;
let prefix = 0;

beforeAll(async () => {
  env = await startCommentEnv({ SUBSCRIPTION_SECRET: 'test-subscription-secret', SUBSCRIBE_RATE_LIMIT: 'off', GONGKAI_MAIL_LOG: '0' });
  // Passes everything through unless a test stops it (a process killed at a write step).
  faulty = await startFaultyBlobs();
});
afterAll(async () => {
  await faulty.stop();
  await env.close();
});
afterEach(() => {
  errorLog.mockRestore();
});
let errorLog: MockInstance<typeof console.error>;
beforeEach(() => {
  // Failures are logged loudly on stderr; tests read them here instead of printing them.
  errorLog = vi.spyOn(console, 'error').mockImplementation(() => {});
  // Each test gets stores of its own on the same Blobs server.
  process.env.GONGKAI_STORE_PREFIX = `notify${++prefix}`;
  env.smtp.mails.length = 0;
  useData(env, lifeData());
});

const lines: string[] = [];
async function runAt(when: Date, extra: Parameters<typeof runScheduledNotifications>[0] = {}): Promise<NotifyRunReport> {
  env.clock.now = when;
  return runScheduledNotifications({ log: (l) => lines.push(l), ...extra });
}

describe('a consultation’s whole life, one run every morning', () => {
  it('sends exactly these mails on exactly these days', async () => {
    env.clock.now = morningOf('2027-02-20');
    // A follows the consultation AND its department (one mail each time, not two); B follows the policy area;
    // C follows the department and leaves with the one-click link of the first alert.
    await subscribeAndConfirm(env, 'a@example.com', 'consultation', 'water-rules');
    await subscribeAndConfirm(env, 'a@example.com', 'department', 'water');
    await subscribeAndConfirm(env, 'b@example.com', 'policy-area', 'water-resources');
    await subscribeAndConfirm(env, 'c@example.com', 'department', 'water');

    const received: string[] = [];
    for (const day of days('2027-02-20', '2027-05-20')) {
      if (day === '2027-05-03') useData(env, lifeData({ feedbackPublished: '2027-05-03', generated: '2027-05-03T07:00:00+08:00' }));
      await runAt(morningOf(day));
      for (const m of takeMails(env)) {
        received.push(`${day} ${m.to} ${m.subject}`);
        if (day === '2027-03-01' && m.to === 'c@example.com') {
          // RFC 8058 one-click: the mail program POSTs to the List-Unsubscribe address.
          const url = /^<([^>]+)>$/.exec(rawHeader(m.mail, 'List-Unsubscribe') ?? '')![1]!;
          expect(rawHeader(m.mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
          const res = await handleUnsubscribe(new Request(url, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
          expect(res.status).toBe(200);
        }
      }
    }
    const t = `“${LIFE_TITLE}”`;
    expect(received).toEqual([
      `2027-02-26 ${DEPT_EMAIL} 【征集提醒】${t}将于2027年3月1日开始征求意见`,
      `2027-03-01 a@example.com 【意见征集】${LIFE_TITLE}`,
      `2027-03-01 c@example.com 【意见征集】${LIFE_TITLE}`,
      `2027-03-01 b@example.com 【意见征集】${LIFE_TITLE}`,
      `2027-03-13 ${DEPT_EMAIL} 【征集提醒】${t}将于2027年3月20日截止`,
      `2027-03-17 a@example.com 【即将截止】${LIFE_TITLE}（2027年3月20日截止）`,
      `2027-03-17 b@example.com 【即将截止】${LIFE_TITLE}（2027年3月20日截止）`,
      `2027-03-19 ${DEPT_EMAIL} 【征集提醒】${t}将于2027年3月20日截止`,
      `2027-04-05 ${DEPT_EMAIL} 【反馈提醒】${t}的意见反馈须于2027年4月19日前发布`,
      `2027-04-12 ${DEPT_EMAIL} 【反馈提醒】${t}的意见反馈须于2027年4月19日前发布`,
      `2027-04-16 ${DEPT_EMAIL} 【反馈提醒】${t}的意见反馈须于2027年4月19日前发布`,
      `2027-04-18 ${DEPT_EMAIL} 【反馈提醒】${t}的意见反馈须于2027年4月19日前发布`,
      `2027-04-20 ${DEPT_EMAIL} 【反馈逾期】${t}的意见反馈已逾期1天`,
      `2027-04-20 ${OFFICE.email} 【反馈逾期】${t}的意见反馈已逾期1天`,
      `2027-04-27 ${DEPT_EMAIL} 【反馈逾期】${t}的意见反馈已逾期8天`,
      `2027-04-27 ${OFFICE.email} 【反馈逾期】${t}的意见反馈已逾期8天`,
      `2027-05-03 a@example.com 【征集反馈】${LIFE_TITLE}`,
      `2027-05-03 b@example.com 【征集反馈】${LIFE_TITLE}`,
    ]);
    // Every day after a mail the run logged it as already sent instead of sending again.
    expect(lines.some((l) => l.startsWith('skipped, already sent: closing-reminder water-rules/closing-reminder/7/2027-03-20'))).toBe(true);
  });

  it('mails carry the site name, title, dates and link, in text and HTML; subscriber mails an unsubscribe link', async () => {
    env.clock.now = morningOf('2027-02-20');
    await subscribeAndConfirm(env, 'a@example.com', 'policy-area', 'water-resources');
    await runAt(morningOf('2027-03-17'));
    const [dept, alert] = takeMails(env);
    expect(dept!.to).toBe(DEPT_EMAIL);
    expect(dept!.text).toContain('市水务局：');
    expect(dept!.text).toContain('将于2027年3月20日 23:59截止（3天后）');
    expect(dept!.text).toContain('应当在征集结束后30日内、即2027年4月19日前');
    expect(dept!.text).toContain('https://gongkai.test.example/consultations/water-rules/');
    expect(dept!.text).toContain('测试市人民政府网站');
    expect(dept!.html).toContain('<a href="https://gongkai.test.example/consultations/water-rules/">');
    expect(rawHeader(dept!.mail, 'List-Unsubscribe')).toBeUndefined();

    expect(alert!.to).toBe('a@example.com');
    expect(alert!.text).toContain('征集时间：2027年3月1日 09:00至2027年3月20日 23:59');
    expect(alert!.text).toContain('“水资源管理”领域的意见征集');
    const unsubscribe = linkIn(alert!.text, '/api/subscriptions/unsubscribe');
    expect(rawHeader(alert!.mail, 'List-Unsubscribe')).toBe(`<${unsubscribe}>`);
    expect(alert!.html).toContain('lang="zh-CN"');
    expect(alert!.html).toContain(LIFE_TITLE);
  });
});

describe('exactly once', () => {
  it('running twice on the same day sends nothing the second time', async () => {
    const first = await runAt(morningOf('2027-03-13'));
    expect(takeMails(env).map((m) => m.to)).toEqual([DEPT_EMAIL]);
    expect(first.mails.map((m) => m.outcome)).toEqual(['sent']);
    const second = await runAt(morningOf('2027-03-13', 15));
    expect(takeMails(env)).toEqual([]);
    expect(second.mails.map((m) => m.outcome)).toEqual(['already-sent']);
  });

  it('two runs at the same moment send each mail once', async () => {
    env.clock.now = morningOf('2027-02-20');
    await subscribeAndConfirm(env, 'a@example.com', 'consultation', 'water-rules');
    env.clock.now = morningOf('2027-03-17');
    await Promise.all([runScheduledNotifications({ log: () => {} }), runScheduledNotifications({ log: () => {} }), runScheduledNotifications({ log: () => {} })]);
    await runAt(morningOf('2027-03-17', 9));
    expect(takeMails(env).map((m) => m.to).sort()).toEqual([DEPT_EMAIL, 'a@example.com'].sort());
  });

  it('a crash between recording and sending: the next run completes it once', async () => {
    const crash = () => {
      throw new Error('simulated crash after the record was written');
    };
    const crashed = await runAt(morningOf('2027-04-20'), { afterClaim: crash });
    expect(crashed.errors.map((e) => e.key)).toEqual(['water-rules/feedback-overdue/-1/2027-04-19']);
    expect(String(errorLog.mock.calls[0]?.[0])).toBe('[notify] FAILED to prepare water-rules/feedback-overdue/-1/2027-04-19: simulated crash after the record was written (the next run completes it)');
    expect(takeMails(env)).toEqual([]);
    // Within the lease (another run might still be at work) nothing is sent…
    const tooEarly = await runAt(new Date(morningOf('2027-04-20').getTime() + 60_000));
    expect(tooEarly.busy).toEqual(['water-rules/feedback-overdue/-1/2027-04-19']);
    expect(takeMails(env)).toEqual([]);
    // …after it, the successor takes over and sends both mails, once.
    await runAt(new Date(morningOf('2027-04-20').getTime() + 6 * 60_000));
    expect(takeMails(env).map((m) => m.to).sort()).toEqual([DEPT_EMAIL, OFFICE.email].sort());
    expect(lines.some((l) => l.startsWith('take over water-rules/feedback-overdue/-1/2027-04-19'))).toBe(true);
    await runAt(morningOf('2027-04-21'));
    expect(takeMails(env)).toEqual([]);
  });

  it('a crashed record that is no longer due the next day is not sent late', async () => {
    // Last day of the opening reminder's window; the next morning the consultation opens.
    await runAt(morningOf('2027-02-28'), {
      afterClaim: () => {
        throw new Error('simulated crash');
      },
    });
    const next = await runAt(morningOf('2027-03-01'));
    expect(takeMails(env)).toEqual([]);
    expect(next.mails).toEqual([expect.objectContaining({ key: 'water-rules/opening-reminder/3/2027-03-01', outcome: 'expired' })]);
    // Settled: later runs neither send nor mention it again.
    const later = await runAt(morningOf('2027-03-02'));
    expect(later.mails).toEqual([]);
  });

  it('killed after queueing, before the record says so: the drain sends what was queued; the next run, no longer due, reports it sent (not expired) and sends nothing', async () => {
    const key = 'water-rules/opening-reminder/3/2027-03-01';
    // Learn the run's write steps on a store of its own, then kill a fresh run right after its mails are queued.
    faulty.record();
    await runAt(morningOf('2027-02-28'));
    const steps = faulty.writes.map((w) => `${w.method} ${w.key.slice(w.key.indexOf('-') + 1)}`);
    const firstQueued = steps.findIndex((s) => s.startsWith('PUT outbox/queue/'));
    const recordQueued = steps.indexOf(`PUT notifications/n/${key}`, firstQueued);
    expect(firstQueued, steps.join('\n')).toBeGreaterThan(0);
    expect(steps.slice(firstQueued, recordQueued), 'the record says “queued” right after its mails are queued').toEqual([`PUT outbox/queue/notify.water-rules.opening-reminder.3.20270301.department`]);
    takeMails(env);
    process.env.GONGKAI_STORE_PREFIX = `notify${++prefix}`;
    faulty.stopAtWrite(recordQueued + 1);
    await runAt(morningOf('2027-02-28')).catch(() => null);
    faulty.heal();
    expect(takeMails(env)).toEqual([]);
    await drainOutbox(runtime().mail(), morningOf('2027-02-28', 9), { force: true });
    const sent = takeMails(env).map((m) => m.to);
    expect(sent).toEqual([DEPT_EMAIL]);
    // The next morning the reminder is no longer due; what the drain sent is reported as sent.
    const next = await runAt(morningOf('2027-03-01'));
    expect(takeMails(env)).toEqual([]);
    expect(next.mails.filter((m) => m.key === key)).toEqual([expect.objectContaining({ outcome: 'already-sent' })]);
    expect((await runAt(morningOf('2027-03-02'))).mails).toEqual([]);
  });

  it('a run out of time starts nothing more; the next run takes what is left', async () => {
    const tight = await runAt(morningOf('2027-04-20'), { budgetMs: 0 });
    expect(tight.deferred).toEqual(['water-rules/feedback-overdue/-1/2027-04-19']);
    expect(tight.mails).toEqual([]);
    expect(Object.keys(await storeKeys(['notifications']))).toEqual([]);
    await runAt(morningOf('2027-04-21'));
    expect(takeMails(env).map((m) => m.to).sort()).toEqual([DEPT_EMAIL, OFFICE.email].sort());
  });

  it('SMTP down: nothing is lost, the mails go out later, once', async () => {
    env.clock.now = morningOf('2027-02-20');
    await subscribeAndConfirm(env, 'a@example.com', 'department', 'water');
    await env.smtp.stop();
    const errors = errorLog;
    const down = await runAt(morningOf('2027-03-17'));
    expect(down.mails.map((m) => m.outcome)).toEqual(['failed', 'failed']);
    expect(errors.mock.calls.some((c) => String(c[0]).includes('FAILED, left in the outbox for retry'))).toBe(true);
    // The same day again, SMTP still down: back-off, nothing new is queued twice.
    await runAt(morningOf('2027-03-17', 9));
    await env.smtp.restart();
    // The 5-minute drain (their scheduled function) sends them once SMTP is back and the back-off has passed.
    env.clock.now = morningOf('2027-03-17', 12);
    const drained = await drainOutbox(runtime().mail(), env.clock.now);
    expect(drained.sent).toBe(2);
    expect(takeMails(env).map((m) => m.to).sort()).toEqual([DEPT_EMAIL, 'a@example.com'].sort());
    // The next run settles the records and sends nothing more.
    const next = await runAt(morningOf('2027-03-18'));
    expect(next.mails.map((m) => m.outcome).sort()).toEqual(['already-sent', 'already-sent']);
    expect(takeMails(env)).toEqual([]);
  });

  it('gives up loudly after the attempt limit and does not try again', async () => {
    process.env.NOTIFY_MAIL_MAX_ATTEMPTS = '2';
    try {
      await env.smtp.stop();
      const errors = errorLog;
      await runAt(morningOf('2027-03-13'));
      env.clock.now = morningOf('2027-03-13', 10);
      await drainOutbox(runtime().mail(), env.clock.now);
      expect(errors.mock.calls.some((c) => String(c[0]).includes('GAVE UP after 2 failed attempts'))).toBe(true);
      const id = 'notify.water-rules.closing-reminder.7.20270320.department';
      expect(await failedMail(id)).toMatchObject({ to: DEPT_EMAIL, attempts: 2 });
      const next = await runAt(morningOf('2027-03-14'));
      expect(next.mails).toEqual([expect.objectContaining({ id, outcome: 'gave-up' })]);
      expect(errors.mock.calls.some((c) => String(c[0]).includes('FAILED for good'))).toBe(true);
      await env.smtp.restart();
      await runAt(morningOf('2027-03-15'));
      expect(takeMails(env)).toEqual([]);
      // The operator fixed the cause: `scripts/notify.ts --retry-failed` puts it back; the next run's drain sends it, once.
      expect(await requeueFailedMails(morningOf('2027-03-15', 9))).toEqual([id]);
      await runAt(morningOf('2027-03-15', 9));
      await runAt(morningOf('2027-03-15', 10));
      expect(takeMails(env).map((m) => m.to)).toEqual([DEPT_EMAIL]);
      expect(await failedMail(id)).toBeNull();
    } finally {
      delete process.env.NOTIFY_MAIL_MAX_ATTEMPTS;
    }
  });
});

describe('subscribers who leave or arrive', () => {
  it('the recipients are frozen when a notification is recorded: one who left before the resumed run gets nothing, one who arrived is not added', async () => {
    env.clock.now = morningOf('2027-02-20');
    await subscribeAndConfirm(env, 'a@example.com', 'consultation', 'water-rules');
    await subscribeAndConfirm(env, 'b@example.com', 'consultation', 'water-rules');
    await runAt(morningOf('2027-03-01'), {
      afterClaim: () => {
        throw new Error('simulated crash');
      },
    });
    expect(takeMails(env)).toEqual([]);
    // b leaves through the page: GET shows a button (and changes nothing), POST unsubscribes.
    const link = await unsubscribeLinkFor('b@example.com');
    const page = await handleUnsubscribe(new Request(link));
    expect(await page.text()).toContain('确认退订');
    const token = new URL(link).searchParams.get('token')!;
    const left = await handleUnsubscribe(new Request(link.split('?')[0]!, { method: 'POST', body: new URLSearchParams({ token }), headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
    expect(await left.text()).toContain('已退订');
    // c arrives.
    env.clock.now = morningOf('2027-03-01', 9);
    await subscribeAndConfirm(env, 'c@example.com', 'consultation', 'water-rules');
    const resumed = await runAt(morningOf('2027-03-01', 10));
    expect(takeMails(env).map((m) => m.to)).toEqual(['a@example.com']);
    expect(resumed.mails.map((m) => m.outcome).sort()).toEqual(['sent', 'unsubscribed']);
  });

  it('one who leaves while the alert waits in the outbox (SMTP down) never gets it; the others still do', async () => {
    env.clock.now = morningOf('2027-02-20');
    await subscribeAndConfirm(env, 'a@example.com', 'consultation', 'water-rules');
    await subscribeAndConfirm(env, 'b@example.com', 'consultation', 'water-rules');
    await env.smtp.stop();
    const down = await runAt(morningOf('2027-03-01'));
    expect(down.mails.map((m) => m.outcome)).toEqual(['failed', 'failed']);
    await env.smtp.restart();
    const link = await unsubscribeLinkFor('b@example.com');
    const token = new URL(link).searchParams.get('token')!;
    await handleUnsubscribe(new Request(link.split('?')[0]!, { method: 'POST', body: new URLSearchParams({ token }), headers: { 'content-type': 'application/x-www-form-urlencoded' } }));

    env.clock.now = morningOf('2027-03-01', 12);
    const drained = await drainOutbox(runtime().mail(), env.clock.now);
    expect(Object.values(drained.ids).sort()).toEqual(['sent', 'withdrawn']);
    expect(takeMails(env).map((m) => m.to)).toEqual(['a@example.com']);
    // The next run settles the record: b's mail is recorded as skipped because b left, and is never queued again.
    const next = await runAt(morningOf('2027-03-02'));
    expect(next.mails.map((m) => m.outcome).sort()).toEqual(['already-sent', 'unsubscribed']);
    const again = await runAt(morningOf('2027-03-02', 9));
    expect(again.mails.map((m) => m.outcome).sort()).toEqual(['already-sent', 'unsubscribed']);
    expect(takeMails(env)).toEqual([]);
  });
});

/** A subscriber's unsubscribe link, from the "already subscribed" mail a repeated request sends. */
async function unsubscribeLinkFor(email: string): Promise<string> {
  await handleSubscribe(subscribeRequest({ email, scope: 'consultation', target: 'water-rules' }));
  const mail = takeMails(env).find((m) => m.to === email)!;
  expect(mail.subject).toContain('您已订阅');
  return linkIn(mail.text, '/api/subscriptions/unsubscribe');
}

describe('stale pages and the build hook', () => {
  let hook: Server;
  let calls: { method: string; body: string }[];
  let url: string;
  beforeAll(async () => {
    calls = [];
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        calls.push({ method: req.method ?? '', body });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/build_hooks/test`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => hook.close(() => resolve()));
  });

  it('asks for one rebuild per build when a status has moved on', async () => {
    process.env.BUILD_HOOK_URL = url;
    try {
      expect((await runAt(morningOf('2027-02-28'))).buildHook).toBe('not-needed');
      expect(calls).toEqual([]);
      // Opened at 09:00 on 1 March; the data was generated in February.
      expect((await runAt(morningOf('2027-03-01', 10))).buildHook).toBe('requested');
      expect((await runAt(morningOf('2027-03-02'))).buildHook).toBe('already-requested');
      expect(calls).toEqual([{ method: 'POST', body: '{}' }]);
      // A new build (newer data) that is current: nothing; once stale again: one more request.
      useData(env, lifeData({ generated: '2027-03-02T12:00:00+08:00' }));
      expect((await runAt(morningOf('2027-03-03'))).buildHook).toBe('not-needed');
      expect((await runAt(morningOf('2027-03-21'))).buildHook).toBe('requested');
      expect(calls).toHaveLength(2);
    } finally {
      delete process.env.BUILD_HOOK_URL;
    }
  });

  it('without BUILD_HOOK_URL it only logs', async () => {
    lines.length = 0;
    expect((await runAt(morningOf('2027-03-02'))).buildHook).toBe('not-configured');
    expect(lines.some((l) => l.includes('pages are stale (water-rules upcoming→open)'))).toBe(true);
  });
});

describe('dry run', () => {
  it('lists what is due, to whom and why, and writes nothing', async () => {
    env.clock.now = morningOf('2027-02-20');
    await subscribeAndConfirm(env, 'someone@example.com', 'department', 'water');
    const before = await storeKeys();
    const consultations = await runtime().consultations();
    const list = await planNotificationsDryRun({ now: morningOf('2027-03-17'), consultations, settings: readNotifySettings() });
    expect(list.map((l) => `${l.kind} ${l.to} ${l.state}`)).toEqual(['closing-reminder 市水务局 <shuiwu@dept.example.gov.cn> would-send', 'alert-closing s***@example.com would-send']);
    expect(list[0]!.why).toBe('2027-03-20 截止，提前 7 天提醒承办部门（还有 3 天）');
    expect(await storeKeys()).toEqual(before);
    expect(takeMails(env)).toEqual([]);
  });
});
