/**
 * Erasing the personal data of someone who commented or sent a report: their
 * name (a person's; the name of a company or organisation is kept) and
 * contact details go from the stored record, from mail still waiting in the
 * outbox, and so from every later export. What the published ledger needs
 * stays: the receipt, the verification code and the content.
 *
 * Used by the daily retention run (src/server/retention.ts), by a sender who
 * withdraws their contact details on the receipt page, and by staff working
 * on a case (eraseCaseSender: the case's audit trail records who and why).
 * Each call is safe to repeat.
 */
import type { Actor } from '../lib/cases/case.ts';
import { officialCalendar } from '../lib/official-calendar.ts';
import { toShanghaiIso } from '../lib/time.ts';
import { loadCaseLimits } from './case-limits-source.ts';
import { updateCase } from './case-store.ts';
import { commentsStore, keys, outboxStore } from './comment-stores.ts';
import type { CommentRecord } from './comment-intake.ts';
import type { QueuedMail } from './outbox.ts';
import { reportKeys, type ReportRecord } from './report-intake.ts';

export type ErasureReason = 'retention' | 'withdrawn-by-sender' | 'staff';

/** Marks a record whose personal data was erased (no trace of what it was). */
export interface ErasureMark {
  at: string;
  reason: ErasureReason;
}

export type ErasureOutcome = 'erased' | 'nothing-to-erase' | 'not-found';

/**
 * Stands in for a record's fingerprint after erasure: the fingerprint is a hash
 * over the content including the contact details, from which a phone number
 * could be found again by trying them all. A resend after erasure is then
 * treated as other content (a new report, or a comment shown as changed).
 */
export const ERASED_FINGERPRINT = 'erased';

/** Put in place of erased details in mail that still waits to go out. */
export const ERASED_TEXT = '（已删除）';

/** Names of people, not of companies or organisations, are personal data. */
function personalName(record: Pick<CommentRecord, 'submitterType' | 'name'>): string | null {
  return record.submitterType === '个人' ? record.name : null;
}

/** Whether a comment still holds personal data that erasure would remove. */
export function commentHoldsContact(record: CommentRecord): boolean {
  return record.contact !== null || personalName(record) !== null;
}

/**
 * Removes `values` from the mails of a receipt that have not gone out: the
 * acknowledgement to the sender is withdrawn, the department's copy keeps its
 * content with the values replaced. Given-up copies are treated alike.
 */
async function scrubOutbox(receipt: string, values: readonly string[], now: Date): Promise<void> {
  const store = outboxStore();
  const found = values.filter((v) => v.trim() !== '');
  for (const kind of ['acknowledgement', 'department'] as const) {
    const id = `${receipt}-${kind}`;
    for (const key of [keys.queued(id), keys.failed(id)]) {
      for (let round = 0; round < 3; round++) {
        const entry = await store.getWithMetadata(key, { type: 'json' });
        if (!entry) break;
        const mail = entry.data as QueuedMail;
        if (kind === 'acknowledgement') {
          await store.setJSON(keys.withdrawn(id), { id, withdrawnAt: now.toISOString(), reason: 'erased' });
          await store.delete(key);
          break;
        }
        const scrub = (text: string) => found.reduce((t, v) => t.replaceAll(v, ERASED_TEXT), text);
        const cleaned: QueuedMail = { ...mail, subject: scrub(mail.subject), text: scrub(mail.text), ...(mail.html !== undefined ? { html: scrub(mail.html) } : {}) };
        const written = await store.setJSON(key, cleaned, entry.etag ? { onlyIfMatch: entry.etag } : {});
        if (written.modified) break;
      }
    }
  }
}

export async function eraseCommentContact(consultation: string, receipt: string, reason: ErasureReason, now: Date): Promise<ErasureOutcome> {
  const store = commentsStore();
  const key = keys.comment(consultation, receipt);
  const record = (await store.get(key, { type: 'json' })) as (CommentRecord & { erased?: ErasureMark }) | null;
  if (!record) return 'not-found';
  const values = [record.contact?.value, personalName(record)].filter((v): v is string => typeof v === 'string');
  // The outbox first: a run cut short after it is repeated from the record, which still names the values.
  await scrubOutbox(receipt, values, now);
  if (!commentHoldsContact(record)) return 'nothing-to-erase';
  const erased: CommentRecord & { erased: ErasureMark } = {
    ...record,
    name: personalName(record) === null ? record.name : null,
    contact: null,
    fingerprint: ERASED_FINGERPRINT,
    erased: { at: toShanghaiIso(now), reason },
  };
  await store.setJSON(key, erased, { metadata: { receivedAt: record.receivedAt } });
  return 'erased';
}

export async function eraseReportContact(receipt: string, reason: ErasureReason, now: Date): Promise<ErasureOutcome> {
  const store = commentsStore();
  const key = reportKeys.report(receipt);
  const record = (await store.get(key, { type: 'json' })) as (ReportRecord & { erased?: ErasureMark }) | null;
  if (!record) return 'not-found';
  await scrubOutbox(receipt, record.contact ? [record.contact.value] : [], now);
  if (record.contact === null) return 'nothing-to-erase';
  await store.setJSON(key, { ...record, contact: null, fingerprint: ERASED_FINGERPRINT, erased: { at: toShanghaiIso(now), reason } }, { metadata: { receivedAt: record.receivedAt } });
  return 'erased';
}

export type CaseErasureOutcome = ErasureOutcome | 'conflict';

/**
 * Erases a case's sender (name and contact details, also where the submission
 * repeats them) through the case's own action, so the audit trail records who
 * erased and why — never what — then the report record and waiting mail of the
 * same receipt. `actor` is the staff member, or `system:<part>` for the
 * sender's own withdrawal and the retention run.
 */
export async function eraseCaseSender(receipt: string, reason: ErasureReason, actor: Actor, why: string, now: Date): Promise<CaseErasureOutcome> {
  // The report record first: a run cut short then finds the case still holding the sender and repeats both.
  const report = await eraseReportContact(receipt, reason, now);
  const limits = await loadCaseLimits();
  for (let attempt = 0; attempt < 3; attempt++) {
    const update = await updateCase({ receipt, revision: null, action: { type: 'erase-sender', reason: why }, actor, now, limits, calendar: officialCalendar });
    if (update.status === 'updated') return 'erased';
    if (update.status === 'not-found') return report;
    if (update.status === 'refused') return update.refusal.code === 'invalid' && update.current.sender.name === null && update.current.sender.contact === null ? (report === 'erased' ? 'erased' : 'nothing-to-erase') : 'conflict';
  }
  return 'conflict';
}
