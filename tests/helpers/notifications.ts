/**
 * Parts for notification and subscription tests: a fixture consultation whose
 * whole life the tests step through (never the sample site), data files the
 * functions read, subscribing through the real functions, and reading what
 * the real SMTP server received.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getStore } from '@netlify/blobs';
import { expect } from 'vitest';
import type { PublishedData } from '../../src/lib/published-data.ts';
import { BASE } from '../fixtures/notification-life.ts';
import { addDays, shanghaiWallClock, type CalendarDate } from '../../src/lib/time.ts';
import { handleConfirm, handleSubscribe } from '../../src/server/subscription-endpoints.ts';
import type { CommentTestEnv, ReceivedMail } from './comments.ts';

export { BASE, DEPT_EMAIL, OFFICE, LIFE_ID, LIFE_TITLE, lifeData } from '../fixtures/notification-life.ts';

let files = 0;

/** Writes a data file and points the functions at it (a new path each time: no stale cache). */
export function useData(env: CommentTestEnv, data: PublishedData): string {
  const path = join(env.dir, `consultations-${++files}.json`);
  writeFileSync(path, JSON.stringify(data));
  process.env.GONGKAI_CONSULTATIONS_FILE = path;
  return path;
}

/** 08:00 Beijing time on that day, when the scheduled function runs. */
export function morningOf(date: CalendarDate, hour = 8): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return shanghaiWallClock(y, m, d, hour);
}

export function* days(from: CalendarDate, to: CalendarDate): Generator<CalendarDate> {
  for (let d = from; d <= to; d = addDays(d, 1)) yield d;
}

export interface Delivered {
  to: string;
  subject: string;
  text: string;
  html: string;
  mail: ReceivedMail;
}

/** Mails received since the last call, in arrival order. */
export function takeMails(env: CommentTestEnv): Delivered[] {
  const out = env.smtp.mails.splice(0).map((m) => ({ to: m.envelopeTo.join(','), subject: m.parsed.subject ?? '', text: m.parsed.text ?? '', html: typeof m.parsed.html === 'string' ? m.parsed.html : '', mail: m }));
  return out;
}

export function linkIn(text: string, path: string): string {
  const m = new RegExp(`${BASE.replace(/\./g, '\\.')}${path.replace(/\//g, '\\/')}\\?token=[A-Za-z0-9_.%-]+`).exec(text);
  expect(m, `a ${path} link in:\n${text}`).not.toBeNull();
  return m![0];
}

export function subscribeRequest(fields: Record<string, string>, headers: Record<string, string> = {}): Request {
  return new Request(`${BASE}/api/subscriptions`, { method: 'POST', body: new URLSearchParams(fields), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
}

/** The whole double opt-in through the real functions; returns the confirmation mail. */
export async function subscribeAndConfirm(env: CommentTestEnv, email: string, scope: string, target: string): Promise<Delivered> {
  const res = await handleSubscribe(subscribeRequest({ email, scope, target, website: '' }), { ip: '198.51.100.9' });
  expect(res.status).toBe(200);
  const mails = takeMails(env);
  expect(mails).toHaveLength(1);
  const confirmation = mails[0]!;
  expect(confirmation.to).toBe(email);
  const confirmed = await handleConfirm(new Request(linkIn(confirmation.text, '/api/subscriptions/confirm')));
  expect(confirmed.status).toBe(200);
  expect(await confirmed.text()).toContain('订阅成功');
  return confirmation;
}

/** A header as sent (mailparser turns List-* headers into a summary object). */
export function rawHeader(mail: ReceivedMail, name: string): string | undefined {
  const line = mail.parsed.headerLines.find((h) => h.key === name.toLowerCase())?.line;
  return line?.replace(/\r?\n[ \t]+/g, ' ').slice(name.length + 1).trim();
}

/** Every key of this test's stores (prefix GONGKAI_STORE_PREFIX), to compare before and after. */
export async function storeKeys(names: readonly string[] = ['notifications', 'outbox', 'subscriptions']): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const prefix = process.env.GONGKAI_STORE_PREFIX ?? 'gongkai';
  for (const name of names) {
    const store = getStore({ name: `${prefix}-${name}`, consistency: 'strong' });
    for await (const page of store.list({ paginate: true })) for (const b of page.blobs) out[`${name}:${b.key}`] = b.etag;
  }
  return out;
}
