/**
 * Settings of the notification and subscription functions, read from the
 * environment (documented in .env.example). Mail, site address, data file
 * and store prefix are the comment functions' settings (comment-settings.ts).
 */
import { DEFAULT_LEAD_TIMES, normalizeLeads, validateLeadTimes, type LeadTimes } from '../lib/notification-plan.ts';
import type { RateLimitPolicy } from '../lib/rate-limit.ts';

/** Public knowledge (this file is open source): fine for local runs, useless as a secret. */
export const LOCAL_SUBSCRIPTION_SECRET = 'gongkai-local-subscription-secret-do-not-use-in-production';

export interface NotifySettings {
  leadTimes: LeadTimes;
  /** HMAC key of confirmation and unsubscribe links and of subscriber ids (SUBSCRIPTION_SECRET). */
  subscriptionSecret: string;
  usingLocalSecret: boolean;
  /** Failed attempts after which a notification mail is given up (NOTIFY_MAIL_MAX_ATTEMPTS). */
  mailMaxAttempts: number;
  /** Netlify build hook called when the built pages show outdated statuses (BUILD_HOOK_URL). */
  buildHookUrl: string | null;
  /** Per client address, for POST /api/subscriptions (SUBSCRIBE_RATE_LIMIT). */
  subscribeRateLimit: RateLimitPolicy[];
  /** Hours a confirmation link stays valid (SUBSCRIPTION_CONFIRM_HOURS). */
  confirmHours: number;
}

/** "7,1" → [7, 1]; "" or "off" → [] (that series is not sent). */
export function parseDayList(value: string | undefined, fallback: readonly number[], name: string): number[] {
  if (value === undefined) return [...fallback];
  const s = value.trim().toLowerCase();
  if (s === '' || s === 'off' || s === 'none') return [];
  const days = s.split(',').map((part) => {
    const p = part.trim();
    if (!/^\d+$/.test(p)) throw new RangeError(`${name} must be days separated by commas (e.g. 7,1) or off, got ${value}`);
    return Number(p);
  });
  return normalizeLeads(days, name);
}

function wholeNumber(value: string | undefined, fallback: number, name: string, min: number, max: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value.trim());
  if (!Number.isInteger(n) || n < min || n > max) throw new RangeError(`${name} must be a whole number from ${min} to ${max}, got ${value}`);
  return n;
}

/** `10/1h,30/1d` with policy ids of their own, so these counts never mix with the comment form's. */
function parseSubscribeRateLimit(value: string | undefined): RateLimitPolicy[] {
  const s = (value ?? '10/1h,30/1d').trim().toLowerCase();
  if (s === '' || s === 'off') return [];
  const UNIT: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  return s.split(',').map((part) => {
    const m = /^(\d+)\s*\/\s*(\d+)\s*([smhd])$/.exec(part.trim());
    if (!m) throw new RangeError(`SUBSCRIBE_RATE_LIMIT must look like 10/1h,30/1d or off: ${part}`);
    return { id: `subscribe-${m[2]}${m[3]}`, limit: Number(m[1]), windowMs: Number(m[2]) * (UNIT[m[3] ?? 's'] ?? 1000) };
  });
}

let warned = false;

export function readNotifySettings(env: NodeJS.ProcessEnv = process.env): NotifySettings {
  const leadTimes = validateLeadTimes({
    departmentBeforeOpening: parseDayList(env.NOTIFY_BEFORE_OPENING, DEFAULT_LEAD_TIMES.departmentBeforeOpening, 'NOTIFY_BEFORE_OPENING'),
    departmentBeforeClosing: parseDayList(env.NOTIFY_BEFORE_CLOSING, DEFAULT_LEAD_TIMES.departmentBeforeClosing, 'NOTIFY_BEFORE_CLOSING'),
    departmentBeforeFeedbackDue: parseDayList(env.NOTIFY_BEFORE_FEEDBACK_DUE, DEFAULT_LEAD_TIMES.departmentBeforeFeedbackDue, 'NOTIFY_BEFORE_FEEDBACK_DUE'),
    overdueRepeatDays: wholeNumber(env.NOTIFY_OVERDUE_EVERY_DAYS, DEFAULT_LEAD_TIMES.overdueRepeatDays, 'NOTIFY_OVERDUE_EVERY_DAYS', 0, 366),
    subscribersBeforeClosing: parseDayList(env.ALERT_BEFORE_CLOSING, DEFAULT_LEAD_TIMES.subscribersBeforeClosing, 'ALERT_BEFORE_CLOSING'),
  });
  const subscriptionSecret = env.SUBSCRIPTION_SECRET?.trim() || LOCAL_SUBSCRIPTION_SECRET;
  const usingLocalSecret = subscriptionSecret === LOCAL_SUBSCRIPTION_SECRET;
  if (usingLocalSecret && !warned && (env.NETLIFY === 'true' || env.CONTEXT !== undefined || env.SITE_ID !== undefined)) {
    warned = true;
    console.warn('[subscriptions] SUBSCRIPTION_SECRET is not set: using the public local default. Set it in the site environment.');
  }
  return {
    leadTimes,
    subscriptionSecret,
    usingLocalSecret,
    mailMaxAttempts: wholeNumber(env.NOTIFY_MAIL_MAX_ATTEMPTS, 12, 'NOTIFY_MAIL_MAX_ATTEMPTS', 1, 1000),
    buildHookUrl: env.BUILD_HOOK_URL?.trim() || null,
    subscribeRateLimit: parseSubscribeRateLimit(env.SUBSCRIBE_RATE_LIMIT),
    confirmHours: wholeNumber(env.SUBSCRIPTION_CONFIRM_HOURS, 72, 'SUBSCRIPTION_CONFIRM_HOURS', 1, 24 * 30),
  };
}
