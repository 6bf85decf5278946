/**
 * Who read personal data (个人信息查阅记录): every export and every download
 * of an attachment, a photo or a CSV holding personal data of the public is
 * recorded — who, when, what, how many records — BEFORE the data leaves the
 * function: when the record cannot be written, nothing is handed out.
 * The disclosure office lists the records (`npm run access-log`, or through
 * `listPersonalDataReads` in the staff workspace).
 *
 *   access-log store: reads/<Shanghai day>/<ISO instant>-<random>  →  PersonalDataRead
 *
 * The records hold no personal data of the public: only what was read
 * (consultation, receipt number) and how many records.
 */
import { randomBytes } from 'node:crypto';
import { toCsv } from '../lib/csv.ts';
import { addDays, daysBetween, shanghaiDate, toShanghaiIso, type CalendarDate } from '../lib/time.ts';
import { accessLogStore, listKeys } from './comment-stores.ts';

/** Who read: a holder of the department export token, or a signed-in staff member. */
export interface PersonalDataReader {
  kind: 'export-token' | 'staff';
  /** Stable id: a fingerprint of the export token, or the staff member's account id. */
  id: string;
  /** The person's name as given (export: the X-Gongkai-Reader header; staff: the account's name). */
  name: string | null;
  /** The unit the reader acts for, when known. */
  unit?: string | null | undefined;
}

export type PersonalDataAction =
  /** A consultation's comments as CSV or JSON (names, contact details, text). */
  | 'comments-export'
  /** One comment's attachment. */
  | 'comment-attachment'
  /** One report's photo. */
  | 'report-photo'
  /** Reports or cases as a list or file. */
  | 'reports-export'
  | 'case-view'
  | 'case-export';

export interface PersonalDataRead {
  id: string;
  /** ISO 8601 with +08:00. */
  at: string;
  reader: PersonalDataReader;
  action: PersonalDataAction;
  /** What was read: a consultation id, a receipt number, a case id. */
  subject: string;
  /** Format of what was handed out (csv, json, pdf…). */
  format: string | null;
  /** Number of records of people in what was handed out. */
  records: number;
}

export type NewPersonalDataRead = Omit<PersonalDataRead, 'id' | 'at'>;

/** Records a read; call it before the data is returned, and return nothing when it throws. */
export async function recordPersonalDataRead(read: NewPersonalDataRead, now: Date): Promise<PersonalDataRead> {
  const id = `${now.toISOString()}-${randomBytes(6).toString('hex')}`;
  const entry: PersonalDataRead = { id, at: toShanghaiIso(now), ...read };
  await accessLogStore().setJSON(`reads/${shanghaiDate(now)}/${id}`, entry, { onlyIfNew: true });
  return entry;
}

/** The reads between two Shanghai days (inclusive), oldest first. At most 366 days at a time. */
export async function listPersonalDataReads(range: { from: CalendarDate; to: CalendarDate }): Promise<PersonalDataRead[]> {
  const span = daysBetween(range.from, range.to);
  if (span < 0) throw new RangeError(`from ${range.from} is after to ${range.to}`);
  if (span > 366) throw new RangeError('at most 366 days at a time');
  const store = accessLogStore();
  const out: PersonalDataRead[] = [];
  for (let day = range.from; daysBetween(day, range.to) >= 0; day = addDays(day, 1)) {
    const keys = (await listKeys(store, `reads/${day}/`)).sort();
    for (const key of keys) {
      const entry = (await store.get(key, { type: 'json' })) as PersonalDataRead | null;
      if (entry) out.push(entry);
    }
  }
  return out;
}

const ACTION_LABELS: Record<PersonalDataAction, string> = {
  'comments-export': '导出意见（含个人信息）',
  'comment-attachment': '下载意见附件',
  'report-photo': '下载线索照片',
  'reports-export': '导出线索',
  'case-view': '查看案件',
  'case-export': '导出案件',
};

export function actionLabel(action: PersonalDataAction): string {
  return ACTION_LABELS[action] ?? action;
}

/** The list as the disclosure office opens it in a spreadsheet. */
export function personalDataReadsCsv(reads: readonly PersonalDataRead[]): string {
  return toCsv(
    ['时间', '查阅人', '查阅人标识', '所在单位', '方式', '查阅内容', '格式', '涉及记录数'],
    reads.map((r) => [r.at, r.reader.name ?? '（未署名）', `${r.reader.kind}:${r.reader.id}`, r.reader.unit ?? '', actionLabel(r.action), r.subject, r.format ?? '', r.records]),
  );
}
