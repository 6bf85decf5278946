/**
 * Storing a comment so that nothing is lost and nothing is stored twice.
 *
 * The receipt number is DERIVED from the form's idempotency key (and the day
 * the key was issued), not drawn at random per request: a resend, a double
 * click or two racing requests with the same key all arrive at the same
 * receipt and the same record key, so a second record cannot come into being
 * even if a conditional write were not atomic.
 *
 * Write order, each step safe to repeat:
 *   1. receipts/<receipt>       claimed with onlyIfNew (receipts stay unique across
 *                               consultations; a collision with another key moves
 *                               on to the next derived number)
 *   2. attachments/<c>/<r>      the file, before the record that names it
 *   3. comments/<c>/<r>         the record, with onlyIfNew: of racing posts the
 *                               first record written answers 201, the others 200
 *                               with that record (same receipt, same time)
 *   4. outbox queue entries     the mails (deterministic ids)
 *   5. idempotency/<hash(key)>  the commit mark: a later post with this key is a replay
 * Only after all five does the function acknowledge. A crash in between is
 * repaired by the person's resend (same key): steps found done are kept.
 */
import { createHash, createHmac } from 'node:crypto';
import type { Article } from '../lib/articles.ts';
import { ATTACHMENT_KINDS, type AttachmentKind } from '../lib/attachment-type.ts';
import { acknowledgementMail, departmentMail, type CommentMailFacts } from '../lib/comment-mail.ts';
import type { CommentFields, ContactDetail, SubmitterType } from '../lib/comment-submission.ts';
import type { PublishedConsultation } from '../lib/published-data.ts';
import { commitmentOf } from '../lib/ledger/verify-ledger.mjs';
import { receiptNumberFromBytes } from '../lib/receipt-number.ts';
import { shanghaiDate, toShanghaiIso } from '../lib/time.ts';
import { commentsStore, keys, listKeys } from './comment-stores.ts';
import { enqueue, receiptMails, type QueuedMail } from './outbox.ts';

export const RECORD_VERSION = 1;

export interface StoredAttachment {
  key: string;
  filename: string;
  kind: AttachmentKind;
  contentType: string;
  size: number;
  sha256: string;
}

/** One comment as stored (private: contains personal data). */
export interface CommentRecord {
  version: typeof RECORD_VERSION;
  receipt: string;
  consultation: string;
  /** ISO 8601 with +08:00. */
  receivedAt: string;
  article: Article | null;
  text: string;
  submitterType: SubmitterType;
  name: string | null;
  contact: ContactDetail | null;
  attachment: StoredAttachment | null;
  /** SHA-256 of the idempotency key (the key itself is not kept). */
  idempotency: string;
  /** SHA-256 of the content, to tell a resend from a changed second post with the same key. */
  fingerprint: string;
  verificationCode: string;
  /**
   * What the comment's ledger leaf commits to (receipt, time, text, attachment), fixed at
   * intake. Absent on comments stored before it was kept: the ledger log binds those when it
   * first takes them in (src/server/ledger-log.ts).
   */
  ledgerCommitment?: string;
}

export interface NewAttachment {
  filename: string;
  kind: AttachmentKind;
  data: Uint8Array;
  sha256: string;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The receipt for an idempotency key: same key, same day of issue, same attempt → same number. */
export function deriveReceipt(idempotencyKey: string, keyIssuedAt: Date, attempt: number): string {
  const bytes = createHash('sha256').update(`gongkai-receipt\n${idempotencyKey}\n${attempt}`).digest();
  return receiptNumberFromBytes(shanghaiDate(keyIssuedAt), bytes);
}

/** 核验码: HMAC with the site's secret salt, so the published list cannot be turned back into receipts. */
export function verificationCode(receiptSalt: string, consultation: string, receipt: string): string {
  return createHmac('sha256', receiptSalt).update(`gongkai-receipt-v1\n${consultation}\n${receipt}`).digest('hex');
}

function fingerprint(consultation: string, fields: CommentFields, attachment: NewAttachment | null): string {
  return sha256Hex(
    JSON.stringify([consultation, fields.article?.number ?? null, fields.text, fields.name, fields.contact?.value ?? null, fields.submitterType, attachment?.sha256 ?? null]),
  );
}

export interface IntakeInput {
  consultation: PublishedConsultation;
  fields: CommentFields;
  attachment: NewAttachment | null;
  idempotencyKey: string;
  keyIssuedAt: Date;
  now: Date;
  receiptSalt: string;
  siteName: string;
  siteUrl: string | null;
}

export type IntakeResult =
  | { outcome: 'stored'; record: CommentRecord; mailIds: string[] }
  | { outcome: 'replay'; record: CommentRecord; sameContent: boolean; mailIds: string[] };

interface ReceiptClaim {
  receipt: string;
  consultation: string;
  idempotency: string;
}

interface IdempotencyMark {
  receipt: string;
  consultation: string;
  storedAt: string;
}

const MAX_RECEIPT_ATTEMPTS = 8;

export async function storeComment(input: IntakeInput): Promise<IntakeResult> {
  const store = commentsStore();
  const c = input.consultation.id;
  const keyHash = sha256Hex(input.idempotencyKey);
  const fp = fingerprint(c, input.fields, input.attachment);

  const mark = (await store.get(keys.idempotency(keyHash), { type: 'json' })) as IdempotencyMark | null;
  if (mark) {
    const record = (await store.get(keys.comment(mark.consultation, mark.receipt), { type: 'json' })) as CommentRecord | null;
    if (record) return { outcome: 'replay', record, sameContent: record.fingerprint === fp, mailIds: [] };
  }

  for (let attempt = 0; attempt < MAX_RECEIPT_ATTEMPTS; attempt++) {
    const receipt = deriveReceipt(input.idempotencyKey, input.keyIssuedAt, attempt);
    let claim = (await store.get(keys.receipt(receipt), { type: 'json' })) as ReceiptClaim | null;
    if (!claim) {
      const mine: ReceiptClaim = { receipt, consultation: c, idempotency: keyHash };
      const written = await store.setJSON(keys.receipt(receipt), mine, { onlyIfNew: true });
      claim = written.modified ? mine : ((await store.get(keys.receipt(receipt), { type: 'json' })) as ReceiptClaim | null);
    }
    if (!claim || claim.idempotency !== keyHash) continue; // Another comment holds this number.

    let record = (await store.get(keys.comment(c, receipt), { type: 'json' })) as CommentRecord | null;
    let existed = record !== null;
    if (!record) {
      const attachment = input.attachment ? await storeAttachment(keys.attachment(c, receipt), receipt, input.attachment) : null;
      const mine: CommentRecord = {
        version: RECORD_VERSION,
        receipt,
        consultation: c,
        receivedAt: toShanghaiIso(input.now),
        article: input.fields.article,
        text: input.fields.text,
        submitterType: input.fields.submitterType,
        name: input.fields.name,
        contact: input.fields.contact,
        attachment,
        idempotency: keyHash,
        fingerprint: fp,
        verificationCode: verificationCode(input.receiptSalt, c, receipt),
      };
      mine.ledgerCommitment = commitmentOf({ consultation: c, receipt, receivedAt: mine.receivedAt, text: mine.text, attachmentSha256: attachment?.sha256 ?? null });
      // Racing posts with this key: the first record written is the one; the others answer with it.
      const written = await store.setJSON(keys.comment(c, receipt), mine, { onlyIfNew: true, metadata: { receivedAt: mine.receivedAt } });
      record = written.modified ? mine : ((await store.get(keys.comment(c, receipt), { type: 'json' })) as CommentRecord | null);
      if (!record) throw new Error(`Record ${receipt} neither written nor readable`);
      existed = !written.modified;
    }

    const mailIds = await enqueue(mailsFor(record, input));
    const commit: IdempotencyMark = { receipt, consultation: c, storedAt: toShanghaiIso(input.now) };
    await store.setJSON(keys.idempotency(keyHash), commit);
    return existed ? { outcome: 'replay', record, sameContent: record.fingerprint === fp, mailIds } : { outcome: 'stored', record, mailIds };
  }
  throw new Error('No free receipt number for this idempotency key');
}

/**
 * The file, written before the record that names it, never over another file:
 * what a racing post or an interrupted one with another file left at `key`
 * stays, and this file goes under a key named by its content.
 */
async function storeAttachment(key: string, receipt: string, a: NewAttachment): Promise<StoredAttachment> {
  const store = commentsStore();
  const kind = ATTACHMENT_KINDS[a.kind];
  const metadata = { receipt, filename: a.filename, contentType: kind.mime, sha256: a.sha256 };
  const bytes = a.data.buffer.slice(a.data.byteOffset, a.data.byteOffset + a.data.byteLength) as ArrayBuffer;
  let at = key;
  if (!(await store.set(at, bytes, { metadata, onlyIfNew: true })).modified) {
    const held = await store.getMetadata(at);
    if ((held?.metadata as { sha256?: unknown } | undefined)?.sha256 !== a.sha256) {
      at = `${key}.${a.sha256.slice(0, 16)}`;
      await store.set(at, bytes, { metadata, onlyIfNew: true });
    }
  }
  return { key: at, filename: a.filename, kind: a.kind, contentType: kind.mime, size: a.data.byteLength, sha256: a.sha256 };
}

function mailsFor(record: CommentRecord, input: IntakeInput): QueuedMail[] {
  const c = input.consultation;
  const facts: CommentMailFacts = {
    receipt: record.receipt,
    verificationCode: record.verificationCode,
    receivedAt: new Date(record.receivedAt),
    siteName: input.siteName,
    siteUrl: input.siteUrl,
    consultation: { id: c.id, title: c.title, path: c.path, closes: new Date(c.closes), department: { name: c.department.name, email: c.department.email } },
    article: record.article,
    text: record.text,
    submitterType: record.submitterType,
    name: record.name,
    contact: record.contact,
    attachment: record.attachment ? { filename: record.attachment.filename, label: ATTACHMENT_KINDS[record.attachment.kind].label, size: record.attachment.size } : null,
  };
  const drafts = [departmentMail(facts), acknowledgementMail(facts)].filter((d) => d !== null);
  const attachment = record.attachment ? { key: record.attachment.key, filename: record.attachment.filename, contentType: record.attachment.contentType } : null;
  return receiptMails(drafts, { receipt: record.receipt, consultation: c.id, attachment, createdAt: record.receivedAt }, new Date(record.receivedAt).toISOString());
}

/** What a receipt number proves, found through its claim. */
export async function findByReceipt(receipt: string): Promise<CommentRecord | null> {
  const store = commentsStore();
  const claim = (await store.get(keys.receipt(receipt), { type: 'json' })) as ReceiptClaim | null;
  if (!claim) return null;
  return (await store.get(keys.comment(claim.consultation, receipt), { type: 'json' })) as CommentRecord | null;
}

/** Receipt numbers of every comment stored for a consultation. */
export async function receiptsOf(consultation: string): Promise<string[]> {
  const prefix = keys.commentsOf(consultation);
  return (await listKeys(commentsStore(), prefix)).map((k) => k.slice(prefix.length)).sort();
}

/** Every record of a consultation, oldest first (reads in parallel, 16 at a time). */
export async function recordsOf(consultation: string): Promise<CommentRecord[]> {
  const store = commentsStore();
  const receipts = await receiptsOf(consultation);
  const out: CommentRecord[] = [];
  for (let i = 0; i < receipts.length; i += 16) {
    const batch = await Promise.all(receipts.slice(i, i + 16).map((r) => store.get(keys.comment(consultation, r), { type: 'json' }) as Promise<CommentRecord | null>));
    for (const r of batch) if (r) out.push(r);
  }
  return out.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.receipt.localeCompare(b.receipt));
}

/** Keeps an uploaded attachment while the form is shown again (key: the new token's idempotency key). */
export async function stashAttachment(idempotencyKey: string, a: NewAttachment, now: Date): Promise<void> {
  const bytes = a.data;
  await commentsStore().set(keys.stash(idempotencyKey), bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, {
    metadata: { filename: a.filename, kind: a.kind, sha256: a.sha256, stashedAt: now.toISOString() },
  });
}

/** The stashed attachment if it is still there and is the one the token names. */
export async function takeStash(idempotencyKey: string, sha256: string): Promise<NewAttachment | null> {
  const entry = await commentsStore().getWithMetadata(keys.stash(idempotencyKey), { type: 'arrayBuffer' });
  if (!entry) return null;
  const data = new Uint8Array(entry.data);
  const meta = entry.metadata as { filename?: string; kind?: AttachmentKind };
  if (sha256Hex(data) !== sha256 || !meta.kind || !(meta.kind in ATTACHMENT_KINDS)) return null;
  return { filename: meta.filename ?? `附件.${ATTACHMENT_KINDS[meta.kind].extension}`, kind: meta.kind, data, sha256 };
}

export async function dropStash(idempotencyKey: string): Promise<void> {
  await commentsStore().delete(keys.stash(idempotencyKey));
}

/** Removes stashed attachments older than `maxAgeMs` (forms never sent). */
export async function pruneStash(now: Date, maxAgeMs: number): Promise<number> {
  const store = commentsStore();
  let deleted = 0;
  for (const key of await listKeys(store, 'stash/')) {
    const meta = await store.getMetadata(key);
    const at = Date.parse(String((meta?.metadata as { stashedAt?: string } | undefined)?.stashedAt ?? ''));
    if (!Number.isFinite(at) || now.getTime() - at > maxAgeMs) {
      await store.delete(key);
      deleted++;
    }
  }
  return deleted;
}
