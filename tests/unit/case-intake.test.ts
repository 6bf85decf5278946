/**
 * Applications and letters taken in as cases (real local Blobs store): the case
 * exists before the mails are queued, a resend finds the same case and code, the
 * sender's acknowledgement carries the receipt and query code, and no mail carries
 * what was written or who wrote it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateApplication } from '../../src/lib/applications/application-form.ts';
import { DEFAULT_CASE_LIMITS } from '../../src/lib/cases/time-limits.ts';
import { validateLetter } from '../../src/lib/letters/letter-form.ts';
import { completeCorrectionWithCode } from '../../src/server/application-cases.ts';
import { queueRows, readCase } from '../../src/server/case-store.ts';
import { takeApplication, takeLetter, type CaseIntakeContext } from '../../src/server/case-intake.ts';
import { queuedMail } from '../../src/server/outbox.ts';
import { senderCaseView } from '../../src/server/case-workspace.ts';
import { updateCase } from '../../src/server/case-store.ts';
import { officialCalendar } from '../../src/lib/official-calendar.ts';
import { startCommentEnv, type CommentTestEnv } from '../helpers/comments.ts';

const WATER = { id: 'water', name: '市水务局', email: 'water@example.gov.cn' };
const form = (o: Record<string, string>) => new Map(Object.entries(o));
const APPLICATION = { applicantType: 'citizen', name: '张三', idType: 'resident-id', idNumber: '11010519491231002X', contact: 'zhangsan@example.com', address: '', information: '2025 年度本市黑臭水体整治工程的资金使用明细', documentNumber: '', form: 'electronic', delivery: 'email' };

let env: CommentTestEnv;
let ctx: CaseIntakeContext;
beforeAll(async () => {
  env = await startCommentEnv();
  env.clock.now = new Date('2026-09-30T16:00:00+08:00');
  ctx = { now: env.clock.now, limits: DEFAULT_CASE_LIMITS, queryCodeKey: 'test-receipt-salt', siteName: '测试政务公开网站', siteUrl: 'https://gongkai.test.example', office: { name: '市政务公开办公室', email: 'gkb@example.gov.cn' } };
});
afterAll(async () => {
  await env.close();
});

function application(extra: Record<string, string> = {}) {
  const v = validateApplication(form({ ...APPLICATION, ...extra }));
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return v.value;
}

describe('taking in an application', () => {
  it('a case of the office due on the 20th working day; the acknowledgement has the code, the office notice no personal data', async () => {
    const r = await takeApplication(application(), ctx);
    expect(r.outcome).toBe('created');
    expect(r.record.receipt).toMatch(/^SQ-20260930-/);
    expect(r.record).toMatchObject({ kind: 'application', unit: { id: 'office' }, dueDate: '2026-11-03' });
    expect((await readCase(r.record.receipt))?.record.revision).toBe(1);
    const mails = await Promise.all(r.mailIds.map((id) => queuedMail(id)));
    const ack = mails.find((m) => m?.to === 'zhangsan@example.com');
    const notice = mails.find((m) => m?.to === 'gkb@example.gov.cn');
    expect(ack?.text).toContain(`查询码：${r.queryCode}`);
    expect(ack?.text).toContain('办理期限至 2026年11月3日');
    expect(notice?.text).toContain(r.record.receipt);
    for (const m of [ack, notice]) expect(m?.text).not.toMatch(/张三|11010519491231002X|黑臭水体整治工程的资金/);
    expect(notice?.text).not.toContain(r.queryCode);
  });

  it('a resend the same day finds the same case and code; another application gets another number', async () => {
    const first = await takeApplication(application({ information: '2026 年度河长制工作方案全文' }), ctx);
    const again = await takeApplication(application({ information: '2026 年度河长制工作方案全文' }), ctx);
    expect(again).toMatchObject({ outcome: 'replay', queryCode: first.queryCode, record: { receipt: first.record.receipt } });
    expect((await queueRows('office')).filter((row) => row.receipt === first.record.receipt)).toHaveLength(1);
    const other = await takeApplication(application({ information: '2026 年度河长制工作考核结果' }), ctx);
    expect(other.record.receipt).not.toBe(first.record.receipt);
    expect(other.queryCode).not.toBe(first.queryCode);
  });

  it('the query code given is the one that completes the application (补正)', async () => {
    const r = await takeApplication(application({ information: '玉带溪整治工程的竣工验收报告' }), ctx);
    expect(await completeCorrectionWithCode(r.record.receipt, r.queryCode, '补正内容', { now: ctx.now, limits: DEFAULT_CASE_LIMITS, key: 'test-receipt-salt' })).toEqual({ status: 'refused', message: '本申请无需补正' });
    expect(await completeCorrectionWithCode(r.record.receipt, 'ZZZZ-ZZZZ', '补正内容', { now: ctx.now, limits: DEFAULT_CASE_LIMITS, key: 'test-receipt-salt' })).toEqual({ status: 'wrong-code' });
  });
});

describe('the applicant’s view with the query code', () => {
  it('shows the request to complete and, after the reply, its type and parts — only with the right code', async () => {
    const r = await takeApplication(application({ information: '市水务局 2026 年政府信息公开工作年度报告的底稿' }), ctx);
    const at = (day: string) => new Date(`${day}T10:00:00+08:00`);
    const staff = { kind: 'office', email: 'gkb-staff@example.gov.cn' } as const;
    const act = (action: Parameters<typeof updateCase>[0]['action'], day: string) => updateCase({ receipt: r.record.receipt, revision: null, action, actor: staff, now: at(day), limits: DEFAULT_CASE_LIMITS, calendar: officialCalendar });
    expect((await act({ type: 'request-correction', items: '请说明所需底稿的具体范围', periodDays: 5 }, '2026-10-08')).status).toBe('updated');
    const view = await senderCaseView(r.record.receipt, r.queryCode, 'test-receipt-salt', at('2026-10-09'), DEFAULT_CASE_LIMITS);
    // 10-08 + 5 working days: 10-09, 10-10, 10-12, 10-13, 10-14.
    expect(view?.correction).toEqual({ items: '请说明所需底稿的具体范围', dueOn: '2026年10月14日', completedOn: null, open: true });
    expect((await senderCaseView(r.record.receipt, r.queryCode, 'test-receipt-salt', at('2026-10-15'), DEFAULT_CASE_LIMITS))?.correction?.open).toBe(false);
    expect((await senderCaseView(r.record.receipt, 'ZZZZ-ZZZZ', 'test-receipt-salt', at('2026-10-09'), DEFAULT_CASE_LIMITS))?.correction).toBeNull();
    expect((await completeCorrectionWithCode(r.record.receipt, r.queryCode, '2026 年度报告的统计表底稿', { now: at('2026-10-14'), limits: DEFAULT_CASE_LIMITS, key: 'test-receipt-salt' })).status).toBe('updated');
    expect((await act({ type: 'reply', text: '该信息属于内部过程性信息。', application: { type: 'withheld', reason: '内部过程性信息', basis: '《政府信息公开条例》第十六条' } }, '2026-10-20')).status).toBe('updated');
    const answered = await senderCaseView(r.record.receipt, r.queryCode, 'test-receipt-salt', at('2026-10-21'), DEFAULT_CASE_LIMITS);
    expect(answered?.reply?.lines).toEqual([
      { label: '答复类型', value: '不予公开' },
      { label: '答复内容', value: '该信息属于内部过程性信息。' },
      { label: '理由', value: '内部过程性信息' },
      { label: '依据', value: '《政府信息公开条例》第十六条' },
    ]);
    expect((await senderCaseView(r.record.receipt, null, 'test-receipt-salt', at('2026-10-21'), DEFAULT_CASE_LIMITS))?.reply).toBeNull();
  });
});

describe('taking in a letter', () => {
  it('to a unit: that unit’s case and notice; to the leaders’ mailbox: the office’s; a phone contact gets no mail', async () => {
    const v = validateLetter(form({ mailbox: 'unit', unit: 'water', purpose: 'complaint', topic: 'water-affairs', title: '排水口异味', content: '小区旁排水口长期有异味，请尽快处理。', contact: '13800138000' }), new Set(['water']));
    if (!v.ok) throw new Error('invalid');
    const r = await takeLetter(v.value, WATER, ctx);
    expect(r.record).toMatchObject({ receipt: expect.stringMatching(/^TS-/), unit: { id: 'water' }, dueDate: '2026-10-13' });
    expect(r.mailIds).toHaveLength(1);
    expect((await queuedMail(r.mailIds[0]!))?.to).toBe('water@example.gov.cn');

    const lv = validateLetter(form({ mailbox: 'leaders', purpose: 'suggestion', topic: 'transport', title: '建议加密公交班次', content: '早高峰 12 路公交车太挤，建议加密班次。', contact: 'li@example.com' }), new Set(['water']));
    if (!lv.ok) throw new Error('invalid');
    const l = await takeLetter(lv.value, null, ctx);
    expect(l.record.unit.id).toBe('office');
    const tos = (await Promise.all(l.mailIds.map((id) => queuedMail(id)))).map((m) => m?.to).sort();
    expect(tos).toEqual(['gkb@example.gov.cn', 'li@example.com']);
  });
});
