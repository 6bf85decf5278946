/**
 * Public e-mail alerts through the real functions, the real BlobsServer and a
 * real SMTP server: double opt-in, one-click unsubscribe, forged and expired
 * links refused with a clear page, repeated requests that duplicate nothing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import { ALL as subscriptionsRoute } from '../../src/pages/api/subscriptions.ts';
import { builtOnDemandPages, callRoute } from '../helpers/on-demand.ts';
import { handleConfirm, handleSubscribe, handleUnsubscribe } from '../../src/server/subscription-endpoints.ts';
import { confirmToken, subscriberId, unsubscribeToken } from '../../src/server/subscriptions.ts';
import { signFormToken } from '../../src/server/form-tokens.ts';
import { startCommentEnv, type CommentTestEnv } from '../helpers/comments.ts';
import { BASE, lifeData, linkIn, morningOf, rawHeader, storeKeys, subscribeAndConfirm, subscribeRequest, takeMails, useData } from '../helpers/notifications.ts';

const SECRET = 'test-subscription-secret';
let env: CommentTestEnv;
let prefix = 0;

beforeAll(async () => {
  env = await startCommentEnv({ SUBSCRIPTION_SECRET: SECRET, SUBSCRIBE_RATE_LIMIT: 'off', GONGKAI_MAIL_LOG: '0' });
});
afterAll(async () => {
  await env.close();
});
beforeEach(() => {
  process.env.GONGKAI_STORE_PREFIX = `subs${++prefix}`;
  env.smtp.mails.length = 0;
  useData(env, lifeData());
  env.clock.now = morningOf('2027-02-20', 10);
});

async function page(res: Response) {
  const body = await res.text();
  return { status: res.status, body, doc: parse(body), h1: parse(body).querySelector('h1')?.text.trim() ?? '' };
}

const subscribe = (fields: Record<string, string>, headers?: Record<string, string>) => handleSubscribe(subscribeRequest(fields, headers), { ip: '203.0.113.5' });

describe('double opt-in', () => {
  it('nothing is stored and only the confirmation is sent before the link is opened', async () => {
    const res = await page(await subscribe({ email: 'Zhang.San@Example.com', scope: 'consultation', target: 'water-rules', website: '' }));
    expect(res.status).toBe(200);
    expect(res.h1).toBe('请查收确认邮件');
    expect(res.body).toContain('zhang.san@example.com');
    expect(Object.keys(await storeKeys(['subscriptions']))).toEqual([]);
    const [mail] = takeMails(env);
    expect(mail!.to).toBe('zhang.san@example.com');
    expect(mail!.subject).toBe('请确认订阅：意见征集“关于《城市节约用水管理办法（征求意见稿）》公开征求意见”的邮件提醒');
    expect(mail!.text).toContain('2027年2月23日 10:00前');
    expect(mail!.html).toContain('<a href="https://gongkai.test.example/api/subscriptions/confirm?token=');

    const confirmed = await page(await handleConfirm(new Request(linkIn(mail!.text, '/api/subscriptions/confirm'))));
    expect(confirmed.status).toBe(200);
    expect(confirmed.h1).toBe('订阅成功');
    expect(confirmed.body).toContain('zhang.san@example.com');
    const stored = await storeKeys(['subscriptions']);
    expect(Object.keys(stored)).toEqual([`subscriptions:subs/consultation/water-rules/${subscriberId('zhang.san@example.com', SECRET)}`]);
    // Opening the link again changes nothing.
    expect((await handleConfirm(new Request(linkIn(mail!.text, '/api/subscriptions/confirm')))).status).toBe(200);
    expect(await storeKeys(['subscriptions'])).toEqual(stored);
  });

  it('repeated requests: one confirmation per day, one subscription, and an "already subscribed" note afterwards', async () => {
    for (let i = 0; i < 3; i++) expect((await subscribe({ email: 'li@example.com', scope: 'department', target: 'water' })).status).toBe(200);
    const first = takeMails(env);
    expect(first).toHaveLength(1);
    await handleConfirm(new Request(linkIn(first[0]!.text, '/api/subscriptions/confirm')));
    for (let i = 0; i < 3; i++) expect((await subscribe({ email: 'LI@example.com', scope: 'department', target: 'water' })).status).toBe(200);
    const again = takeMails(env);
    expect(again.map((m) => m.subject)).toEqual(['您已订阅：市水务局的意见征集的邮件提醒']);
    expect(rawHeader(again[0]!.mail, 'List-Unsubscribe')).toMatch(/^<https:\/\/gongkai\.test\.example\/api\/subscriptions\/unsubscribe\?token=/);
    expect(Object.keys(await storeKeys(['subscriptions']))).toHaveLength(1);
    // The next day a new request sends one more note, still one subscription.
    env.clock.now = morningOf('2027-02-21', 10);
    await subscribe({ email: 'li@example.com', scope: 'department', target: 'water' });
    expect(takeMails(env)).toHaveLength(1);
    expect(Object.keys(await storeKeys(['subscriptions']))).toHaveLength(1);
  });

  it('an expired link is refused with a clear page and stores nothing', async () => {
    await subscribe({ email: 'wang@example.com', scope: 'policy-area', target: 'water-resources' });
    const link = linkIn(takeMails(env)[0]!.text, '/api/subscriptions/confirm');
    env.clock.now = new Date(morningOf('2027-02-20', 10).getTime() + 72 * 3_600_000 + 1000);
    const res = await page(await handleConfirm(new Request(link)));
    expect(res.status).toBe(400);
    expect(res.h1).toBe('确认链接已过期');
    expect(res.body).toContain('有效期为 72 小时');
    expect(Object.keys(await storeKeys(['subscriptions']))).toEqual([]);
  });

  it('forged, altered, truncated or borrowed links are refused', async () => {
    const now = morningOf('2027-02-20', 10).getTime();
    const payload = { e: 'zhao@example.com', s: 'consultation' as const, t: 'water-rules', i: now };
    const genuine = confirmToken(payload, SECRET);
    const [head, body, sig] = genuine.split('.') as [string, string, string];
    const cases = [
      confirmToken(payload, 'another-secret'),
      `${head}.${Buffer.from(JSON.stringify({ ...payload, e: 'victim@example.com' })).toString('base64url')}.${sig}`,
      genuine.slice(0, -6),
      `${head}.${body}`,
      unsubscribeToken({ h: subscriberId('zhao@example.com', SECRET), s: 'consultation', t: 'water-rules' }, SECRET),
      signFormToken({ c: 'water-rules', t: now, k: '0123456789ABCDEFGHJKMNPQRS' }, SECRET),
      confirmToken({ ...payload, i: now + 3_600_000 }, SECRET),
      '',
    ];
    for (const token of cases) {
      const res = await page(await handleConfirm(new Request(`${BASE}/api/subscriptions/confirm?token=${encodeURIComponent(token)}`)));
      expect(res.status, token).toBe(400);
      expect(res.h1).toBe('确认链接无效');
    }
    expect(Object.keys(await storeKeys(['subscriptions']))).toEqual([]);
    // The genuine one works.
    expect((await handleConfirm(new Request(`${BASE}/api/subscriptions/confirm?token=${encodeURIComponent(genuine)}`))).status).toBe(200);
  });

  it('refuses a bad address (form shown again with what was typed), an unknown target, a filled honeypot', async () => {
    const bad = await page(await subscribe({ email: 'not an address<script>', scope: 'consultation', target: 'water-rules' }));
    expect(bad.status).toBe(400);
    expect(bad.doc.querySelector('.form-error')?.text).toContain('电子邮箱地址格式不正确');
    expect(bad.doc.querySelector('input[name=email]')?.getAttribute('value')).toBe('not an address<script>');
    expect(bad.doc.querySelectorAll('script').map((s) => s.getAttribute('src'))).toEqual(['/js/elder-mode.js']);
    expect(bad.doc.querySelector('input[name=email]')?.getAttribute('aria-invalid')).toBe('true');
    expect(bad.doc.querySelector('input[name=target]')?.getAttribute('value')).toBe('water-rules');

    for (const fields of [
      { email: 'a@example.com', scope: 'consultation', target: 'no-such' },
      { email: 'a@example.com', scope: 'department', target: 'no-such' },
      { email: 'a@example.com', scope: 'everything', target: 'water' },
      { email: 'a@example.com', scope: 'consultation', target: '../etc' },
    ]) {
      const res = await page(await subscribe(fields));
      expect(res.status).toBe(404);
      expect(res.h1).toBe('未找到订阅对象');
    }
    const robot = await subscribe({ email: 'a@example.com', scope: 'consultation', target: 'water-rules', website: 'http://spam' });
    expect(robot.status).toBe(400);
    expect(takeMails(env)).toEqual([]);
    expect(await storeKeys(['subscriptions', 'outbox'])).toEqual({});
  });

  it('answers JSON to API clients', async () => {
    const res = await subscribe({ email: 'api@example.com', scope: 'consultation', target: 'water-rules' }, { accept: 'application/json' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, code: 'confirmation-sent' });
    const bad = await handleSubscribe(new Request(`${BASE}/api/subscriptions`, { method: 'POST', body: JSON.stringify({ email: 'x', scope: 'consultation', target: 'water-rules' }), headers: { 'content-type': 'application/json' } }));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, code: 'invalid-email' });
    const get = await handleSubscribe(new Request(`${BASE}/api/subscriptions`));
    expect(get.status).toBe(405);
  });

  it('decodes JSON and forms as strictly as the comment form: no key twice, no coercion, no lone surrogate, no broken escape', async () => {
    const post = (body: string, type: string) => handleSubscribe(new Request(`${BASE}/api/subscriptions`, { method: 'POST', body, headers: { 'content-type': type, accept: 'application/json' } }));
    for (const [body, type] of [
      ['{"email":"a@example.com","scope":"consultation","target":"water-rules","email":"b@example.com"}', 'application/json'],
      ['{"email":"a@example.com","scope":"consultation","target":"water-rules","website":0}', 'application/json'],
      ['{"email":"a@example.com\\ud800","scope":"consultation","target":"water-rules"}', 'application/json'],
      ['email=a%40example.com&scope=consultation&target=water-rules&email=b%40example.com', 'application/x-www-form-urlencoded'],
      ['email=a%4&scope=consultation&target=water-rules', 'application/x-www-form-urlencoded'],
    ]) {
      const res = await post(body!, type!);
      expect(res.status, body).toBe(400);
      expect(await res.json()).toMatchObject({ ok: false, code: 'bad-request' });
    }
    expect(takeMails(env)).toEqual([]);
    expect(await storeKeys(['subscriptions', 'outbox'])).toEqual({});
    const bidi = await post('{"email":"a\\u202e@example.com","scope":"consultation","target":"water-rules"}', 'application/json');
    expect(await bidi.json()).toMatchObject({ ok: false, code: 'invalid-email', message: expect.stringContaining('改变文字方向') });
  });

  it('limits requests per client address', async () => {
    process.env.SUBSCRIBE_RATE_LIMIT = '2/1h';
    try {
      for (let i = 0; i < 2; i++) expect((await subscribe({ email: `r${i}@example.com`, scope: 'consultation', target: 'water-rules' })).status).toBe(200);
      const res = await page(await subscribe({ email: 'r9@example.com', scope: 'consultation', target: 'water-rules' }));
      expect(res.status).toBe(429);
      expect(res.h1).toBe('提交过于频繁');
    } finally {
      process.env.SUBSCRIBE_RATE_LIMIT = 'off';
    }
  });
});

describe('unsubscribe', () => {
  it('GET shows one button and changes nothing; POST unsubscribes; again is harmless', async () => {
    await subscribeAndConfirm(env, 'sun@example.com', 'consultation', 'water-rules');
    const before = await storeKeys(['subscriptions']);
    const token = unsubscribeToken({ h: subscriberId('sun@example.com', SECRET), s: 'consultation', t: 'water-rules' }, SECRET);
    const url = `${BASE}/api/subscriptions/unsubscribe?token=${encodeURIComponent(token)}`;
    const shown = await page(await handleUnsubscribe(new Request(url)));
    expect(shown.status).toBe(200);
    expect(shown.h1).toBe('退订邮件提醒');
    const form = shown.doc.querySelector('main form')!;
    expect(form.getAttribute('method')).toBe('post');
    expect(form.querySelector('button')!.text).toBe('确认退订');
    expect(await storeKeys(['subscriptions'])).toEqual(before);

    const done = await page(await handleUnsubscribe(new Request(url, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } })));
    expect(done.status).toBe(200);
    expect(done.h1).toBe('已退订');
    expect(await storeKeys(['subscriptions'])).toEqual({});
    expect((await page(await handleUnsubscribe(new Request(url, { method: 'POST' })))).h1).toBe('已退订');
    expect((await page(await handleUnsubscribe(new Request(url)))).body).toContain('已经退订');
  });

  it('refuses forged links with a clear page and leaves subscriptions alone', async () => {
    await subscribeAndConfirm(env, 'qian@example.com', 'consultation', 'water-rules');
    const before = await storeKeys(['subscriptions']);
    const h = subscriberId('qian@example.com', SECRET);
    for (const token of [unsubscribeToken({ h, s: 'consultation', t: 'water-rules' }, 'wrong-secret'), confirmToken({ e: 'qian@example.com', s: 'consultation', t: 'water-rules', i: Date.now() }, SECRET), 'x.y.z']) {
      for (const method of ['GET', 'POST']) {
        const res = await page(await handleUnsubscribe(new Request(`${BASE}/api/subscriptions/unsubscribe?token=${encodeURIComponent(token)}`, { method })));
        expect(res.status).toBe(400);
        expect(res.h1).toBe('退订链接无效');
      }
    }
    expect(await storeKeys(['subscriptions'])).toEqual(before);
  });
});

describe('as routes and through the built function', () => {
  it('answer at their addresses, with the security headers', async () => {
    const viaRoute = await callRoute(subscriptionsRoute, subscribeRequest({ email: 'fn@example.com', scope: 'department', target: 'water' }), '192.0.2.1');
    expect(viaRoute.status).toBe(200);
    const viaRouter = await (await builtOnDemandPages())(new Request(`${BASE}/api/subscriptions/confirm?token=forged`));
    expect(viaRouter!.status).toBe(400);
    expect(viaRouter!.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
});
