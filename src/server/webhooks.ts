/**
 * Signed webhooks to the systems that carry warnings further (an SMS gateway,
 * a WeChat official-account bridge, the emergency broadcast platform). Each
 * delivery is one CAP 1.2 document POSTed to one configured endpoint, queued
 * in the warnings store before any request is made and retried with back-off
 * until the receiver answers 2xx, like the mail outbox:
 *
 *   hook/queue/<delivery id>   waiting or being sent (claim with lease + ETag)
 *   hook/sent/<delivery id>    the receiver accepted it (written before the queue entry goes)
 *   hook/failed/<delivery id>  given up after maxAttempts
 *
 * Delivery ids are deterministic (`<message>.<endpoint>`) and sent as the
 * Idempotency-Key header: the one window left (crash after the receiver
 * accepted, before hook/sent was written) repeats the same key, which the
 * receiver uses to drop the repeat. The payload is documented in
 * docs/warning-alerts.md.
 */
import { createHmac } from 'node:crypto';
import { backoff } from './outbox.ts';
import { listKeys, warningsStore } from './comment-stores.ts';

export interface WebhookEndpoint {
  /** Channel id: sms, wechat, broadcast … (lower-case letters, digits, hyphens). */
  id: string;
  /** The channel's name as statistics show it (短信、微信公众号、应急广播). */
  name: string;
  url: string;
  /** Shared secret for the signature; at least 16 characters. */
  secret: string;
}

export interface QueuedHook {
  id: string;
  endpoint: string;
  message: string;
  /** msgType of the CAP document: Alert, Update or Cancel. */
  msgType: string;
  body: string;
  createdAt: string;
  attempts: number;
  nextAttemptAt: string;
  state: 'pending' | 'sending';
  leaseUntil: string | null;
  lastError: string | null;
  maxAttempts: number;
}

export const SIGNATURE_HEADER = 'X-Gongkai-Signature';
export const TIMESTAMP_HEADER = 'X-Gongkai-Timestamp';
const LEASE_MS = 2 * 60_000;
const TIMEOUT_MS = 10_000;

export const hookKeys = {
  queued: (id: string) => `hook/queue/${id}`,
  sent: (id: string) => `hook/sent/${id}`,
  failed: (id: string) => `hook/failed/${id}`,
};

export function hookId(message: string, endpoint: string): string {
  return `${message}.${endpoint}`;
}

/** `sha256=<hex>` of HMAC-SHA256(secret, "<timestamp>.<body>"): the receiver recomputes it and compares in constant time. */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Queues a delivery unless it is queued, sent or given up already. Returns whether it is waiting now. */
export async function enqueueHook(hook: QueuedHook): Promise<boolean> {
  const store = warningsStore();
  if ((await store.get(hookKeys.sent(hook.id))) || (await store.get(hookKeys.failed(hook.id)))) return false;
  await store.setJSON(hookKeys.queued(hook.id), hook, { onlyIfNew: true });
  return true;
}

export type HookState = 'sent' | 'failed' | 'queued' | 'absent';

export async function hookState(id: string): Promise<HookState> {
  const store = warningsStore();
  if (await store.get(hookKeys.sent(id))) return 'sent';
  if (await store.get(hookKeys.failed(id))) return 'failed';
  if (await store.get(hookKeys.queued(id))) return 'queued';
  return 'absent';
}

export type HookOutcome = 'sent' | 'already-sent' | 'busy' | 'later' | 'failed' | 'gave-up' | 'missing' | 'no-endpoint';

const inFlight = new Set<string>();

/** One attempt at one delivery (claimed first; see the header). */
export async function deliverHook(id: string, endpoints: ReadonlyMap<string, WebhookEndpoint>, now: Date, fetchImpl: typeof fetch = fetch): Promise<HookOutcome> {
  if (inFlight.has(id)) return 'busy';
  inFlight.add(id);
  try {
    return await deliverClaimed(id, endpoints, now, fetchImpl);
  } finally {
    inFlight.delete(id);
  }
}

async function deliverClaimed(id: string, endpoints: ReadonlyMap<string, WebhookEndpoint>, now: Date, fetchImpl: typeof fetch): Promise<HookOutcome> {
  const store = warningsStore();
  if (await store.get(hookKeys.sent(id))) {
    await store.delete(hookKeys.queued(id));
    return 'already-sent';
  }
  const entry = await store.getWithMetadata(hookKeys.queued(id), { type: 'json' });
  if (!entry) return (await store.get(hookKeys.sent(id))) ? 'already-sent' : 'missing';
  const hook = entry.data as QueuedHook;
  if (hook.state === 'sending' && hook.leaseUntil && Date.parse(hook.leaseUntil) > now.getTime()) return 'busy';
  if (hook.attempts > 0 && Date.parse(hook.nextAttemptAt) > now.getTime()) return 'later';
  const endpoint = endpoints.get(hook.endpoint);
  // An endpoint removed from the settings: the delivery waits (visible in the statistics) until it is back.
  if (!endpoint) return 'no-endpoint';
  const claimed: QueuedHook = { ...hook, state: 'sending', attempts: hook.attempts + 1, leaseUntil: new Date(now.getTime() + LEASE_MS).toISOString() };
  const claim = await store.setJSON(hookKeys.queued(id), claimed, entry.etag ? { onlyIfMatch: entry.etag } : {});
  if (!claim.modified) return 'busy';

  try {
    const timestamp = Math.floor(now.getTime() / 1000);
    const res = await fetchImpl(endpoint.url, {
      method: 'POST',
      body: hook.body,
      headers: {
        'content-type': 'application/cap+xml; charset=utf-8',
        'idempotency-key': id,
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: webhookSignature(endpoint.secret, timestamp, hook.body),
        'x-gongkai-message': hook.message,
        'x-gongkai-msg-type': hook.msgType,
      },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await res.arrayBuffer().catch(() => undefined);
    if (!res.ok) throw new Error(`answered ${res.status}`);
    await store.setJSON(hookKeys.sent(id), { id, endpoint: hook.endpoint, message: hook.message, sentAt: now.toISOString(), status: res.status, attempts: claimed.attempts });
    await store.delete(hookKeys.queued(id));
    return 'sent';
  } catch (error) {
    const retry: QueuedHook = { ...claimed, state: 'pending', leaseUntil: null, nextAttemptAt: new Date(now.getTime() + backoff(claimed.attempts)).toISOString(), lastError: String((error as Error)?.message ?? error).slice(0, 300) };
    if (claimed.attempts >= claimed.maxAttempts) {
      await store.setJSON(hookKeys.failed(id), retry);
      await store.delete(hookKeys.queued(id));
      console.error(`[webhooks] ${id}: GAVE UP after ${claimed.attempts} failed attempts (${retry.lastError}); kept in hook/failed/${id}`);
      return 'gave-up';
    }
    await store.setJSON(hookKeys.queued(id), retry).catch(() => {});
    console.warn(`[webhooks] ${id}: attempt ${claimed.attempts} failed (${retry.lastError}); next attempt after ${retry.nextAttemptAt}`);
    return 'failed';
  }
}

/** Every queued delivery that is due (the scheduled run calls this after queuing new ones). */
export async function drainHooks(endpoints: ReadonlyMap<string, WebhookEndpoint>, now: Date, fetchImpl: typeof fetch = fetch, deadline = Number.POSITIVE_INFINITY): Promise<Record<string, HookOutcome>> {
  const out: Record<string, HookOutcome> = {};
  for (const key of (await listKeys(warningsStore(), 'hook/queue/')).sort()) {
    if (performance.now() > deadline) break;
    const id = key.slice('hook/queue/'.length);
    out[id] = await deliverHook(id, endpoints, now, fetchImpl);
  }
  return out;
}
