/**
 * Storing a public report (线索) with the comment system's building blocks: the
 * same private Blobs store, the same outbox and mail transport. Reports have
 * their own keys beside the comments and are never published by the site.
 *
 *   reports/<receipt>          the record (JSON; contains personal data)
 *   report-photos/<receipt>    the photo bytes, written before the record
 *   cases store case/<receipt> the case the report becomes, handled until it is answered
 *   outbox queue/<receipt>-department, queue/<receipt>-acknowledgement
 *
 * The receipt is derived from the report's content and the day, so a double click
 * or a resend of the same report arrives at the same receipt and stores nothing
 * twice; each write is safe to repeat (onlyIfNew), in the order photo → record →
 * case → mails, and the function acknowledges only after all four. The private
 * query code (查询码) is derived from the receipt and the report under the
 * server's key, so a replay shows the same code; only its hash is stored.
 */
import { createHash } from 'node:crypto';
import { ATTACHMENT_KINDS, type AttachmentKind } from '../lib/attachment-type.ts';
import { createCase, type CaseRecord } from '../lib/cases/case.ts';
import { derivedQueryCode } from '../lib/cases/query-code.ts';
import type { CaseLimits } from '../lib/cases/time-limits.ts';
import { officialCalendar } from '../lib/official-calendar.ts';
import { formatChineseDate } from '../lib/time.ts';
import { reportAcknowledgementMail, reportUnitMail } from '../lib/report-mail.ts';
import { reportFingerprintSource, reportReceiptNumber, type ReportFields } from '../lib/report-submission.ts';
import { unitFor, type ReportDirectory, type ReportUnit } from '../lib/report-directory.ts';
import { shanghaiDate, toShanghaiIso } from '../lib/time.ts';
import { createCaseRecord } from './case-store.ts';
import { commentsStore } from './comment-stores.ts';
import { enqueue, receiptMails, type QueuedMail } from './outbox.ts';

export const REPORT_RECORD_VERSION = 1;

export const reportKeys = {
  report: (receipt: string) => `reports/${receipt}`,
  photo: (receipt: string) => `report-photos/${receipt}`,
};

export interface ReportPhoto {
  filename: string;
  kind: AttachmentKind;
  data: Uint8Array;
  sha256: string;
}

export interface ReportRecord {
  version: typeof REPORT_RECORD_VERSION;
  receipt: string;
  /** ISO 8601 with +08:00. */
  receivedAt: string;
  waterBody: string | null;
  unit: ReportUnit;
  kind: ReportFields['kind'];
  what: string;
  where: string;
  coordinates: ReportFields['coordinates'];
  seen: string;
  contact: ReportFields['contact'];
  photo: { key: string; filename: string; contentType: string; size: number; sha256: string } | null;
  fingerprint: string;
}

export interface ReportIntakeInput {
  report: ReportFields;
  photo: ReportPhoto | null;
  directory: ReportDirectory;
  now: Date;
  siteUrl: string | null;
  /** Key of the query codes (the receipt salt). */
  queryCodeKey: string;
  limits: CaseLimits;
}

export type ReportIntakeResult = { outcome: 'stored' | 'replay'; record: ReportRecord; case: CaseRecord; queryCode: string; mailIds: string[] };

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest();

const MAX_RECEIPT_ATTEMPTS = 8;

/** The stored report with this (canonical) receipt number, or null. */
export async function findReport(receipt: string): Promise<ReportRecord | null> {
  const record = (await commentsStore().get(reportKeys.report(receipt), { type: 'json' })) as ReportRecord | null;
  return record && record.version === REPORT_RECORD_VERSION && record.receipt === receipt ? record : null;
}

export async function storeReport(input: ReportIntakeInput): Promise<ReportIntakeResult> {
  const store = commentsStore();
  const fingerprint = sha256(reportFingerprintSource(input.report, input.photo?.sha256 ?? null)).toString('hex');
  const day = shanghaiDate(input.now);

  for (let attempt = 0; attempt < MAX_RECEIPT_ATTEMPTS; attempt++) {
    const receipt = reportReceiptNumber(day, sha256(`gongkai-report\n${fingerprint}\n${attempt}`));
    const existing = (await store.get(reportKeys.report(receipt), { type: 'json' })) as ReportRecord | null;
    if (existing) {
      if (existing.fingerprint !== fingerprint) continue; // Another report holds this number.
      // Open the case and queue again what a crash may have left undone; both skip what exists.
      return finish('replay', existing, input);
    }

    let photo: ReportRecord['photo'] = null;
    if (input.photo) {
      const bytes = input.photo.data;
      photo = { key: reportKeys.photo(receipt), filename: input.photo.filename, contentType: ATTACHMENT_KINDS[input.photo.kind].mime, size: bytes.byteLength, sha256: input.photo.sha256 };
      await store.set(photo.key, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, {
        metadata: { receipt, filename: photo.filename, contentType: photo.contentType, sha256: photo.sha256 },
      });
    }
    const record: ReportRecord = {
      version: REPORT_RECORD_VERSION,
      receipt,
      receivedAt: toShanghaiIso(input.now),
      waterBody: input.report.waterBody,
      unit: unitFor(input.directory, input.report.waterBody),
      kind: input.report.kind,
      what: input.report.what,
      where: input.report.where,
      coordinates: input.report.coordinates,
      seen: input.report.seen,
      contact: input.report.contact,
      photo,
      fingerprint,
    };
    const written = await store.setJSON(reportKeys.report(receipt), record, { onlyIfNew: true, metadata: { receivedAt: record.receivedAt } });
    if (!written.modified) {
      // Written by a concurrent post of the same report, or (rarely) taken by another one.
      const winner = (await store.get(reportKeys.report(receipt), { type: 'json' })) as ReportRecord | null;
      if (winner && winner.fingerprint !== fingerprint) continue;
      return finish('replay', winner ?? record, input);
    }
    return finish('stored', record, input);
  }
  throw new Error('No free receipt number for this report');
}

async function finish(outcome: ReportIntakeResult['outcome'], record: ReportRecord, input: ReportIntakeInput): Promise<ReportIntakeResult> {
  const { code, hash } = derivedQueryCode(record.receipt, record.fingerprint, input.queryCodeKey);
  const opened = await createCaseRecord(reportCase(record, hash, input.limits));
  return { outcome, record, case: opened.record, queryCode: code, mailIds: await enqueue(mailsFor(record, input, code)) };
}

/** The case a report becomes: transferred to the responsible unit (转交办). */
export function reportCase(record: ReportRecord, queryCodeHash: string, limits: CaseLimits): CaseRecord {
  const submission = [
    { label: '问题类型', value: record.kind },
    { label: '问题描述', value: record.what },
    { label: '具体位置', value: record.where },
    ...(record.coordinates ? [{ label: '经纬度', value: `纬度 ${record.coordinates.latitude}，经度 ${record.coordinates.longitude}` }] : []),
    { label: '发现日期', value: formatChineseDate(record.seen) },
  ];
  return createCase(
    {
      receipt: record.receipt,
      kind: 'report',
      channel: 'online',
      subject: `${record.kind}${record.waterBody ? ` · ${record.waterBody}` : ''}`,
      submission,
      sender: { name: null, contact: record.contact },
      attachments: record.photo ? [{ key: record.photo.key, filename: record.photo.filename, contentType: record.photo.contentType, size: record.photo.size, sha256: record.photo.sha256 }] : [],
      receivedAt: new Date(record.receivedAt),
      unit: { id: record.unit.id, name: record.unit.name, email: record.unit.email },
      handling: 'referred',
      queryCodeHash,
    },
    { kind: 'system', name: 'reports' },
    limits,
    officialCalendar,
  );
}

function mailsFor(record: ReportRecord, input: ReportIntakeInput, queryCode: string): QueuedMail[] {
  const body = record.waterBody ? input.directory.waterBodies.find((b) => b.id === record.waterBody) : undefined;
  const facts = {
    receipt: record.receipt,
    receivedAt: new Date(record.receivedAt),
    siteName: input.directory.site.name,
    siteUrl: input.siteUrl,
    projectTitle: input.directory.project.title,
    unit: record.unit,
    waterBody: body ? { name: body.name, path: body.path } : null,
    report: { waterBody: record.waterBody, kind: record.kind, what: record.what, where: record.where, coordinates: record.coordinates, seen: record.seen, contact: record.contact },
    photo: record.photo ? { filename: record.photo.filename, label: labelOf(record.photo.contentType), size: record.photo.size } : null,
    queryCode,
  };
  const drafts = [reportUnitMail(facts), reportAcknowledgementMail(facts)].filter((d) => d !== null);
  const photo = record.photo ? { key: record.photo.key, filename: record.photo.filename, contentType: record.photo.contentType } : null;
  // The outbox names the consultation a mail belongs to; a report belongs to the remediation column.
  const consultation = `remediation:${record.waterBody ?? 'project'}`;
  return receiptMails(drafts, { receipt: record.receipt, consultation, attachment: photo, createdAt: record.receivedAt }, input.now.toISOString());
}

function labelOf(contentType: string): string {
  return Object.values(ATTACHMENT_KINDS).find((k) => k.mime === contentType)?.label ?? '图片';
}
