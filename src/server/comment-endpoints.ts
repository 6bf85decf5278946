/**
 * The smaller comment endpoints: form tokens, receipt lookup, the published
 * ledger of receipts, the department export, and the outbox drain.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { ATTACHMENT_KINDS } from '../lib/attachment-type.ts';
import { isOpenForComments } from '../lib/consultation-status.ts';
import { toCsv } from '../lib/csv.ts';
import { clockOf } from '../lib/published-data.ts';
import { parseReceiptNumber } from '../lib/receipt-number.ts';
import type { PublishedLedger, SignedTreeHead } from '../lib/ledger/verify-ledger.mjs';
import { toShanghaiIso } from '../lib/time.ts';
import { recordPersonalDataRead, type PersonalDataReader } from './access-log.ts';
import { commentHoldsContact, eraseCaseSender, eraseCommentContact, eraseReportContact } from './erasure.ts';
import { readCase } from './case-store.ts';
import { queryCodeMatches } from '../lib/cases/query-code.ts';
import { recordErasureRequest } from './retention.ts';
import { findByReceipt, pruneStash, recordsOf } from './comment-intake.ts';
import { auditRecords, headIncluding, makeTreeHeads, publicLedger, readLog, type AuditProblem, type HeadOutcome } from './ledger-log.ts';
import { ledgerSigner } from './ledger-signing.ts';
import { receiptLookupPage, receiptPage, reportReceiptPage, type PageChrome } from './comment-pages.ts';
import { runtime } from './comment-runtime.ts';
import { commentsStore } from './comment-stores.ts';
import { issueFormToken } from './form-tokens.ts';
import { bodyKind, html, json, readBodyLimited, wantsJson } from './http.ts';
import { decodeJson, decodeUrlEncoded } from '../lib/form-body.ts';
import { RECEIPTS_ENDPOINT } from './comment-form-markup.ts';
import { messagePage } from './comment-pages.ts';
import { drainOutbox, type DrainSummary } from './outbox.ts';
import { pruneRateLimit } from './rate-limiter.ts';
import { loadReportDirectory, reportDirectoryFile } from './report-directory-source.ts';
import { findReport } from './report-intake.ts';

function methodNotAllowed(allow: string): Response {
  return json(405, { ok: false, code: 'method-not-allowed', message: `只支持 ${allow} 请求。` }, { allow });
}

/** GET /api/comments/token?consultation=<id> — a fresh form token for the page script or an API client. */
export async function handleToken(request: Request): Promise<Response> {
  if (request.method !== 'GET') return methodNotAllowed('GET');
  const rt = runtime();
  const now = rt.now();
  const settings = rt.settings();
  const id = new URL(request.url).searchParams.get('consultation') ?? '';
  const consultation = (await rt.consultations(request)).byId.get(id);
  if (!consultation) return json(404, { ok: false, code: 'consultation-not-found', message: '未找到该意见征集。' });
  if (!consultation.channels.online) return json(409, { ok: false, code: 'online-not-offered', message: '本次意见征集不接受网上提交。' });
  if (!isOpenForComments(clockOf(consultation), now)) return json(409, { ok: false, code: 'consultation-not-open', message: '本次意见征集不在征集期内。' });
  const { token, payload } = issueFormToken(consultation.id, now, settings.formTokenSecret);
  return json(200, {
    ok: true,
    token,
    consultation: consultation.id,
    issuedAt: new Date(payload.t).toISOString(),
    minFillSeconds: settings.minFillSeconds,
    expiresAt: new Date(payload.t + settings.tokenMaxAgeHours * 3_600_000).toISOString(),
  });
}

const RECEIPT_ERRORS = {
  empty: '请输入回执编号。',
  format: '回执编号格式不正确，意见回执应为“YJ-8位日期-4位-4位”，线索回执应为“XS-8位日期-4位-4位”，例如 YJ-20261128-7K3Q-9F2M。',
  check: '回执编号有误（校验位不符），请逐位核对后重新输入。',
} as const;

/**
 * GET /api/receipts?number=<receipt> — received, when, for which consultation
 * (YJ-…) or which water body and unit (线索, XS-…). Never the content or who sent it.
 */
export async function handleReceipt(request: Request): Promise<Response> {
  if (request.method !== 'GET') return methodNotAllowed('GET');
  const rt = runtime();
  const asJson = wantsJson(request);
  const url = new URL(request.url);
  const input = (url.searchParams.get('number') ?? '').slice(0, 100);
  const consultations = await rt.consultations(request);
  const chrome: PageChrome = { siteName: consultations.siteName };
  const parsed = parseReceiptNumber(input);
  if (!parsed.ok) {
    const code = `receipt-${parsed.reason}`;
    return asJson ? json(400, { ok: false, code, message: RECEIPT_ERRORS[parsed.reason] }) : html(400, receiptLookupPage(chrome, input, RECEIPT_ERRORS[parsed.reason]));
  }
  if (parsed.kind === 'report') return reportReceipt(request, chrome, parsed.receipt, asJson);
  const record = await findByReceipt(parsed.receipt);
  if (!record) {
    const message = `未查询到回执编号 ${parsed.receipt} 对应的意见。`;
    return asJson ? json(404, { ok: false, code: 'receipt-not-found', message }) : html(404, receiptLookupPage(chrome, parsed.receipt, message, true));
  }
  const c = consultations.byId.get(record.consultation);
  const consultation = { id: record.consultation, title: c?.title ?? record.consultation, path: c?.path ?? '/consultations/', closes: c ? new Date(c.closes) : new Date(record.receivedAt) };
  const log = await readLog(record.consultation);
  const head = log ? headIncluding(log.state, record.receipt) : null;
  const ledgerHead = head ? { sequence: head.sequence, treeSize: head.treeSize, timestamp: head.timestamp, root: head.root } : null;
  if (asJson) {
    return json(200, {
      ok: true,
      receipt: record.receipt,
      receivedAt: record.receivedAt,
      consultation: { id: consultation.id, title: consultation.title, path: consultation.path },
      verificationCode: record.verificationCode,
      ledgerCommitment: record.ledgerCommitment ?? null,
      ledgerHead,
    });
  }
  return html(
    200,
    receiptPage(chrome, {
      receipt: record.receipt,
      consultation,
      receivedAt: new Date(record.receivedAt),
      verificationCode: record.verificationCode,
      ledgerCommitment: record.ledgerCommitment ?? null,
      ledgerHead,
      receivedAtIso: record.receivedAt,
      justSubmitted: url.searchParams.get('submitted') === '1',
      holdsContact: commentHoldsContact(record),
    }),
  );
}

async function reportReceipt(request: Request, chrome: PageChrome, receipt: string, asJson: boolean): Promise<Response> {
  const record = await findReport(receipt);
  if (!record) {
    const message = `未查询到回执编号 ${receipt} 对应的线索。`;
    return asJson ? json(404, { ok: false, code: 'receipt-not-found', message }) : html(404, receiptLookupPage(chrome, receipt, message, true));
  }
  // The water body's current name and page; the receipt still answers when the directory cannot be read.
  const directory = await loadReportDirectory(reportDirectoryFile(), new URL(request.url).origin).catch(() => null);
  const body = record.waterBody ? directory?.waterBodies.find((b) => b.id === record.waterBody) : undefined;
  const view = {
    receipt: record.receipt,
    receivedAt: new Date(record.receivedAt),
    waterBody: body ? { name: body.name, path: body.path } : record.waterBody ? { name: record.waterBody, path: null } : null,
    unit: record.unit.name,
    project: directory ? { title: directory.project.title, path: directory.project.path } : null,
    holdsContact: record.contact !== null,
  };
  if (asJson) {
    return json(200, { ok: true, kind: 'report', receipt: view.receipt, receivedAt: record.receivedAt, waterBody: record.waterBody, unit: view.unit });
  }
  return html(200, reportReceiptPage(chrome, view));
}

/**
 * POST /api/receipts/withdraw (number=<receipt>&confirm=yes, for a report also
 * code=<query code>) — the sender withdraws the contact details kept with a
 * comment or report. A comment's receipt number, known only to the sender and
 * the department, is the proof; a report's query code, known only to the
 * sender. The content, the receipt and the verification code stay.
 */
export async function handleWithdrawContact(request: Request): Promise<Response> {
  if (request.method !== 'POST') return methodNotAllowed('POST');
  const rt = runtime();
  const asJson = wantsJson(request);
  const chrome: PageChrome = { siteName: (await rt.consultations(request)).siteName };
  const refuse = (status: number, code: string, message: string) =>
    asJson ? json(status, { ok: false, code, message }) : html(status, messagePage(chrome, { title: '未能撤回联系方式', tone: 'warning', paragraphs: [message], links: [{ href: '/receipts/', label: '返回回执查询' }] }));
  if (request.headers.get('sec-fetch-site') === 'cross-site') return refuse(403, 'cross-site', '请在本网站的回执查询页面操作。');
  let fields: Map<string, string>;
  try {
    const body = await readBodyLimited(request, 4096);
    fields = (bodyKind(request).kind === 'json' ? decodeJson(body) : decodeUrlEncoded(body)).fields;
  } catch {
    return refuse(400, 'bad-body', '请求内容无法识别，请返回回执查询页面重新操作。');
  }
  if (fields.get('confirm') !== 'yes') return refuse(400, 'not-confirmed', '请勾选确认后再撤回联系方式。');
  const parsed = parseReceiptNumber((fields.get('number') ?? '').slice(0, 100));
  if (!parsed.ok) return refuse(400, `receipt-${parsed.reason}`, RECEIPT_ERRORS[parsed.reason]);
  const now = rt.now();
  let outcome: 'erased' | 'nothing-to-erase' | 'not-found';
  if (parsed.kind === 'report') {
    // A report is a case: its private query code proves the sender (the receipt number also reaches the unit).
    const found = await readCase(parsed.receipt);
    if (found && !queryCodeMatches(fields.get('code') ?? '', parsed.receipt, found.record.queryCodeHash, rt.settings().receiptSalt)) {
      return refuse(403, 'query-code-mismatch', '查询码不正确，请核对提交线索时给出的 8 位查询码。');
    }
    const erased = found ? await eraseCaseSender(parsed.receipt, 'withdrawn-by-sender', { kind: 'system', name: 'sender' }, '提交人撤回联系方式', now) : await eraseReportContact(parsed.receipt, 'withdrawn-by-sender', now);
    if (erased === 'conflict') throw new Error(`withdrawal of ${parsed.receipt}: the case kept changing`);
    outcome = erased;
  } else {
    const record = await findByReceipt(parsed.receipt);
    outcome = record ? await eraseCommentContact(record.consultation, record.receipt, 'withdrawn-by-sender', now) : 'not-found';
  }
  if (outcome === 'not-found') return refuse(404, 'receipt-not-found', `未查询到回执编号 ${parsed.receipt}。`);
  if (outcome === 'erased') await recordErasureRequest(parsed.kind === 'report' ? 'report-contact' : 'comment-contact', 'withdrawn-by-sender', now);
  const message = outcome === 'erased' ? `回执编号 ${parsed.receipt} 所留的联系方式已删除。提交的内容和核验码保留不变。` : `回执编号 ${parsed.receipt} 已没有保存联系方式。`;
  if (asJson) return json(200, { ok: true, receipt: parsed.receipt, outcome, message });
  return html(200, messagePage(chrome, { title: '联系方式已撤回', tone: 'success', paragraphs: [message], links: [{ href: `${RECEIPTS_ENDPOINT}?number=${encodeURIComponent(parsed.receipt)}`, label: '查看回执' }] }));
}

/**
 * A consultation's ledger as the log holds it: entries under signed heads, the heads, and
 * nothing when a stored comment fails the audit (its code does not recompute, its content
 * changed, or it is missing): then there is no ledger to publish until that is put right.
 */
export async function ledgerFor(consultationId: string, request?: Request): Promise<{ ledger: PublishedLedger; heads: SignedTreeHead[] } | { status: number; code: string; message: string; problems?: AuditProblem[] }> {
  const rt = runtime();
  const c = (await rt.consultations(request)).byId.get(consultationId);
  if (!c) return { status: 404, code: 'consultation-not-found', message: '未找到该意见征集。' };
  if (!c.channels.online) return { status: 404, code: 'online-not-offered', message: '本次意见征集不接受网上提交，没有核验码清单。' };
  const log = await readLog(c.id);
  if (!log || log.state.heads.length === 0) return { status: 404, code: 'no-ledger', message: '本次意见征集还没有签名的核验码清单。' };
  const problems = auditRecords(await recordsOf(c.id), log.state, rt.settings().receiptSalt);
  if (problems.length > 0) return { status: 500, code: 'ledger-audit-failed', message: '已存储的意见与核验码清单不一致，清单暂停提供。', problems };
  return publicLedger(c, log.state);
}

/** The scheduled job: sign the ledger tree heads that are due and mail them to the disclosure office. */
export async function runLedgerHeads(): Promise<HeadOutcome[]> {
  const rt = runtime();
  const data = await rt.consultations();
  const office = data.data.site.disclosureOffice ?? null;
  return makeTreeHeads({
    now: rt.now(),
    consultations: [...data.byId.values()],
    receiptSalt: rt.settings().receiptSalt,
    signer: ledgerSigner(),
    disclosureOffice: office,
    siteName: data.siteName,
    transport: rt.mail(),
  });
}

/** GET /api/comments/ledger?consultation=<id> — the ledger under its signed tree heads (open or closed). */
export async function handleLedger(request: Request): Promise<Response> {
  if (request.method !== 'GET') return methodNotAllowed('GET');
  const id = new URL(request.url).searchParams.get('consultation') ?? '';
  const result = await ledgerFor(id, request);
  if ('ledger' in result) return json(200, result, { 'cache-control': 'public, max-age=300' });
  // Which receipts failed the audit stays private: the operator sees them in the function log.
  if (result.problems) console.error(`[ledger] ${id}: ${result.problems.map((p) => `${p.kind} ${p.receipt}`).join(', ')}`);
  return json(result.status, { ok: false, code: result.code, message: result.message });
}

/** Constant time, whatever the lengths: both sides are hashed first. */
export function tokensMatch(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

const EXPORT_HEADER = ['回执编号', '接收时间', '针对条款', '提交人类型', '姓名或单位', '联系方式', '联系方式类型', '意见内容', '附件文件名', '附件类型', '附件大小（字节）', '附件SHA-256', '核验码'];

/** Names the reader of an export in the record of who read personal data (header X-Gongkai-Reader, percent-encoded UTF-8 allowed). */
export const READER_HEADER = 'x-gongkai-reader';

function exportReader(request: Request, token: string): PersonalDataReader {
  const raw = request.headers.get(READER_HEADER) ?? '';
  let name = raw;
  try {
    name = decodeURIComponent(raw);
  } catch {
    name = raw;
  }
  name = name.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 50);
  return { kind: 'export-token', id: createHash('sha256').update(token).digest('hex').slice(0, 12), name: name || null };
}

/**
 * GET /api/comments/export?consultation=<id>&format=csv|json (or &attachment=<receipt>)
 * with `Authorization: Bearer <EXPORT_TOKEN>`. Anything else: 401 and nothing more.
 * Every answer that carries personal data is first recorded in the access log (access-log.ts).
 */
export async function handleExport(request: Request): Promise<Response> {
  const rt = runtime();
  const expected = rt.settings().exportToken;
  const auth = request.headers.get('authorization') ?? '';
  const given = /^Bearer\s+(\S+)\s*$/i.exec(auth)?.[1] ?? '';
  // Compare even when unconfigured or absent, so timing tells nothing.
  const ok = tokensMatch(given, expected ?? '\u0000no-export-token-configured') && expected !== null && given !== '';
  if (!ok) return new Response(null, { status: 401, headers: { 'www-authenticate': 'Bearer realm="gongkai-export"', 'cache-control': 'no-store' } });
  if (request.method !== 'GET') return methodNotAllowed('GET');

  const url = new URL(request.url);
  const id = url.searchParams.get('consultation') ?? '';
  const c = (await rt.consultations(request)).byId.get(id);
  if (!c) return json(404, { ok: false, code: 'consultation-not-found', message: '未找到该意见征集。' });

  const attachmentOf = url.searchParams.get('attachment');
  if (attachmentOf !== null) {
    const parsed = parseReceiptNumber(attachmentOf);
    const record = parsed.ok ? await findByReceipt(parsed.receipt) : null;
    if (!record || record.consultation !== c.id || !record.attachment) return json(404, { ok: false, code: 'attachment-not-found', message: '没有该附件。' });
    const data = await commentsStore().get(record.attachment.key, { type: 'arrayBuffer' });
    if (!data) return json(404, { ok: false, code: 'attachment-not-found', message: '没有该附件。' });
    await recordPersonalDataRead({ reader: exportReader(request, given), action: 'comment-attachment', subject: `${c.id} ${record.receipt}`, format: record.attachment.kind, records: 1 }, rt.now());
    return new Response(data, {
      status: 200,
      headers: {
        'content-type': record.attachment.contentType,
        'content-disposition': `attachment; filename="${record.receipt}.${ATTACHMENT_KINDS[record.attachment.kind].extension}"; filename*=UTF-8''${encodeURIComponent(record.attachment.filename)}`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  }

  const format = url.searchParams.get('format') ?? 'csv';
  if (format !== 'csv' && format !== 'json') return json(400, { ok: false, code: 'bad-format', message: 'format 只能是 csv 或 json。' });
  const records = await recordsOf(c.id);
  await recordPersonalDataRead({ reader: exportReader(request, given), action: 'comments-export', subject: c.id, format, records: records.length }, rt.now());
  const stamp = toShanghaiIso(rt.now()).slice(0, 10).replaceAll('-', '');
  const disposition = (ext: string) => `attachment; filename="comments-${c.id}-${stamp}.${ext}"`;
  if (format === 'json') {
    const comments = records.map((r) => ({
      receipt: r.receipt,
      receivedAt: r.receivedAt,
      article: r.article,
      submitterType: r.submitterType,
      name: r.name,
      contact: r.contact,
      text: r.text,
      attachment: r.attachment ? { filename: r.attachment.filename, kind: r.attachment.kind, size: r.attachment.size, sha256: r.attachment.sha256 } : null,
      verificationCode: r.verificationCode,
    }));
    return json(200, { consultation: { id: c.id, title: c.title, department: c.department.name }, generated: toShanghaiIso(rt.now()), count: comments.length, comments }, { 'content-disposition': disposition('json') });
  }
  const rows = records.map((r) => [
    r.receipt,
    r.receivedAt,
    r.article?.label ?? '全文',
    r.submitterType,
    r.name ?? '',
    r.contact?.value ?? '',
    r.contact ? (r.contact.kind === 'email' ? '电子邮箱' : '电话') : '',
    r.text,
    r.attachment?.filename ?? '',
    r.attachment ? ATTACHMENT_KINDS[r.attachment.kind].label : '',
    r.attachment?.size ?? '',
    r.attachment?.sha256 ?? '',
    r.verificationCode,
  ]);
  return new Response(toCsv(EXPORT_HEADER, rows), {
    status: 200,
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': disposition('csv'), 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
  });
}

/** The periodic job: send what waits in the outbox, drop stale stashed attachments and rate-limit windows. */
export async function runMaintenance(options: { force?: boolean } = {}): Promise<DrainSummary & { prunedStash: number; prunedRateLimit: number }> {
  const rt = runtime();
  const now = rt.now();
  const summary = await drainOutbox(rt.mail(), now, { ...options, limit: 200 });
  const prunedStash = await pruneStash(now, 2 * 24 * 3_600_000);
  const prunedRateLimit = await pruneRateLimit(rt.settings().rateLimit, now);
  return { ...summary, prunedStash, prunedRateLimit };
}
