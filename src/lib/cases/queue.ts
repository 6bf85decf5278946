/** A queue of cases: filtered by status, kind and due state; overdue first, then due soon, then by due date. */
import type { CalendarDate } from '../time.ts';
import type { HolidayCalendar } from '../working-days.ts';
import { isAnswered, type QueueRow } from './case.ts';
import { dueState, type DueState } from './deadline.ts';
import type { CaseKind, CaseStatus } from './kinds.ts';

export interface QueueFilter {
  status?: CaseStatus | 'open' | undefined;
  kind?: CaseKind | undefined;
  due?: DueState | undefined;
}

export type QueueEntry = QueueRow & { due: DueState };

const ORDER: Record<DueState, number> = { overdue: 0, 'due-soon': 1, 'on-track': 2, stopped: 3, answered: 4 };

export function buildQueue(rows: Iterable<QueueRow>, filter: QueueFilter, today: CalendarDate, soonWithinDays: number, calendar: HolidayCalendar): QueueEntry[] {
  const out: QueueEntry[] = [];
  for (const row of rows) {
    if (filter.status === 'open' ? isAnswered(row) : filter.status && row.status !== filter.status) continue;
    if (filter.kind && row.kind !== filter.kind) continue;
    const due = dueState({ dueDate: row.dueDate, answered: isAnswered(row) }, today, soonWithinDays, calendar);
    if (filter.due && due !== filter.due) continue;
    out.push({ ...row, due });
  }
  return out.sort((a, b) => ORDER[a.due] - ORDER[b.due] || (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') || a.receivedOn.localeCompare(b.receivedOn) || a.receipt.localeCompare(b.receipt));
}
