/**
 * Applications for disclosure and letters as cases in the case store: a checked
 * application or letter becomes a case; the applicant completes an application
 * (补正) on the receipt page with the query code; the daily run ends the
 * applications whose period to complete has passed (treated as withdrawn).
 * Extensions, pauses and replies are staff actions through `updateCase`.
 */
import { checkCorrectionCompletion, treatedAsWithdrawn } from '../lib/applications/clock.ts';
import { applicationSubject, applicationSubmission, type ApplicationFields } from '../lib/applications/application-form.ts';
import { createCase, type Actor, type CaseAttachment, type CaseRecord, type CaseUnit } from '../lib/cases/case.ts';
import { queryCodeMatches } from '../lib/cases/query-code.ts';
import type { CaseLimits } from '../lib/cases/time-limits.ts';
import { letterSubject, letterSubmission, type LetterFields } from '../lib/letters/letter-form.ts';
import { officialCalendar } from '../lib/official-calendar.ts';
import { shanghaiDate } from '../lib/time.ts';
import { createCaseRecord, queueRows, readCase, updateCase } from './case-store.ts';

/** The applicant, acting on the receipt page with the query code. */
export const APPLICANT: Actor = { kind: 'system', name: 'applicant' };
const DAILY_RUN: Actor = { kind: 'system', name: 'daily' };

/** The disclosure office as the unit that receives applications and the leaders' mailbox. */
export const OFFICE_UNIT_ID = 'office';
export function officeUnit(office: { name: string; email: string }): CaseUnit {
  return { id: OFFICE_UNIT_ID, name: office.name, email: office.email };
}

export interface Intake<F> {
  fields: F;
  receipt: string;
  receivedAt: Date;
  queryCodeHash: string;
}

/** An application becomes a case of the disclosure office (it assigns it onwards); safe to repeat with the same receipt. */
export async function receiveApplication(input: Intake<ApplicationFields> & { office: CaseUnit; attachments: CaseAttachment[] }, limits: CaseLimits) {
  const f = input.fields;
  const record = createCase(
    {
      receipt: input.receipt,
      kind: 'application',
      channel: 'online',
      subject: applicationSubject(f),
      submission: applicationSubmission(f),
      sender: { name: f.name, contact: f.contact, identity: f.idNumber, address: f.address },
      attachments: input.attachments,
      receivedAt: input.receivedAt,
      unit: input.office,
      handling: 'referred',
      queryCodeHash: input.queryCodeHash,
    },
    APPLICANT,
    limits,
    officialCalendar,
  );
  return createCaseRecord(record);
}

/** A letter becomes a case of the unit written to, or of the office for the leaders' mailbox; staff choose the handling type. */
export async function receiveLetter(input: Intake<LetterFields> & { unit: CaseUnit }, limits: CaseLimits) {
  const f = input.fields;
  const record = createCase(
    {
      receipt: input.receipt,
      kind: 'letter',
      channel: 'online',
      subject: letterSubject(f),
      submission: letterSubmission(f, input.unit.name),
      sender: { name: f.name, contact: f.contact },
      attachments: [],
      receivedAt: input.receivedAt,
      unit: input.unit,
      handling: 'referred',
      queryCodeHash: input.queryCodeHash,
      letter: { mailbox: f.mailbox, purpose: f.purpose, topic: f.topic, publish: f.publish },
    },
    { kind: 'system', name: 'letters' },
    limits,
    officialCalendar,
  );
  return createCaseRecord(record);
}

export type CorrectionOutcome =
  | { status: 'updated'; record: CaseRecord }
  | { status: 'not-found' }
  | { status: 'wrong-code' }
  | { status: 'refused'; message: string };

/** The applicant sends the completed application with the receipt and the query code. */
export async function completeCorrectionWithCode(receipt: string, queryCode: string, text: string, ctx: { now: Date; limits: CaseLimits; key: string }): Promise<CorrectionOutcome> {
  const found = await readCase(receipt);
  if (!found || found.record.kind !== 'application') return { status: 'not-found' };
  if (!queryCodeMatches(queryCode, receipt, found.record.queryCodeHash, ctx.key)) return { status: 'wrong-code' };
  // The applicant is told why in their terms (no correction asked, already completed, period passed), not the case's status.
  const check = checkCorrectionCompletion(found.record.correction ?? null, shanghaiDate(ctx.now));
  if (!check.ok) return { status: 'refused', message: check.message };
  for (let attempt = 0; attempt < 3; attempt++) {
    const result = await updateCase({ receipt, revision: null, action: { type: 'complete-correction', text }, actor: APPLICANT, now: ctx.now, limits: ctx.limits, calendar: officialCalendar });
    if (result.status === 'updated') return { status: 'updated', record: result.record };
    if (result.status === 'refused') return { status: 'refused', message: result.refusal.message };
    if (result.status === 'not-found') return { status: 'not-found' };
    // A staff change at the same moment: try again on the latest.
  }
  return { status: 'refused', message: '办件正在更新，请稍后再提交补正内容' };
}

/** Applications awaiting a completion past its period end as withdrawn (the daily run); returns their receipts. */
export async function withdrawLapsedApplications(now: Date, limits: CaseLimits): Promise<string[]> {
  const today = shanghaiDate(now);
  const withdrawn: string[] = [];
  for (const row of await queueRows(null)) {
    if (row.kind !== 'application' || row.status !== 'suspended') continue;
    const found = await readCase(row.receipt);
    if (!found || !treatedAsWithdrawn(found.record.correction ?? null, today)) continue;
    const result = await updateCase({ receipt: row.receipt, revision: found.record.revision, action: { type: 'withdraw' }, actor: DAILY_RUN, now, limits, calendar: officialCalendar });
    if (result.status === 'updated') withdrawn.push(row.receipt);
  }
  return withdrawn;
}
