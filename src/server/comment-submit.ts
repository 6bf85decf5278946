/**
 * POST /api/comments — one comment, from a browser form (URL-encoded or
 * multipart, answered with HTML) or an API client / the page script (JSON).
 *
 * Order of checks: method and content type → size → decoding → consultation
 * exists, takes online comments and is open now → honeypot → rate limit →
 * fields (zod) and attachment (by content) → form token (age) → store →
 * mail → 303 to the receipt page (forms) or JSON with the receipt.
 * Every refusal has a code (JSON) and a Chinese message; forms are shown
 * again with what was typed.
 */
import { createHash } from 'node:crypto';
import { ATTACHMENT_KINDS, safeAttachmentName, sniffAttachment } from '../lib/attachment-type.ts';
import { ATTACHMENT_MAX_BYTES, FIELD, MULTIPART_BODY_MAX_BYTES, TEXT_BODY_MAX_BYTES, validateComment, type FieldError } from '../lib/comment-submission.ts';
import { isOpenForComments } from '../lib/consultation-status.ts';
import { BodyError, decodeJson, decodeMultipart, decodeUrlEncoded, type BodyErrorCode, type DecodedBody } from '../lib/form-body.ts';
import { judgeToken, type FormTokenPayload, type TokenJudgement } from '../lib/form-token.ts';
import { clockOf } from '../lib/published-data.ts';
import { describeWindow } from '../lib/rate-limit.ts';
import { formatChineseDateTime } from '../lib/time.ts';
import { dropStash, stashAttachment, storeComment, takeStash, type NewAttachment } from './comment-intake.ts';
import { RECEIPTS_ENDPOINT, type CommentFormValues } from '../lib/comment-form.ts';
import { formatFileSize } from '../lib/file-size.ts';
import type { NoticeView } from '../lib/page-views.ts';
import { messagePage, renderPage } from './pages.ts';
import { runtime } from './comment-runtime.ts';
import { issueFormToken, readFormToken } from './form-tokens.ts';
import { bodyKind, clientAddress, html, json, PayloadTooLarge, readBodyLimited, redirect, wantsJson } from './http.ts';
import { deliver } from './outbox.ts';
import { recordAndCheck } from './rate-limiter.ts';

export interface FunctionContext {
  ip?: string;
}

const BODY_MESSAGES: Record<BodyErrorCode, string> = {
  'bad-percent-encoding': '提交的数据编码有误（含有不完整的百分号编码），无法识别。请返回意见征集页面重新填写提交。',
  'invalid-utf8': '提交的文字不是有效的 UTF-8 编码，无法识别。请返回意见征集页面重新填写提交。',
  'duplicate-field': '提交的数据中同一栏目出现了多次，无法识别。请返回意见征集页面重新填写提交。',
  'malformed-multipart': '提交的表单数据不完整或格式有误，无法识别。请返回意见征集页面重新填写提交。',
  'too-many-parts': '提交的表单栏目过多，无法识别。请返回意见征集页面重新填写提交。',
  'too-many-files': '每条意见只能上传 1 个附件。请返回意见征集页面重新选择。',
  'malformed-json': '提交的数据不是有效的 JSON 对象。',
  'invalid-utf16': '提交的文字含有无效的 Unicode 转义（不成对的代理项），无法识别。',
  'invalid-field-type': '提交的数据中有栏目不是文字。',
};

/** Checkboxes: an API client may send them as JSON true/false. */
const JSON_BOOLEAN_FIELDS: ReadonlySet<string> = new Set([FIELD.consent, FIELD.dropAttachment]);

const REFUSAL_TITLES: Record<string, string> = {
  'method-not-allowed': '请通过表单提交意见',
  'unsupported-media-type': '提交格式不受支持',
  'payload-too-large': '提交的内容过大',
  'consultation-not-found': '未找到该意见征集',
  'online-not-offered': '本次征集不接受网上提交',
  'consultation-not-open': '意见征集不在征集期内',
  'internal-error': '系统暂时无法处理',
};

async function refusal(asJson: boolean, status: number, code: string, message: string, extra: { headers?: Record<string, string>; preservedText?: string; links?: { href: string; label: string }[]; data?: Record<string, unknown> } = {}): Promise<Response> {
  if (asJson) return json(status, { ok: false, code, message, ...extra.data }, extra.headers);
  const page = await messagePage({
    title: REFUSAL_TITLES[code] ?? '提交未成功',
    tone: status >= 500 ? 'danger' : 'warning',
    paragraphs: [message],
    ...(extra.preservedText ? { preservedText: extra.preservedText } : {}),
    links: extra.links ?? [{ href: '/consultations/', label: '返回意见征集栏目' }],
  });
  return html(status, page, extra.headers);
}

function valuesFrom(fields: ReadonlyMap<string, string>): CommentFormValues {
  return {
    article: fields.get(FIELD.article) ?? '',
    text: fields.get(FIELD.text) ?? '',
    name: fields.get(FIELD.name) ?? '',
    contact: fields.get(FIELD.contact) ?? '',
    submitterType: fields.get(FIELD.submitterType) ?? '',
    consent: ['yes', 'on', 'true', '1', '同意'].includes((fields.get(FIELD.consent) ?? '').trim().toLowerCase()),
  };
}

const TOKEN_REFUSALS: Record<Exclude<TokenJudgement, { usable: true }>['reason'], { code: string; status: number; message: string; notice: NoticeView }> = {
  missing: {
    code: 'form-token-missing',
    status: 400,
    message: '缺少表单令牌：请先通过 GET /api/comments/token 获取令牌，或从意见征集页面提交。',
    notice: { tone: 'info', title: '请核对您填写的内容，确认无误后点击页面下方的“提交意见”按钮。', text: '为防止自动程序批量提交，网上意见需要确认一次后才正式提交。' },
  },
  invalid: {
    code: 'form-token-invalid',
    status: 400,
    message: '表单令牌无效，请重新获取令牌后提交。',
    notice: { tone: 'info', title: '请核对您填写的内容，确认无误后点击页面下方的“提交意见”按钮。' },
  },
  'wrong-consultation': {
    code: 'form-token-invalid',
    status: 400,
    message: '表单令牌与所提交的意见征集不符，请重新获取令牌后提交。',
    notice: { tone: 'info', title: '请核对您填写的内容，确认无误后点击页面下方的“提交意见”按钮。' },
  },
  expired: {
    code: 'form-token-expired',
    status: 400,
    message: '表单令牌已过期，请重新获取令牌后提交。',
    notice: { tone: 'info', title: '页面打开时间较长，请核对您填写的内容后再次点击“提交意见”。' },
  },
  'too-fast': {
    code: 'too-fast',
    status: 429,
    message: '提交过快：请在打开表单几秒钟后再提交。',
    notice: { tone: 'warning', title: '提交过快，意见尚未提交。', text: '为防止自动程序批量提交，请核对您填写的内容后再次点击“提交意见”。' },
  },
};

export async function handleSubmit(request: Request, context: FunctionContext = {}): Promise<Response> {
  const rt = runtime();
  const now = rt.now();
  const settings = rt.settings();
  const asJson = wantsJson(request);

  if (request.method !== 'POST') {
    return refusal(asJson, 405, 'method-not-allowed', '意见只能通过意见征集页面的表单提交（POST）。', { headers: { allow: 'POST' } });
  }
  const kind = bodyKind(request);
  if (kind.kind === 'unsupported') {
    return refusal(asJson, 415, 'unsupported-media-type', '提交格式不受支持。请通过意见征集页面的表单提交，或以 application/json、application/x-www-form-urlencoded、multipart/form-data（UTF-8）格式提交。');
  }

  let decoded: DecodedBody;
  try {
    const body = await readBodyLimited(request, kind.kind === 'multipart' ? MULTIPART_BODY_MAX_BYTES : TEXT_BODY_MAX_BYTES);
    decoded = kind.kind === 'multipart' ? decodeMultipart(body, kind.boundary) : kind.kind === 'json' ? decodeJson(body, { booleanFields: JSON_BOOLEAN_FIELDS }) : decodeUrlEncoded(body);
  } catch (error) {
    if (error instanceof PayloadTooLarge) {
      return refusal(asJson, 413, 'payload-too-large', `提交的内容过大，未能接收。附件不能超过 ${formatFileSize(ATTACHMENT_MAX_BYTES)}，意见内容请控制在 5000 字以内。请返回上一页修改后重新提交。`, {
        data: { limitBytes: error.limit },
      });
    }
    if (error instanceof BodyError) {
      return refusal(asJson, 400, error.code, BODY_MESSAGES[error.code], { data: error.field ? { field: error.field } : {} });
    }
    throw error;
  }
  const fields = decoded.fields;

  let consultations;
  try {
    consultations = await rt.consultations(request);
  } catch (error) {
    console.error('[comments] consultations data unavailable', error);
    return refusal(asJson, 503, 'internal-error', '系统暂时无法读取意见征集信息，您的意见尚未提交。请稍后再试。', { preservedText: fields.get(FIELD.text) ?? '' });
  }
  const consultationId = (fields.get(FIELD.consultation) ?? '').trim();
  const consultation = consultations.byId.get(consultationId);
  if (!consultation) {
    return refusal(asJson, 404, 'consultation-not-found', '未找到该意见征集，可能已被撤回或链接有误。请从意见征集栏目进入后提交。', { preservedText: fields.get(FIELD.text) ?? '' });
  }
  const preservedText = fields.get(FIELD.text) ?? '';
  const backToConsultation = [{ href: consultation.path, label: `返回“${consultation.title}”` }];
  if (!consultation.channels.online) {
    return refusal(asJson, 409, 'online-not-offered', '本次意见征集不接受网上提交，请通过征集公告中列明的其他渠道提交意见。', { preservedText, links: backToConsultation });
  }
  const clock = clockOf(consultation);
  if (!isOpenForComments(clock, now)) {
    const notYet = now.getTime() < clock.opens.getTime();
    const message = notYet
      ? `本次意见征集尚未开始，将于 ${formatChineseDateTime(clock.opens)} 开始接收意见。`
      : `本次意见征集已于 ${formatChineseDateTime(clock.closes)} 截止，不再接收意见。`;
    return refusal(asJson, 409, 'consultation-not-open', message, { preservedText, links: backToConsultation, data: { reason: notYet ? 'not-yet-open' : 'closed' } });
  }

  const values = valuesFrom(fields);
  const tokenText = (fields.get(FIELD.formToken) ?? '').trim();
  const payload = tokenText ? readFormToken(tokenText, settings.formTokenSecret) : null;
  const judgement: TokenJudgement = !tokenText
    ? { usable: false, reason: 'missing' }
    : !payload
      ? { usable: false, reason: 'invalid' }
      : judgeToken(payload, consultation.id, now, { minFillSeconds: settings.minFillSeconds, maxAgeHours: settings.tokenMaxAgeHours });

  /** The form again, with a token that works for the next post and the attachment kept. */
  const showForm = async (
    status: number,
    errors: readonly FieldError[],
    notice: NoticeView | undefined,
    keep: NewAttachment | null,
    headers: Record<string, string> = {},
    forceNewToken = false,
  ) => {
    const reusable =
      !forceNewToken && payload !== null && (judgement.usable || judgement.reason === 'too-fast') && (keep ? keep.sha256 === payload.a : payload.a === undefined);
    let token = tokenText;
    let kept: { filename: string; size: number } | null = null;
    if (!reusable) {
      let stashed = false;
      const fresh = issueFormToken(consultation.id, now, settings.formTokenSecret, keep?.sha256);
      if (keep) {
        try {
          await stashAttachment(fresh.payload.k, keep, now);
          stashed = true;
        } catch (error) {
          console.error('[comments] could not keep the attachment', error);
        }
      }
      token = stashed || !keep ? fresh.token : issueFormToken(consultation.id, now, settings.formTokenSecret).token;
      if (stashed && keep) kept = { filename: keep.filename, size: keep.data.byteLength };
    } else if (keep) {
      kept = { filename: keep.filename, size: keep.data.byteLength };
    }
    return html(status, await renderPage('commentForm', { consultation, form: { consultation, values, errors, formToken: token, keptAttachment: kept }, notice }), headers);
  };

  // Honeypot: a field people never see. Robots fill it; nothing is stored or kept.
  if ((fields.get(FIELD.honeypot) ?? '') !== '') {
    const message = '提交未被接受：表单中一个用于防范自动程序的隐藏栏目被填写了。如果您是人工填写，请核对内容后重新提交。';
    if (asJson) return json(400, { ok: false, code: 'honeypot', message });
    return showForm(400, [{ field: 'form', code: 'honeypot', message }], undefined, null);
  }

  let limit: Awaited<ReturnType<typeof recordAndCheck>> = { allowed: true };
  try {
    limit = await recordAndCheck(clientAddress(request, context.ip), settings.rateLimit, now, settings.receiptSalt);
  } catch (error) {
    // The limit must not turn a storage hiccup into a lost comment: storing below reports real outages.
    console.error('[comments] rate limit unavailable', error);
  }
  if (!limit.allowed) {
    const message = `提交过于频繁：同一网络 ${describeWindow(limit.policy.windowMs)}内最多可提交 ${limit.policy.limit} 次。请约 ${Math.ceil(limit.retryAfterSeconds / 60)} 分钟后再提交，您填写的内容已保留在下方。`;
    const headers = { 'retry-after': String(limit.retryAfterSeconds) };
    if (asJson) return json(429, { ok: false, code: 'rate-limited', message, retryAfterSeconds: limit.retryAfterSeconds }, headers);
    return showForm(429, [{ field: 'form', code: 'rate-limited', message }], undefined, null, headers);
  }

  const validation = validateComment(fields, consultation);
  const errors: FieldError[] = validation.ok ? [] : [...validation.errors];

  let attachment: NewAttachment | null = null;
  let fromStash = false;
  const file = decoded.file;
  if (file) {
    if (file.field !== FIELD.attachment) {
      errors.push({ field: 'form', code: 'unexpected-field', message: `表单含有无法识别的文件栏目“${file.field.slice(0, 40)}”` });
    } else if (file.data.byteLength === 0) {
      errors.push({ field: FIELD.attachment, code: 'attachment-empty', message: '所选附件是空文件，请重新选择。' });
    } else if (file.data.byteLength > ATTACHMENT_MAX_BYTES) {
      errors.push({ field: FIELD.attachment, code: 'attachment-too-large', message: `附件不能超过 ${formatFileSize(ATTACHMENT_MAX_BYTES)}（所选文件为 ${formatFileSize(file.data.byteLength)}），请压缩后重新选择。` });
    } else {
      const sniffed = sniffAttachment(file.data);
      if (!sniffed) {
        errors.push({
          field: FIELD.attachment,
          code: 'attachment-type',
          message: '附件格式不受支持：只接受 PDF、Word（.doc、.docx）或图片（JPG、PNG、WebP）文件。系统按文件内容识别格式，仅修改扩展名无效。',
        });
      } else {
        attachment = { filename: safeAttachmentName(file.filename, sniffed), kind: sniffed, data: file.data, sha256: createHash('sha256').update(file.data).digest('hex') };
      }
    }
  } else if (payload?.a && payload.c === consultation.id && !['yes', 'on', 'true', '1'].includes((fields.get(FIELD.dropAttachment) ?? '').trim().toLowerCase())) {
    try {
      attachment = await takeStash(payload.k, payload.a);
    } catch (error) {
      console.error('[comments] stash unavailable', error);
    }
    if (attachment) fromStash = true;
    else errors.push({ field: FIELD.attachment, code: 'attachment-lost', message: '您上次选择的附件已失效，请重新选择附件（如不需要附件可直接提交）。' });
  }

  if (errors.length > 0) {
    if (asJson) return json(422, { ok: false, code: 'validation-failed', message: '提交未成功，请按提示修改。', errors });
    return showForm(422, errors, undefined, attachment);
  }
  if (!validation.ok) throw new Error('unreachable: validation failed without errors');

  if (!judgement.usable) {
    const r = TOKEN_REFUSALS[judgement.reason];
    if (asJson) {
      const headers: Record<string, string> = judgement.waitSeconds ? { 'retry-after': String(judgement.waitSeconds) } : {};
      return json(r.status, { ok: false, code: r.code, message: r.message, ...(judgement.waitSeconds ? { retryAfterSeconds: judgement.waitSeconds } : {}) }, headers);
    }
    return showForm(200, [], r.notice, attachment);
  }
  const token = payload as FormTokenPayload;

  let result;
  try {
    result = await storeComment({
      consultation,
      fields: validation.value,
      attachment,
      idempotencyKey: token.k,
      keyIssuedAt: new Date(token.t),
      now,
      receiptSalt: settings.receiptSalt,
      siteName: consultations.siteName,
      siteUrl: settings.siteUrl ?? (consultations.siteUrl || null),
    });
  } catch (error) {
    console.error('[comments] storing failed', error);
    const message = '系统暂时无法保存您的意见，您的意见尚未提交成功。您填写的内容已保留，请稍后再次点击“提交意见”。';
    if (asJson) return json(503, { ok: false, code: 'storage-unavailable', message }, { 'retry-after': '30' });
    return showForm(503, [{ field: 'form', code: 'storage-unavailable', message }], undefined, attachment, { 'retry-after': '30' });
  }

  if (result.outcome === 'replay' && !result.sameContent) {
    const message = `此表单已于 ${formatChineseDateTime(new Date(result.record.receivedAt))} 提交过意见（回执编号 ${result.record.receipt}），本次修改后的内容未作为新意见提交。如需再提交一条意见，请核对下方内容后再次点击“提交意见”。`;
    if (asJson) return json(409, { ok: false, code: 'already-submitted', message, receipt: result.record.receipt });
    // A fresh token (a new idempotency key): the next post is a new comment.
    return showForm(409, [], { tone: 'warning', title: message }, attachment, {}, true);
  }
  if (fromStash) await dropStash(token.k).catch(() => {});

  // Mail right away; whatever does not go out stays in the outbox for the drain.
  const transport = rt.mail();
  for (const id of result.mailIds) {
    try {
      await deliver(id, transport, now);
    } catch (error) {
      console.error(`[comments] mail ${id} left in the outbox`, error);
    }
  }

  const r = result.record;
  const receiptUrl = `${RECEIPTS_ENDPOINT}?number=${encodeURIComponent(r.receipt)}`;
  if (asJson) {
    return json(result.outcome === 'stored' ? 201 : 200, {
      ok: true,
      receipt: r.receipt,
      receivedAt: r.receivedAt,
      verificationCode: r.verificationCode,
      consultation: { id: consultation.id, title: consultation.title, path: consultation.path },
      attachment: r.attachment ? { filename: r.attachment.filename, kind: ATTACHMENT_KINDS[r.attachment.kind].label, size: r.attachment.size } : null,
      replay: result.outcome === 'replay',
      receiptUrl,
    });
  }
  return redirect(`${receiptUrl}&submitted=1`);
}

