/**
 * The statutory clock of an application for disclosure. Every expected date is
 * typed by hand from the 2026 arrangement: 中秋 off 09-25..09-27, National Day off
 * 10-01..10-07, Sunday 09-20 and Saturday 10-10 working days.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  applicationDueDate,
  checkCorrectionCompletion,
  checkCorrectionRequest,
  checkExtension,
  clockStart,
  correctionRequestDeadline,
  treatedAsWithdrawn,
  type ApplicationClockInput,
  type Correction,
} from '../../src/lib/applications/clock.ts';
import { receiptDay } from '../../src/lib/applications/receipt-day.ts';
import { APPLICATION_REPLY_TYPE_IDS, checkApplicationReply, replyLines } from '../../src/lib/applications/reply-types.ts';
import { officialCalendar as cal } from '../../src/lib/official-calendar.ts';

const clock = (receivedOn: string, more: Partial<ApplicationClockInput> = {}): ApplicationClockInput => ({ receivedOn, limitDays: 20, extensions: [], pauses: [], correction: null, ...more });
const due = (input: ApplicationClockInput) => applicationDueDate(input, cal);

describe('the reply is due on the 20th working day after the day of receipt', () => {
  it('received on 中秋 (09-25, a day off): due 10-29, across National Day and the make-up Saturday', () => {
    // 09-28 (1), 09-29, 09-30 (3), 10-08, 10-09, 10-10 (6), 10-12 … 10-16 (11), 10-19 … 10-23 (16), 10-26 … 10-29 (20)
    expect(due(clock('2026-09-25'))).toBe('2026-10-29');
    expect(due(clock('2026-09-25', { limitDays: 19 }))).toBe('2026-10-28');
    expect(due(clock('2026-09-24'))).toBe('2026-10-29');
  });
  it('received on 09-30, the eve of the holiday: due 11-03', () => {
    expect(due(clock('2026-09-30'))).toBe('2026-11-03');
  });
  it('received on 09-28: the day of receipt is not counted, due 10-30', () => {
    expect(due(clock('2026-09-28'))).toBe('2026-10-30');
  });
  it('received on the make-up Saturday 10-10: counting starts on Monday 10-12, due 11-06', () => {
    expect(due(clock('2026-10-10'))).toBe('2026-11-06');
  });
  it('received on the make-up Sunday 09-20: due 10-23', () => {
    // 09-21 … 09-24 (4), 09-28 … 09-30 (7), 10-08 … 10-10 (10), 10-12 … 10-16 (15), 10-19 … 10-23 (20)
    expect(due(clock('2026-09-20'))).toBe('2026-10-23');
  });
});

describe('one extension of at most 20 working days, before the reply is due', () => {
  it('20 more working days after 10-29: due 11-26', () => {
    expect(due(clock('2026-09-25', { extensions: [{ days: 20 }] }))).toBe('2026-11-26');
    expect(due(clock('2026-09-25', { extensions: [{ days: 1 }] }))).toBe('2026-10-30');
  });
  it('the extension is checked: once, 1..20 (or the editors’ lower limit), not after the due date', () => {
    const input = clock('2026-09-25');
    expect(checkExtension(input, 20, 20, '2026-10-29', cal)).toEqual({ ok: true });
    expect(checkExtension(input, 21, 20, '2026-10-29', cal)).toMatchObject({ ok: false, message: '延长的期限应为 1 至 20 个工作日' });
    expect(checkExtension(input, 21, 40, '2026-10-29', cal)).toMatchObject({ ok: false });
    expect(checkExtension(input, 16, 15, '2026-10-20', cal)).toMatchObject({ ok: false, message: '延长的期限应为 1 至 15 个工作日' });
    expect(checkExtension(input, 15, 15, '2026-10-20', cal)).toEqual({ ok: true });
    expect(checkExtension(input, 0, 20, '2026-10-20', cal)).toMatchObject({ ok: false });
    expect(checkExtension(input, 2.5, 20, '2026-10-20', cal)).toMatchObject({ ok: false });
    expect(checkExtension(input, 5, 20, '2026-10-30', cal)).toMatchObject({ ok: false, message: '答复期限已于 2026-10-29 届满，不能再延期' });
    expect(checkExtension(clock('2026-09-25', { extensions: [{ days: 5 }] }), 5, 20, '2026-10-20', cal)).toMatchObject({ ok: false, message: '依申请公开的答复期限只能延长一次' });
  });
});

describe('waiting for a third party or another body is not counted', () => {
  it('paused 10-12, opinion received 10-20: six working days left out, due 11-09 instead of 10-30', () => {
    expect(due(clock('2026-09-28', { pauses: [{ from: '2026-10-12', to: '2026-10-20' }] }))).toBe('2026-11-09');
    expect(due(clock('2026-09-28', { pauses: [{ from: '2026-10-12', to: '2026-10-12' }] }))).toBe('2026-10-30');
    expect(due(clock('2026-09-28', { pauses: [{ from: '2026-10-12', to: '2026-10-13' }] }))).toBe('2026-11-02');
  });
  it('no due date while the opinion is awaited', () => {
    expect(due(clock('2026-09-28', { pauses: [{ from: '2026-10-12', to: null }] }))).toBeNull();
  });
});

describe('补正: a request within 7 working days, the clock from the completed application', () => {
  it('the request may be sent until the 7th working day after receipt (10-13 for 09-28)', () => {
    expect(correctionRequestDeadline('2026-09-28', cal)).toBe('2026-10-13');
    expect(checkCorrectionRequest(clock('2026-09-28'), '2026-10-13', 15, cal)).toMatchObject({ ok: true });
    expect(checkCorrectionRequest(clock('2026-09-28'), '2026-10-14', 15, cal)).toMatchObject({ ok: false, message: expect.stringContaining('7 个工作日内') });
  });
  it('once only, with a period of 5 to 30 working days ending on a working day counted like the clock', () => {
    const sent = checkCorrectionRequest(clock('2026-09-28'), '2026-10-09', 15, cal);
    // 10-10 (1), 10-12 … 10-16 (6), 10-19 … 10-23 (11), 10-26 … 10-29 (15)
    expect(sent).toEqual({ ok: true, correction: { requestedOn: '2026-10-09', dueOn: '2026-10-29', completedOn: null } });
    expect(checkCorrectionRequest(clock('2026-09-28'), '2026-10-09', 4, cal)).toMatchObject({ ok: false });
    expect(checkCorrectionRequest(clock('2026-09-28'), '2026-10-09', 5, cal)).toMatchObject({ ok: true });
    expect(checkCorrectionRequest(clock('2026-09-28'), '2026-10-09', 30, cal)).toMatchObject({ ok: true });
    expect(checkCorrectionRequest(clock('2026-09-28'), '2026-10-09', 31, cal)).toMatchObject({ ok: false });
    const correction = (sent as { correction: Correction }).correction;
    expect(checkCorrectionRequest(clock('2026-09-28', { correction }), '2026-10-09', 15, cal)).toMatchObject({ ok: false, message: expect.stringContaining('一次性') });
  });
  it('while the completion is awaited there is no due date; the 20 days run from its arrival (10-20 → 11-17)', () => {
    const correction: Correction = { requestedOn: '2026-10-09', dueOn: '2026-10-29', completedOn: null };
    expect(due(clock('2026-09-28', { correction }))).toBeNull();
    const completed = checkCorrectionCompletion(correction, '2026-10-20');
    expect(completed).toEqual({ ok: true, correction: { ...correction, completedOn: '2026-10-20' } });
    const input = clock('2026-09-28', { correction: { ...correction, completedOn: '2026-10-20' } });
    expect(clockStart(input)).toBe('2026-10-20');
    // 10-21 … 10-23 (3), 10-26 … 10-30 (8), 11-02 … 11-06 (13), 11-09 … 11-13 (18), 11-16, 11-17 (20)
    expect(due(input)).toBe('2026-11-17');
  });
  it('completed on the last day of the period is in time; the day after, the application is treated as withdrawn', () => {
    const correction: Correction = { requestedOn: '2026-10-09', dueOn: '2026-10-29', completedOn: null };
    expect(checkCorrectionCompletion(correction, '2026-10-29')).toMatchObject({ ok: true });
    expect(treatedAsWithdrawn(correction, '2026-10-29')).toBe(false);
    expect(checkCorrectionCompletion(correction, '2026-10-30')).toMatchObject({ ok: false, message: expect.stringContaining('视为放弃') });
    expect(treatedAsWithdrawn(correction, '2026-10-30')).toBe(true);
    expect(treatedAsWithdrawn({ ...correction, completedOn: '2026-10-20' }, '2026-11-30')).toBe(false);
    expect(treatedAsWithdrawn(null, '2026-11-30')).toBe(false);
    expect(checkCorrectionCompletion({ ...correction, completedOn: '2026-10-20' }, '2026-10-21')).toMatchObject({ ok: false, message: '本申请已经补正' });
    expect(checkCorrectionCompletion(null, '2026-10-21')).toMatchObject({ ok: false });
  });
  it('补正, a pause and an extension together: received 中秋, completed 10-09, paused 10-15..10-16, 10 more days → 11-20', () => {
    const input = clock('2026-09-25', {
      correction: { requestedOn: '2026-09-29', dueOn: '2026-10-12', completedOn: '2026-10-09' },
      pauses: [{ from: '2026-10-15', to: '2026-10-16' }],
      extensions: [{ days: 10 }],
    });
    // 10-10 (1), 10-12 … 10-15 (5), [10-16 paused], 10-19 … 10-23 (10), 10-26 … 10-30 (15), 11-02 … 11-06 (20), 11-09 … 11-13 (25), 11-16 … 11-20 (30)
    expect(due(input)).toBe('2026-11-20');
    expect(checkExtension({ ...input, extensions: [] }, 5, 20, '2026-10-21', cal)).toEqual({ ok: true });
    expect(checkExtension({ ...input, extensions: [], correction: { requestedOn: '2026-09-29', dueOn: '2026-10-12', completedOn: null } }, 5, 20, '2026-10-09', cal)).toMatchObject({ ok: false, message: '等待申请人补正期间不能延期' });
  });
});

describe('the day of receipt (第三十一条)', () => {
  it('handed in: that day; by post: signed for, or confirmed; online: the day both confirm; phone: not an application', () => {
    expect(receiptDay({ channel: 'visit', submittedOn: '2026-09-30' })).toEqual({ ok: true, day: '2026-09-30' });
    expect(receiptDay({ channel: 'letter', signedForOn: '2026-10-08', confirmedOn: '2026-10-09' })).toEqual({ ok: true, day: '2026-10-08' });
    expect(receiptDay({ channel: 'letter', signedForOn: null, confirmedOn: '2026-10-09' })).toEqual({ ok: true, day: '2026-10-09' });
    expect(receiptDay({ channel: 'letter', signedForOn: null, confirmedOn: null })).toMatchObject({ ok: false });
    expect(receiptDay({ channel: 'online', submittedOn: '2026-09-30', confirmedOn: '2026-10-08' })).toEqual({ ok: true, day: '2026-10-08' });
    expect(receiptDay({ channel: 'online', submittedOn: '2026-09-30', confirmedOn: '2026-09-30' })).toEqual({ ok: true, day: '2026-09-30' });
    expect(receiptDay({ channel: 'online', submittedOn: '2026-09-30', confirmedOn: '2026-09-29' })).toMatchObject({ ok: false });
    expect(receiptDay({ channel: 'phone' })).toMatchObject({ ok: false, message: expect.stringContaining('书面形式') });
  });
});

describe('reply types (第三十六条)', () => {
  const full = { text: '经审核，答复如下。', access: '本机关门户网站“法定主动公开内容”栏目', reason: '涉及第三方商业秘密', basis: '《政府信息公开条例》第十五条' };
  it('every type is answered with what it must tell the applicant', () => {
    const ok = {
      'already-public': { text: full.text, access: full.access },
      disclosed: { text: full.text, access: '随本告知书提供' },
      'partly-disclosed': full,
      withheld: { text: full.text, reason: full.reason, basis: full.basis },
      'not-exist': { text: '经检索，本机关未制作或获取该信息。' },
      'not-ours': { text: full.text, reason: '该信息由区水务局制作', responsibleBody: '区水务局', responsibleContact: '0832-1234567' },
      repeat: { text: '您已于 2026-09-01 申请相同信息，本机关已答复。' },
      'special-law': { text: full.text, basis: '《不动产登记暂行条例》第二十七条' },
    } as const;
    expect(Object.keys(ok).sort()).toEqual([...APPLICATION_REPLY_TYPE_IDS].sort());
    for (const type of APPLICATION_REPLY_TYPE_IDS) {
      const r = checkApplicationReply({ type, ...ok[type] });
      expect(r, type).toMatchObject({ ok: true, reply: { type } });
    }
    const notOurs = checkApplicationReply({ type: 'not-ours', text: full.text, reason: '不属于本机关' });
    expect(notOurs).toMatchObject({ ok: true, reply: { responsibleBody: null } });
  });
  it('what a type requires is refused when missing, by name', () => {
    expect(checkApplicationReply({ type: 'withheld', text: full.text, reason: full.reason })).toEqual({ ok: false, errors: ['“不予公开”的答复须写明依据'] });
    expect(checkApplicationReply({ type: 'withheld', text: full.text, basis: full.basis })).toEqual({ ok: false, errors: ['“不予公开”的答复须写明理由'] });
    expect(checkApplicationReply({ type: 'partly-disclosed', text: full.text, reason: full.reason, basis: full.basis })).toEqual({ ok: false, errors: ['“部分公开”的答复须写明获取信息的方式和途径'] });
    expect(checkApplicationReply({ type: 'already-public', text: full.text })).toEqual({ ok: false, errors: ['“已主动公开”的答复须写明获取信息的方式和途径'] });
    expect(checkApplicationReply({ type: 'disclosed', text: full.text })).toMatchObject({ ok: false });
    expect(checkApplicationReply({ type: 'not-ours', text: full.text })).toEqual({ ok: false, errors: ['“非本机关负责公开”的答复须写明理由'] });
    expect(checkApplicationReply({ type: 'special-law', text: full.text })).toEqual({ ok: false, errors: ['“依法查询”的答复须写明依据'] });
    expect(checkApplicationReply({ type: 'not-exist', text: '   ' })).toEqual({ ok: false, errors: ['“信息不存在”的答复须写明答复内容'] });
    expect(checkApplicationReply({ type: 'granted', text: full.text })).toEqual({ ok: false, errors: ['请选择答复类型'] });
    expect(checkApplicationReply({ type: 'repeat', text: full.text, responsibleBody: '区水务局' })).toMatchObject({ ok: false });
    expect(checkApplicationReply({ type: 'not-ours', text: full.text, reason: 'x', responsibleContact: '0832-1234567' })).toMatchObject({ ok: false });
    expect(checkApplicationReply({ type: 'repeat', text: 'a'.repeat(5001) })).toEqual({ ok: false, errors: ['答复内容不能超过 5000 个字'] });
  });
  it('the applicant reads the type, the text and each part with its label', () => {
    const r = checkApplicationReply({ type: 'withheld', text: full.text, reason: full.reason, basis: full.basis });
    if (!r.ok) throw new Error('refused');
    expect(replyLines(r.reply)).toEqual([
      { label: '答复类型', value: '不予公开' },
      { label: '答复内容', value: full.text },
      { label: '理由', value: full.reason },
      { label: '依据', value: full.basis },
    ]);
  });
});

describe('npm run due', () => {
  const run = (...args: string[]) => execFileSync(process.execPath, ['scripts/due.ts', ...args], { encoding: 'utf8' });
  it('prints the date the function computes', () => {
    expect(run('application', '2026-09-25').split('\t')[0]).toBe('2026-10-29');
    expect(run('application', '2026-09-25', '--extension', '20').split('\t')[0]).toBe('2026-11-26');
    expect(run('application', '2026-09-28', '--pause', '2026-10-12..2026-10-20').split('\t')[0]).toBe('2026-11-09');
    expect(run('application', '2026-09-28', '--completed', '2026-10-20').split('\t')[0]).toBe('2026-11-17');
    expect(run('report', '2026-09-30').split('\t')[0]).toBe('2026-10-13');
  });
  it('refuses a wrong date with exit code 2', () => {
    expect(() => execFileSync(process.execPath, ['scripts/due.ts', 'application', '2026-13-01'], { stdio: 'pipe' })).toThrow(/收到日期/);
  });
});
