/**
 * Progress of a remediation (整治) from its milestones (节点), as published on the
 * water-body pages. Pure; `today` is the build's calendar day in Beijing time.
 *
 * The rule (shown to visitors in PROGRESS_RULE_TEXT):
 * - A milestone is done when its actual date (实际完成日期) is filled in and is not after today.
 * - Progress % = the weights of done milestones ÷ the weights of all milestones × 100,
 *   rounded down to a whole number, so that 100% means every milestone is done.
 *   Each milestone weighs 1 unless the editor gives it another weight.
 * - The current phase is the phase of the earliest-planned milestone not yet done, taking
 *   the phases in their order; when every milestone is done, the body is in 长效管理.
 * - A milestone not done whose planned date (计划日期) is before today is overdue (滞后);
 *   one done after its planned date was completed late (逾期完成), by whole calendar days.
 */
import { daysBetween, type CalendarDate } from './time.ts';

/** The five phases of the programme, in order (内江: 排查识别 → 方案制定 → 工程实施 → 效果评议 → 长效管理). */
export const PHASES = ['排查识别', '方案制定', '工程实施', '效果评议', '长效管理'] as const;
export type Phase = (typeof PHASES)[number];

/** Address segments of the phases (/remediation/progress/phase/<slug>/). */
export const PHASE_SLUGS: Record<Phase, string> = {
  排查识别: 'identification',
  方案制定: 'planning',
  工程实施: 'construction',
  效果评议: 'evaluation',
  长效管理: 'maintenance',
};

export function phaseBySlug(slug: string): Phase | undefined {
  return PHASES.find((p) => PHASE_SLUGS[p] === slug);
}

export interface Milestone {
  name: string;
  phase: Phase;
  planned: CalendarDate;
  actual?: CalendarDate | undefined;
  weight?: number | undefined;
}

export const MILESTONE_STATES = ['done', 'done-late', 'overdue', 'pending'] as const;
export type MilestoneState = (typeof MILESTONE_STATES)[number];

export const PROGRESS_RULE_TEXT =
  '治理进度按节点计算：已完成节点的权重之和除以全部节点的权重之和，向下取整（全部节点完成才为100%）。节点以填报的实际完成日期为准，未特别说明的节点权重均为1。';

export function isDone(m: Milestone, today: CalendarDate): boolean {
  return m.actual !== undefined && m.actual <= today;
}

export interface MilestoneStatus {
  state: MilestoneState;
  /** Days late: actual − planned when done late, today − planned when overdue; 0 otherwise. */
  daysLate: number;
}

/** What the water-body page says about a milestone: 按期完成, 逾期5天完成, 滞后1天, 未到计划日期. */
export function milestoneStatusLabel(status: MilestoneStatus): string {
  switch (status.state) {
    case 'done':
      return '按期完成';
    case 'done-late':
      return `逾期${status.daysLate}天完成`;
    case 'overdue':
      return `滞后${status.daysLate}天`;
    case 'pending':
      return '未到计划日期';
  }
}

export function milestoneStatus(m: Milestone, today: CalendarDate): MilestoneStatus {
  if (isDone(m, today)) {
    const late = daysBetween(m.planned, m.actual!);
    return late > 0 ? { state: 'done-late', daysLate: late } : { state: 'done', daysLate: 0 };
  }
  const late = daysBetween(m.planned, today);
  return late > 0 ? { state: 'overdue', daysLate: late } : { state: 'pending', daysLate: 0 };
}

function weightOf(m: Milestone): number {
  const w = m.weight ?? 1;
  if (!(Number.isFinite(w) && w > 0)) throw new RangeError(`Milestone weight must be positive: ${m.name} ${w}`);
  return w;
}

/** Whole percent 0–100; 0 for a body with no milestones. */
export function progressPercent(milestones: readonly Milestone[], today: CalendarDate): number {
  const total = milestones.reduce((s, m) => s + weightOf(m), 0);
  if (total === 0) return 0;
  const done = milestones.filter((m) => isDone(m, today)).reduce((s, m) => s + weightOf(m), 0);
  // The epsilon keeps 3 × (1/3) from rounding down to 99.
  return Math.floor((done / total) * 100 + 1e-9);
}

/** Milestones in timeline order: by phase, then planned date, then as written. */
export function orderedMilestones<M extends Milestone>(milestones: readonly M[]): M[] {
  return milestones
    .map((m, i) => ({ m, i }))
    .sort((a, b) => PHASES.indexOf(a.m.phase) - PHASES.indexOf(b.m.phase) || a.m.planned.localeCompare(b.m.planned) || a.i - b.i)
    .map(({ m }) => m);
}

export function currentPhase(milestones: readonly Milestone[], today: CalendarDate): Phase {
  const next = orderedMilestones(milestones).find((m) => !isDone(m, today));
  return next ? next.phase : '长效管理';
}

/** Milestones overdue today, earliest planned first. */
export function overdueMilestones<M extends Milestone>(milestones: readonly M[], today: CalendarDate): M[] {
  return orderedMilestones(milestones).filter((m) => milestoneStatus(m, today).state === 'overdue');
}
