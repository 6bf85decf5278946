/** The progress rule of remediation milestones: done, late, overdue, percent, current phase. */
import { describe, expect, it } from 'vitest';
import {
  PHASES,
  PHASE_SLUGS,
  currentPhase,
  milestoneStatus,
  milestoneStatusLabel,
  orderedMilestones,
  overdueMilestones,
  phaseBySlug,
  progressPercent,
  type Milestone,
} from '../../src/lib/remediation-progress.ts';

const identified: Milestone = { name: '识别公示', phase: '排查识别', planned: '2025-10-20', actual: '2025-10-20' };
const plan: Milestone = { name: '方案批复', phase: '方案制定', planned: '2025-12-31', actual: '2026-01-05' };
const start: Milestone = { name: '开工', phase: '工程实施', planned: '2026-01-15', actual: '2026-01-12' };
const finish: Milestone = { name: '完工', phase: '工程实施', planned: '2026-08-31' };
const survey: Milestone = { name: '公众评议', phase: '效果评议', planned: '2026-10-31' };

describe('milestoneStatus', () => {
  it('done on or before the planned day is on time; after it, late by whole days', () => {
    expect(milestoneStatus(identified, '2026-11-28')).toEqual({ state: 'done', daysLate: 0 });
    expect(milestoneStatus(start, '2026-11-28')).toEqual({ state: 'done', daysLate: 0 });
    expect(milestoneStatus(plan, '2026-11-28')).toEqual({ state: 'done-late', daysLate: 5 });
  });

  it('not done: pending through the planned day, overdue from the next day', () => {
    expect(milestoneStatus(finish, '2026-08-31')).toEqual({ state: 'pending', daysLate: 0 });
    expect(milestoneStatus(finish, '2026-09-01')).toEqual({ state: 'overdue', daysLate: 1 });
  });

  it('an actual date after today does not count as done yet', () => {
    const future: Milestone = { ...finish, actual: '2026-12-01' };
    expect(milestoneStatus(future, '2026-11-28').state).toBe('overdue');
    expect(milestoneStatus(future, '2026-12-01')).toEqual({ state: 'done-late', daysLate: 92 });
  });
});

describe('milestoneStatusLabel', () => {
  it('says on time, late or overdue by whole days, or not due yet', () => {
    expect(milestoneStatusLabel(milestoneStatus(identified, '2026-11-28'))).toBe('按期完成');
    expect(milestoneStatusLabel(milestoneStatus(plan, '2026-11-28'))).toBe('逾期5天完成');
    expect(milestoneStatusLabel(milestoneStatus(finish, '2026-09-01'))).toBe('滞后1天');
    expect(milestoneStatusLabel(milestoneStatus(finish, '2026-08-31'))).toBe('未到计划日期');
  });
});

describe('progressPercent', () => {
  it('done weights over all weights, rounded down', () => {
    expect(progressPercent([identified, plan, start, finish, survey], '2026-11-28')).toBe(60);
    // 2 of 3 → 66.67 → 66, never rounded up
    expect(progressPercent([identified, plan, finish], '2026-11-28')).toBe(66);
  });

  it('100% only when every milestone is done, even when the rest weighs little', () => {
    const heavy = [{ ...start, weight: 999 }, { ...finish, weight: 1 }];
    expect(progressPercent(heavy, '2026-11-28')).toBe(99);
    expect(progressPercent([{ ...start }, { ...finish, actual: '2026-08-30' }], '2026-11-28')).toBe(100);
    // Thirds add back to exactly 100.
    expect(progressPercent([identified, plan, start], '2026-11-28')).toBe(100);
  });

  it('weights change the share', () => {
    expect(progressPercent([{ ...start, weight: 3 }, { ...finish, weight: 1 }], '2026-11-28')).toBe(75);
  });

  it('no milestones → 0; a zero or negative weight is refused', () => {
    expect(progressPercent([], '2026-11-28')).toBe(0);
    expect(() => progressPercent([{ ...start, weight: 0 }], '2026-11-28')).toThrow(RangeError);
    expect(() => progressPercent([{ ...start, weight: -1 }], '2026-11-28')).toThrow(RangeError);
  });

  it('depends on the day it is computed for', () => {
    const all = [identified, plan, start, { ...finish, actual: '2026-09-10' }, survey];
    expect(progressPercent(all, '2026-09-09')).toBe(60);
    expect(progressPercent(all, '2026-09-10')).toBe(80);
  });
});

describe('phases', () => {
  it('the current phase is that of the first milestone not done, in phase order', () => {
    expect(currentPhase([survey, finish, start, plan, identified], '2026-11-28')).toBe('工程实施');
    expect(currentPhase([identified, plan, start, { ...finish, actual: '2026-08-30' }, survey], '2026-11-28')).toBe('效果评议');
    expect(currentPhase([identified, { ...survey, actual: '2026-10-30' }], '2026-11-28')).toBe('长效管理');
    expect(currentPhase([], '2026-11-28')).toBe('长效管理');
  });

  it('orders the timeline by phase, then planned date', () => {
    const early = { ...survey, planned: '2025-01-01' };
    expect(orderedMilestones([early, finish, start, identified]).map((m) => m.name)).toEqual(['识别公示', '开工', '完工', '公众评议']);
  });

  it('lists overdue milestones', () => {
    expect(overdueMilestones([identified, finish, survey], '2026-11-28').map((m) => m.name)).toEqual(['完工', '公众评议']);
    expect(overdueMilestones([identified, finish, survey], '2026-08-31')).toEqual([]);
  });

  it('every phase has a distinct address segment that maps back', () => {
    const slugs = PHASES.map((p) => PHASE_SLUGS[p]);
    expect(new Set(slugs).size).toBe(PHASES.length);
    for (const p of PHASES) expect(phaseBySlug(PHASE_SLUGS[p])).toBe(p);
    expect(phaseBySlug('nope')).toBeUndefined();
  });
});
