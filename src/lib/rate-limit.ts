/**
 * Rate-limit arithmetic: fixed windows counted per client, read as a sliding
 * window (the previous window weighted by how much of it still overlaps the
 * last `windowMs`). The store only records events; this module decides.
 */

export interface RateLimitPolicy {
  /** Short stable name, used in storage keys: `10m`, `1d`. */
  id: string;
  limit: number;
  windowMs: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const UNIT_MS: Record<string, number> = { s: SECOND, m: MINUTE, h: HOUR, d: DAY };

/** Default: 20 submissions in 10 minutes and 100 in a day from one address. */
export const DEFAULT_RATE_LIMIT = '20/10m,100/1d';

/**
 * Reads a policy list such as `20/10m,100/1d`. `off` (or an empty value)
 * disables rate limiting, e.g. for the local benchmark.
 */
export function parseRateLimit(spec: string): RateLimitPolicy[] {
  const s = spec.trim().toLowerCase();
  if (s === '' || s === 'off' || s === '0' || s === 'none') return [];
  return s.split(',').map((part) => {
    const m = /^(\d+)\s*\/\s*(\d+)\s*([smhd])$/.exec(part.trim());
    if (!m) throw new RangeError(`Rate limit must look like 20/10m,100/1d or off: ${part}`);
    const limit = Number(m[1]);
    const windowMs = Number(m[2]) * (UNIT_MS[m[3] ?? 's'] ?? 1000);
    if (limit < 1 || windowMs < 1000) throw new RangeError(`Rate limit too small: ${part}`);
    return { id: `${m[2]}${m[3]}`, limit, windowMs };
  });
}

export function windowIndex(now: Date, windowMs: number): number {
  return Math.floor(now.getTime() / windowMs);
}

/** Events in the last `windowMs`, estimated from the current and previous fixed windows. */
export function slidingCount(previous: number, current: number, now: Date, windowMs: number): number {
  const elapsed = (now.getTime() % windowMs) / windowMs;
  return current + previous * (1 - elapsed);
}

export type RateDecision = { allowed: true } | { allowed: false; policy: RateLimitPolicy; retryAfterSeconds: number };

/**
 * Whether one more event is allowed. `counts` holds, per policy, the events
 * already recorded in the previous and current windows (the new event included
 * when the caller records before deciding, as the store does).
 */
export function decide(
  policies: readonly RateLimitPolicy[],
  counts: ReadonlyMap<string, { previous: number; current: number }>,
  now: Date,
  includesThisEvent = true,
): RateDecision {
  for (const p of policies) {
    const c = counts.get(p.id) ?? { previous: 0, current: 0 };
    const used = slidingCount(c.previous, c.current, now, p.windowMs) + (includesThisEvent ? 0 : 1);
    if (used > p.limit) {
      // The previous window's weight falls until the window ends; waiting for that is always enough.
      const retryAfterMs = p.windowMs - (now.getTime() % p.windowMs);
      return { allowed: false, policy: p, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
    }
  }
  return { allowed: true };
}

/** 10 分钟, 1 天 — for the refusal message. */
export function describeWindow(windowMs: number): string {
  if (windowMs % DAY === 0) return `${windowMs / DAY} 天`;
  if (windowMs % HOUR === 0) return `${windowMs / HOUR} 小时`;
  if (windowMs % MINUTE === 0) return `${windowMs / MINUTE} 分钟`;
  return `${Math.round(windowMs / SECOND)} 秒`;
}
