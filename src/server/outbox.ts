/**
 * The mail outbox in Netlify Blobs. Every mail is queued BEFORE the comment is
 * acknowledged and sent afterwards (right away, and again by the drain until
 * it goes through), so an SMTP outage never loses a mail or a comment.
 *
 * Delivery: at-least-once, with duplicates made impossible in practice.
 *  - Ids are deterministic (`<receipt>-department`, `<receipt>-acknowledgement`):
 *    a replayed submission queues nothing new.
 *  - MARK BEFORE: a sender first claims the entry (state `sending`, a lease,
 *    written with the entry's ETag as a condition, plus an in-process lock),
 *    so two drains or a drain and a submission never send the same mail.
 *  - MARK AFTER: once the SMTP server has accepted the message, `sent/<id>` is
 *    written, then the queue entry removed. Every sender checks `sent/<id>`
 *    first, so a crash between those two writes causes no resend.
 *  - The one window left is a crash after the SMTP server accepted the mail
 *    and before `sent/<id>` was written (milliseconds). The lease then
 *    expires and the mail is sent again — we prefer a rare duplicate to a
 *    lost notification (at-most-once would drop it) — and the resend carries
 *    the same Message-ID, so mail programs show it once.
 *  - GIVING UP (only for mails queued with `maxAttempts`, e.g. notifications):
 *    after that many failed attempts the entry moves to `failed/<id>` and an
 *    error is logged; comment mails have no limit and keep retrying.
 */
import { readCommentSettings } from './comment-settings.ts';
import { commentsStore, keys, listKeys, outboxStore } from './comment-stores.ts';
import type { MailTransport } from './mail-transport.ts';
import { getSubscription } from './subscriptions.ts';
import type { MailDraft } from '../lib/comment-mail.ts';

export interface QueuedMail {
  id: string;
  kind: 'department' | 'acknowledgement' | 'notification' | 'subscription' | 'ledger-head' | 'warning';
  receipt: string;
  consultation: string;
  to: string;
  subject: string;
  text: string;
  messageId: string;
  attachment: { key: string; filename: string; contentType: string } | null;
  createdAt: string;
  attempts: number;
  /** ISO instant before which no new attempt is made. */
  nextAttemptAt: string;
  state: 'pending' | 'sending';
  leaseUntil: string | null;
  lastError: string | null;
  /** HTML alternative to `text`. */
  html?: string | undefined;
  /** Extra headers (List-Unsubscribe…). */
  headers?: Record<string, string> | undefined;
  /** Failed attempts after which the mail is given up (moved to failed/<id>); absent: retry forever. */
  maxAttempts?: number | undefined;
  /**
   * Key of the subscription a subscriber's mail is sent under: checked again
   * right before sending, so an unsubscribe stops mail already queued.
   */
  subscription?: string | undefined;
}

export interface SentMark {
  id: string;
  sentAt: string;
  response: string;
  attempts: number;
}

const LEASE_MS = 2 * 60_000;
/** Wait before attempt n+1: 1 min, 5 min, 15 min, 1 h, then every 6 h. */
const BACKOFF_MS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000, 6 * 60 * 60_000];

export function backoff(attempts: number): number {
  return BACKOFF_MS[Math.min(Math.max(attempts - 1, 0), BACKOFF_MS.length - 1)] ?? 60_000;
}

/** Message-ID domain: the sender's domain (MAIL_FROM). */
export function messageIdFor(mailId: string): string {
  const domain = /@([A-Za-z0-9.-]+)$/.exec(readCommentSettings().mailFrom)?.[1] ?? 'gongkai.localhost';
  return `<${mailId}@${domain}>`;
}

/** What a caller says about a new mail; the outbox fills in the rest. */
export type NewMail = Omit<QueuedMail, 'messageId' | 'attempts' | 'nextAttemptAt' | 'state' | 'leaseUntil' | 'lastError'>;

/** A mail as it enters the outbox: pending, not tried yet, first attempt at `firstAttemptAt` (ISO instant). */
export function pendingMail(mail: NewMail, firstAttemptAt: string): QueuedMail {
  return { ...mail, messageId: messageIdFor(mail.id), attempts: 0, nextAttemptAt: firstAttemptAt, state: 'pending', leaseUntil: null, lastError: null };
}

/**
 * The mails of one receipt (comment or report): to the department or unit, and
 * the acknowledgement to the sender. Ids are `<receipt>-<kind>`, so a repeated
 * submission queues nothing new; the attachment goes with the department's mail only.
 */
export function receiptMails(
  drafts: readonly MailDraft[],
  receipt: { receipt: string; consultation: string; attachment: QueuedMail['attachment']; createdAt: string },
  firstAttemptAt: string,
): QueuedMail[] {
  return drafts.map((d) =>
    pendingMail(
      {
        id: `${receipt.receipt}-${d.kind}`,
        kind: d.kind,
        receipt: receipt.receipt,
        consultation: receipt.consultation,
        to: d.to,
        subject: d.subject,
        text: d.text,
        attachment: d.kind === 'department' ? receipt.attachment : null,
        createdAt: receipt.createdAt,
      },
      firstAttemptAt,
    ),
  );
}

/** Queues mails that are neither queued nor sent yet. Returns the ids now waiting. */
export async function enqueue(mails: readonly QueuedMail[]): Promise<string[]> {
  const store = outboxStore();
  const waiting: string[] = [];
  for (const mail of mails) {
    if (await store.get(keys.sent(mail.id))) continue;
    await store.setJSON(keys.queued(mail.id), mail, { onlyIfNew: true });
    waiting.push(mail.id);
  }
  return waiting;
}

export type DeliveryOutcome = 'sent' | 'already-sent' | 'busy' | 'later' | 'failed' | 'gave-up' | 'missing' | 'withdrawn';

/** Senders in this process: the ETag condition guards other processes, this guards this one. */
const inFlight = new Set<string>();

export async function deliver(id: string, transport: MailTransport, now: Date): Promise<DeliveryOutcome> {
  if (inFlight.has(id)) return 'busy';
  inFlight.add(id);
  try {
    return await deliverClaimed(id, transport, now);
  } finally {
    inFlight.delete(id);
  }
}

async function deliverClaimed(id: string, transport: MailTransport, now: Date): Promise<DeliveryOutcome> {
  const store = outboxStore();
  if (await store.get(keys.sent(id))) {
    await store.delete(keys.queued(id));
    return 'already-sent';
  }
  // Mark before: claim the mail for this sender. A failed condition means the entry changed
  // under us (another sender, or a concurrent re-queue of the same mail): read it again.
  let claimed: QueuedMail | undefined;
  let mail: QueuedMail | undefined;
  for (let round = 0; round < 3 && !claimed; round++) {
    const entry = await store.getWithMetadata(keys.queued(id), { type: 'json' });
    if (!entry) return (await store.get(keys.sent(id))) ? 'already-sent' : 'missing';
    mail = entry.data as QueuedMail;
    if (mail.state === 'sending' && mail.leaseUntil && Date.parse(mail.leaseUntil) > now.getTime()) return 'busy';
    // Back-off applies after a failed attempt. A mail never tried is due at once: a racing post of the
    // same comment may queue it with the other post's (later) time while this sender's clock is earlier.
    if (mail.state === 'pending' && mail.attempts > 0 && Date.parse(mail.nextAttemptAt) > now.getTime()) return 'later';
    const attempt: QueuedMail = { ...mail, state: 'sending', attempts: mail.attempts + 1, leaseUntil: new Date(now.getTime() + LEASE_MS).toISOString() };
    const claim = await store.setJSON(keys.queued(id), attempt, entry.etag ? { onlyIfMatch: entry.etag } : {});
    if (claim.modified) claimed = attempt;
  }
  if (!claimed || !mail) return 'busy';

  if (claimed.subscription && !(await getSubscription(claimed.subscription))) {
    // Unsubscribed after the mail was queued: it never goes out. The mark says why it left the queue.
    await store.setJSON(keys.withdrawn(id), { id, withdrawnAt: now.toISOString(), reason: 'unsubscribed' });
    await store.delete(keys.queued(id));
    return 'withdrawn';
  }

  try {
    const attachments = [];
    if (mail.attachment) {
      const data = await commentsStore().get(mail.attachment.key, { type: 'arrayBuffer' });
      if (data) attachments.push({ filename: mail.attachment.filename, content: new Uint8Array(data), contentType: mail.attachment.contentType });
    }
    const result = await transport.send({ id, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, headers: mail.headers, messageId: mail.messageId, date: new Date(mail.createdAt), attachments });
    // Mark after: sent first, then off the queue.
    // The run's clock (the real one in production), so retention dates the mark as the rest of the run.
    const mark: SentMark = { id, sentAt: now.toISOString(), response: result.response.slice(0, 300), attempts: claimed.attempts };
    await store.setJSON(keys.sent(id), mark);
    await store.delete(keys.queued(id));
    return 'sent';
  } catch (error) {
    const retry: QueuedMail = {
      ...claimed,
      state: 'pending',
      leaseUntil: null,
      nextAttemptAt: new Date(now.getTime() + backoff(claimed.attempts)).toISOString(),
      lastError: String((error as Error)?.message ?? error).slice(0, 300),
    };
    if (claimed.maxAttempts !== undefined && claimed.attempts >= claimed.maxAttempts) {
      await store.setJSON(keys.failed(id), retry);
      await store.delete(keys.queued(id));
      console.error(`[outbox] ${id}: GAVE UP after ${claimed.attempts} failed attempts (${retry.lastError}); kept in failed/${id} for the operator`);
      return 'gave-up';
    }
    await store.setJSON(keys.queued(id), retry).catch(() => {});
    console.warn(`[outbox] ${id}: attempt ${claimed.attempts} failed (${retry.lastError}); next attempt after ${retry.nextAttemptAt}`);
    return 'failed';
  }
}

export interface DrainSummary {
  queued: number;
  sent: number;
  failed: number;
  skipped: number;
  ids: Record<string, DeliveryOutcome>;
}

/**
 * Sends every queued mail that is due. `force` ignores back-off (an operator
 * who knows SMTP is back); leases of other senders are always respected.
 */
export async function drainOutbox(transport: MailTransport, now: Date, options: { force?: boolean; limit?: number } = {}): Promise<DrainSummary> {
  const store = outboxStore();
  const queued = (await listKeys(store, 'queue/')).map((k) => k.slice('queue/'.length)).sort();
  const summary: DrainSummary = { queued: queued.length, sent: 0, failed: 0, skipped: 0, ids: {} };
  for (const id of queued.slice(0, options.limit ?? queued.length)) {
    if (options.force) {
      const entry = (await store.get(keys.queued(id), { type: 'json' })) as QueuedMail | null;
      if (entry && entry.state === 'pending' && Date.parse(entry.nextAttemptAt) > now.getTime()) {
        await store.setJSON(keys.queued(id), { ...entry, nextAttemptAt: now.toISOString() });
      }
    }
    const outcome = await deliver(id, transport, now);
    summary.ids[id] = outcome;
    if (outcome === 'sent') summary.sent++;
    else if (outcome === 'failed' || outcome === 'gave-up') summary.failed++;
    else summary.skipped++;
  }
  return summary;
}

export type OutboxState = 'sent' | 'queued' | 'failed' | 'withdrawn' | 'absent';

/** Where a mail id stands in the outbox ('absent': never queued, or removed by an operator). */
export async function outboxState(id: string): Promise<OutboxState> {
  const store = outboxStore();
  if (await store.get(keys.sent(id))) return 'sent';
  if (await store.get(keys.failed(id))) return 'failed';
  if (await store.get(keys.queued(id))) return 'queued';
  if (await store.get(keys.withdrawn(id))) return 'withdrawn';
  return 'absent';
}

/** A mail given up after its `maxAttempts` (see deliver). */
export async function failedMail(id: string): Promise<QueuedMail | null> {
  return (await outboxStore().get(keys.failed(id), { type: 'json' })) as QueuedMail | null;
}

export async function queuedMail(id: string): Promise<QueuedMail | null> {
  return (await outboxStore().get(keys.queued(id), { type: 'json' })) as QueuedMail | null;
}
