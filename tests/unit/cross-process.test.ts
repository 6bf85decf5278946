/**
 * Exactly once across processes: `scripts/notify.ts` and `scripts/drain-outbox.ts`
 * run as separate OS processes against one local Blobs server (this test's),
 * overlapping, with the notification run killed (SIGKILL) after it queued its
 * mails and while it is sending them. A real SMTP server, slow enough to catch
 * a sender mid-send, counts what arrived.
 *
 * Also, in one process but with the in-process guard out of the way (a second
 * copy of the outbox module): two senders that both read a queued mail before
 * either claims it — only the ETag condition keeps the second from sending.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildPublishedData } from '../../src/lib/published-data.ts';
import { addDays, shanghaiDate } from '../../src/lib/time.ts';
import { runtime } from '../../src/server/comment-runtime.ts';
import { deliver, drainOutbox, enqueue, pendingMail } from '../../src/server/outbox.ts';
import { runScheduledNotifications } from '../../src/server/notifications.ts';
import { startCommentEnv, startSmtp, type CommentTestEnv, type TestSmtp } from '../helpers/comments.ts';
import { startFaultyBlobs } from '../helpers/faulty-blobs.ts';
import { BASE, DEPT_EMAIL, OFFICE, subscribeAndConfirm, takeMails, useData } from '../helpers/notifications.ts';

const SUBSCRIBERS = Array.from({ length: 10 }, (_, i) => `follower${i}@example.com`);
let env: CommentTestEnv;
let slowSmtp: TestSmtp;

beforeAll(async () => {
  env = await startCommentEnv({ SUBSCRIPTION_SECRET: 'test-subscription-secret-cross', SUBSCRIBE_RATE_LIMIT: 'off', GONGKAI_MAIL_LOG: '0', GONGKAI_STORE_PREFIX: 'cross' });
  // The child processes run on the real clock: a consultation opening today (Beijing) is what they alert about.
  env.clock.now = new Date();
  const today = shanghaiDate(env.clock.now);
  useData(
    env,
    buildPublishedData({
      generated: new Date(env.clock.now.getTime() - 86_400_000),
      site: { name: '测试市人民政府网站', url: BASE, feedbackDays: 30, disclosureOffice: OFFICE },
      consultations: [
        {
          id: 'cross-process',
          body: '',
          data: {
            title: '跨进程测试征集',
            department: 'water',
            policyAreas: ['water-resources'],
            stage: '草案征求意见',
            kind: '政府规章',
            opens: new Date(`${today}T00:00:00+08:00`),
            closes: new Date(`${addDays(today, 20)}T23:59:59+08:00`),
            channels: { online: true },
            articleComments: false,
          },
        },
      ],
      departments: new Map([['water', { name: '市水务局', email: DEPT_EMAIL }]]),
      policyAreas: new Map([['water-resources', { name: '水资源管理' }]]),
      feedback: new Map(),
    }),
  );
  for (const email of SUBSCRIBERS) await subscribeAndConfirm(env, email, 'consultation', 'cross-process');
  takeMails(env);
  slowSmtp = await startSmtp(0, { delayMs: 150 });
}, 120_000);
afterAll(async () => {
  await slowSmtp.stop();
  await env.close();
});

function script(path: string, args: string[] = []): { child: ChildProcess; done: Promise<number | null> } {
  const child = spawn(process.execPath, [path, ...args], {
    env: { ...process.env, SMTP_URL: slowSmtp.url },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  const done = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, done };
}

const until = async (condition: () => boolean, timeoutMs: number) => {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('notify and drain-outbox as separate processes', () => {
  it('overlapping, the notification run killed mid-send: every subscriber gets the alert once', async () => {
    const drains: Promise<number | null>[] = [];
    let draining = true;
    // Drains every 300 ms (at most two alive), as the schedule and an operator might, all through the run.
    const drainLoop = (async () => {
      let alive = 0;
      while (draining) {
        if (alive < 2) {
          alive++;
          const d = script('scripts/drain-outbox.ts', ['--force']);
          drains.push(d.done.finally(() => alive--));
        }
        await new Promise((r) => setTimeout(r, 300));
      }
    })();

    const first = script('scripts/notify.ts');
    // Killed after it queued (mail is arriving) and while it is still sending.
    await until(() => slowSmtp.mails.length >= 3, 60_000);
    first.child.kill('SIGKILL');
    await first.done;
    const beforeKill = new Set(slowSmtp.mails.map((m) => m.parsed.messageId));
    expect(slowSmtp.mails.length).toBeLessThan(SUBSCRIBERS.length);

    const second = script('scripts/notify.ts');
    await second.done;
    await new Promise((r) => setTimeout(r, 1000));
    draining = false;
    await drainLoop;
    await Promise.all(drains);

    // A later scheduled run (past the killed sender's lease) finishes whatever it left claimed.
    env.clock.now = new Date(Date.now() + 5 * 60_000);
    await runScheduledNotifications({ log: () => {} });
    await drainOutbox(runtime().mail(), env.clock.now, { force: true });
    const all = [...slowSmtp.mails, ...takeMails(env).map((d) => d.mail)];

    const byRecipient = new Map<string, Set<string>>();
    const copies = new Map<string, number>();
    for (const m of all) {
      const id = m.parsed.messageId ?? '?';
      copies.set(id, (copies.get(id) ?? 0) + 1);
      for (const to of m.envelopeTo) byRecipient.set(to, (byRecipient.get(to) ?? new Set()).add(id));
    }
    expect([...byRecipient.keys()].sort()).toEqual([...SUBSCRIBERS].sort());
    for (const email of SUBSCRIBERS) expect(byRecipient.get(email)?.size, email).toBe(1);
    // The one window the outbox documents: the mail the killed process had handed to SMTP
    // but not yet marked sent may arrive twice, with the same Message-ID. Nothing else may.
    const twice = [...copies].filter(([, n]) => n > 1);
    expect(twice.length).toBeLessThanOrEqual(1);
    for (const [id, n] of twice) {
      expect(n).toBe(2);
      expect(beforeKill.has(id)).toBe(true);
    }
  }, 180_000);
});

describe('two senders, one mail, both reading before either claims', () => {
  it('the ETag condition lets one of them send', async () => {
    // A second copy of the outbox module: its own in-process guard, like another process.
    vi.resetModules();
    const other = await import('../../src/server/outbox.ts');
    expect(other.deliver).not.toBe(deliver);
    const faulty = await startFaultyBlobs();
    try {
      const now = new Date();
      env.smtp.mails.length = 0;
      for (let round = 0; round < 3; round++) {
        const id = `etag-race-${round}`;
        await enqueue([pendingMail({ id, kind: 'department', receipt: id, consultation: 'cross-process', to: DEPT_EMAIL, subject: `竞争发送 ${id}`, text: '正文', attachment: null, createdAt: now.toISOString() }, now.toISOString())]);
        // Every write waits, so both senders read the queued mail before either claim lands.
        faulty.delayWrites(300);
        const outcomes = await Promise.all([deliver(id, runtime().mail(), now), new Promise((r) => setTimeout(r, 50)).then(() => other.deliver(id, runtime().mail(), now))]);
        faulty.delayWrites(0);
        expect(outcomes.filter((o) => o === 'sent'), `${id}: ${outcomes.join(', ')}`).toHaveLength(1);
      }
      expect(env.smtp.mails.map((m) => m.parsed.messageId).sort()).toEqual(['etag-race-0', 'etag-race-1', 'etag-race-2'].map((id) => `<${id}@gongkai.test.example>`));
    } finally {
      await faulty.stop();
    }
  });
});
