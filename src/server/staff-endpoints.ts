/**
 * The staff endpoints, thin over staff-auth.ts and case-workspace.ts. The
 * sign-in ones change state, so each checks the request's origin first; every
 * answer is a redirect to a workspace page (or JSON for clients that ask), the
 * same for registered and unregistered addresses.
 *
 *   POST /api/staff/sign-in    email            → a link mailed when the address is registered
 *   POST /api/staff/session    token            → the link used once; session cookie set
 *   POST /api/staff/sign-out                    → session ended; cookie cleared
 *   GET  /staff/cases/<receipt>/attachments/<n> → a case's attachment (a report's photo), recorded as read
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { decodeUrlEncoded, BodyError } from '../lib/form-body.ts';
import { parseReceiptNumber } from '../lib/receipt-number.ts';
import { clearedSessionCookie, isSameOrigin, sessionCookie } from '../lib/staff/auth-rules.ts';
import type { RateLimitPolicy } from '../lib/rate-limit.ts';
import { runtime } from './comment-runtime.ts';
import { bodyKind, clientAddress, json, PayloadTooLarge, readBodyLimited, redirect, wantsJson } from './http.ts';
import { recordAndCheck } from './rate-limiter.ts';
import { openCaseAttachment } from './case-workspace.ts';
import { authenticate, endSession, requestSignInLink, useSignInLink, type StaffSession } from './staff-auth.ts';

export const STAFF_PATHS = {
  home: '/staff/',
  signIn: '/staff/sign-in/',
  confirm: '/staff/sign-in/confirm/',
  signInApi: '/api/staff/sign-in',
  sessionApi: '/api/staff/session',
  signOutApi: '/api/staff/sign-out',
} as const;

/** A reply of 5,000 Chinese characters is about 45 KB URL-encoded. */
const FORM_MAX_BYTES = 64 * 1024;
/** Per client address: enough for a person who mistypes, too few to probe the directory. */
const SIGN_IN_LIMIT: RateLimitPolicy[] = [
  { id: 'staff-sign-in-10m', limit: 5, windowMs: 10 * 60_000 },
  { id: 'staff-sign-in-1d', limit: 30, windowMs: 24 * 3_600_000 },
];

export const SIGN_IN_SENT_MESSAGE = '如果该邮箱已在办理平台登记，登录链接已发送到该邮箱，15 分钟内有效，只能使用一次。';

/** The origins a state change may come from: the request's own, and SITE_URL's. */
export function allowedOrigins(request: Request): string[] {
  const own = new URL(request.url).origin;
  const site = runtime().settings().siteUrl;
  return site ? [own, new URL(site).origin] : [own];
}

/** Null when the request may change state; else the refusal. */
export function refuseCrossSite(request: Request): Response | null {
  if (request.method !== 'POST') return json(405, { ok: false, code: 'method-not-allowed', message: '只支持 POST 请求。' }, { allow: 'POST' });
  if (isSameOrigin(request.headers, allowedOrigins(request))) return null;
  console.warn(`[staff] refused a cross-site ${request.method} ${new URL(request.url).pathname} (origin ${request.headers.get('origin') ?? 'none'})`);
  return json(403, { ok: false, code: 'cross-site', message: '请求来源不是本网站，已拒绝。请从办理平台页面操作。' });
}

/** The fields of a small URL-encoded form, or null when the body is not one. */
export async function readSmallForm(request: Request): Promise<ReadonlyMap<string, string> | null> {
  if (bodyKind(request).kind !== 'urlencoded') return null;
  try {
    return decodeUrlEncoded(await readBodyLimited(request, FORM_MAX_BYTES)).fields;
  } catch (error) {
    if (error instanceof PayloadTooLarge || error instanceof BodyError) return null;
    throw error;
  }
}

/**
 * Every sign-in request is answered this long after it arrived, whether a link
 * is mailed or not: the time of the answer tells nothing about the directory.
 * The link is stored and mailed meanwhile; what takes longer goes on after the
 * answer (kept alive with the platform's waitUntil).
 */
export const SIGN_IN_ANSWER_MS = 800;

export interface SignInContext {
  ip?: string | undefined;
  /** Keeps the function alive for work that outlasts the answer (Netlify's context.waitUntil). */
  waitUntil?: ((work: Promise<unknown>) => void) | undefined;
}

export async function handleSignIn(request: Request, context: SignInContext = {}): Promise<Response> {
  const answerAt = performance.now() + SIGN_IN_ANSWER_MS;
  const refused = refuseCrossSite(request);
  if (refused) return refused;
  const rt = runtime();
  const now = rt.now();
  const fields = await readSmallForm(request);
  const email = fields?.get('email') ?? '';
  const limit = await recordAndCheck(clientAddress(request, context.ip), SIGN_IN_LIMIT, now, rt.settings().receiptSalt);
  if (!limit.allowed) {
    if (wantsJson(request)) return json(429, { ok: false, code: 'rate-limited', message: '登录请求过于频繁，请稍后再试。' }, { 'retry-after': String(limit.retryAfterSeconds) });
    return redirect(`${STAFF_PATHS.signIn}?error=rate-limited`);
  }
  const siteUrl = rt.settings().siteUrl ?? new URL(request.url).origin;
  const consultations = await rt.consultations(request).catch(() => null);
  const work = requestSignInLink({ email, now, confirmUrl: `${siteUrl}${STAFF_PATHS.confirm}`, siteName: consultations?.siteName ?? '政务公开网站', transport: rt.mail() }).catch((error: unknown) =>
    console.error('[staff] a sign-in link could not be stored or queued', error),
  );
  context.waitUntil?.(work);
  await sleep(Math.max(0, answerAt - performance.now()));
  if (wantsJson(request)) return json(202, { ok: true, code: 'sign-in-sent', message: SIGN_IN_SENT_MESSAGE });
  return redirect(`${STAFF_PATHS.signIn}?sent=1`);
}

export async function handleSession(request: Request): Promise<Response> {
  const refused = refuseCrossSite(request);
  if (refused) return refused;
  const now = runtime().now();
  const fields = await readSmallForm(request);
  const used = await useSignInLink(fields?.get('token') ?? '', now);
  if (!used.ok) {
    if (wantsJson(request)) return json(400, { ok: false, code: `link-${used.reason}`, message: '登录链接无效、已过期或已使用，请重新申请。' });
    return redirect(`${STAFF_PATHS.signIn}?link=${used.reason}`);
  }
  const cookie = sessionCookie(used.sessionId, new URL(request.url), used.maxAgeSeconds);
  if (wantsJson(request)) return json(200, { ok: true, code: 'signed-in', role: used.person.role }, { 'set-cookie': cookie });
  const res = redirect(STAFF_PATHS.home);
  res.headers.set('set-cookie', cookie);
  return res;
}

export async function handleSignOut(request: Request): Promise<Response> {
  const refused = refuseCrossSite(request);
  if (refused) return refused;
  await endSession(request);
  const res = wantsJson(request) ? json(200, { ok: true, code: 'signed-out' }) : redirect(`${STAFF_PATHS.signIn}?signed-out=1`);
  res.headers.set('set-cookie', clearedSessionCookie(new URL(request.url)));
  return res;
}

/** The session of a workspace request, or the answer that sends the visitor to sign in. */
export async function requireStaff(request: Request): Promise<{ session: StaffSession } | { response: Response }> {
  const auth = await authenticate(request, runtime().now());
  if (auth.ok) return { session: auth.session };
  const reason = auth.reason === 'none' ? '' : `?session=${auth.reason}`;
  const res = wantsJson(request) ? json(401, { ok: false, code: `session-${auth.reason}`, message: '请先登录办理平台。' }) : redirect(`${STAFF_PATHS.signIn}${reason}`);
  if (auth.reason !== 'none') res.headers.set('set-cookie', clearedSessionCookie(new URL(request.url)));
  return { response: res };
}

/** A case's attachment (index from 0) for a signed-in person who may see the case; anything else answers 404. */
export async function handleCaseAttachment(request: Request, receipt: string, index: string): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405, headers: { allow: 'GET, HEAD' } });
  const gate = await requireStaff(request);
  if ('response' in gate) return gate.response;
  const parsed = parseReceiptNumber(receipt);
  const n = /^\d{1,3}$/.test(index) ? Number(index) : -1;
  const found = parsed.ok ? await openCaseAttachment(gate.session, parsed.receipt, n, runtime().now()) : null;
  if (!found) return new Response('未找到该附件。', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
  return new Response(request.method === 'HEAD' ? null : found.data, {
    status: 200,
    headers: {
      'content-type': found.attachment.contentType,
      'content-length': String(found.data.byteLength),
      // Saved, never shown inside the site: a file from the public is not trusted as a page.
      'content-disposition': `attachment; filename="${found.receipt}-${n + 1}.${found.extension}"; filename*=UTF-8''${encodeURIComponent(found.attachment.filename)}`,
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
