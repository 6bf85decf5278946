/**
 * Cases in Netlify Blobs (the private `cases` store):
 *
 *   case/<receipt>     the case record (JSON; personal data, private notes, audit trail)
 *   index/<unit id>    the unit's queue: one row per case (no personal data)
 *
 * Every change is a conditional write on the record's ETag: two staff changing
 * the same case at once — one write wins, the other is refused and answered
 * with the current state (nothing is overwritten, nothing lost). The form also
 * carries the revision it was shown with, so a change made on a stale page is
 * refused the same way. The queue rows follow the record (also written with
 * ETag conditions, retried; a row never goes back to an older revision, and a
 * change the queue does not show, such as a note, leaves the row as it is).
 */
import type { Store } from '@netlify/blobs';
import { applyAction, canSee, queueRow, type ActionRefusal, type Actor, type CaseAction, type CaseRecord, type QueueRow, CASE_RECORD_VERSION } from '../lib/cases/case.ts';
import type { CaseLimits } from '../lib/cases/time-limits.ts';
import type { HolidayCalendar } from '../lib/working-days.ts';
import { casesStore, listKeys, storeName } from './comment-stores.ts';

export const caseKeys = {
  case: (receipt: string) => `case/${receipt}`,
  index: (unit: string) => `index/${unit}`,
};

interface UnitIndex {
  unit: string;
  rows: Record<string, QueueRow>;
}

export interface StoredCase {
  record: CaseRecord;
  etag: string;
}

function isCase(value: unknown, receipt: string): value is CaseRecord {
  return !!value && typeof value === 'object' && (value as CaseRecord).version === CASE_RECORD_VERSION && (value as CaseRecord).receipt === receipt;
}

export async function readCase(receipt: string, store: Store = casesStore()): Promise<StoredCase | null> {
  const entry = await store.getWithMetadata(caseKeys.case(receipt), { type: 'json' });
  if (!entry || !isCase(entry.data, receipt)) return null;
  return { record: entry.data, etag: entry.etag ?? '' };
}

/** The case as `actor` may see it: another unit's case does not exist for it. */
export async function readCaseAs(receipt: string, actor: Actor): Promise<StoredCase | null> {
  const found = await readCase(receipt);
  return found && canSee(actor, found.record) ? found : null;
}

const INDEX_ATTEMPTS = 50;

/** Puts the row into its unit's queue and takes it out of `formerUnit`'s (a transfer). */
export async function indexCase(record: CaseRecord, formerUnit: string | null = null, store: Store = casesStore()): Promise<void> {
  const row = queueRow(record);
  await editIndex(store, record.unit.id, (rows) => {
    const existing = rows[record.receipt];
    // A row already newer, or showing the same (a note, an extension that did not move the due date), stays.
    if (existing && (existing.revision > record.revision || sameQueueFacts(existing, row))) return false;
    rows[record.receipt] = row;
    return true;
  });
  if (formerUnit && formerUnit !== record.unit.id) {
    await editIndex(store, formerUnit, (rows) => {
      const existing = rows[record.receipt];
      if (!existing || existing.revision > record.revision) return false;
      delete rows[record.receipt];
      return true;
    });
  }
}

/** Whether two rows show the same in a queue (the revision aside). */
export function sameQueueFacts(a: QueueRow, b: QueueRow): boolean {
  return a.status === b.status && a.dueDate === b.dueDate && a.handling === b.handling && a.unit === b.unit && a.subject === b.subject && a.kind === b.kind && a.channel === b.channel && a.receivedOn === b.receivedOn;
}

async function editIndex(store: Store, unit: string, edit: (rows: Record<string, QueueRow>) => boolean): Promise<void> {
  for (let attempt = 0; attempt < INDEX_ATTEMPTS; attempt++) {
    const entry = await store.getWithMetadata(caseKeys.index(unit), { type: 'json' });
    const index: UnitIndex = (entry?.data as UnitIndex | undefined) ?? { unit, rows: {} };
    if (!edit(index.rows)) return;
    const res = await store.setJSON(caseKeys.index(unit), index, entry?.etag ? { onlyIfMatch: entry.etag } : { onlyIfNew: true });
    if (res.modified) return;
    await new Promise((r) => setTimeout(r, Math.random() * 5 * Math.min(attempt + 1, 10)));
  }
  throw new Error(`Queue of unit ${unit}: too many concurrent changes`);
}

/**
 * Stores a new case unless one with its receipt exists (a replayed intake).
 * Safe to repeat: the queue row is written again either way.
 */
export async function createCaseRecord(record: CaseRecord): Promise<{ outcome: 'created' | 'exists'; record: CaseRecord }> {
  const store = casesStore();
  const res = await store.setJSON(caseKeys.case(record.receipt), record, { onlyIfNew: true });
  const stored = res.modified ? record : ((await readCase(record.receipt, store))?.record ?? record);
  await indexCase(stored, null, store);
  return { outcome: res.modified ? 'created' : 'exists', record: stored };
}

export type CaseUpdate =
  | { status: 'updated'; record: CaseRecord }
  | { status: 'not-found' }
  | { status: 'conflict'; current: CaseRecord }
  | { status: 'refused'; refusal: ActionRefusal; current: CaseRecord };

export interface CaseUpdateRequest {
  receipt: string;
  /** The revision the staff member saw; null for system actions that act on the latest. */
  revision: number | null;
  action: CaseAction;
  actor: Actor;
  now: Date;
  limits: CaseLimits;
  calendar: HolidayCalendar;
}

export async function updateCase(req: CaseUpdateRequest): Promise<CaseUpdate> {
  const store = casesStore();
  const found = await readCase(req.receipt, store);
  if (!found || !canSee(req.actor, found.record)) return { status: 'not-found' };
  const current = found.record;
  if (req.revision !== null && req.revision !== current.revision) return { status: 'conflict', current };
  const result = applyAction(current, req.action, req.actor, req.now, req.limits, req.calendar);
  if (!result.ok) return { status: 'refused', refusal: result.refusal, current };
  const written = await store.setJSON(caseKeys.case(req.receipt), result.record, { onlyIfMatch: found.etag });
  if (!written.modified) {
    const latest = await readCase(req.receipt, store);
    return latest ? { status: 'conflict', current: latest.record } : { status: 'not-found' };
  }
  // A change the queue does not show (a note) costs no queue write.
  if (!sameQueueFacts(queueRow(current), queueRow(result.record))) await indexCase(result.record, current.unit.id, store);
  return { status: 'updated', record: result.record };
}

/**
 * Replaces the queues of the given cases' units with rows built from them
 * (a repair after a crash between a case write and its queue write, or a bulk load).
 */
export async function writeQueues(records: Iterable<CaseRecord>, store: Store = casesStore()): Promise<number> {
  const byUnit = new Map<string, UnitIndex>();
  for (const r of records) {
    const index = byUnit.get(r.unit.id) ?? { unit: r.unit.id, rows: {} };
    index.rows[r.receipt] = queueRow(r);
    byUnit.set(r.unit.id, index);
  }
  await Promise.all([...byUnit.values()].map((index) => store.setJSON(caseKeys.index(index.unit), index)));
  return byUnit.size;
}

/**
 * Queues read before, by store and unit, with their ETag: a queue that has not
 * changed since is answered 304 by the store and not downloaded or parsed again
 * (a warm function instance serves the office's view of every unit this way).
 */
const queueCache = new Map<string, { etag: string; rows: readonly QueueRow[] }>();

async function readQueue(store: Store, storeKey: string, unit: string): Promise<readonly QueueRow[]> {
  const cacheKey = `${storeKey}\n${unit}`;
  const cached = queueCache.get(cacheKey);
  const entry = await store.getWithMetadata(caseKeys.index(unit), { type: 'json', ...(cached ? { etag: cached.etag } : {}) });
  if (!entry) {
    queueCache.delete(cacheKey);
    return [];
  }
  if (cached && entry.data === null && entry.etag === cached.etag) return cached.rows;
  const rows = Object.values((entry.data as UnitIndex).rows);
  if (entry.etag) queueCache.set(cacheKey, { etag: entry.etag, rows });
  return rows;
}

export interface UnitQueue {
  unit: string;
  /** The same array, object for object, for as long as the unit's queue has not changed (callers may cache by it). */
  rows: readonly QueueRow[];
}

/** The queue of one unit, or of every unit (the office). */
export async function unitQueues(unit: string | null): Promise<UnitQueue[]> {
  const store = casesStore();
  const storeKey = storeName('cases');
  const units = unit === null ? (await listKeys(store, 'index/')).map((k) => k.slice('index/'.length)) : [unit];
  return Promise.all(units.map(async (u) => ({ unit: u, rows: await readQueue(store, storeKey, u) })));
}

/** Queue rows of one unit, or of every unit (the office). */
export async function queueRows(unit: string | null): Promise<QueueRow[]> {
  return (await unitQueues(unit)).flatMap((q) => q.rows);
}

/** Every stored case, one at a time (the daily run, exports). */
export async function* allCases(): AsyncGenerator<CaseRecord> {
  const store = casesStore();
  for (const key of await listKeys(store, 'case/')) {
    const found = await readCase(key.slice('case/'.length), store);
    if (found) yield found.record;
  }
}
