/**
 * Staff sign-in through the real handlers, the real Blobs server and a real SMTP
 * server: links mailed only to registered addresses (the answer is the same for
 * any address), single use, 15 minutes, cross-site posts refused, session cookies
 * HttpOnly/SameSite=Strict/Secure, idle timeout, removal ends access.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { configureCommentRuntime, runtime } from '../../src/server/comment-runtime.ts';
import { createMailTransport } from '../../src/server/mail-transport.ts';
import { isSameOrigin, sessionCookie } from '../../src/lib/staff/auth-rules.ts';
import { authenticate, findPerson, listPeople, registerPerson, removePerson } from '../../src/server/staff-auth.ts';
import { handleSession, handleSignIn, handleSignOut, requireStaff, SIGN_IN_ANSWER_MS } from '../../src/server/staff-endpoints.ts';
import { startCommentEnv, startSmtp, type CommentTestEnv } from '../helpers/comments.ts';

const BASE = 'https://gongkai.test.example';
const OFFICE = 'gkb-staff@example.gov.cn';
const UNIT_PERSON = 'zhang@szq.example.gov.cn';

let env: CommentTestEnv;
beforeAll(async () => {
  env = await startCommentEnv({ STAFF_OFFICE_EMAIL: OFFICE, STAFF_SESSION_IDLE_MINUTES: '30' });
});
afterAll(async () => {
  await env.close();
});
beforeEach(() => {
  env.smtp.mails.length = 0;
});

const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = { origin: BASE }) =>
  new Request(`${BASE}${path}`, { method: 'POST', body: new URLSearchParams(fields), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });

/** A sign-in request, and the mailing it started (which may outlast the answer) awaited. */
async function requestLink(request: Request, ip?: string): Promise<Response> {
  const work: Promise<unknown>[] = [];
  const res = await handleSignIn(request, { ip, waitUntil: (w) => work.push(w) });
  await Promise.all(work);
  return res;
}

async function mailedToken(email: string): Promise<string> {
  const res = await requestLink(post('/api/staff/sign-in', { email }), `198.51.100.${Math.floor(Math.random() * 200)}`);
  expect(res.status).toBe(303);
  const mail = env.smtp.mails.filter((m) => m.envelopeTo.includes(email)).at(-1);
  expect(mail, `a sign-in mail to ${email}`).toBeDefined();
  const m = /\/staff\/sign-in\/confirm\/\?token=([A-Za-z0-9_-]{43})/.exec(mail!.parsed.text ?? '');
  expect(m).not.toBeNull();
  return m![1]!;
}

async function signIn(email: string): Promise<string> {
  const res = await handleSession(post('/api/staff/session', { token: await mailedToken(email) }));
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/staff/');
  const cookie = res.headers.get('set-cookie')!;
  return cookie.split(';')[0]!;
}

const withCookie = (cookie: string) => new Request(`${BASE}/staff/`, { headers: { cookie } });

describe('staff sign-in', () => {
  it('the first office address signs in with a mailed link; the cookie is HttpOnly, SameSite=Strict and Secure', async () => {
    const token = await mailedToken(OFFICE);
    const res = await handleSession(post('/api/staff/session', { token }));
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^gongkai_staff=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200; Secure$/);
    const auth = await authenticate(withCookie(cookie.split(';')[0]!), env.clock.now);
    expect(auth).toMatchObject({ ok: true, session: { actor: { kind: 'office', email: OFFICE } } });
  });

  it('answers the same for a registered and an unregistered address, and mails only the registered one', async () => {
    const known = await requestLink(post('/api/staff/sign-in', { email: OFFICE }), '198.51.100.1');
    const unknown = await requestLink(post('/api/staff/sign-in', { email: 'stranger@example.com' }), '198.51.100.2');
    const junk = await requestLink(post('/api/staff/sign-in', { email: 'not an address' }), '198.51.100.3');
    for (const r of [known, unknown, junk]) {
      expect(r.status).toBe(303);
      expect(r.headers.get('location')).toBe('/staff/sign-in/?sent=1');
      expect(await r.text()).toBe('');
    }
    expect(env.smtp.mails.map((m) => m.envelopeTo)).toEqual([[OFFICE]]);
  });

  it('takes the same time for a registered and an unregistered address, even when the mail server is slow', async () => {
    const slow = await startSmtp(0, { delayMs: 1500 });
    const fast = process.env.SMTP_URL;
    process.env.SMTP_URL = slow.url;
    try {
      const times: Record<'known' | 'unknown', number[]> = { known: [], unknown: [] };
      const work: Promise<unknown>[] = [];
      for (let i = 0; i < 3; i++) {
        for (const [who, email] of [['known', OFFICE], ['unknown', `stranger${i}@example.com`]] as const) {
          const started = performance.now();
          const res = await handleSignIn(post('/api/staff/sign-in', { email }), { ip: `198.51.100.${40 + i}`, waitUntil: (w) => work.push(w) });
          times[who].push(performance.now() - started);
          expect(res.headers.get('location')).toBe('/staff/sign-in/?sent=1');
        }
      }
      const median = (v: number[]) => [...v].sort((a, b) => a - b)[1]!;
      // Sending the link takes 1.5 s here; neither answer waits for it, and both wait for the same moment.
      expect(median(times.known)).toBeGreaterThanOrEqual(SIGN_IN_ANSWER_MS - 5);
      expect(median(times.known)).toBeLessThan(1400);
      expect(Math.abs(median(times.known) - median(times.unknown))).toBeLessThan(150);
      await Promise.all(work);
      expect(slow.mails.map((m) => m.envelopeTo)).toEqual([[OFFICE], [OFFICE], [OFFICE]]);
    } finally {
      process.env.SMTP_URL = fast;
      await slow.stop();
    }
  });

  it('a link works once', async () => {
    const token = await mailedToken(OFFICE);
    expect((await handleSession(post('/api/staff/session', { token }))).headers.get('set-cookie')).toMatch(/^gongkai_staff=/);
    const again = await handleSession(post('/api/staff/session', { token }));
    expect(again.headers.get('location')).toBe('/staff/sign-in/?link=used');
    expect(again.headers.get('set-cookie')).toBeNull();
    const racing = await mailedToken(OFFICE);
    const both = await Promise.all([handleSession(post('/api/staff/session', { token: racing })), handleSession(post('/api/staff/session', { token: racing }))]);
    expect(both.filter((r) => r.headers.get('set-cookie')).length).toBe(1);
  });

  it('a link expires after 15 minutes', async () => {
    const token = await mailedToken(OFFICE);
    const start = env.clock.now;
    env.advance(15 * 60);
    const late = await handleSession(post('/api/staff/session', { token }));
    expect(late.headers.get('location')).toBe('/staff/sign-in/?link=expired');
    env.clock.now = start;
    const fresh = await mailedToken(OFFICE);
    env.advance(15 * 60 - 1);
    expect((await handleSession(post('/api/staff/session', { token: fresh }))).headers.get('set-cookie')).toMatch(/^gongkai_staff=/);
    env.clock.now = start;
  });

  it('refuses cross-site posts and posts without an origin', async () => {
    const token = await mailedToken(OFFICE);
    const evil = await handleSession(post('/api/staff/session', { token }, { origin: 'https://evil.example' }));
    expect(evil.status).toBe(403);
    expect(await evil.json()).toMatchObject({ code: 'cross-site' });
    expect((await handleSession(post('/api/staff/session', { token }, {}))).status).toBe(403);
    expect((await handleSession(post('/api/staff/session', { token }, { origin: 'null' }))).status).toBe(403);
    expect((await handleSignIn(post('/api/staff/sign-in', { email: OFFICE }, { origin: 'https://evil.example' }))).status).toBe(403);
    // The refused attempts did not use the link.
    expect((await handleSession(post('/api/staff/session', { token }, { 'sec-fetch-site': 'same-origin' }))).headers.get('set-cookie')).toMatch(/^gongkai_staff=/);
    expect(isSameOrigin(new Headers({ 'sec-fetch-site': 'cross-site' }), [BASE])).toBe(false);
  });

  it('a session ends after 30 idle minutes, and at sign-out', async () => {
    const start = env.clock.now;
    const cookie = await signIn(OFFICE);
    env.advance(29 * 60);
    expect((await requireStaff(withCookie(cookie)))).toHaveProperty('session');
    env.advance(29 * 60); // last seen 29 minutes ago: still live, and seen now
    expect((await requireStaff(withCookie(cookie)))).toHaveProperty('session');
    env.advance(30 * 60);
    const idle = await requireStaff(withCookie(cookie));
    expect('response' in idle && idle.response.headers.get('location')).toBe('/staff/sign-in/?session=idle');
    env.clock.now = start;
    const other = await signIn(OFFICE);
    const out = await handleSignOut(post('/api/staff/sign-out', {}, { origin: BASE, cookie: other }));
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    expect(await authenticate(withCookie(other), env.clock.now)).toEqual({ ok: false, reason: 'none' });
  });

  it('cookies are Secure except on localhost over http', () => {
    expect(sessionCookie('x', new URL('http://127.0.0.1:4321/'), 60)).not.toContain('Secure');
    expect(sessionCookie('x', new URL('http://localhost:4321/'), 60)).not.toContain('Secure');
    expect(sessionCookie('x', new URL('https://gongkai.example.gov.cn/'), 60)).toContain('Secure');
    expect(sessionCookie('x', new URL('http://gongkai.example.gov.cn/'), 60)).toContain('Secure');
  });
});

describe('sign-in limits and local runs', () => {
  it('more than 5 requests in 10 minutes from one address are refused and mail nothing', async () => {
    const ip = '192.0.2.77';
    for (let i = 0; i < 5; i++) expect((await requestLink(post('/api/staff/sign-in', { email: OFFICE }), ip)).headers.get('location')).toBe('/staff/sign-in/?sent=1');
    const mailed = env.smtp.mails.length;
    const sixth = await requestLink(post('/api/staff/sign-in', { email: OFFICE }), ip);
    expect(sixth.headers.get('location')).toBe('/staff/sign-in/?error=rate-limited');
    expect(env.smtp.mails.length).toBe(mailed);
  });

  it('without SMTP (npm start) the link lands in the local outbox folder and is printed on the console', async () => {
    const mailDir = join(env.dir, 'local-outbox');
    const files = createMailTransport({ ...runtime().settings(), smtpUrl: null, localMailDir: mailDir });
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const smtpMail = runtime().mail;
    configureCommentRuntime({ mail: () => files });
    try {
      await requestLink(post('/api/staff/sign-in', { email: OFFICE }), '192.0.2.78');
      const printed = log.mock.calls.map((c) => String(c[0])).find((l) => l.includes('/staff/sign-in/confirm/?token='));
      expect(printed).toBeDefined();
      const token = /token=([A-Za-z0-9_-]{43})/.exec(printed!)![1]!;
      const [eml] = readdirSync(mailDir);
      expect((await simpleParser(readFileSync(join(mailDir, eml!)))).text).toContain(`/staff/sign-in/confirm/?token=${token}`);
      expect((await handleSession(post('/api/staff/session', { token }))).headers.get('set-cookie')).toMatch(/^gongkai_staff=/);
    } finally {
      log.mockRestore();
      configureCommentRuntime({ mail: smtpMail });
      files.close();
    }
  });
});

describe('staff directory', () => {
  it('the office registers a unit member, who then signs in as that unit; removal ends access at once', async () => {
    const office = { kind: 'office', email: OFFICE } as const;
    const unit = { id: 'szq', name: '市中区人民政府', email: 'river@unit.example.gov.cn' };
    expect(await registerPerson({ kind: 'unit', email: 'x@y.cn', unit: 'szq' }, { email: UNIT_PERSON, name: '张三', role: 'unit', unit }, env.clock.now)).toMatchObject({ ok: false });
    expect(await registerPerson(office, { email: 'bad', name: '张三', role: 'unit', unit }, env.clock.now)).toMatchObject({ ok: false, message: '请填写正确的电子邮箱地址' });
    expect(await registerPerson(office, { email: ` ${UNIT_PERSON.toUpperCase()} `, name: '张三', role: 'unit', unit }, env.clock.now)).toMatchObject({ ok: true, person: { email: UNIT_PERSON } });
    expect((await listPeople()).map((p) => p.email)).toEqual([UNIT_PERSON]);
    const cookie = await signIn(UNIT_PERSON);
    expect(await authenticate(withCookie(cookie), env.clock.now)).toMatchObject({ ok: true, session: { actor: { kind: 'unit', unit: 'szq' } } });
    expect(await removePerson(office, UNIT_PERSON, env.clock.now)).toMatchObject({ ok: true });
    expect(await findPerson(UNIT_PERSON)).toBeNull();
    expect(await authenticate(withCookie(cookie), env.clock.now)).toEqual({ ok: false, reason: 'removed' });
  });
});
