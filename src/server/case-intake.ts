/**
 * An application or a letter from the public becomes a case before the sender is
 * answered: the receipt number is derived from the submission (a resend the same
 * day finds the same case and is shown the same query code, never a second case),
 * then the mails are queued in the outbox (the sender's acknowledgement when they
 * left an e-mail address, the handling unit's notice — neither with what was written).
 */
import { createHash } from 'node:crypto';
import type { ApplicationFields } from '../lib/applications/application-form.ts';
import type { CaseRecord, CaseUnit } from '../lib/cases/case.ts';
import { derivedQueryCode } from '../lib/cases/query-code.ts';
import { caseAcknowledgementMail, caseArrivalMail, type CaseArrival } from '../lib/cases/sender-mail.ts';
import type { CaseLimits } from '../lib/cases/time-limits.ts';
import type { LetterFields } from '../lib/letters/letter-form.ts';
import { receiptNumberFromBytes } from '../lib/receipt-number.ts';
import { shanghaiDate } from '../lib/time.ts';
import { officeUnit, receiveApplication, receiveLetter } from './application-cases.ts';
import { enqueue, receiptMails } from './outbox.ts';

export interface CaseIntakeContext {
  now: Date;
  limits: CaseLimits;
  /** RECEIPT_SALT: the query code's key. */
  queryCodeKey: string;
  siteName: string;
  siteUrl: string | null;
  /** The disclosure office: it receives applications and the leaders' mailbox. */
  office: { name: string; email: string };
}

export interface CaseIntakeResult {
  outcome: 'created' | 'replay';
  record: CaseRecord;
  queryCode: string;
  mailIds: string[];
}

const MAX_RECEIPT_ATTEMPTS = 8;
const sha256 = (s: string) => createHash('sha256').update(s).digest();

async function intake(
  kind: 'application' | 'letter',
  fingerprint: string,
  ctx: CaseIntakeContext,
  store: (receipt: string, queryCodeHash: string) => Promise<{ outcome: 'created' | 'exists'; record: CaseRecord }>,
): Promise<CaseIntakeResult> {
  const day = shanghaiDate(ctx.now);
  for (let attempt = 0; attempt < MAX_RECEIPT_ATTEMPTS; attempt++) {
    const receipt = receiptNumberFromBytes(day, sha256(`gongkai-${kind}\n${fingerprint}\n${attempt}`), kind);
    const { code, hash } = derivedQueryCode(receipt, fingerprint, ctx.queryCodeKey);
    const stored = await store(receipt, hash);
    // Another submission holds this number (its code differs): take the next one.
    if (stored.outcome === 'exists' && stored.record.queryCodeHash !== hash) continue;
    const record = stored.record;
    const facts: CaseArrival = { receipt, kind, unitName: record.unit.name, receivedAt: new Date(record.receivedAt), dueDate: record.dueDate, queryCode: code, siteName: ctx.siteName, siteUrl: ctx.siteUrl };
    const drafts = [caseArrivalMail(record.unit.email, facts), ...(record.sender.contact?.kind === 'email' ? [caseAcknowledgementMail(record.sender.contact.value, facts)] : [])];
    const mailIds = await enqueue(receiptMails(drafts, { receipt, consultation: `cases:${kind}`, attachment: null, createdAt: record.receivedAt }, ctx.now.toISOString()));
    return { outcome: stored.outcome === 'created' ? 'created' : 'replay', record, queryCode: code, mailIds };
  }
  throw new Error(`No free receipt number for this ${kind}`);
}

export function takeApplication(f: ApplicationFields, ctx: CaseIntakeContext): Promise<CaseIntakeResult> {
  const fingerprint = sha256(JSON.stringify(['application', f])).toString('hex');
  return intake('application', fingerprint, ctx, (receipt, queryCodeHash) =>
    receiveApplication({ fields: f, receipt, receivedAt: ctx.now, queryCodeHash, office: officeUnit(ctx.office), attachments: [] }, ctx.limits),
  );
}

/** `unit`: the unit written to (null for the leaders' mailbox, which the office receives). */
export function takeLetter(f: LetterFields, unit: CaseUnit | null, ctx: CaseIntakeContext): Promise<CaseIntakeResult> {
  const fingerprint = sha256(JSON.stringify(['letter', f])).toString('hex');
  return intake('letter', fingerprint, ctx, (receipt, queryCodeHash) => receiveLetter({ fields: f, receipt, receivedAt: ctx.now, queryCodeHash, unit: unit ?? officeUnit(ctx.office) }, ctx.limits));
}
