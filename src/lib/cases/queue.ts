/** A queue of cases: filtered by status, kind and due state; overdue first, then due soon, then by due date. */
import type { CalendarDate } from '../time.ts';
import type { HolidayCalendar } from '../working-days.ts';
import { isAnswered, type QueueRow } from './case.ts';
import { dueJudge, type DueState } from './deadline.ts';
import type { CaseKind, CaseStatus } from './kinds.ts';

export interface QueueFilter {
  status?: CaseStatus | 'open' | undefined;
  kind?: CaseKind | undefined;
  due?: DueState | undefined;
}

export type QueueEntry = QueueRow & { due: DueState };

const ORDER: Record<DueState, number> = { overdue: 0, 'due-soon': 1, 'on-track': 2, stopped: 3, answered: 4 };

// Dates and receipt numbers are ASCII: code-unit order is their order (and far cheaper than localeCompare).
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Queue order: overdue, due soon, on track, stopped, answered; then by due date, receipt date, receipt. */
export function compareQueueEntries(a: QueueEntry, b: QueueEntry): number {
  return ORDER[a.due] - ORDER[b.due] || byCodeUnits(a.dueDate ?? '9999', b.dueDate ?? '9999') || byCodeUnits(a.receivedOn, b.receivedOn) || byCodeUnits(a.receipt, b.receipt);
}

/** Every row with its due state on `today`, in queue order. */
export function judgeQueue(rows: Iterable<QueueRow>, today: CalendarDate, soonWithinDays: number, calendar: HolidayCalendar): QueueEntry[] {
  const judge = dueJudge(today, soonWithinDays, calendar);
  const out: QueueEntry[] = [];
  for (const row of rows) out.push({ ...row, due: judge({ dueDate: row.dueDate, answered: isAnswered(row) }) });
  return out.sort(compareQueueEntries);
}

/** The entries the filter keeps, in the order given. */
export function filterQueue(entries: readonly QueueEntry[], filter: QueueFilter): QueueEntry[] {
  return entries.filter(
    (e) => !(filter.status === 'open' ? isAnswered(e) : filter.status && e.status !== filter.status) && !(filter.kind && e.kind !== filter.kind) && !(filter.due && e.due !== filter.due),
  );
}

/**
 * Queues already in order, as one queue (the office's view of every unit).
 * The sort merges the runs it finds, so joining ordered queues costs little.
 */
export function mergeQueues(queues: readonly (readonly QueueEntry[])[]): QueueEntry[] {
  return queues.flat().sort(compareQueueEntries);
}

export function buildQueue(rows: Iterable<QueueRow>, filter: QueueFilter, today: CalendarDate, soonWithinDays: number, calendar: HolidayCalendar): QueueEntry[] {
  return filterQueue(judgeQueue(rows, today, soonWithinDays, calendar), filter);
}
