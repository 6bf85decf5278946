/**
 * 办件办理情况 from a seeded store (the real local Blobs server): received,
 * answered on time and late, overdue now, median working days — expected
 * figures typed by hand from the 2026 calendar (National Day off 10-01..10-07,
 * Saturday 10-10 a working day).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCase, applyAction, type Actor, type CaseAction, type CaseRecord } from '../../src/lib/cases/case.ts';
import { handlingStatistics, median, workingDaysToAnswer, type CaseFact } from '../../src/lib/cases/statistics.ts';
import { DEFAULT_CASE_LIMITS } from '../../src/lib/cases/time-limits.ts';
import { officialCalendar as cal } from '../../src/lib/official-calendar.ts';
import { createCaseRecord } from '../../src/server/case-store.ts';
import { caseFactsFromStore } from '../../src/server/case-statistics-source.ts';
import { startCommentEnv, type CommentTestEnv } from '../helpers/comments.ts';

const WATER = { id: 'water', name: '市水务局', email: 'w@example.gov.cn' };
const HOUSING = { id: 'housing', name: '市住房城乡建设局', email: 'h@example.gov.cn' };
const STAFF: Actor = { kind: 'office', email: 'gkb@example.gov.cn' };
const on = (day: string) => new Date(`${day}T10:00:00+08:00`);

let n = 0;
function seeded(kind: CaseRecord['kind'], unit: typeof WATER, receivedOn: string, steps: [CaseAction, string][] = []): CaseRecord {
  let c = createCase(
    { receipt: `TS-${receivedOn.replaceAll('-', '')}-AAAA-${String(++n).padStart(4, '0')}`, kind, channel: 'online', subject: '测试', submission: [{ label: '内容', value: '个人信息：王五 13800138000' }], sender: { name: '王五', contact: { kind: 'phone', value: '13800138000' } }, attachments: [], receivedAt: on(receivedOn), unit, handling: 'referred', queryCodeHash: 'x' },
    STAFF,
    DEFAULT_CASE_LIMITS,
    cal,
  );
  for (const [action, day] of steps) {
    const r = applyAction(c, action, STAFF, on(day), DEFAULT_CASE_LIMITS, cal);
    if (!r.ok) throw new Error(r.refusal.message);
    c = r.record;
  }
  return c;
}

let env: CommentTestEnv;
beforeAll(async () => {
  env = await startCommentEnv();
  const reply: CaseAction = { type: 'reply', text: '已办理' };
  const cases = [
    // letters of the water bureau, 转交办 (5 working days); received 09-30 → due 10-13
    seeded('letter', WATER, '2026-09-30', [[reply, '2026-10-08']]), // 1 working day, on time
    seeded('letter', WATER, '2026-09-30', [[reply, '2026-10-13']]), // 5, on time (the due day)
    seeded('letter', WATER, '2026-09-30', [[reply, '2026-10-14']]), // 6, late
    seeded('letter', WATER, '2026-09-30'), // open, overdue on 10-20
    seeded('letter', WATER, '2026-10-16'), // open, due 10-23: not overdue on 10-20
    // an application of the water bureau: received 09-28, due 10-30, answered 10-29 (19 working days)
    seeded('application', WATER, '2026-09-28', [[{ type: 'reply', text: '予以公开', application: { type: 'disclosed', access: '随告知书提供' } }, '2026-10-29']]),
    // housing: one letter extended by 3 and answered on the new due date
    seeded('letter', HOUSING, '2026-09-30', [
      [{ type: 'extend', days: 3, reason: '需现场核查' }, '2026-10-12'],
      [reply, '2026-10-16'],
    ]), // due 10-16 after the extension (10-14, 10-15, 10-16), 8 working days
  ];
  for (const c of cases) await createCaseRecord(c);
});
afterAll(async () => {
  await env.close();
});

describe('handling statistics', () => {
  it('per unit and kind from the store, with nothing personal in the facts', async () => {
    const facts = await caseFactsFromStore();
    expect(JSON.stringify(facts)).not.toMatch(/王五|13800138000|已办理/);
    const stats = handlingStatistics(facts, '2026-10-20', cal);
    expect(stats.rows.map((r) => `${r.unit.id}/${r.kind}`)).toEqual(['water/application', 'water/letter', 'housing/letter']) // by name in pinyin order: 水 before 住;
    const waterLetters = stats.rows.find((r) => r.unit.id === 'water' && r.kind === 'letter')!.figures;
    expect(waterLetters).toEqual({ received: 5, answered: 3, onTime: 2, late: 1, overdueNow: 1, open: 1, withdrawn: 0, medianWorkingDays: 5, onTimeRate: 2 / 3 });
    expect(stats.rows.find((r) => r.unit.id === 'water' && r.kind === 'application')!.figures).toMatchObject({ received: 1, onTime: 1, medianWorkingDays: 19 });
    expect(stats.rows.find((r) => r.unit.id === 'housing')!.figures).toMatchObject({ received: 1, onTime: 1, late: 0, medianWorkingDays: 8 });
    expect(stats.byUnit.find((u) => u.unit.id === 'water')!.figures).toMatchObject({ received: 6, answered: 4, medianWorkingDays: 5.5 });
    expect(stats.total).toMatchObject({ received: 7, answered: 5, onTime: 4, late: 1, overdueNow: 1, open: 1, medianWorkingDays: 6 });
    expect(stats.byKind.map((k) => k.kind)).toEqual(['application', 'letter']);
  });
  it('the due day itself is on time, the day after late; overdue only after the due date', () => {
    const fact = (answeredOn: string | null): CaseFact => ({ unit: WATER, kind: 'letter', receivedOn: '2026-09-30', dueDate: '2026-10-13', status: answeredOn ? 'replied' : 'in-progress', answeredOn });
    expect(handlingStatistics([fact('2026-10-13')], '2026-10-20', cal).total).toMatchObject({ onTime: 1, late: 0 });
    expect(handlingStatistics([fact('2026-10-14')], '2026-10-20', cal).total).toMatchObject({ onTime: 0, late: 1 });
    expect(handlingStatistics([fact(null)], '2026-10-13', cal).total).toMatchObject({ overdueNow: 0, open: 1 });
    expect(handlingStatistics([fact(null)], '2026-10-14', cal).total).toMatchObject({ overdueNow: 1, open: 0 });
    expect(handlingStatistics([{ ...fact(null), status: 'withdrawn', kind: 'application' }], '2026-12-01', cal).total).toMatchObject({ received: 1, withdrawn: 1, overdueNow: 0, answered: 0, onTimeRate: null, medianWorkingDays: null });
  });
  it('working days to answer and the median', () => {
    expect(workingDaysToAnswer('2026-09-30', '2026-09-30', cal)).toBe(0);
    expect(workingDaysToAnswer('2026-09-30', '2026-10-08', cal)).toBe(1);
    expect(workingDaysToAnswer('2026-09-30', '2026-10-12', cal)).toBe(4);
    expect(median([])).toBeNull();
    expect(median([9, 1, 5])).toBe(5);
    expect(median([1, 5, 6, 9])).toBe(5.5);
  });
});
