/**
 * Applications for disclosure and letters as cases, with the real local Blobs
 * server: the statutory clock through the case core (补正 completed with the
 * query code, a third-party pause, one extension, a typed reply), withdrawal
 * when 补正 lapses, a letter's life, and the forms' checks. Dates typed by hand
 * from the 2026 arrangement (中秋 off 09-25..09-27, National Day off 10-01..10-07,
 * Saturday 10-10 a working day).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCreditCode, isResidentIdNumber, validateApplication } from '../../src/lib/applications/application-form.ts';
import { verifyChain } from '../../src/lib/cases/audit.ts';
import { stateOf, type Actor, type CaseAction } from '../../src/lib/cases/case.ts';
import { hashQueryCode } from '../../src/lib/cases/query-code.ts';
import { DEFAULT_CASE_LIMITS } from '../../src/lib/cases/time-limits.ts';
import { validateLetter } from '../../src/lib/letters/letter-form.ts';
import { officialCalendar } from '../../src/lib/official-calendar.ts';
import { receiptNumberFromBytes } from '../../src/lib/receipt-number.ts';
import { completeCorrectionWithCode, officeUnit, receiveApplication, receiveLetter, withdrawLapsedApplications } from '../../src/server/application-cases.ts';
import { queueRows, readCase, updateCase } from '../../src/server/case-store.ts';
import { startCommentEnv, type CommentTestEnv } from '../helpers/comments.ts';

const KEY = 'test-receipt-salt';
const OFFICE_UNIT = officeUnit({ name: '市政务公开办公室', email: 'gkb@example.gov.cn' });
const WATER = { id: 'water', name: '市水务局', email: 'water@example.gov.cn' };
const OFFICE: Actor = { kind: 'office', email: 'gkb-staff@example.gov.cn' };
const WATER_STAFF: Actor = { kind: 'unit', email: 'a@water.example.gov.cn', unit: 'water' };
const form = (o: Record<string, string>) => new Map(Object.entries(o));
const APPLICATION = {
  applicantType: 'citizen',
  name: '张三',
  idType: 'resident-id',
  idNumber: '11010519491231002x',
  contact: 'zhangsan@example.com',
  address: '北京市东城区某街道 1 号',
  information: '2025 年度本市黑臭水体整治工程的资金使用明细',
  documentNumber: '',
  form: 'electronic',
  delivery: 'email',
};

let env: CommentTestEnv;
beforeAll(async () => {
  env = await startCommentEnv();
});
afterAll(async () => {
  await env.close();
});

let seq = 0;
async function apply(receivedAt: string, code = 'ABCD-2345') {
  const v = validateApplication(form(APPLICATION));
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  const receipt = receiptNumberFromBytes(receivedAt.slice(0, 10), Uint8Array.of(1, 2, 3, 4, ++seq), 'application');
  const { record } = await receiveApplication({ fields: v.value, receipt, receivedAt: new Date(`${receivedAt}+08:00`), queryCodeHash: hashQueryCode(code, receipt, KEY), office: OFFICE_UNIT, attachments: [] }, DEFAULT_CASE_LIMITS);
  return { receipt, code, record };
}
const on = (day: string) => new Date(`${day}T10:00:00+08:00`);
async function act(receipt: string, action: CaseAction, day: string, actor: Actor = OFFICE) {
  return updateCase({ receipt, revision: null, action, actor, now: on(day), limits: DEFAULT_CASE_LIMITS, calendar: officialCalendar });
}
async function ok(receipt: string, action: CaseAction, day: string, actor: Actor = OFFICE) {
  const r = await act(receipt, action, day, actor);
  if (r.status !== 'updated') throw new Error(JSON.stringify(r));
  return r.record;
}

describe('an application through the case core', () => {
  it('received on 中秋, 补正 completed with the query code, a third-party pause, one extension, a typed reply', async () => {
    const { receipt, code, record } = await apply('2026-09-25T21:30:00');
    expect(record).toMatchObject({ kind: 'application', status: 'received', receivedOn: '2026-09-25', dueDate: '2026-10-29', unit: { id: 'office' }, correction: null });
    expect(record.sender).toEqual({ name: '张三', contact: { kind: 'email', value: 'zhangsan@example.com' }, identity: '11010519491231002X', address: '北京市东城区某街道 1 号' });
    expect(record.subject).not.toContain('张三');
    expect((await queueRows('office')).map((r) => r.receipt)).toContain(receipt);

    await ok(receipt, { type: 'assign', unit: WATER }, '2026-09-28');
    // 补正 on 09-29 with 5 working days: 09-30 (1), 10-08 … 10-10 (4), 10-12 (5).
    let c = await ok(receipt, { type: 'request-correction', items: '请写明所需信息的年度和项目名称', periodDays: 5 }, '2026-09-29', WATER_STAFF);
    expect(c).toMatchObject({ status: 'suspended', dueDate: null, correction: { requestedOn: '2026-09-29', dueOn: '2026-10-12', completedOn: null, items: '请写明所需信息的年度和项目名称' } });
    expect(await act(receipt, { type: 'resume' }, '2026-10-08', WATER_STAFF)).toMatchObject({ status: 'refused', refusal: { message: expect.stringContaining('等待申请人补正') } });
    expect(await completeCorrectionWithCode(receipt, 'WRONG234', '2025 年度', { now: on('2026-10-09'), limits: DEFAULT_CASE_LIMITS, key: KEY })).toEqual({ status: 'wrong-code' });
    const done = await completeCorrectionWithCode(receipt, code.toLowerCase(), '2025 年度玉带溪整治工程', { now: on('2026-10-09'), limits: DEFAULT_CASE_LIMITS, key: KEY });
    if (done.status !== 'updated') throw new Error(JSON.stringify(done));
    // From 10-09: 10-10 (1), 10-12 … 10-16 (6), 10-19 … 10-23 (11), 10-26 … 10-30 (16), 11-02 … 11-05 (20).
    expect(done.record).toMatchObject({ status: 'assigned', dueDate: '2026-11-05', correction: { completedOn: '2026-10-09' } });
    expect(done.record.submission.at(-1)).toEqual({ label: '补正内容（2026-10-09）', value: '2025 年度玉带溪整治工程' });
    expect(await completeCorrectionWithCode(receipt, code, '再次补正', { now: on('2026-10-10'), limits: DEFAULT_CASE_LIMITS, key: KEY })).toEqual({ status: 'refused', message: '本申请已经补正' });

    expect(await act(receipt, { type: 'suspend', reason: '征求第三方意见' }, '2026-10-15', WATER_STAFF)).toMatchObject({ status: 'refused', refusal: { message: expect.stringContaining('请选择暂停原因') } });
    c = await ok(receipt, { type: 'suspend', reason: '涉及施工企业商业信息，书面征求其意见', cause: 'third-party' }, '2026-10-15', WATER_STAFF);
    expect(c).toMatchObject({ status: 'suspended', dueDate: null });
    c = await ok(receipt, { type: 'resume' }, '2026-10-16', WATER_STAFF);
    expect(c).toMatchObject({ status: 'assigned', dueDate: '2026-11-06' });

    expect(await act(receipt, { type: 'extend', days: 21, reason: '信息量大' }, '2026-10-20', WATER_STAFF)).toMatchObject({ status: 'refused' });
    c = await ok(receipt, { type: 'extend', days: 10, reason: '所需信息涉及多个年度，需汇总整理' }, '2026-10-20', WATER_STAFF);
    expect(c.dueDate).toBe('2026-11-20');
    expect(await act(receipt, { type: 'extend', days: 1, reason: '再延一天' }, '2026-10-21', WATER_STAFF)).toMatchObject({ status: 'refused', refusal: { message: '依申请公开的答复期限只能延长一次' } });

    expect(await act(receipt, { type: 'reply', text: '经审查，决定不予公开。' }, '2026-11-19', WATER_STAFF)).toMatchObject({ status: 'refused', refusal: { message: '请选择答复类型' } });
    expect(await act(receipt, { type: 'reply', text: '经审查，决定不予公开。', application: { type: 'withheld', reason: '涉及商业秘密' } }, '2026-11-19', WATER_STAFF)).toMatchObject({
      status: 'refused',
      refusal: { message: '“不予公开”的答复须写明依据' },
    });
    c = await ok(receipt, { type: 'reply', text: '经审查，所申请信息部分公开。', application: { type: 'partly-disclosed', access: '随本告知书以电子邮件提供', reason: '施工单位报价涉及商业秘密', basis: '《政府信息公开条例》第十五条、第三十七条' } }, '2026-11-20', WATER_STAFF);
    expect(c).toMatchObject({ status: 'replied', reply: { application: { type: 'partly-disclosed', basis: '《政府信息公开条例》第十五条、第三十七条' } } });
    expect(c.history.at(-1)?.detail).toMatchObject({ onTime: 'yes', replyType: 'partly-disclosed' });
    expect(verifyChain(receipt, c.history, stateOf(c))).toMatchObject({ ok: true });
  });

  it('补正 not completed within its period: treated as withdrawn by the daily run, once', async () => {
    const { receipt, code } = await apply('2026-10-12T09:00:00');
    expect(await act(receipt, { type: 'request-correction', items: '请写明文件名称', periodDays: 5 }, '2026-10-22')).toMatchObject({ status: 'refused', refusal: { message: expect.stringContaining('7 个工作日内') } });
    // Sent 10-13: 10-14 (1), 10-15, 10-16, 10-19, 10-20 (5).
    await ok(receipt, { type: 'request-correction', items: '请写明文件名称', periodDays: 5 }, '2026-10-13');
    expect(await act(receipt, { type: 'withdraw' }, '2026-10-20')).toMatchObject({ status: 'refused', refusal: { message: '补正期限至 2026-10-20，期限届满前不能视为撤回' } });
    expect(await withdrawLapsedApplications(on('2026-10-20'), DEFAULT_CASE_LIMITS)).not.toContain(receipt);
    expect(await withdrawLapsedApplications(on('2026-10-21'), DEFAULT_CASE_LIMITS)).toContain(receipt);
    expect((await readCase(receipt))?.record).toMatchObject({ status: 'withdrawn', dueDate: null });
    expect(await withdrawLapsedApplications(on('2026-10-22'), DEFAULT_CASE_LIMITS)).not.toContain(receipt);
    expect(await completeCorrectionWithCode(receipt, code, '文件名称', { now: on('2026-10-21'), limits: DEFAULT_CASE_LIMITS, key: KEY })).toMatchObject({ status: 'refused' });
    expect((await queueRows('office')).find((r) => r.receipt === receipt)?.status).toBe('withdrawn');
  });

  it('erasing the applicant’s personal data takes the identity number and address out of the submission too', async () => {
    const { receipt } = await apply('2026-10-12T11:00:00');
    const c = await ok(receipt, { type: 'erase-sender', reason: '申请人要求删除' }, '2026-10-13');
    const text = JSON.stringify(c.submission);
    for (const gone of ['张三', '11010519491231002X', 'zhangsan@example.com', '北京市东城区某街道 1 号']) expect(text).not.toContain(gone);
    expect(c.sender).toEqual({ name: null, contact: null });
  });

  it('actions of the application clock are refused for other kinds', async () => {
    const v = validateLetter(form({ mailbox: 'unit', unit: 'water', purpose: 'complaint', topic: 'water-affairs', title: '排水口异味', content: '小区旁排水口长期有异味，请尽快处理。' }), new Set(['water']));
    if (!v.ok) throw new Error(JSON.stringify(v.errors));
    const receipt = receiptNumberFromBytes('2026-10-12', Uint8Array.of(9, 9, 9, 9, ++seq), 'letter');
    await receiveLetter({ fields: v.value, receipt, receivedAt: on('2026-10-12'), queryCodeHash: 'x', unit: WATER }, DEFAULT_CASE_LIMITS);
    expect(await act(receipt, { type: 'request-correction', items: '补充地址', periodDays: 5 }, '2026-10-13')).toMatchObject({ status: 'refused', refusal: { message: '只有依申请公开的办件可以告知补正' } });
    expect(await act(receipt, { type: 'suspend', reason: '征求意见', cause: 'third-party' }, '2026-10-13')).toMatchObject({ status: 'refused' });
    expect(await act(receipt, { type: 'reply', text: '已处理', application: { type: 'disclosed', access: 'x' } }, '2026-10-13')).toMatchObject({ status: 'refused', refusal: { message: '只有依申请公开的办件有答复类型' } });
  });
});

describe('a letter’s life', () => {
  it('to a unit, handled 立即办 by staff, answered and closed; to the leaders’ mailbox it goes to the office', async () => {
    const units = new Set(['water']);
    const v = validateLetter(form({ mailbox: 'unit', unit: 'water', purpose: 'suggestion', topic: 'water-affairs', title: '建议增设河道护栏', content: '玉带溪公园段河道没有护栏，老人孩子经过有危险，建议增设。', name: '李四', contact: '13800138000', publish: 'yes' }), units);
    if (!v.ok) throw new Error(JSON.stringify(v.errors));
    const receipt = receiptNumberFromBytes('2026-09-30', Uint8Array.of(7, 7, 7, 7, ++seq), 'letter');
    const { record } = await receiveLetter({ fields: v.value, receipt, receivedAt: on('2026-09-30'), queryCodeHash: 'x', unit: WATER }, DEFAULT_CASE_LIMITS);
    // 转交办 5 working days from 09-30: 10-08, 10-09, 10-10, 10-12, 10-13.
    expect(record).toMatchObject({ kind: 'letter', unit: { id: 'water' }, handling: 'referred', dueDate: '2026-10-13', letter: { mailbox: 'unit', purpose: 'suggestion', topic: 'water-affairs', publish: true } });
    expect(record.subject).toBe('部门信箱 · 建议 · 水务水利');
    let c = await ok(receipt, { type: 'set-handling', handling: 'immediate' }, '2026-09-30', WATER_STAFF);
    expect(c.dueDate).toBe('2026-10-08');
    c = await ok(receipt, { type: 'start' }, '2026-10-08', WATER_STAFF);
    c = await ok(receipt, { type: 'reply', text: '已安排在玉带溪公园段增设护栏，预计本月底完工。' }, '2026-10-08', WATER_STAFF);
    expect(c.history.at(-1)?.detail).toMatchObject({ onTime: 'yes' });
    c = await ok(receipt, { type: 'close' }, '2026-10-09', WATER_STAFF);
    expect(c.status).toBe('closed');

    const lv = validateLetter(form({ mailbox: 'leaders', purpose: 'complaint', topic: 'government-service', title: '办事窗口排队时间长', content: '政务服务中心社保窗口排队时间过长，希望增加窗口。' }), units);
    if (!lv.ok) throw new Error(JSON.stringify(lv.errors));
    const r2 = receiptNumberFromBytes('2026-09-30', Uint8Array.of(7, 7, 7, 8, ++seq), 'letter');
    const { record: toLeaders } = await receiveLetter({ fields: lv.value, receipt: r2, receivedAt: on('2026-09-30'), queryCodeHash: 'x', unit: OFFICE_UNIT }, DEFAULT_CASE_LIMITS);
    expect(toLeaders).toMatchObject({ unit: { id: 'office' }, letter: { mailbox: 'leaders', publish: false }, sender: { name: null, contact: null } });
  });
});

describe('the forms’ checks', () => {
  it('identity numbers by their check characters', () => {
    expect(isResidentIdNumber('11010519491231002X')).toBe(true);
    expect(isResidentIdNumber('110105194912310021')).toBe(false);
    expect(isResidentIdNumber('11010519491231002')).toBe(false);
    expect(isCreditCode('91350100M000100Y43')).toBe(true);
    expect(isCreditCode('91350100M000100Y44')).toBe(false);
    expect(isCreditCode('91350100M000100Y4I')).toBe(false);
  });
  it('an application: every field 第二十九条 requires, named when missing or wrong', () => {
    const errors = (o: Record<string, string>) => {
      const r = validateApplication(form(o));
      return r.ok ? [] : r.errors.map((e) => `${e.field}:${e.code}`);
    };
    expect(errors(APPLICATION)).toEqual([]);
    expect(errors({})).toEqual(['applicantType:applicant-type-required', 'name:name-required', 'idType:id-type-required', 'idNumber:idNumber-required', 'contact:contact-required', 'information:information-empty', 'form:form-required', 'delivery:delivery-required']);
    expect(errors({ ...APPLICATION, idNumber: '110105194912310021' })).toEqual(['idNumber:id-number-invalid']);
    expect(errors({ ...APPLICATION, delivery: 'post', address: '' })).toEqual(['address:address-required']);
    expect(errors({ ...APPLICATION, contact: '13800138000' })).toEqual(['contact:email-required']);
    expect(errors({ ...APPLICATION, form: 'paper' })).toEqual(['form:form-mismatch']);
    expect(errors({ ...APPLICATION, information: '资金' })).toEqual(['information:information-too-short']);
    expect(errors({ ...APPLICATION, information: '\u200b\u200b\u200b\u200b\u200b\u200b' })).toEqual(['information:information-invisible']);
    expect(errors({ ...APPLICATION, name: '张\n三' })).toEqual(['name:name-control-chars']);
    expect(errors({ ...APPLICATION, name: '张'.repeat(51) })).toEqual(['name:name-too-long']);
    expect(errors({ ...APPLICATION, role: 'admin' })).toEqual(['form:unexpected-field']);
    expect(errors({ ...APPLICATION, applicantType: 'organisation', name: '某某科技有限公司', idType: 'credit-code', idNumber: '91350100M000100Y43' })).toEqual([]);
  });
  it('a letter: mailbox, unit, category, topic, title and content; contact optional but valid', () => {
    const units = new Set(['water']);
    const base = { mailbox: 'unit', unit: 'water', purpose: 'complaint', topic: 'water-affairs', title: '排水口异味', content: '小区旁排水口长期有异味，请尽快处理。' };
    const errors = (o: Record<string, string>) => {
      const r = validateLetter(form(o), units);
      return r.ok ? [] : r.errors.map((e) => `${e.field}:${e.code}`);
    };
    expect(errors(base)).toEqual([]);
    expect(errors({ ...base, unit: 'nowhere' })).toEqual(['unit:unit-required']);
    expect(errors({ ...base, mailbox: 'leaders' })).toEqual(['unit:unit-not-expected']);
    expect(errors({ ...base, mailbox: 'mayor' })).toEqual(['mailbox:mailbox-required']);
    expect(errors({ ...base, purpose: '' })).toEqual(['purpose:purpose-required']);
    expect(errors({ ...base, topic: 'toString' })).toEqual(['topic:topic-required']);
    expect(errors({ ...base, title: '异味' })).toEqual(['title:title-too-short']);
    expect(errors({ ...base, content: '有异味' })).toEqual(['content:content-too-short']);
    expect(errors({ ...base, content: 'x'.repeat(3001) })).toEqual(['content:content-too-long']);
    expect(errors({ ...base, contact: 'not a contact' })).toEqual(['contact:contact-invalid']);
    expect(errors({ ...base, publish: 'maybe' })).toEqual(['publish:publish-invalid']);
    expect(errors({ ...base, extra: '1' })).toEqual(['form:unexpected-field']);
  });
});
