/**
 * The case core: due dates on the official calendar (expected dates typed by
 * hand from the 2026 arrangement: 中秋 off 09-25..09-27, National Day off
 * 10-01..10-07, Sunday 09-20 and Saturday 10-10 working days), the status
 * machine, permissions, the editors' time limits and the audit chain.
 */
import { describe, expect, it } from 'vitest';
import { officialCalendar } from '../../src/lib/official-calendar.ts';
import { verifyChain } from '../../src/lib/cases/audit.ts';
import { applyAction, canSee, createCase, stateOf, type Actor, type CaseAction, type CaseRecord } from '../../src/lib/cases/case.ts';
import { addWorkingDays, dueDate, dueState, workingDaysLeft } from '../../src/lib/cases/deadline.ts';
import { buildQueue } from '../../src/lib/cases/queue.ts';
import { hashQueryCode, normaliseQueryCode, queryCodeFromBytes, queryCodeMatches } from '../../src/lib/cases/query-code.ts';
import { DEFAULT_CASE_LIMITS, parseCaseLimits } from '../../src/lib/cases/time-limits.ts';

const cal = officialCalendar;
const limits = DEFAULT_CASE_LIMITS;
const at = (date: string, time = '10:00') => new Date(`${date}T${time}:00+08:00`);
const OFFICE: Actor = { kind: 'office', email: 'gkb@example.gov.cn' };
const RIVER: Actor = { kind: 'unit', email: 'a@river.example.gov.cn', unit: 'river' };
const OTHER: Actor = { kind: 'unit', email: 'b@other.example.gov.cn', unit: 'other' };

function newCase(receivedAt: Date, overrides: Partial<Parameters<typeof createCase>[0]> = {}): CaseRecord {
  return createCase(
    {
      receipt: 'XS-20260928-ABCD-EFGH',
      kind: 'report',
      channel: 'online',
      subject: '污水直排 · 玉带溪',
      submission: [{ label: '问题描述', value: '排水口有污水直排' }],
      sender: { name: null, contact: { kind: 'email', value: 'citizen@example.com' } },
      attachments: [],
      receivedAt,
      unit: { id: 'river', name: '市中区人民政府', email: 'river@example.gov.cn' },
      handling: 'referred',
      queryCodeHash: 'x',
      ...overrides,
    },
    { kind: 'system', name: 'reports' },
    limits,
    cal,
  );
}

function act(c: CaseRecord, action: CaseAction, actor: Actor, now: Date): CaseRecord {
  const r = applyAction(c, action, actor, now, limits, cal);
  if (!r.ok) throw new Error(r.refusal.message);
  return r.record;
}

describe('working-day due dates (2026 holidays typed by hand)', () => {
  it('the day of receipt is not counted; National Day and the make-up Saturday are honoured', () => {
    expect(addWorkingDays('2026-09-30', 1, cal)).toBe('2026-10-08');
    expect(addWorkingDays('2026-09-30', 3, cal)).toBe('2026-10-10'); // Saturday, a working day
    expect(addWorkingDays('2026-09-30', 4, cal)).toBe('2026-10-12'); // Sunday 10-11 is off
    expect(addWorkingDays('2026-09-30', 5, cal)).toBe('2026-10-13');
  });
  it('Sunday 09-20 is a working day', () => {
    expect(addWorkingDays('2026-09-18', 1, cal)).toBe('2026-09-20');
    expect(addWorkingDays('2026-09-19', 1, cal)).toBe('2026-09-20');
    expect(addWorkingDays('2026-09-20', 1, cal)).toBe('2026-09-21');
  });
  it('20 working days across 中秋 and National Day', () => {
    // 09-28, 09-29, 09-30, 10-08, 10-09, 10-10, 10-12 … 10-16, 10-19 … 10-23, 10-26 … 10-29
    expect(addWorkingDays('2026-09-24', 20, cal)).toBe('2026-10-29');
    expect(addWorkingDays('2026-09-24', 1, cal)).toBe('2026-09-28');
  });
  it('suspended days do not count: suspended 09-29, resumed 10-09', () => {
    const suspensions = [{ from: '2026-09-29', to: '2026-10-09' }];
    expect(dueDate({ receivedOn: '2026-09-28', workingDays: 5, suspensions: [] }, cal)).toBe('2026-10-10');
    // 09-29 counts (1); 09-30 … 10-09 stopped; 10-10 (2), 10-12 (3), 10-13 (4), 10-14 (5)
    expect(dueDate({ receivedOn: '2026-09-28', workingDays: 5, suspensions }, cal)).toBe('2026-10-14');
    expect(dueDate({ receivedOn: '2026-09-28', workingDays: 5, suspensions: [{ from: '2026-09-29', to: null }] }, cal)).toBeNull();
  });
  it('working days left and due states', () => {
    expect(workingDaysLeft('2026-09-30', '2026-10-08', cal)).toBe(1);
    expect(workingDaysLeft('2026-10-08', '2026-10-08', cal)).toBe(0);
    expect(workingDaysLeft('2026-09-30', '2026-10-13', cal)).toBe(5);
    expect(workingDaysLeft('2026-10-09', '2026-10-08', cal)).toBe(-1);
    expect(dueState({ dueDate: '2026-10-13', answered: false }, '2026-09-30', 3, cal)).toBe('on-track');
    expect(dueState({ dueDate: '2026-10-13', answered: false }, '2026-10-08', 3, cal)).toBe('on-track'); // 10-09, 10-10, 10-12, 10-13: 4 left
    expect(dueState({ dueDate: '2026-10-13', answered: false }, '2026-10-09', 3, cal)).toBe('due-soon'); // 3 left
    expect(dueState({ dueDate: '2026-10-13', answered: false }, '2026-10-13', 3, cal)).toBe('due-soon');
    expect(dueState({ dueDate: '2026-10-13', answered: false }, '2026-10-14', 3, cal)).toBe('overdue');
    expect(dueState({ dueDate: '2026-10-13', answered: true }, '2026-10-14', 3, cal)).toBe('answered');
    expect(dueState({ dueDate: null, answered: false }, '2026-10-14', 3, cal)).toBe('stopped');
  });
});

describe('the life of a case', () => {
  it('across National Day with suspension and extension, to a reply and close', () => {
    let c = newCase(at('2026-09-28'));
    expect(c.status).toBe('received');
    expect(c.dueDate).toBe('2026-10-10'); // 转交办: 5 working days
    c = act(c, { type: 'start' }, RIVER, at('2026-09-28', '15:00'));
    expect(c.status).toBe('in-progress');
    c = act(c, { type: 'suspend', reason: '等待群众补充位置信息' }, RIVER, at('2026-09-29'));
    expect(c.status).toBe('suspended');
    expect(c.dueDate).toBeNull();
    expect(applyAction(c, { type: 'reply', text: '已处理' }, RIVER, at('2026-09-30'), limits, cal)).toMatchObject({ ok: false, refusal: { code: 'wrong-status' } });
    c = act(c, { type: 'resume' }, RIVER, at('2026-10-09'));
    expect(c.status).toBe('in-progress');
    expect(c.dueDate).toBe('2026-10-14');
    expect(applyAction(c, { type: 'extend', days: 3, reason: '' }, RIVER, at('2026-10-12'), limits, cal)).toMatchObject({ ok: false, refusal: { code: 'invalid', message: '请填写延期理由' } });
    expect(applyAction(c, { type: 'extend', days: 16, reason: '需现场核查' }, RIVER, at('2026-10-12'), limits, cal)).toMatchObject({ ok: false, refusal: { code: 'invalid' } });
    c = act(c, { type: 'extend', days: 3, reason: '需会同环保部门现场核查' }, RIVER, at('2026-10-12'));
    expect(c.dueDate).toBe('2026-10-19'); // 10-15, 10-16, 10-19
    c = act(c, { type: 'set-handling', handling: 'joint' }, OFFICE, at('2026-10-13'));
    expect(c.limitDays).toBe(10);
    // 10 + 3 working days, 09-30 … 10-09 stopped: 09-29, 10-10, 10-12 … 10-16, 10-19 … 10-23, 10-26, 10-27 → 13th is 10-26
    expect(c.dueDate).toBe('2026-10-26');
    c = act(c, { type: 'reply', text: '经核查，排水口已封堵，感谢监督。' }, RIVER, at('2026-10-20'));
    expect(c.status).toBe('replied');
    expect(c.history.at(-1)?.detail).toMatchObject({ onTime: 'yes' });
    c = act(c, { type: 'close' }, RIVER, at('2026-10-21'));
    expect(c.status).toBe('closed');
    expect(c.revision).toBe(8);
    expect(c.history.map((e) => e.action)).toEqual(['receive', 'start', 'suspend', 'resume', 'extend', 'set-handling', 'reply', 'close']);
    expect(verifyChain(c.receipt, c.history, stateOf(c))).toMatchObject({ ok: true, entries: 8 });
  });

  it('a reply after the due date is recorded as late', () => {
    let c = newCase(at('2026-09-30'), { handling: 'immediate' });
    expect(c.dueDate).toBe('2026-10-08');
    c = act(c, { type: 'reply', text: '已处理' }, RIVER, at('2026-10-09'));
    expect(c.history.at(-1)?.detail).toMatchObject({ onTime: 'no' });
  });

  it('transfer needs a reason, is the office’s, and moves the case to the new unit', () => {
    const c = newCase(at('2026-09-28'));
    expect(applyAction(c, { type: 'transfer', unit: { id: 'other', name: '另一单位', email: 'other@example.gov.cn' }, reason: '不属本单位职责' }, RIVER, at('2026-09-29'), limits, cal)).toMatchObject({ ok: false, refusal: { code: 'not-allowed' } });
    expect(applyAction(c, { type: 'transfer', unit: { id: 'other', name: '另一单位', email: 'other@example.gov.cn' }, reason: ' ' }, OFFICE, at('2026-09-29'), limits, cal)).toMatchObject({ ok: false, refusal: { code: 'invalid' } });
    const moved = act(c, { type: 'transfer', unit: { id: 'other', name: '另一单位', email: 'other@example.gov.cn' }, reason: '不属本单位职责' }, OFFICE, at('2026-09-29'));
    expect(moved.unit.id).toBe('other');
    expect(moved.status).toBe('assigned');
    expect(canSee(RIVER, moved)).toBe(false);
    expect(canSee(OTHER, moved)).toBe(true);
    expect(canSee(OFFICE, moved)).toBe(true);
  });

  it('closing needs a reply first; nothing happens to a closed case but notes', () => {
    const c = newCase(at('2026-09-28'));
    expect(applyAction(c, { type: 'close' }, RIVER, at('2026-09-29'), limits, cal)).toMatchObject({ ok: false, refusal: { code: 'wrong-status' } });
    const closed = act(act(c, { type: 'reply', text: '已处理' }, RIVER, at('2026-09-29')), { type: 'close' }, RIVER, at('2026-09-29'));
    for (const a of [{ type: 'start' }, { type: 'suspend', reason: 'x' }, { type: 'extend', days: 1, reason: 'x' }, { type: 'reply', text: 'x' }] as CaseAction[]) {
      expect(applyAction(closed, a, OFFICE, at('2026-09-30'), limits, cal).ok).toBe(false);
    }
    expect(act(closed, { type: 'note', text: '群众来电表示满意' }, RIVER, at('2026-09-30')).notes).toHaveLength(1);
  });

  it('staff text follows the free-text rule: invisible text is no text, control characters and overlong text are refused', () => {
    const c = newCase(at('2026-09-28'));
    const refusal = (t: string) => { const r = applyAction(c, { type: 'reply', text: t }, RIVER, at('2026-09-29'), limits, cal); return r.ok ? null : r.refusal.message; };
    expect(refusal('\u200b\u200b\u3164')).toBe('请填写答复内容');
    expect(refusal('已处理\u0007')).toBe('答复内容含有无法识别的控制字符，请删除后重新提交');
    expect(refusal('字'.repeat(5001))).toBe('答复内容不能超过 5000 个字');
    expect(refusal('字'.repeat(5000))).toBeNull();
  });
});

describe('audit chain', () => {
  function handled(): CaseRecord {
    let c = newCase(at('2026-09-28'));
    c = act(c, { type: 'start' }, RIVER, at('2026-09-28', '11:00'));
    c = act(c, { type: 'note', text: '已联系现场' }, RIVER, at('2026-09-28', '12:00'));
    c = act(c, { type: 'reply', text: '已处理' }, RIVER, at('2026-09-29'));
    return c;
  }
  it('detects a changed entry', () => {
    const c = handled();
    const trail = structuredClone(c.history);
    trail[2]!.detail = { text: '改过的备注' };
    expect(verifyChain(c.receipt, trail, stateOf(c))).toMatchObject({ ok: false, seq: 3 });
    const actor = structuredClone(c.history);
    actor[1]!.actor = 'someone@else';
    expect(verifyChain(c.receipt, actor, stateOf(c))).toMatchObject({ ok: false, seq: 2 });
  });
  it('detects a removed entry in the middle and at the end', () => {
    const c = handled();
    expect(verifyChain(c.receipt, [c.history[0]!, ...c.history.slice(2)], stateOf(c))).toMatchObject({ ok: false, seq: 2 });
    expect(verifyChain(c.receipt, c.history.slice(0, -1), stateOf(c))).toMatchObject({ ok: false, seq: 3 });
  });
  it('detects a case changed without an entry, and a trail moved to another case', () => {
    const c = handled();
    expect(verifyChain(c.receipt, c.history, { ...stateOf(c), unit: 'other' })).toMatchObject({ ok: false });
    expect(verifyChain('XS-20260928-0000-0000', c.history, stateOf(c))).toMatchObject({ ok: false, seq: 1 });
    expect(verifyChain(c.receipt, c.history, stateOf(c))).toMatchObject({ ok: true, entries: 4 });
  });
});

describe('editors’ time limits', () => {
  it('an empty file means the documented defaults', () => {
    expect(parseCaseLimits(null)).toEqual({ ok: true, limits: DEFAULT_CASE_LIMITS });
    expect(parseCaseLimits({})).toEqual({ ok: true, limits: DEFAULT_CASE_LIMITS });
  });
  it('what the file gives overrides, the rest stays default', () => {
    const r = parseCaseLimits({ kinds: { report: { handling: { referred: 7 } } }, remindWithinDays: 2 });
    expect(r.ok && r.limits.kinds.report.handling).toEqual({ immediate: 1, referred: 7, joint: 10, 'time-limited': 15 });
    expect(r.ok && r.limits.remindWithinDays).toBe(2);
  });
  it('refuses what is not a limit, with the field named', () => {
    const over = parseCaseLimits({ kinds: { application: { handling: { referred: 21 } } } });
    expect(over.ok).toBe(false);
    if (!over.ok) expect(over.issues[0]).toMatchObject({ path: ['kinds', 'application', 'handling', 'referred'], message: '办理时限不能超过 20 个工作日' });
    const typo = parseCaseLimits({ kinds: { reports: {} } });
    expect(typo.ok).toBe(false);
    if (!typo.ok) expect(typo.issues[0]?.code).toBe('unrecognized_keys');
    for (const bad of [0, 1.5, '5', -1]) expect(parseCaseLimits({ kinds: { letter: { handling: { immediate: bad } } } }).ok).toBe(false);
  });
});

describe('queue', () => {
  it('overdue first, then due soon, then by due date; answered last; filters', () => {
    const row = (receipt: string, dueDate: string | null, status: CaseRecord['status'] = 'in-progress') => ({ receipt, kind: 'report' as const, channel: 'online' as const, subject: '', unit: 'river', status, handling: 'referred' as const, receivedOn: '2026-09-01', dueDate, revision: 1 });
    const rows = [row('A', '2026-10-30'), row('B', '2026-10-12'), row('C', '2026-10-08'), row('D', null, 'suspended'), row('E', '2026-10-01', 'replied'), row('F', '2026-10-13')];
    const q = buildQueue(rows, {}, '2026-10-09', 3, cal);
    expect(q.map((r) => `${r.receipt}:${r.due}`)).toEqual(['C:overdue', 'B:due-soon', 'F:due-soon', 'A:on-track', 'D:stopped', 'E:answered']);
    expect(buildQueue(rows, { status: 'open' }, '2026-10-09', 3, cal).map((r) => r.receipt)).toEqual(['C', 'B', 'F', 'A', 'D']);
    expect(buildQueue(rows, { due: 'due-soon' }, '2026-10-09', 3, cal).map((r) => r.receipt)).toEqual(['B', 'F']);
  });
});

describe('query code', () => {
  it('is read as people type it and only matches its own receipt', () => {
    const code = queryCodeFromBytes(Uint8Array.from([1, 2, 3, 4, 5]));
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(normaliseQueryCode(' 7k3q 9f2m ')).toBe('7K3Q-9F2M');
    expect(normaliseQueryCode('7K3Q-9F2')).toBeNull();
    expect(normaliseQueryCode('OIL0-0000')).toBe('0110-0000');
    const hash = hashQueryCode('7K3Q-9F2M', 'XS-1', 'k');
    expect(queryCodeMatches('7k3q9f2m', 'XS-1', hash, 'k')).toBe(true);
    expect(queryCodeMatches('7K3Q-9F2N', 'XS-1', hash, 'k')).toBe(false);
    expect(queryCodeMatches('7K3Q-9F2M', 'XS-2', hash, 'k')).toBe(false);
    expect(queryCodeMatches('7K3Q-9F2M', 'XS-1', hash, 'other-key')).toBe(false);
  });
});
