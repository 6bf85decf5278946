/**
 * Warning delivery with real parts: the local Blobs server, a real SMTP
 * server, real HTTP receivers for the webhooks (one that checks signatures,
 * one that fails before it accepts), a clock the test moves, and faults
 * injected between the run's write steps.
 */
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { getStore } from '@netlify/blobs';
import { runWarningAlerts, warningDeliveryStats, type WarningAlertRunOptions } from '../../src/server/warning-alerts.ts';
import { runtime } from '../../src/server/comment-runtime.ts';
import { parseWebhooks } from '../../src/server/warning-alert-settings.ts';
import { saveSubscription, subscriberId, subscriptionKey } from '../../src/server/subscriptions.ts';
import { handleUnsubscribe } from '../../src/server/subscription-endpoints.ts';
import { webhookSignature, type WebhookEndpoint } from '../../src/server/webhooks.ts';
import { startCommentEnv, type CommentTestEnv } from '../helpers/comments.ts';
import { rawHeader, takeMails } from '../helpers/notifications.ts';
import { startFaultyBlobs } from '../helpers/faulty-blobs.ts';
import { ALERT, BEIAN, COUNTY, HUICHENG, LIFTED, RAISED, SHENDU, XINAN, at, warningsData } from '../fixtures/warning-alerts.ts';
import type { WarningAlertsData } from '../../src/lib/warning-alerts/rules.ts';

const SECRET = 'test-subscription-secret';
let env: CommentTestEnv;
let prefix = 0;

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}
interface Receiver {
  url: string;
  received: Received[];
  /** Answers 500 to this many requests before accepting. */
  failNext: number;
  server: Server;
}

async function startReceiver(): Promise<Receiver> {
  const r: Receiver = { url: '', received: [], failNext: 0, server: createServer() };
  r.server.on('request', (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (r.failNext > 0) {
        r.failNext--;
        res.writeHead(500).end('busy');
        return;
      }
      r.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(202).end('accepted');
    });
  });
  await new Promise<void>((resolve) => r.server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${(r.server.address() as AddressInfo).port}/hook`;
  return r;
}

let sms: Receiver;
let wechat: Receiver;
let endpoints: WebhookEndpoint[];

beforeAll(async () => {
  env = await startCommentEnv({ SUBSCRIPTION_SECRET: SECRET, GONGKAI_MAIL_LOG: '0' });
  const file = join(env.dir, 'warnings.json');
  writeFileSync(file, JSON.stringify(warningsData()));
  process.env.GONGKAI_WARNINGS_FILE = file;
  sms = await startReceiver();
  wechat = await startReceiver();
  endpoints = parseWebhooks(
    JSON.stringify([
      { id: 'sms', name: '短信平台', url: sms.url, secret: 'sms-secret-0123456789' },
      { id: 'wechat', name: '微信公众号', url: wechat.url, secret: 'wechat-secret-0123456789' },
    ]),
  );
});
afterAll(async () => {
  sms.server.close();
  wechat.server.close();
  await env.close();
});
let errorLog: MockInstance<typeof console.error>;
let warnLog: MockInstance<typeof console.warn>;
beforeEach(() => {
  errorLog = vi.spyOn(console, 'error').mockImplementation(() => {});
  warnLog = vi.spyOn(console, 'warn').mockImplementation(() => {});
  process.env.GONGKAI_STORE_PREFIX = `warn${++prefix}`;
  env.smtp.mails.length = 0;
  sms.received.length = 0;
  wechat.received.length = 0;
  sms.failNext = 0;
  wechat.failNext = 0;
});
afterEach(() => {
  errorLog.mockRestore();
  warnLog.mockRestore();
});

const subscriberOf = (email: string) => subscriberId(email, SECRET);
async function follow(email: string, area: string): Promise<void> {
  await saveSubscription({ subscriber: subscriberOf(email), email, scope: 'area', target: area, confirmedAt: at(1, 8).toISOString() });
}

/** s1 徽城镇, s2 深渡镇, s3 北岸镇 (not covered), s4 the county, s5 徽城镇 + 新安社区 + the county. */
async function followers(): Promise<void> {
  await follow('s1@example.com', HUICHENG);
  await follow('s2@example.com', SHENDU);
  await follow('s3@example.com', BEIAN);
  await follow('s4@example.com', COUNTY);
  await follow('s5@example.com', HUICHENG);
  await follow('s5@example.com', XINAN);
  await follow('s5@example.com', COUNTY);
}

function run(now: Date, data: WarningAlertsData = warningsData(), extra: Partial<WarningAlertRunOptions> = {}) {
  env.clock.now = now;
  return runWarningAlerts({
    now,
    data,
    settings: { subscriptionSecret: SECRET, mailMaxAttempts: 3, hookMaxAttempts: 5, webhooks: endpoints },
    siteUrl: 'https://gongkai.test.example',
    transport: runtime().mail(),
    log: () => {},
    ...extra,
  });
}

const mailsTo = () => takeMails(env).map((m) => `${m.to} ${m.subject}`).sort();

describe('targeting', () => {
  it('mails only the subscribers of the covered areas and the areas around and inside them, once each', async () => {
    await followers();
    const report = await run(at(5, 17, 1));
    expect(report.due).toEqual(['shanhong']);
    expect(report.done).toEqual(['shanhong']);
    const mails = takeMails(env);
    expect(mails.map((m) => m.to).sort()).toEqual(['s1@example.com', 's2@example.com', 's4@example.com', 's5@example.com']);
    for (const m of mails) expect(m.subject).toBe('【橙色预警】歙县防汛抗旱指挥部办公室发布山洪灾害橙色预警');
    const s5 = mails.find((m) => m.to === 's5@example.com')!;
    // Through the most specific area s5 follows.
    expect(s5.text).toContain('涉及您关注的歙县徽城镇新安社区');
    expect(rawHeader(s5.mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
  });

  it('sends the update and the cancellation to the same people, even when the update narrows the areas', async () => {
    await followers();
    await run(at(5, 17, 1));
    const first = takeMails(env).map((m) => m.to).sort();
    await run(at(6, 8, 1));
    const update = takeMails(env);
    expect(update.map((m) => m.to).sort()).toEqual(first);
    for (const m of update) expect(m.subject).toBe('【预警升级为红色】山洪灾害预警升级为红色');
    await run(at(6, 20, 1));
    const cancel = takeMails(env);
    expect(cancel.map((m) => m.to).sort()).toEqual(first);
    for (const m of cancel) expect(m.subject).toBe('【预警解除】解除山洪灾害红色预警');
  });

  it('sends nothing twice however often it runs, in turn or at once', async () => {
    await followers();
    await run(at(5, 17, 1));
    await run(at(5, 17, 2));
    await Promise.all([run(at(5, 17, 3)), run(at(5, 17, 3))]);
    expect(takeMails(env)).toHaveLength(4);
    await Promise.all([run(at(6, 8, 1)), run(at(6, 8, 1)), run(at(6, 8, 2))]);
    expect(mailsTo()).toEqual(['s1@example.com', 's2@example.com', 's4@example.com', 's5@example.com'].map((to) => `${to} 【预警升级为红色】山洪灾害预警升级为红色`));
    expect(sms.received.map((r) => r.headers['idempotency-key'])).toEqual(['shanhong.sms', 'shanhong-shengji.sms']);
  });

  it('stops a queued mail for someone who unsubscribed with the mail’s own link, and counts it', async () => {
    await followers();
    await env.smtp.stop();
    await run(at(5, 17, 1));
    await env.smtp.restart();
    // s2 unsubscribes while the mails wait for SMTP, through the endpoint the mail links to.
    const key = subscriptionKey('area', SHENDU, subscriberOf('s2@example.com'));
    const token = (await getStore({ name: `${process.env.GONGKAI_STORE_PREFIX}-outbox`, consistency: 'strong' }).get(`queue/warn.shanhong.${subscriberOf('s2@example.com').slice(0, 20)}`, { type: 'json' })) as { headers: Record<string, string> };
    const link = /<([^>]+)>/.exec(token.headers['List-Unsubscribe']!)![1]!;
    expect(await (await handleUnsubscribe(new Request(link))).text()).toContain('歙县深渡镇的预警信息');
    const res = await handleUnsubscribe(new Request(link, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
    expect(res.status).toBe(200);
    expect(await getStore({ name: `${process.env.GONGKAI_STORE_PREFIX}-subscriptions`, consistency: 'strong' }).get(key)).toBeNull();
    await run(at(5, 19));
    expect(takeMails(env).map((m) => m.to).sort()).toEqual(['s1@example.com', 's4@example.com', 's5@example.com']);
    expect(await warningDeliveryStats('shanhong')).toEqual({
      areas: 2,
      areasReached: 3,
      channels: { email: { sent: 3, failed: 0, pending: 0, withdrawn: 1 }, sms: { sent: 1, failed: 0, pending: 0, withdrawn: 0 }, wechat: { sent: 1, failed: 0, pending: 0, withdrawn: 0 } },
    });
  });
});

describe('webhooks', () => {
  it('POST the CAP document with an HMAC over timestamp and body, the idempotency key and the message type', async () => {
    await run(at(5, 17, 1));
    expect(sms.received).toHaveLength(1);
    const hit = sms.received[0]!;
    expect(hit.body).toBe(ALERT.cap);
    expect(hit.headers['content-type']).toBe('application/cap+xml; charset=utf-8');
    expect(hit.headers['idempotency-key']).toBe('shanhong.sms');
    expect(hit.headers['x-gongkai-msg-type']).toBe('Alert');
    const timestamp = Number(hit.headers['x-gongkai-timestamp']);
    expect(timestamp).toBe(Math.floor(at(5, 17, 1).getTime() / 1000));
    expect(hit.headers['x-gongkai-signature']).toBe(webhookSignature('sms-secret-0123456789', timestamp, hit.body));
    // Another endpoint's secret or a changed body gives another signature.
    expect(webhookSignature('wechat-secret-0123456789', timestamp, hit.body)).not.toBe(hit.headers['x-gongkai-signature']);
    expect(webhookSignature('sms-secret-0123456789', timestamp, `${hit.body} `)).not.toBe(hit.headers['x-gongkai-signature']);
    expect(webhookSignature('sms-secret-0123456789', timestamp + 1, hit.body)).not.toBe(hit.headers['x-gongkai-signature']);
    expect(wechat.received[0]!.headers['x-gongkai-signature']).toBe(webhookSignature('wechat-secret-0123456789', timestamp, ALERT.cap));
  });

  it('retry with back-off until the receiver accepts, then never again', async () => {
    wechat.failNext = 2;
    const first = await run(at(5, 17, 1));
    expect(first.open).toEqual(['shanhong']);
    expect(wechat.received).toHaveLength(0);
    // Back-off: 1 minute after the first failure nothing is tried before it is due.
    await run(at(5, 17, 1));
    expect(wechat.failNext).toBe(1);
    await run(at(5, 17, 2, ));
    expect(wechat.failNext).toBe(0);
    expect(wechat.received).toHaveLength(0);
    await run(at(5, 17, 6));
    expect(wechat.received).toHaveLength(0);
    const last = await run(at(5, 17, 8));
    expect(last.done).toEqual(['shanhong']);
    expect(wechat.received).toHaveLength(1);
    await run(at(5, 18));
    expect(wechat.received).toHaveLength(1);
    expect(sms.received).toHaveLength(1);
  });

  it('give up after the attempt limit and count the failure per channel', async () => {
    wechat.failNext = 100;
    for (const minute of [1, 3, 9, 25, 90, 240]) await run(new Date(at(5, 17).getTime() + minute * 60_000));
    expect(errorLog.mock.calls.some((c) => String(c[0]).includes('GAVE UP after 5 failed attempts'))).toBe(true);
    expect(await warningDeliveryStats('shanhong')).toMatchObject({ channels: { sms: { sent: 1, failed: 0 }, wechat: { sent: 0, failed: 1, pending: 0 } } });
  });

  it('refuse settings that would send unsigned or in the clear', () => {
    expect(() => parseWebhooks('[{"id":"sms","name":"短信","url":"http://sms.example.com/","secret":"0123456789abcdef"}]')).toThrow(/https/);
    expect(() => parseWebhooks('[{"id":"sms","name":"短信","url":"https://sms.example.com/","secret":"short"}]')).toThrow(/16 characters/);
    expect(() => parseWebhooks('[{"id":"SMS","name":"短信","url":"https://sms.example.com/","secret":"0123456789abcdef"}]')).toThrow(/lower-case/);
    expect(() => parseWebhooks('{"id":"sms"}')).toThrow(/JSON list/);
    expect(parseWebhooks(undefined)).toEqual([]);
  });
});

describe('faults between the steps', () => {
  it('a run stopped at any write step loses nothing and sends nothing twice once the store is back; nothing is sent before its record is stored', async () => {
    const faulty = await startFaultyBlobs();
    try {
      // Learn the write steps of one whole run.
      process.env.GONGKAI_STORE_PREFIX = `warn-probe${prefix}`;
      await followers();
      faulty.record();
      await run(at(5, 17, 1));
      const steps = faulty.writes.length;
      expect(steps).toBeGreaterThan(10);
      takeMails(env);
      sms.received.length = 0;
      wechat.received.length = 0;
      for (let k = 1; k <= steps; k++) {
        process.env.GONGKAI_STORE_PREFIX = `warn${++prefix}-stop${k}`;
        faulty.heal();
        await followers();
        faulty.stopAtWrite(k);
        await run(at(5, 17, 1));
        const early = env.smtp.mails.splice(0);
        const sentEarly = early.length + sms.received.length + wechat.received.length;
        faulty.heal();
        if (sentEarly > 0) {
          const record = await getStore({ name: `${process.env.GONGKAI_STORE_PREFIX}-warnings`, consistency: 'strong' }).get('r/shanhong');
          expect(record, `step ${k}: sent before the record was stored`).not.toBeNull();
        }
        // The next runs (after the stopped run's leases ran out) finish the job.
        await run(at(5, 17, 5));
        await run(at(5, 17, 12));
        const delivered = [...early, ...env.smtp.mails.splice(0)];
        const stats = await warningDeliveryStats('shanhong');
        expect(stats, `step ${k}`).toMatchObject({ channels: { email: { sent: 4, failed: 0, pending: 0 }, sms: { sent: 1 }, wechat: { sent: 1 } } });
        // Every recipient got it; a repeat is only possible in the outbox's documented window (SMTP accepted,
        // the sent mark not written) and then carries the same Message-ID, which mail programs show once.
        const byTo = new Map<string, Set<string>>();
        for (const m of delivered) byTo.set(m.envelopeTo.join(','), (byTo.get(m.envelopeTo.join(',')) ?? new Set()).add(String(m.parsed.messageId)));
        expect([...byTo.keys()].sort(), `step ${k}`).toEqual(['s1@example.com', 's2@example.com', 's4@example.com', 's5@example.com']);
        for (const [to, ids] of byTo) expect(ids.size, `step ${k}: ${to} got different messages`).toBe(1);
        // A repeat only of a mail whose sent mark the stopped run never wrote.
        const marked = (key: string) => faulty.writes.slice(0, k - 1).some((w) => w.method === 'PUT' && w.key.endsWith(key));
        const seen = new Set<string>();
        for (const m of delivered) {
          const id = String(m.parsed.messageId).replace(/^<|@.*$/g, '');
          if (seen.has(id)) expect(marked(`-outbox/sent/${id}`), `step ${k}: ${id} sent again after its sent mark`).toBe(false);
          seen.add(id);
        }
        const keys = [...sms.received, ...wechat.received].map((r) => r.headers['idempotency-key']);
        expect(new Set(keys), `step ${k}`).toEqual(new Set(['shanhong.sms', 'shanhong.wechat']));
        for (const key of new Set(keys)) if (keys.filter((x) => x === key).length > 1) expect(marked(`-warnings/hook/sent/${key}`), `step ${k}: ${key} sent again after its sent mark`).toBe(false);
        sms.received.length = 0;
        wechat.received.length = 0;
      }
    } finally {
      await faulty.stop();
    }
  }, 120_000);
});

describe('what is not due', () => {
  it('sends nothing for a warning already replaced, nor for the archive of old warnings', async () => {
    await followers();
    const report = await run(at(6, 9));
    expect(report.due).toEqual(['shanhong-shengji']);
    expect(takeMails(env).every((m) => m.subject.startsWith('【预警升级为红色】'))).toBe(true);
    const late = await run(at(20, 8), warningsData([ALERT, RAISED, LIFTED]));
    expect(late.due).toEqual([]);
  });
});

