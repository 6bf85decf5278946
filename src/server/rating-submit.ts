/**
 * POST /api/ratings — a satisfaction rating (满意/基本满意/不满意, optional remark) of a service item, a
 * consultation or a water body, from the form on its page (URL-encoded; answered with an HTML page, or
 * JSON for clients that ask for it).
 *
 * Order of checks: method → same origin → content type → size → decoding → list of targets → honeypot →
 * rate limit → fields (the visible-text rule for the remark) → store → case → answer. One rating per
 * person token (an HttpOnly cookie the first rating sets), item and day: the stored key holds the day,
 * the item and a keyed hash of the token, and is written only if new. A remark becomes a case (投诉建议)
 * for the item's responsible unit through the case core; the rating itself stores no personal data.
 */
import { createHash, createHmac } from 'node:crypto';
import { BodyError, decodeUrlEncoded } from '../lib/form-body.ts';
import { describeWindow } from '../lib/rate-limit.ts';
import { createCase, type CaseRecord } from '../lib/cases/case.ts';
import { derivedQueryCode } from '../lib/cases/query-code.ts';
import { officialCalendar } from '../lib/official-calendar.ts';
import { receiptNumberFromBytes } from '../lib/receipt-number.ts';
import { RATING_BODY_MAX_BYTES, RATING_FIELD, RATING_LEVELS, RATING_RECORD_VERSION, ratingKey, type RatingRecord, validateRating, type RatingFields, type RatingTarget } from '../lib/ratings/rating.ts';
import { isSameOrigin } from '../lib/staff/auth-rules.ts';
import { formatChineseDate, shanghaiDate, toShanghaiIso } from '../lib/time.ts';
import { messagePage } from './pages.ts';
import { runtime } from './comment-runtime.ts';
import { commentsStore } from './comment-stores.ts';
import { createCaseRecord } from './case-store.ts';
import { loadCaseLimits } from './case-limits-source.ts';
import { bodyKind, clientAddress, html, json, PayloadTooLarge, readBodyLimited, wantsJson } from './http.ts';
import { recordAndCheck } from './rate-limiter.ts';
import { loadRatingTargets, ratingTargetsFile } from './rating-targets-source.ts';
import { allowedOrigins } from './staff-endpoints.ts';
import { newIdempotencyKey } from './form-tokens.ts';

/** The person token: random, kept by the browser for a year, sent only to the rating endpoint. */
export const RATER_COOKIE = 'gk_rater';
const RATER_TOKEN_RE = /^[0-9A-Z]{26}$/;
const BACK = { href: '/community/', label: '返回社区微公开' };
/** Answers to ratings sit in the community section. */
const SECTION = { label: '社区微公开', href: BACK.href };

function raterToken(request: Request): string | null {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const [name, value] = part.trim().split('=');
    if (name === RATER_COOKIE && value && RATER_TOKEN_RE.test(value)) return value;
  }
  return null;
}

function raterCookie(token: string, secure: boolean): string {
  return `${RATER_COOKIE}=${token}; Path=/api/ratings; Max-Age=31536000; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

/** The case a remark becomes: a 投诉建议 referred to the item's responsible unit. */
export function remarkCase(input: { receipt: string; target: RatingTarget; rating: RatingFields & { remark: string }; receivedAt: Date; queryCodeHash: string }, limits: Parameters<typeof createCase>[2]): CaseRecord {
  return createCase(
    {
      receipt: input.receipt,
      kind: 'letter',
      channel: 'online',
      subject: `满意度评价 · ${input.target.name}（${RATING_LEVELS[input.rating.level]}）`,
      submission: [
        { label: '评价对象', value: input.target.name },
        { label: '评价', value: RATING_LEVELS[input.rating.level] },
        { label: '意见建议', value: input.rating.remark },
      ],
      sender: { name: null, contact: null },
      attachments: [],
      receivedAt: input.receivedAt,
      unit: input.target.unit,
      handling: 'referred',
      queryCodeHash: input.queryCodeHash,
    },
    { kind: 'system', name: 'ratings' },
    limits,
    officialCalendar,
  );
}

export async function handleRating(request: Request, context: { ip?: string | undefined } = {}): Promise<Response> {
  const rt = runtime();
  const now = rt.now();
  const settings = rt.settings();
  const asJson = wantsJson(request);
  let back = [BACK];
  const reply = async (status: number, code: string, title: string, paragraphs: string[], extra: { headers?: Record<string, string>; data?: Record<string, unknown>; preservedText?: string } = {}) => {
    if (asJson) return json(status, { ok: status < 300, code, message: paragraphs.join(''), ...extra.data }, extra.headers);
    const tone = status < 300 ? 'success' : status >= 500 ? 'danger' : 'warning';
    return html(status, await messagePage({ section: SECTION, title, tone, paragraphs, links: back, ...(extra.preservedText ? { preservedText: extra.preservedText } : {}) }), extra.headers);
  };

  if (request.method !== 'POST') return reply(405, 'method-not-allowed', '请通过评价表单提交', ['满意度评价只能通过事项页面上的评价表单提交。'], { headers: { allow: 'POST' } });
  if (!isSameOrigin(request.headers, allowedOrigins(request))) return reply(403, 'cross-site', '评价未被接受', ['评价请求不是从本网站页面发出的，已拒绝。请在本网站的事项页面上评价。']);
  if (bodyKind(request).kind !== 'urlencoded') return reply(415, 'unsupported-media-type', '提交格式不受支持', ['请通过事项页面上的评价表单提交（application/x-www-form-urlencoded，UTF-8）。']);

  let fields: Map<string, string>;
  try {
    fields = decodeUrlEncoded(await readBodyLimited(request, RATING_BODY_MAX_BYTES)).fields;
  } catch (error) {
    if (error instanceof PayloadTooLarge) return reply(413, 'payload-too-large', '提交的内容过大', ['提交的内容过大，未能接收。意见建议请控制在 500 字以内。']);
    if (error instanceof BodyError) return reply(400, error.code, '提交未成功', ['提交的表单数据不完整或格式有误，无法识别。请返回上一页重新评价。']);
    throw error;
  }
  const preservedText = fields.get(RATING_FIELD.remark) ?? '';

  let directory;
  try {
    directory = await loadRatingTargets(ratingTargetsFile(), new URL(request.url).origin);
  } catch (error) {
    console.error('[ratings] targets unavailable', error);
    return reply(503, 'internal-error', '系统暂时无法处理', ['系统暂时无法读取评价事项，您的评价尚未提交，请稍后再试。'], { preservedText });
  }
  const targets = new Map(directory.targets.map((t) => [t.id, t]));
  const chosen = targets.get((fields.get(RATING_FIELD.target) ?? '').trim());
  if (chosen) back = [{ href: chosen.path, label: `返回${chosen.name}` }, BACK];

  if ((fields.get(RATING_FIELD.honeypot) ?? '') !== '') return reply(400, 'honeypot', '评价未被接受', ['表单中一个用于防范自动程序的隐藏栏目被填写了。如果您是人工填写，请返回上一页重新评价。'], { preservedText });

  const limit = await recordAndCheck(clientAddress(request, context.ip), settings.rateLimit, now, settings.receiptSalt);
  if (!limit.allowed) {
    return reply(429, 'rate-limited', '提交过于频繁', [`同一网络 ${describeWindow(limit.policy.windowMs)}内最多可提交 ${limit.policy.limit} 次，请约 ${Math.ceil(limit.retryAfterSeconds / 60)} 分钟后再评价。`], {
      headers: { 'retry-after': String(limit.retryAfterSeconds) },
      preservedText,
    });
  }

  const validation = validateRating(fields, new Set(targets.keys()));
  if (!validation.ok) return reply(422, 'validation-failed', '请修改后重新评价', ['评价尚未提交，请返回上一页按以下提示修改：', ...validation.errors.map((e) => e.message)], { preservedText, data: { errors: validation.errors } });
  const rating = validation.value;
  const target = targets.get(rating.target)!;

  const existingToken = raterToken(request);
  const token = existingToken ?? newIdempotencyKey();
  const cookie: Record<string, string> = existingToken ? {} : { 'set-cookie': raterCookie(token, new URL(request.url).protocol === 'https:') };
  const person = createHmac('sha256', settings.receiptSalt).update(`gongkai-rater\n${token}`).digest('hex').slice(0, 32);
  const day = shanghaiDate(now);
  const key = ratingKey(day, rating.target, person);

  let caseReceipt: string | null = null;
  let queryCode: string | null = null;
  let opened: CaseRecord | null = null;
  let stored: boolean;
  try {
    if (rating.remark !== null) {
      // The case comes first and is named by the rating's key: a resend finds the same case, never a second.
      caseReceipt = receiptNumberFromBytes(day, createHash('sha256').update(`gongkai-rating-case\n${key}`).digest(), 'letter');
      const derived = derivedQueryCode(caseReceipt, key, settings.receiptSalt);
      queryCode = derived.code;
      const existing = await commentsStore().get(key, { type: 'json' });
      if (!existing) opened = (await createCaseRecord(remarkCase({ receipt: caseReceipt, target, rating: { ...rating, remark: rating.remark }, receivedAt: now, queryCodeHash: derived.hash }, await loadCaseLimits()))).record;
    }
    const record: RatingRecord = { version: RATING_RECORD_VERSION, target: rating.target, level: rating.level, day, receivedAt: toShanghaiIso(now), caseReceipt };
    stored = (await commentsStore().setJSON(key, record, { onlyIfNew: true, metadata: { day } })).modified;
  } catch (error) {
    console.error('[ratings] storing failed', error);
    return reply(503, 'storage-unavailable', '系统暂时无法处理', ['系统暂时无法保存您的评价，评价尚未提交成功。请稍后返回上一页再次评价。'], { headers: { 'retry-after': '30' }, preservedText });
  }
  if (!stored) {
    return reply(409, 'already-rated', '今天已经评价过', [`您今天已经评价过“${target.name}”，每人每天对同一事项只能评价一次，明天可以再评价。`], { headers: cookie, data: { target: target.id } });
  }
  return reply(201, 'stored', '评价成功', [
    `感谢您对“${target.name}”的评价：${RATING_LEVELS[rating.level]}。`,
    '评价结果按月统计，在网站下次更新时公开。',
    ...(opened && caseReceipt && queryCode
      ? [`您的意见建议已转交${target.unit.name}办理，办理期限至${formatChineseDate(opened.dueDate ?? day)}。回执编号：${caseReceipt}，查询码：${queryCode}。凭回执编号和查询码可在“回执查询”页面查看答复。`]
      : []),
  ], { headers: cookie, data: { target: target.id, level: rating.level, ...(caseReceipt ? { receipt: caseReceipt, queryCode } : {}) } });
}

/** Last line of defence: an unexpected error becomes a Chinese answer. */
export async function guardedRating(request: Request, handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (error) {
    console.error(`[ratings] ${request.method} ${new URL(request.url).pathname} failed`, error);
    const message = '系统暂时无法处理您的评价，评价尚未提交成功。请稍后返回上一页重新评价。';
    if (wantsJson(request)) return json(500, { ok: false, code: 'internal-error', message });
    return html(500, await messagePage({ section: SECTION, title: '系统暂时无法处理', tone: 'danger', paragraphs: [message], links: [BACK] }));
  }
}
