/**
 * The rules of staff sign-in, pure: single-use links that live 15 minutes,
 * session cookies (HttpOnly, SameSite=Strict, Secure except on localhost)
 * with an idle timeout and a longest lifetime, and the origin check every
 * state-changing request passes.
 */

export const SIGN_IN_LINK_TTL_MS = 15 * 60_000;
export const SESSION_COOKIE = 'gongkai_staff';
export const DEFAULT_IDLE_MINUTES = 30;
export const DEFAULT_SESSION_MAX_HOURS = 12;
/** A session's last-seen time is written at most this often (each write costs a store round trip). */
export const SESSION_TOUCH_MS = 60_000;

/** Addresses compare without case or surrounding space; NFKC folds full-width characters typed on phones. */
export function normaliseEmail(input: string): string | null {
  const e = input.normalize('NFKC').trim().toLowerCase();
  return /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/.test(e) && e.length <= 254 ? e : null;
}

export function isLocalHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]' || hostname.endsWith('.localhost');
}

export function sessionCookie(value: string, url: URL, maxAgeSeconds: number): string {
  const secure = isLocalHost(url.hostname) && url.protocol === 'http:' ? '' : '; Secure';
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}${secure}`;
}

export function clearedSessionCookie(url: URL): string {
  return sessionCookie('', url, 0);
}

export function cookieValue(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim() || null;
  }
  return null;
}

/**
 * A state-changing request must come from the site's own pages: its Origin is
 * one of `allowed`; without an Origin header (some older browsers on plain
 * form posts) Sec-Fetch-Site must say same-origin. Anything else is refused.
 */
export function isSameOrigin(headers: Headers, allowed: readonly string[]): boolean {
  const origin = headers.get('origin');
  if (origin !== null) return origin !== 'null' && allowed.includes(origin);
  return headers.get('sec-fetch-site') === 'same-origin';
}

export interface SessionTimes {
  createdAt: string;
  lastSeenAt: string;
}

export type SessionState = 'live' | 'idle' | 'expired';

export function sessionState(s: SessionTimes, now: Date, idleMinutes: number, maxHours: number): SessionState {
  const t = now.getTime();
  if (t - Date.parse(s.createdAt) >= maxHours * 3_600_000) return 'expired';
  if (t - Date.parse(s.lastSeenAt) >= idleMinutes * 60_000) return 'idle';
  return 'live';
}
