/**
 * Per-client rate limit kept in Netlify Blobs. Blobs has no atomic counter,
 * so each attempt is recorded as its own small entry
 * (`<policy>/<window>/<client>/<event>`) and counted by listing: concurrent
 * attempts never overwrite each other's count. The event is written BEFORE
 * counting, so two racing requests both see each other (at worst both are
 * refused, never both let through beyond the limit). Clients are identified
 * by an HMAC of their address: no IP address is stored.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { decide, windowIndex, type RateDecision, type RateLimitPolicy } from '../lib/rate-limit.ts';
import { listKeys, rateLimitStore } from './comment-stores.ts';

export function clientHash(address: string, secret: string): string {
  return createHmac('sha256', secret).update(`gongkai-client\n${address}`).digest('hex').slice(0, 32);
}

export async function recordAndCheck(address: string, policies: readonly RateLimitPolicy[], now: Date, secret: string): Promise<RateDecision> {
  if (policies.length === 0) return { allowed: true };
  const store = rateLimitStore();
  const client = clientHash(address, secret);
  const event = `${now.getTime()}-${randomBytes(6).toString('hex')}`;
  await Promise.all(policies.map((p) => store.set(`${p.id}/${windowIndex(now, p.windowMs)}/${client}/${event}`, '')));
  const counts = new Map<string, { previous: number; current: number }>();
  await Promise.all(
    policies.map(async (p) => {
      const w = windowIndex(now, p.windowMs);
      const [current, previous] = await Promise.all([listKeys(store, `${p.id}/${w}/${client}/`), listKeys(store, `${p.id}/${w - 1}/${client}/`)]);
      counts.set(p.id, { previous: previous.length, current: current.length });
    }),
  );
  return decide(policies, counts, now);
}

/** Deletes windows that can no longer count (older than the previous one). Returns entries deleted. */
export async function pruneRateLimit(policies: readonly RateLimitPolicy[], now: Date): Promise<number> {
  const store = rateLimitStore();
  let deleted = 0;
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
