/**
 * Case reminders in the daily run, day by day around National Day 2026 (dates
 * typed by hand): the unit is reminded once when the case comes within 3
 * working days of its due date, the disclosure office told once when it is
 * overdue; repeated and overlapping runs send nothing twice; an extension
 * moves the due date and earns one new reminder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/cases/case.ts';
import { DEFAULT_CASE_LIMITS } from '../../src/lib/cases/time-limits.ts';
import { officialCalendar } from '../../src/lib/official-calendar.ts';
import { readCase, updateCase } from '../../src/server/case-store.ts';
import { runScheduledNotifications } from '../../src/server/notifications.ts';
import { handleReport } from '../../src/server/report-submit.ts';
import type { CommentTestEnv } from '../helpers/comments.ts';
import { morningOf, takeMails } from '../helpers/notifications.ts';
import { REPORT_BASE, RIVER_UNIT, startReportEnv } from '../helpers/reports.ts';

const OFFICE_EMAIL = 'gkb@example.gov.cn'; // the fixture site's disclosure office
const SZQ: Actor = { kind: 'unit', email: 'a@szq.example.gov.cn', unit: 'szq' };

let env: CommentTestEnv;
let receipt: string;
beforeAll(async () => {
  env = await startReportEnv();
  env.clock.now = new Date('2026-09-28T10:00:00+08:00');
  const fd = new FormData();
  for (const [k, v] of Object.entries({ waterBody: 'yudaixi', kind: '污水直排', what: '国庆前发现排水口有污水直排。', where: '玉带溪公园东门桥下', seen: '2026-09-27' })) fd.append(k, v);
  const res = await handleReport(new Request(`${REPORT_BASE}/api/reports`, { method: 'POST', body: fd, headers: { accept: 'application/json' } }), { ip: '203.0.113.9' });
  expect(res.status).toBe(201);
  ({ receipt } = (await res.json()) as { receipt: string });
  takeMails(env);
});
afterAll(async () => {
  await env.close();
});

async function runOn(date: string): Promise<{ to: string; subject: string; text: string }[]> {
  env.clock.now = morningOf(date);
  const report = await runScheduledNotifications({ log: () => {} });
  expect(report.errors).toEqual([]);
  return takeMails(env).filter((m) => m.subject.startsWith('【办件'));
}

describe('case reminders, exactly once', () => {
  it('reminds the unit 3 working days ahead, escalates to the office when overdue, once each', async () => {
    expect((await readCase(receipt))?.record.dueDate).toBe('2026-10-10'); // 09-29, 09-30, 10-08, 10-09, 10-10
    expect(await runOn('2026-09-29')).toEqual([]); // 4 working days left
    const reminder = await runOn('2026-09-30'); // 10-08, 10-09, 10-10: 3 left
    expect(reminder.map((m) => [m.to, m.subject])).toEqual([[RIVER_UNIT, `【办件提醒】${receipt} 将于2026年10月10日到期`]]);
    expect(reminder[0]!.text).toContain('还有 3 个工作日到期');
    expect(reminder[0]!.text).toContain(`/staff/cases/${receipt}/`);
    expect(reminder[0]!.text).not.toContain('国庆前发现排水口'); // the sender's text stays in the workspace
    expect(await runOn('2026-09-30')).toEqual([]);
    expect(await runOn('2026-10-08')).toEqual([]);
    expect(await runOn('2026-10-10')).toEqual([]); // the due date itself (a make-up working day)
    const overdue = await runOn('2026-10-12');
    expect(overdue.map((m) => [m.to, m.subject])).toEqual([[OFFICE_EMAIL, `【办件超期】${receipt}（市中区人民政府）已超过办理期限`]]);
    expect(await runOn('2026-10-12')).toEqual([]);
    expect(await runOn('2026-10-13')).toEqual([]);
  });

  it('overlapping runs on the same morning send one mail', async () => {
    const c = (await readCase(receipt))!.record;
    env.clock.now = morningOf('2026-10-13');
    const extended = await updateCase({ receipt, revision: c.revision, action: { type: 'extend', days: 5, reason: '需会同环保部门现场核查' }, actor: SZQ, now: env.clock.now, limits: DEFAULT_CASE_LIMITS, calendar: officialCalendar });
    expect(extended).toMatchObject({ status: 'updated', record: { dueDate: '2026-10-16' } }); // 10-12 … 10-16; on 10-13 three are left
    const [a, b] = await Promise.all([runScheduledNotifications({ log: () => {} }), runScheduledNotifications({ log: () => {} })]);
    expect([...a.errors, ...b.errors]).toEqual([]);
    const mails = takeMails(env).filter((m) => m.subject.startsWith('【办件'));
    expect(mails.map((m) => [m.to, m.subject])).toEqual([[RIVER_UNIT, `【办件提醒】${receipt} 将于2026年10月16日到期`]]);
    expect(await runOn('2026-10-14')).toEqual([]);
  });

  it('a replied case is not reminded', async () => {
    const c = (await readCase(receipt))!.record;
    env.clock.now = morningOf('2026-10-15');
    expect(await updateCase({ receipt, revision: c.revision, action: { type: 'reply', text: '经核查，排水口已封堵。' }, actor: SZQ, now: env.clock.now, limits: DEFAULT_CASE_LIMITS, calendar: officialCalendar })).toMatchObject({ status: 'updated' });
    expect(await runOn('2026-10-20')).toEqual([]);
  });
});
