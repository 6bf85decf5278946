/**
 * POST /api/reports — a public report (线索和监督) about black-odorous water, from
 * the form on the /remediation/ pages (multipart or URL-encoded; answered with an
 * HTML page, or JSON for clients that ask for it).
 *
 * Order of checks: method and content type → size → decoding → directory of
 * water bodies → honeypot → rate limit → fields and photo (by content) → store
 * → mail → receipt page. Built from the comment system's parts (body decoding,
 * size limits, rate limiter, attachment sniffing, Blobs store, outbox, mail
 * transport, page template); it changes none of them. A report is stored and
 * mailed to the responsible unit, never published by the site.
 */
import { createHash } from 'node:crypto';
import { ATTACHMENT_KINDS, safeAttachmentName, sniffAttachment } from '../lib/attachment-type.ts';
import { BodyError, decodeMultipart, decodeUrlEncoded, type DecodedBody } from '../lib/form-body.ts';
import { describeWindow } from '../lib/rate-limit.ts';
import {
  REPORT_FIELD,
  REPORT_MESSAGES,
  REPORT_MULTIPART_MAX_BYTES,
  REPORT_PHOTO_KINDS,
  REPORT_PHOTO_MAX_BYTES,
  REPORT_TEXT_BODY_MAX_BYTES,
  validateReport,
  type FieldError,
} from '../lib/report-submission.ts';
import { formatChineseDate, formatChineseDateTime, shanghaiDate } from '../lib/time.ts';
import { messagePage, type MessageView } from './pages.ts';
import { runtime } from './comment-runtime.ts';
import { bodyKind, clientAddress, html, json, PayloadTooLarge, readBodyLimited, wantsJson } from './http.ts';
import { deliver } from './outbox.ts';
import { recordAndCheck } from './rate-limiter.ts';
import { loadReportDirectory, reportDirectoryFile } from './report-directory-source.ts';
import { storeReport, type ReportPhoto } from './report-intake.ts';
import { loadCaseLimits } from './case-limits-source.ts';

export const REPORTS_ENDPOINT = '/api/reports';
const BACK = { href: '/remediation/', label: '返回治理进展栏目' };
/** Answers to reports sit in their own section, not 意见征集. */
const REPORT_SECTION = { label: '治理进展', href: BACK.href };

interface Answer {
  status: number;
  code: string;
  title: string;
  tone: 'success' | 'warning' | 'danger';
  paragraphs: string[];
  links: { href: string; label: string }[];
  preservedText?: string;
  headers?: Record<string, string>;
  data?: Record<string, unknown>;
}

async function answer(asJson: boolean, section: MessageView['section'], a: Answer): Promise<Response> {
  if (asJson) return json(a.status, { ok: a.status < 300, code: a.code, message: a.paragraphs.join(''), ...a.data }, a.headers);
  const page = await messagePage({ section, title: a.title, tone: a.tone, paragraphs: a.paragraphs, links: a.links, ...(a.preservedText ? { preservedText: a.preservedText } : {}) });
  return html(a.status, page, a.headers);
}

const BODY_MESSAGE = '提交的表单数据不完整或格式有误，无法识别。请返回上一页重新填写提交。';

export async function handleReport(request: Request, context: { ip?: string | undefined } = {}): Promise<Response> {
  const rt = runtime();
  const now = rt.now();
  const settings = rt.settings();
  const asJson = wantsJson(request);
  let section = REPORT_SECTION;
  const refuse = (status: number, code: string, title: string, paragraphs: string[], extra: Partial<Answer> = {}) =>
    answer(asJson, section, { status, code, title, tone: status >= 500 ? 'danger' : 'warning', paragraphs, links: [BACK], ...extra });

  if (request.method !== 'POST') return refuse(405, 'method-not-allowed', '请通过表单提交线索', ['线索只能通过治理进展栏目页面上的表单提交。'], { headers: { allow: 'POST' } });
  const kind = bodyKind(request);
  if (kind.kind !== 'multipart' && kind.kind !== 'urlencoded') {
    return refuse(415, 'unsupported-media-type', '提交格式不受支持', ['请通过治理进展栏目页面上的表单提交（multipart/form-data 或 application/x-www-form-urlencoded，UTF-8）。']);
  }

  let decoded: DecodedBody;
  try {
    const body = await readBodyLimited(request, kind.kind === 'multipart' ? REPORT_MULTIPART_MAX_BYTES : REPORT_TEXT_BODY_MAX_BYTES);
    decoded = kind.kind === 'multipart' ? decodeMultipart(body, kind.boundary) : decodeUrlEncoded(body);
  } catch (error) {
    if (error instanceof PayloadTooLarge) return refuse(413, 'payload-too-large', '提交的内容过大', [`提交的内容过大，未能接收。照片不能超过 ${REPORT_PHOTO_MAX_BYTES / 1024 / 1024} MB，请压缩后返回上一页重新提交。`]);
    if (error instanceof BodyError) return refuse(400, error.code, '提交未成功', [error.code === 'too-many-files' ? '每条线索只能上传 1 张照片，请返回上一页重新选择。' : BODY_MESSAGE]);
    throw error;
  }
  const fields = decoded.fields;
  const preservedText = fields.get(REPORT_FIELD.what) ?? '';

  let directory;
  try {
    directory = await loadReportDirectory(reportDirectoryFile(), new URL(request.url).origin);
  } catch (error) {
    console.error('[reports] directory unavailable', error);
    return refuse(503, 'internal-error', '系统暂时无法处理', ['系统暂时无法读取水体信息，您的线索尚未提交。请稍后再试，或拨打责任单位电话反映。'], { preservedText });
  }
  section = { label: directory.project.title, href: directory.project.path };
  const bodyName = new Map(directory.waterBodies.map((b) => [b.id, b]));
  const chosen = bodyName.get((fields.get(REPORT_FIELD.waterBody) ?? '').trim());
  const back = chosen ? [{ href: chosen.path, label: `返回${chosen.name}页面` }, BACK] : [BACK];

  if ((fields.get(REPORT_FIELD.honeypot) ?? '') !== '') {
    return refuse(400, 'honeypot', '提交未被接受', ['表单中一个用于防范自动程序的隐藏栏目被填写了。如果您是人工填写，请返回上一页重新提交。'], { links: back, preservedText });
  }

  const limit = await recordAndCheck(clientAddress(request, context.ip), settings.rateLimit, now, settings.receiptSalt);
  if (!limit.allowed) {
    return refuse(429, 'rate-limited', '提交过于频繁', [`同一网络 ${describeWindow(limit.policy.windowMs)}内最多可提交 ${limit.policy.limit} 次，请约 ${Math.ceil(limit.retryAfterSeconds / 60)} 分钟后再提交。`], {
      headers: { 'retry-after': String(limit.retryAfterSeconds) },
      links: back,
      preservedText,
    });
  }

  const validation = validateReport(fields, { waterBodies: new Set(bodyName.keys()), today: shanghaiDate(now) });
  const errors: FieldError[] = validation.ok ? [] : [...validation.errors];
  let photo: ReportPhoto | null = null;
  const file = decoded.file;
  if (file) {
    if (file.field !== REPORT_FIELD.photo) errors.push({ field: 'form', code: 'unexpected-field', message: REPORT_MESSAGES['unexpected-field'] });
    // A photo input left empty never arrives as a file (decodeMultipart); a chosen file with no bytes does.
    else if (file.data.byteLength === 0) errors.push({ field: REPORT_FIELD.photo, code: 'photo-empty', message: REPORT_MESSAGES['photo-empty'] });
    else if (file.data.byteLength > REPORT_PHOTO_MAX_BYTES) errors.push({ field: REPORT_FIELD.photo, code: 'photo-too-large', message: REPORT_MESSAGES['photo-too-large'] });
    else {
      const sniffed = sniffAttachment(file.data);
      if (!sniffed || !REPORT_PHOTO_KINDS.includes(sniffed)) errors.push({ field: REPORT_FIELD.photo, code: 'photo-type', message: REPORT_MESSAGES['photo-type'] });
      else photo = { filename: safeAttachmentName(file.filename, sniffed), kind: sniffed, data: file.data, sha256: createHash('sha256').update(file.data).digest('hex') };
    }
  }
  if (errors.length > 0 || !validation.ok) {
    return refuse(422, 'validation-failed', '请修改后重新提交', ['线索尚未提交，请返回上一页按以下提示修改：', ...errors.map((e) => e.message)], {
      links: back,
      preservedText,
      data: { errors },
    });
  }

  let result;
  try {
    const limits = await loadCaseLimits();
    result = await storeReport({ report: validation.value, photo, directory, now, siteUrl: settings.siteUrl ?? (directory.site.url || null), queryCodeKey: settings.receiptSalt, limits });
  } catch (error) {
    console.error('[reports] storing failed', error);
    return refuse(503, 'storage-unavailable', '系统暂时无法处理', ['系统暂时无法保存您的线索，线索尚未提交成功。请稍后返回上一页再次提交。'], { headers: { 'retry-after': '30' }, links: back, preservedText });
  }

  // Mail right away; whatever does not go out stays in the outbox for the drain.
  const transport = rt.mail();
  for (const id of result.mailIds) {
    try {
      await deliver(id, transport, now);
    } catch (error) {
      console.error(`[reports] mail ${id} left in the outbox`, error);
    }
  }

  const r = result.record;
  return answer(asJson, section, {
    status: result.outcome === 'stored' ? 201 : 200,
    code: result.outcome,
    title: '线索提交成功',
    tone: 'success',
    paragraphs: [
      result.outcome === 'stored' ? '您反映的线索已收到，感谢您的监督。' : '这条线索此前已经提交过，无需重复提交。',
      `回执编号：${r.receipt}`,
      `查询码：${result.queryCode}`,
      `接收时间：${formatChineseDateTime(new Date(r.receivedAt))}（北京时间）`,
      `已转交：${r.unit.name}核实处理，办理期限至${formatChineseDate(result.case.dueDate ?? r.receivedAt.slice(0, 10))}${r.contact ? '，处理情况将通过您留下的联系方式反馈' : ''}。`,
      `请记下或截图保存回执编号和查询码。凭回执编号可在“回执查询”页面查看办理进展，同时输入查询码可查看答复内容；查询码请不要告诉他人。线索内容和您的联系方式不会在网站上公开。`,
      ...(r.photo ? [`现场照片：${r.photo.filename}（${Object.values(ATTACHMENT_KINDS).find((k) => k.mime === r.photo!.contentType)?.label ?? '图片'}）已一并转交。`] : []),
    ],
    links: back,
    data: { receipt: r.receipt, queryCode: result.queryCode, receivedAt: r.receivedAt, unit: r.unit.name, dueDate: result.case.dueDate },
  });
}

/** Last line of defence: an unexpected error becomes a Chinese answer (the comment functions' guard, in report wording). */
export async function guardedReport(request: Request, handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (error) {
    console.error(`[reports] ${request.method} ${new URL(request.url).pathname} failed`, error);
    const message = '系统暂时无法处理您的请求，线索尚未提交成功。请稍后返回上一页重新提交，或拨打责任单位电话反映。';
    if (wantsJson(request)) return json(500, { ok: false, code: 'internal-error', message });
    return html(500, await messagePage({ section: REPORT_SECTION, title: '系统暂时无法处理', tone: 'danger', paragraphs: [message], links: [BACK] }));
  }
}
