/**
 * Per-client rate limit kept in Netlify Blobs. Blobs has no atomic counter,
 * so each attempt is recorded as its own small entry
 * (`<policy>/<window>/<client>/<event>`) and counted by listing: concurrent
 * attempts never overwrite each other's count. The event is written BEFORE
 * counting, so two racing requests both see each other (at worst both are
 * refused, never both let through beyond the limit). Clients are identified
 * by an HMAC of their address: no IP address is stored.
 *
 * A refused attempt costs the same however many came before it: its own entry
 * is taken back (the count never grows past the limit), and a marker
 * `blocked/<policies>/<client>` holding the end of the refusal is written, so
 * that until then each further attempt is refused after one read, without
 * writing or listing anything.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { decide, windowIndex, type RateDecision, type RateLimitPolicy } from '../lib/rate-limit.ts';
import { listKeys, rateLimitStore } from './comment-stores.ts';

export function clientHash(address: string, secret: string): string {
  return createHmac('sha256', secret).update(`gongkai-client\n${address}`).digest('hex').slice(0, 32);
}

interface BlockMarker {
  policy: string;
  /** ISO instant until which every attempt is refused. */
  until: string;
}

const BLOCKED_PREFIX = 'blocked/';
const blockKey = (policies: readonly RateLimitPolicy[], client: string) => `${BLOCKED_PREFIX}${policies.map((p) => p.id).join('+')}/${client}`;

export async function recordAndCheck(address: string, policies: readonly RateLimitPolicy[], now: Date, secret: string): Promise<RateDecision> {
  if (policies.length === 0) return { allowed: true };
  const store = rateLimitStore();
  const client = clientHash(address, secret);
  const marker = (await store.get(blockKey(policies, client), { type: 'json' })) as BlockMarker | null;
  const blockedFor = marker ? Date.parse(marker.until) - now.getTime() : 0;
  const markerPolicy = policies.find((p) => p.id === marker?.policy);
  if (markerPolicy && blockedFor > 0) return { allowed: false, policy: markerPolicy, retryAfterSeconds: Math.max(1, Math.ceil(blockedFor / 1000)) };

  const event = `${now.getTime()}-${randomBytes(6).toString('hex')}`;
  const eventKeys = policies.map((p) => `${p.id}/${windowIndex(now, p.windowMs)}/${client}/${event}`);
  await Promise.all(eventKeys.map((key) => store.set(key, '')));
  const counts = new Map<string, { previous: number; current: number }>();
  await Promise.all(
    policies.map(async (p) => {
      const w = windowIndex(now, p.windowMs);
      const [current, previous] = await Promise.all([listKeys(store, `${p.id}/${w}/${client}/`), listKeys(store, `${p.id}/${w - 1}/${client}/`)]);
      counts.set(p.id, { previous: previous.length, current: current.length });
    }),
  );
  const decision = decide(policies, counts, now);
  if (!decision.allowed) {
    const until = new Date(now.getTime() + decision.retryAfterSeconds * 1000).toISOString();
    await Promise.all([...eventKeys.map((key) => store.delete(key)), store.setJSON(blockKey(policies, client), { policy: decision.policy.id, until } satisfies BlockMarker)]);
  }
  return decision;
}

/** Deletes windows that can no longer count (older than the previous one) and ended refusals. Returns entries deleted. */
export async function pruneRateLimit(policies: readonly RateLimitPolicy[], now: Date): Promise<number> {
  const store = rateLimitStore();
  let deleted = 0;
  for (const key of await listKeys(store, BLOCKED_PREFIX)) {
    const marker = (await store.get(key, { type: 'json' })) as BlockMarker | null;
    if (!marker || !(Date.parse(marker.until) > now.getTime())) {
      await store.delete(key);
      deleted++;
    }
  }
  for (const p of policies) {
    const keep = windowIndex(now, p.windowMs) - 1;
    for (const key of await listKeys(store, `${p.id}/`)) {
      const w = Number(key.split('/')[1]);
      if (Number.isFinite(w) && w < keep) {
        await store.delete(key);
        deleted++;
      }
    }
  }
  return deleted;
}
