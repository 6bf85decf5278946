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
import { findByReceipt, pruneStash, recordsOf } from './comment-intake.ts';
import { auditRecords, makeTreeHeads, publicLedger, readLog, type AuditProblem, type HeadOutcome } from './ledger-log.ts';
import { ledgerSigner } from './ledger-signing.ts';
import { runtime } from './comment-runtime.ts';
import { commentsStore } from './comment-stores.ts';
import { issueFormToken } from './form-tokens.ts';
import { json, methodNotAllowed } from './http.ts';
import { drainOutbox, type DrainSummary } from './outbox.ts';
import { pruneRateLimit } from './rate-limiter.ts';


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
