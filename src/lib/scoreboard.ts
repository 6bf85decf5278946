/**
 * 按时反馈情况: how each department keeps the rule that the feedback report is
 * published within the feedback period after a consultation closes. A pure
 * function of the consultations' clocks and `now`, so the page, the tests and
 * any report compute the same numbers.
 */
import { feedbackTiming, type ConsultationClock, type FeedbackTiming } from './consultation-status.ts';
import { shanghaiDate, type CalendarDate } from './time.ts';

/** How a closed consultation stands: the report was on time or late, is overdue now, or is still within the period. */
export type ScoreboardResult = 'on-time' | 'late' | 'overdue' | 'awaiting';

export interface ScoreboardConsultation {
  id: string;
  department: string;
  clock: ConsultationClock;
}

export interface ScoreboardRow {
  id: string;
  department: string;
  closedOn: CalendarDate;
  dueDate: CalendarDate;
  /** Publication day of the report, only when it is published by `now`. */
  publishedOn: CalendarDate | undefined;
  result: ScoreboardResult;
  timing: FeedbackTiming;
}

export interface DepartmentScore {
  department: string;
  /** Consultations whose window has closed by `now`. */
  closed: number;
  onTime: number;
  late: number;
  /** Past the due date and no report published. */
  overdue: number;
  /** Closed, within the feedback period, no report yet. */
  awaiting: number;
  /** onTime ÷ (onTime + late + overdue); null when none of them is decided yet. */
  onTimeRate: number | null;
}

export interface Scoreboard {
  departments: DepartmentScore[];
  total: DepartmentScore;
  /** The closed consultations behind the numbers, most recently closed first. */
  rows: ScoreboardRow[];
}

const RESULT_OF: Record<FeedbackTiming['kind'], ScoreboardResult> = {
  'published-on-time': 'on-time',
  'published-late': 'late',
  overdue: 'overdue',
  'not-due-yet': 'awaiting',
};

function emptyScore(department: string): DepartmentScore {
  return { department, closed: 0, onTime: 0, late: 0, overdue: 0, awaiting: 0, onTimeRate: null };
}

function addRow(score: DepartmentScore, row: ScoreboardRow): void {
  score.closed++;
  if (row.result === 'on-time') score.onTime++;
  else if (row.result === 'late') score.late++;
  else if (row.result === 'overdue') score.overdue++;
  else score.awaiting++;
}

function withRate(score: DepartmentScore): DepartmentScore {
  const decided = score.onTime + score.late + score.overdue;
  return { ...score, onTimeRate: decided === 0 ? null : score.onTime / decided };
}

/**
 * Scores every department in `departmentOrder` (also those with nothing closed),
 * then any other department that appears in the consultations.
 * Consultations still upcoming or open at `now` are left out.
 */
export function computeScoreboard(
  consultations: readonly ScoreboardConsultation[],
  departmentOrder: readonly string[],
  now: Date,
): Scoreboard {
  const rows: ScoreboardRow[] = [];
  for (const c of consultations) {
    if (now.getTime() <= c.clock.closes.getTime()) continue;
    const timing = feedbackTiming(c.clock, now);
    rows.push({
      id: c.id,
      department: c.department,
      closedOn: shanghaiDate(c.clock.closes),
      dueDate: timing.dueDate,
      publishedOn: timing.kind === 'published-on-time' || timing.kind === 'published-late' ? timing.published : undefined,
      result: RESULT_OF[timing.kind],
      timing,
    });
  }
  rows.sort((a, b) => b.closedOn.localeCompare(a.closedOn) || a.id.localeCompare(b.id));

  const scores = new Map<string, DepartmentScore>(departmentOrder.map((d) => [d, emptyScore(d)]));
  const total = emptyScore('');
  for (const row of rows) {
    let score = scores.get(row.department);
    if (!score) {
      score = emptyScore(row.department);
      scores.set(row.department, score);
    }
    addRow(score, row);
    addRow(total, row);
  }
  return { departments: [...scores.values()].map(withRate), total: withRate(total), rows };
}

/** 87.5%, or — when there is nothing to rate yet. */
export function formatRate(rate: number | null): string {
  if (rate === null) return '—';
  const percent = Math.round(rate * 1000) / 10;
  return `${Number.isInteger(percent) ? percent.toFixed(0) : percent.toFixed(1)}%`;
}
