/**
 * GET /api/receipts: the receipt lookup for comments (YJ-…) and reports (XS-…), as JSON for
 * scripts or as a page of the site; POST /api/receipts/withdraw: the sender withdraws the contact
 * details kept with a receipt.
 */
import { queryCodeMatches } from '../lib/cases/query-code.ts';
import { RECEIPTS_ENDPOINT } from '../lib/comment-form.ts';
import { decodeJson, decodeUrlEncoded } from '../lib/form-body.ts';
import { parseReceiptNumber } from '../lib/receipt-number.ts';
import type { CaseStatusView } from '../lib/page-views.ts';
import { loadCaseLimits } from './case-limits-source.ts';
import { readCase } from './case-store.ts';
import { senderCaseView } from './case-workspace.ts';
import { findByReceipt } from './comment-intake.ts';
import { headIncluding, readLog } from './ledger-log.ts';
import { runtime } from './comment-runtime.ts';
import { commentHoldsContact, eraseCaseSender, eraseCommentContact, eraseReportContact } from './erasure.ts';
import { bodyKind, html, json, methodNotAllowed, readBodyLimited, wantsJson } from './http.ts';
import { messagePage, renderPage } from './pages.ts';
import { loadReportDirectory, reportDirectoryFile } from './report-directory-source.ts';
import { findReport } from './report-intake.ts';
import { recordErasureRequest } from './retention.ts';

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
  const parsed = parseReceiptNumber(input);
  if (!parsed.ok) {
    const code = `receipt-${parsed.reason}`;
    return asJson ? json(400, { ok: false, code, message: RECEIPT_ERRORS[parsed.reason] }) : html(400, await renderPage('receiptLookup', { value: input, error: RECEIPT_ERRORS[parsed.reason], notFound: false }));
  }
  if (parsed.kind === 'report') return reportReceipt(request, parsed.receipt, asJson);
  const record = await findByReceipt(parsed.receipt);
  if (!record) {
    const message = `未查询到回执编号 ${parsed.receipt} 对应的意见。`;
    return asJson ? json(404, { ok: false, code: 'receipt-not-found', message }) : html(404, await renderPage('receiptLookup', { value: parsed.receipt, error: message, notFound: true }));
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
    await renderPage('receipt', {
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

async function reportReceipt(request: Request, receipt: string, asJson: boolean): Promise<Response> {
  const record = await findReport(receipt);
  if (!record) {
    const message = `未查询到回执编号 ${receipt} 对应的线索。`;
    return asJson ? json(404, { ok: false, code: 'receipt-not-found', message }) : html(404, await renderPage('receiptLookup', { value: receipt, error: message, notFound: true }));
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
    handling: await caseStatus(receipt, new URL(request.url).searchParams.get('code')),
  };
  if (asJson) {
    return json(200, { ok: true, kind: 'report', receipt: view.receipt, receivedAt: record.receivedAt, waterBody: record.waterBody, unit: view.unit });
  }
  return html(200, await renderPage('reportReceipt', view));
}

/** The case's handling as its sender may see it; the reply only with the right query code. */
async function caseStatus(receipt: string, code: string | null): Promise<CaseStatusView | null> {
  const rt = runtime();
  const view = await senderCaseView(receipt, code ? code.slice(0, 20) : null, rt.settings().receiptSalt, rt.now(), await loadCaseLimits());
  if (!view) return null;
  return { status: view.status, unit: view.unit, handling: view.handling, dueDate: view.dueDate, overdue: view.due === 'overdue', reply: view.reply ? { text: view.reply.text, at: new Date(view.reply.at) } : null, codeRefused: view.codeRefused };
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
  const refuse = async (status: number, code: string, message: string) =>
    asJson ? json(status, { ok: false, code, message }) : html(status, await messagePage({ title: '未能撤回联系方式', tone: 'warning', paragraphs: [message], links: [{ href: '/receipts/', label: '返回回执查询' }] }));
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
  return html(200, await messagePage({ title: '联系方式已撤回', tone: 'success', paragraphs: [message], links: [{ href: `${RECEIPTS_ENDPOINT}?number=${encodeURIComponent(parsed.receipt)}`, label: '查看回执' }] }));
}

/**
 * A consultation's ledger as the log holds it: entries under signed heads, the heads, and
 * nothing when a stored comment fails the audit (its code does not recompute, its content
 * changed, or it is missing): then there is no ledger to publish until that is put right.
 */
