/**
 * The append-only log behind each consultation's ledger of verification codes.
 *
 * A scheduled job (functions/ledger-heads.ts) is the log's only writer. While a
 * consultation is open it appends the comments received since the last head,
 * in the order (received time, receipt), and signs a tree head at least once a
 * day (Asia/Shanghai); after close it signs the final head. Each head carries
 * a consistency proof from the previous one and is mailed to the disclosure
 * office as soon as it is made. Entries already in the log never move.
 *
 * Before any head is signed, every stored comment is audited: its code must
 * recompute from the receipt with RECEIPT_SALT, and its content must still
 * match the commitment it was stored with (or, for comments stored before
 * commitments were kept at intake, the commitment the log took it in with).
 * A comment missing from the store, a changed text or a changed key stops the
 * log: no head is signed and no ledger is given out until it is put right.
 *
 * Stored (private) as `ledger/<consultation>` in the comments store: the public
 * entries, the signed heads, and the receipt of each entry (never published;
 * it tells a receipt lookup under which head the comment was included).
 */
import type { PublishedConsultation } from '../lib/published-data.ts';
import { clockOf } from '../lib/published-data.ts';
import { shanghaiDate, toShanghaiIso } from '../lib/time.ts';
import {
  bytesToHex,
  commitmentOf,
  consistencyProof,
  entryLeafHash,
  HEAD_VERSION,
  LEDGER_VERSION,
  treeRoot,
  type LedgerEntry,
  type PublishedLedger,
  type SignedTreeHead,
} from '../lib/ledger/verify-ledger.mjs';
import { recordsOf, verificationCode, type CommentRecord } from './comment-intake.ts';
import { commentsStore } from './comment-stores.ts';
import type { MailTransport } from './mail-transport.ts';
import { deliver, enqueue, pendingMail } from './outbox.ts';
import type { LedgerSigner } from './ledger-signing.ts';

export interface LogState {
  version: 1;
  consultation: string;
  entries: LedgerEntry[];
  /** Receipt of each entry, same order (private). */
  receipts: string[];
  heads: SignedTreeHead[];
}

const logKey = (consultation: string) => `ledger/${consultation}`;

/** The commitment of a stored comment as it stands now. */
export function recordCommitment(record: CommentRecord): string {
  return commitmentOf({ consultation: record.consultation, receipt: record.receipt, receivedAt: record.receivedAt, text: record.text, attachmentSha256: record.attachment?.sha256 ?? null });
}

export async function readLog(consultation: string): Promise<{ state: LogState; etag: string | undefined } | null> {
  const found = await commentsStore().getWithMetadata(logKey(consultation), { type: 'json' });
  return found ? { state: found.data as LogState, etag: found.etag } : null;
}

export type AuditProblem =
  | { kind: 'code-mismatch'; receipt: string }
  | { kind: 'content-changed'; receipt: string }
  | { kind: 'record-missing'; receipt: string };

/** Every stored comment against its code, its commitment and the log; empty when all is in order. */
export function auditRecords(records: readonly CommentRecord[], state: LogState | null, receiptSalt: string): AuditProblem[] {
  const problems: AuditProblem[] = [];
  const byReceipt = new Map(records.map((r) => [r.receipt, r]));
  for (const r of records) {
    if (r.verificationCode !== verificationCode(receiptSalt, r.consultation, r.receipt)) problems.push({ kind: 'code-mismatch', receipt: r.receipt });
    else if (r.ledgerCommitment !== undefined && r.ledgerCommitment !== recordCommitment(r)) problems.push({ kind: 'content-changed', receipt: r.receipt });
  }
  state?.receipts.forEach((receipt, i) => {
    const r = byReceipt.get(receipt);
    const entry = state.entries[i];
    if (!r) problems.push({ kind: 'record-missing', receipt });
    else if (entry && (entry.code !== r.verificationCode || entry.commitment !== recordCommitment(r)) && !problems.some((p) => p.receipt === receipt)) {
      problems.push({ kind: 'content-changed', receipt });
    }
  });
  return problems;
}

/** The public form: the ledger file and its heads (no receipt numbers). */
export function publicLedger(c: Pick<PublishedConsultation, 'id' | 'title' | 'closes'>, state: LogState): { ledger: PublishedLedger; heads: SignedTreeHead[] } {
  const last = state.heads.at(-1);
  const size = last?.treeSize ?? 0;
  return {
    ledger: {
      version: LEDGER_VERSION,
      consultation: c.id,
      title: c.title,
      closes: c.closes,
      final: last?.final ?? false,
      count: size,
      root: last?.root ?? bytesToHex(treeRoot([])),
      heads: state.heads.length,
      entries: state.entries.slice(0, size),
    },
    heads: state.heads,
  };
}

/** The first head that includes a receipt, or null when it is not under a head yet. */
export function headIncluding(state: LogState, receipt: string): SignedTreeHead | null {
  const index = state.receipts.indexOf(receipt);
  if (index < 0) return null;
  return state.heads.find((h) => h.treeSize > index) ?? null;
}

export type HeadOutcome =
  | { consultation: string; outcome: 'signed'; head: SignedTreeHead; mailId: string | null }
  | { consultation: string; outcome: 'refused'; problems: AuditProblem[] }
  | { consultation: string; outcome: 'not-due' | 'busy' };

export interface HeadRunOptions {
  now: Date;
  consultations: readonly PublishedConsultation[];
  receiptSalt: string;
  signer: LedgerSigner;
  disclosureOffice: { name: string; email: string } | null;
  siteName: string;
  /** Sends the head's mail right away (the outbox drain retries when it cannot). */
  transport?: MailTransport;
}

/** Whether a consultation's log needs a head now: first head, a new day in Beijing, or the close. */
function headDue(c: PublishedConsultation, state: LogState | null, now: Date): boolean {
  const clock = clockOf(c);
  if (now.getTime() < clock.opens.getTime()) return false;
  const closed = now.getTime() > clock.closes.getTime();
  // A consultation that closed before its log began gets no ledger (it would claim 0 comments).
  if (!state) return !closed;
  const last = state.heads.at(-1);
  if (!last) return true;
  if (last.final) return false;
  return closed || shanghaiDate(new Date(last.timestamp)) !== shanghaiDate(now);
}

/** Signs the heads that are due (consultations with online submission only). */
export async function makeTreeHeads(opts: HeadRunOptions): Promise<HeadOutcome[]> {
  const outcomes: HeadOutcome[] = [];
  for (const c of opts.consultations) {
    if (!c.channels.online) continue;
    const found = await readLog(c.id);
    const state = found?.state ?? null;
    if (!headDue(c, state, opts.now)) {
      outcomes.push({ consultation: c.id, outcome: 'not-due' });
      continue;
    }
    const records = await recordsOf(c.id);
    const problems = auditRecords(records, state, opts.receiptSalt);
    if (problems.length > 0) {
      console.error(`[ledger] ${c.id}: no head signed, ${problems.length} stored comment(s) do not match: ${problems.map((p) => `${p.kind} ${p.receipt}`).join(', ')}`);
      outcomes.push({ consultation: c.id, outcome: 'refused', problems });
      continue;
    }
    const result = await appendAndSign(c, state, found?.etag, records, opts);
    outcomes.push(result);
  }
  return outcomes;
}

async function appendAndSign(c: PublishedConsultation, state: LogState | null, etag: string | undefined, records: readonly CommentRecord[], opts: HeadRunOptions): Promise<HeadOutcome> {
  const closes = clockOf(c).closes;
  const final = opts.now.getTime() > closes.getTime();
  const inLog = new Set(state?.receipts ?? []);
  const fresh = records.filter((r) => !inLog.has(r.receipt) && Date.parse(r.receivedAt) <= opts.now.getTime());
  const next: LogState = {
    version: 1,
    consultation: c.id,
    entries: [...(state?.entries ?? []), ...fresh.map((r) => ({ code: r.verificationCode, commitment: r.ledgerCommitment ?? recordCommitment(r) }))],
    receipts: [...(state?.receipts ?? []), ...fresh.map((r) => r.receipt)],
    heads: [...(state?.heads ?? [])],
  };
  const leaves = next.entries.map(entryLeafHash);
  const previous = next.heads.at(-1);
  const unsigned = {
    version: HEAD_VERSION,
    consultation: c.id,
    sequence: next.heads.length + 1,
    treeSize: next.entries.length,
    timestamp: toShanghaiIso(opts.now),
    root: bytesToHex(treeRoot(leaves)),
    final,
  } as const;
  const signed = opts.signer.sign(unsigned);
  const head: SignedTreeHead = previous
    ? { ...signed, consistency: { fromSequence: previous.sequence, fromTreeSize: previous.treeSize, proof: consistencyProof(previous.treeSize, leaves).map(bytesToHex) } }
    : { ...signed, consistency: null };
  next.heads.push(head);
  // Conditional on the version read, where the store reports one (the local BlobsServer does not).
  const written = await commentsStore().setJSON(logKey(c.id), next, etag ? { onlyIfMatch: etag } : state ? {} : { onlyIfNew: true });
  if (!written.modified) return { consultation: c.id, outcome: 'busy' };
  const mailId = opts.disclosureOffice ? (await enqueue([headMail(c, head, opts)]))[0] ?? null : null;
  if (mailId && opts.transport) await deliver(mailId, opts.transport, opts.now).catch(() => undefined);
  return { consultation: c.id, outcome: 'signed', head, mailId };
}

/** The head as mailed to the disclosure office: the JSON itself, so the mailbox keeps an outside copy. */
function headMail(c: PublishedConsultation, head: SignedTreeHead, opts: HeadRunOptions) {
  const office = opts.disclosureOffice!;
  const text = [
    `${office.name}：`,
    '',
    `${opts.siteName}“${c.title}”网上意见核验码清单生成了第 ${head.sequence} 号签名树头${head.final ? '（征集截止后的最终树头）' : ''}：`,
    `  截至 ${head.timestamp}，共 ${head.treeSize} 条网上意见；`,
    `  根值 ${head.root}`,
    '',
    '请原样保存本邮件（无需回复）。今后如需核对网站公布的清单是否被改动，可用网站 /verify-ledger.mjs 核验程序检查本树头与公布清单的一致性。',
    '',
    '----- 签名树头（JSON）-----',
    JSON.stringify(head, null, 2),
  ].join('\n');
  return pendingMail(
    {
      id: `ledger-head.${c.id}.${head.sequence}`,
      kind: 'ledger-head',
      receipt: '',
      consultation: c.id,
      to: office.email,
      subject: `【核验码清单】${c.title} 第 ${head.sequence} 号签名树头`,
      text,
      attachment: null,
      createdAt: head.timestamp,
    },
    opts.now.toISOString(),
  );
}
