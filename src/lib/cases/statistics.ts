/**
 * 办件办理情况: per unit and kind, how many cases were received, answered on time,
 * answered late, are overdue now, and the median of working days from receipt to
 * answer. Pure: the build computes it from the store's cases (`caseFact` keeps
 * nothing personal), tests from seeded ones.
 */
import { addDays, shanghaiDate, type CalendarDate } from '../time.ts';
import { countWorkingDays, type HolidayCalendar } from '../working-days.ts';
import type { CaseRecord } from './case.ts';
import { CASE_KIND_IDS, type CaseKind, type CaseStatus } from './kinds.ts';

/** What the statistics need of a case: no sender, no text. */
export interface CaseFact {
  unit: { id: string; name: string };
  kind: CaseKind;
  receivedOn: CalendarDate;
  dueDate: CalendarDate | null;
  status: CaseStatus;
  /** The day of the reply (Asia/Shanghai), null while unanswered. */
  answeredOn: CalendarDate | null;
}

export function caseFact(c: CaseRecord): CaseFact {
  return { unit: { id: c.unit.id, name: c.unit.name }, kind: c.kind, receivedOn: c.receivedOn, dueDate: c.dueDate, status: c.status, answeredOn: c.reply ? shanghaiDate(new Date(c.reply.at)) : null };
}

export interface HandlingFigures {
  received: number;
  answered: number;
  onTime: number;
  late: number;
  /** Unanswered and past the due date today. */
  overdueNow: number;
  /** Unanswered, not yet due (or the clock stopped). */
  open: number;
  /** Applications treated as withdrawn (补正 not received). */
  withdrawn: number;
  /** Median working days from the day after receipt to the reply (a reply on the day of receipt: 0); null with no reply. */
  medianWorkingDays: number | null;
  /** onTime ÷ answered; null with no reply. */
  onTimeRate: number | null;
}

export interface HandlingStatistics {
  /** One row per unit and kind that has cases, units by name, kinds in their fixed order. */
  rows: { unit: { id: string; name: string }; kind: CaseKind; figures: HandlingFigures }[];
  byUnit: { unit: { id: string; name: string }; figures: HandlingFigures }[];
  byKind: { kind: CaseKind; figures: HandlingFigures }[];
  total: HandlingFigures;
}

/** Working days a reply took: those after the day of receipt up to and including the day of the reply. */
export function workingDaysToAnswer(receivedOn: CalendarDate, answeredOn: CalendarDate, calendar: HolidayCalendar): number {
  return answeredOn <= receivedOn ? 0 : countWorkingDays(addDays(receivedOn, 1), answeredOn, calendar).days;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function figures(facts: readonly CaseFact[], today: CalendarDate, calendar: HolidayCalendar): HandlingFigures {
  const f = { received: facts.length, answered: 0, onTime: 0, late: 0, overdueNow: 0, open: 0, withdrawn: 0 };
  const days: number[] = [];
  for (const c of facts) {
    if (c.status === 'withdrawn') f.withdrawn++;
    else if (c.answeredOn !== null) {
      f.answered++;
      if (c.dueDate === null || c.answeredOn <= c.dueDate) f.onTime++;
      else f.late++;
      days.push(workingDaysToAnswer(c.receivedOn, c.answeredOn, calendar));
    } else if (c.dueDate !== null && today > c.dueDate) f.overdueNow++;
    else f.open++;
  }
  return { ...f, medianWorkingDays: median(days), onTimeRate: f.answered > 0 ? f.onTime / f.answered : null };
}

export function handlingStatistics(facts: Iterable<CaseFact>, today: CalendarDate, calendar: HolidayCalendar): HandlingStatistics {
  const all = [...facts];
  const units = new Map<string, { id: string; name: string }>();
  for (const c of all) if (!units.has(c.unit.id)) units.set(c.unit.id, c.unit);
  const unitList = [...units.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id));
  const rows: HandlingStatistics['rows'] = [];
  for (const unit of unitList) {
    for (const kind of CASE_KIND_IDS) {
      const subset = all.filter((c) => c.unit.id === unit.id && c.kind === kind);
      if (subset.length > 0) rows.push({ unit, kind, figures: figures(subset, today, calendar) });
    }
  }
  return {
    rows,
    byUnit: unitList.map((unit) => ({ unit, figures: figures(all.filter((c) => c.unit.id === unit.id), today, calendar) })),
    byKind: CASE_KIND_IDS.filter((k) => all.some((c) => c.kind === k)).map((kind) => ({ kind, figures: figures(all.filter((c) => c.kind === kind), today, calendar) })),
    total: figures(all, today, calendar),
  };
}
