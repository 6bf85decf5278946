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
import { buildQueue, judgeQueue, mergeQueues } from '../../src/lib/cases/queue.ts';
import { addDays } from '../../src/lib/time.ts';
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
  it('judges due soon as counting the working days left would, around the National Day holiday and its make-up days', () => {
    // Due soon: at most `soon` working days after today up to the due date (counted one by one here).
    for (let t = 0; t < 40; t++) {
      const today = addDays('2026-09-15', t);
      for (let d = 0; d < 30; d++) {
        const due = addDays(today, d);
        for (const soon of [0, 1, 3, 5]) {
          const expected = workingDaysLeft(today, due, cal) <= soon ? 'due-soon' : 'on-track';
          expect(`${today} ${due} ${soon} ${dueState({ dueDate: due, answered: false }, today, soon, cal)}`).toBe(`${today} ${due} ${soon} ${expected}`);
        }
      }
    }
    // On 09-30 with 3 days: 10-08, 10-09, 10-10 (Saturday, a working day) are left before 10-12.
    expect(dueState({ dueDate: '2026-10-10', answered: false }, '2026-09-30', 3, cal)).toBe('due-soon');
    expect(dueState({ dueDate: '2026-10-11', answered: false }, '2026-09-30', 3, cal)).toBe('due-soon');
    expect(dueState({ dueDate: '2026-10-12', answered: false }, '2026-09-30', 3, cal)).toBe('on-track');
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
  it('merges units\' ordered queues into the order of one queue built from all their rows', () => {
    const statuses = ['assigned', 'in-progress', 'suspended', 'replied', 'closed'] as const;
    const rows = Array.from({ length: 300 }, (_, i) => ({ receipt: `XS-${String((i * 7919) % 1000).padStart(4, '0')}`, kind: 'report' as const, channel: 'online' as const, subject: '', unit: `u${i % 7}`, status: statuses[i % 5]!, handling: 'referred' as const, receivedOn: addDays('2026-09-01', i % 23), dueDate: i % 5 === 2 ? null : addDays('2026-09-20', (i * 13) % 40), revision: 1 }));
    const perUnit = Array.from({ length: 7 }, (_, u) => judgeQueue(rows.filter((r) => r.unit === `u${u}`), '2026-10-09', 3, cal));
    expect(mergeQueues(perUnit)).toEqual(buildQueue(rows, {}, '2026-10-09', 3, cal));
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

describe('the status machine, action by action (from the rule: received → assigned → in-progress → replied → closed; suspended returns to where it left)', () => {
  const OTHER_UNIT = { id: 'other', name: '另一单位', email: 'other@example.gov.cn' };
  const actions: Record<string, CaseAction> = {
    assign: { type: 'assign', unit: OTHER_UNIT },
    transfer: { type: 'transfer', unit: OTHER_UNIT, reason: '不属本单位职责' },
    start: { type: 'start' },
    'set-handling': { type: 'set-handling', handling: 'joint' },
    extend: { type: 'extend', days: 2, reason: '需现场核查' },
    suspend: { type: 'suspend', reason: '等待补充材料' },
    resume: { type: 'resume' },
    note: { type: 'note', text: '已电话联系' },
    reply: { type: 'reply', text: '已处理' },
    close: { type: 'close' },
    'erase-sender': { type: 'erase-sender', reason: '本人申请删除' },
  };
  // Typed from the rule, not read from the code's table.
  const allowed: Record<CaseRecord['status'], string[]> = {
    received: ['assign', 'transfer', 'start', 'set-handling', 'extend', 'suspend', 'note', 'reply', 'erase-sender'],
    assigned: ['assign', 'transfer', 'start', 'set-handling', 'extend', 'suspend', 'note', 'reply', 'erase-sender'],
    'in-progress': ['assign', 'transfer', 'set-handling', 'extend', 'suspend', 'note', 'reply', 'erase-sender'],
    suspended: ['set-handling', 'extend', 'resume', 'note', 'erase-sender'],
    replied: ['note', 'close', 'erase-sender'],
    closed: ['note', 'erase-sender'],
    withdrawn: ['note', 'erase-sender'],
  };
  const d = at('2026-09-29');
  const inStatus: Record<CaseRecord['status'], () => CaseRecord> = {
    received: () => newCase(at('2026-09-28')),
    assigned: () => act(newCase(at('2026-09-28')), { type: 'assign', unit: { id: 'river', name: '市中区人民政府', email: 'river@example.gov.cn' } }, OFFICE, d),
    'in-progress': () => act(newCase(at('2026-09-28')), { type: 'start' }, RIVER, d),
    suspended: () => act(newCase(at('2026-09-28')), { type: 'suspend', reason: '等待补充材料' }, RIVER, d),
    replied: () => act(newCase(at('2026-09-28')), { type: 'reply', text: '已处理' }, RIVER, d),
    closed: () => act(act(newCase(at('2026-09-28')), { type: 'reply', text: '已处理' }, RIVER, d), { type: 'close' }, RIVER, d),
    // An application whose period to complete (补正) passed without completion.
    withdrawn: () => act(act(newCase(at('2026-09-28'), { kind: 'application' }), { type: 'request-correction', items: '补充所需信息的名称', periodDays: 5 }, OFFICE, d), { type: 'withdraw' }, OFFICE, at('2026-11-30')),
  };
  for (const [status, make] of Object.entries(inStatus) as [CaseRecord['status'], () => CaseRecord][]) {
    it(`from “${status}”: exactly ${allowed[status].join(', ')}`, () => {
      const c = make();
      expect(c.status).toBe(status);
      for (const [name, action] of Object.entries(actions)) {
        const r = applyAction(c, action, OFFICE, at('2026-09-30'), limits, cal);
        if (allowed[status].includes(name)) expect(r.ok, `${name} from ${status}`).toBe(true);
        else expect(r, `${name} from ${status}`).toMatchObject({ ok: false, refusal: { code: 'wrong-status' } });
      }
    });
  }
  it('a refusal names the status and the action', () => {
    const closed = inStatus.closed();
    expect(applyAction(closed, { type: 'start' }, OFFICE, d, limits, cal)).toEqual({ ok: false, refusal: { code: 'wrong-status', message: '当前状态为“已办结”，不能开始办理' } });
    expect(applyAction(inStatus.received(), { type: 'resume' }, OFFICE, d, limits, cal)).toEqual({ ok: false, refusal: { code: 'wrong-status', message: '当前状态为“已接收”，不能恢复计时' } });
  });
  it('a unit may neither assign nor transfer, whatever the status', () => {
    const c = newCase(at('2026-09-28'));
    const refusal = { ok: false, refusal: { code: 'not-allowed', message: '只有政务公开办公室可以分派或转办' } };
    expect(applyAction(c, actions.assign!, RIVER, d, limits, cal)).toEqual(refusal);
    expect(applyAction(c, actions.transfer!, RIVER, d, limits, cal)).toEqual(refusal);
  });
});

describe('what each action records', () => {
  const d = at('2026-09-29');
  const refusalOf = (r: ReturnType<typeof applyAction>) => (r.ok ? null : r.refusal);

  it('a new case: received, nothing suspended, extended or noted, the trail’s first entry by the intake', () => {
    const c = newCase(at('2026-09-28'));
    expect(c).toMatchObject({ status: 'received', resumeTo: null, extensions: [], suspensions: [], notes: [], reply: null, revision: 1, limitDays: 5 });
    expect(c.history).toHaveLength(1);
    expect(c.history[0]).toMatchObject({ seq: 1, actor: 'system:reports', action: 'receive', before: null, detail: { channel: 'online', unit: '市中区人民政府' } });
    expect(c.history[0]!.after).toEqual({ status: 'received', unit: 'river', handling: 'referred', dueDate: '2026-10-10', extensionDays: 0, reply: null });
  });

  it('staff actions are recorded under the staff member’s address', () => {
    const c = act(newCase(at('2026-09-28')), { type: 'start' }, RIVER, d);
    expect(c.history.at(-1)).toMatchObject({ actor: 'a@river.example.gov.cn', action: 'start', at: d.toISOString() });
  });

  it('assigning names both units; assigning again to the same unit is allowed, transferring to it is not', () => {
    const c = newCase(at('2026-09-28'));
    const same = { id: 'river', name: '市中区人民政府', email: 'river@example.gov.cn' };
    const again = act(c, { type: 'assign', unit: same }, OFFICE, d);
    expect(again).toMatchObject({ status: 'assigned', unit: same });
    expect(again.history.at(-1)?.detail).toEqual({ from: '市中区人民政府', to: '市中区人民政府' });
    expect(applyAction(c, { type: 'transfer', unit: same, reason: '重新分派' }, OFFICE, d, limits, cal)).toEqual({ ok: false, refusal: { code: 'invalid', message: '转办的单位与当前承办单位相同' } });
    const moved = act(c, { type: 'transfer', unit: { id: 'other', name: '另一单位', email: 'other@example.gov.cn' }, reason: '  不属本单位职责 ' }, OFFICE, d);
    expect(moved.history.at(-1)?.detail).toEqual({ from: '市中区人民政府', to: '另一单位', reason: '不属本单位职责' });
    expect(refusalOf(applyAction(c, { type: 'transfer', unit: { id: 'other', name: '另一单位', email: 'other@example.gov.cn' }, reason: '' }, OFFICE, d, limits, cal))).toEqual({ code: 'invalid', message: '请填写转办理由' });
  });

  it('the handling type: changing it resets the limit and is recorded; setting the same one is refused', () => {
    const c = newCase(at('2026-09-28'));
    expect(applyAction(c, { type: 'set-handling', handling: 'referred' }, OFFICE, d, limits, cal)).toEqual({ ok: false, refusal: { code: 'invalid', message: '办理类型已是“转交办”' } });
    const joint = act(c, { type: 'set-handling', handling: 'joint' }, OFFICE, d);
    expect(joint.history.at(-1)?.detail).toEqual({ from: '转交办', to: '会商办', limitDays: 10 });
    expect(joint.history.at(-1)?.after).toMatchObject({ handling: 'joint' });
  });

  it('extension: 1 to the kind’s maximum of whole working days (15 for a report), each one adding up', () => {
    const c = newCase(at('2026-09-28')); // due 2026-10-10 (转交办, 5 working days)
    const extend = (days: number) => applyAction(c, { type: 'extend', days, reason: '需现场核查' }, RIVER, d, limits, cal);
    for (const days of [0, -1, 16, 1.5, Number.NaN]) expect(refusalOf(extend(days)), String(days)).toEqual({ code: 'invalid', message: '延期天数应为 1 至 15 个工作日' });
    expect(extend(1).ok).toBe(true);
    expect(extend(15).ok).toBe(true);
    const once = act(c, { type: 'extend', days: 1, reason: '需现场核查' }, RIVER, d);
    expect(once.dueDate).toBe('2026-10-12');
    expect(once.history.at(-1)?.detail).toEqual({ days: 1, reason: '需现场核查' });
    const twice = act(once, { type: 'extend', days: 2, reason: '需会商' }, RIVER, d);
    expect(twice.extensions).toEqual([{ days: 1, reason: '需现场核查', on: '2026-09-29' }, { days: 2, reason: '需会商', on: '2026-09-29' }]);
    expect(twice.dueDate).toBe('2026-10-14'); // 5 + 3 working days: 09-29, 09-30, 10-08, 10-09, 10-10, 10-12, 10-13, 10-14
    expect(stateOf(twice).extensionDays).toBe(3);
    expect(twice.history.at(-1)?.after.extensionDays).toBe(3);
    // A 回应关切 case may be extended by up to 5 working days.
    const concern = newCase(at('2026-09-28'), { kind: 'concern' });
    expect(applyAction(concern, { type: 'extend', days: 5, reason: '需会商' }, RIVER, d, limits, cal).ok).toBe(true);
    expect(refusalOf(applyAction(concern, { type: 'extend', days: 6, reason: '需会商' }, RIVER, d, limits, cal))?.message).toBe('延期天数应为 1 至 5 个工作日');
  });

  it('suspension needs a reason; resuming returns to the status it left and closes the open stretch', () => {
    const assigned = act(newCase(at('2026-09-28')), { type: 'assign', unit: { id: 'river', name: '市中区人民政府', email: 'river@example.gov.cn' } }, OFFICE, d);
    expect(refusalOf(applyAction(assigned, { type: 'suspend', reason: ' ' }, RIVER, d, limits, cal))).toEqual({ code: 'invalid', message: '请填写暂停理由' });
    const suspended = act(assigned, { type: 'suspend', reason: '等待补充材料' }, RIVER, at('2026-09-29'));
    expect(suspended).toMatchObject({ status: 'suspended', resumeTo: 'assigned', suspensions: [{ from: '2026-09-29', to: null, reason: '等待补充材料' }], dueDate: null });
    expect(suspended.history.at(-1)?.detail).toEqual({ reason: '等待补充材料' });
    const resumed = act(suspended, { type: 'resume' }, RIVER, at('2026-10-09'));
    expect(resumed).toMatchObject({ status: 'assigned', resumeTo: null, suspensions: [{ from: '2026-09-29', to: '2026-10-09', reason: '等待补充材料' }] });
    // A second stretch: only the open one is closed, and both stop the clock.
    const again = act(act(resumed, { type: 'suspend', reason: '等待现场复核' }, RIVER, at('2026-10-12')), { type: 'resume' }, RIVER, at('2026-10-14'));
    expect(again.suspensions.map((s) => [s.from, s.to])).toEqual([['2026-09-29', '2026-10-09'], ['2026-10-12', '2026-10-14']]);
    // 09-29 (1), 09-30 … 10-09 stopped; 10-10 (2), 10-12 (3), 10-13 … 10-14 stopped; 10-15 (4), 10-16 (5)
    expect(again.dueDate).toBe('2026-10-16');
    expect(again.status).toBe('assigned');
    // A case suspended straight after receipt goes back to received.
    const fromReceived = act(act(newCase(at('2026-09-28')), { type: 'suspend', reason: '等待补充材料' }, RIVER, d), { type: 'resume' }, RIVER, at('2026-09-30'));
    expect(fromReceived.status).toBe('received');
  });

  it('notes need text and accumulate, whatever else happens in between', () => {
    const c = newCase(at('2026-09-28'));
    expect(refusalOf(applyAction(c, { type: 'note', text: '' }, RIVER, d, limits, cal))).toEqual({ code: 'invalid', message: '请填写备注' });
    let n = act(c, { type: 'note', text: '已联系现场' }, RIVER, at('2026-09-28', '11:00'));
    expect(n.history.at(-1)?.detail).toEqual({ text: '已联系现场' });
    n = act(n, { type: 'start' }, RIVER, at('2026-09-28', '12:00'));
    n = act(n, { type: 'note', text: '现场已核实' }, OFFICE, at('2026-09-28', '13:00'));
    expect(n.notes).toEqual([
      { at: at('2026-09-28', '11:00').toISOString(), by: 'a@river.example.gov.cn', text: '已联系现场' },
      { at: at('2026-09-28', '13:00').toISOString(), by: 'gkb@example.gov.cn', text: '现场已核实' },
    ]);
  });

  it('a reply on the due date itself is on time; the day after is late', () => {
    const c = newCase(at('2026-09-30'), { handling: 'immediate' }); // due 2026-10-08
    expect(act(c, { type: 'reply', text: '已处理' }, RIVER, at('2026-10-08', '23:59')).history.at(-1)?.detail).toEqual({ text: '已处理', onTime: 'yes' });
    expect(act(c, { type: 'reply', text: '已处理' }, RIVER, at('2026-10-09', '00:00')).history.at(-1)?.detail).toMatchObject({ onTime: 'no' });
  });

  it('staff text keeps its lines (CRLF and CR read as one line break) and each refusal names its field', () => {
    const c = newCase(at('2026-09-28'));
    const reply = act(c, { type: 'reply', text: '经核查：\r\n一、排水口已封堵；\r二、已回访。' }, RIVER, d);
    expect(reply.reply?.text).toBe('经核查：\n一、排水口已封堵；\n二、已回访。');
    expect(refusalOf(applyAction(c, { type: 'note', text: '备注\u0000' }, RIVER, d, limits, cal))).toEqual({ code: 'invalid', message: '备注含有无法识别的控制字符，请删除后重新提交' });
    expect(refusalOf(applyAction(c, { type: 'suspend', reason: '理'.repeat(501) }, RIVER, d, limits, cal))).toEqual({ code: 'invalid', message: '暂停理由不能超过 500 个字' });
    expect(applyAction(c, { type: 'suspend', reason: '理'.repeat(500) }, RIVER, d, limits, cal).ok).toBe(true);
  });

  it('erasing the sender: name and contact gone, also where the submission quoted them; the trail keeps the reason, never the data', () => {
    const c = newCase(at('2026-09-28'), {
      sender: { name: '张三', contact: { kind: 'email', value: 'zhangsan@example.com' } },
      submission: [{ label: '问题描述', value: '我是张三，请回复 zhangsan@example.com' }, { label: '地点', value: '玉带溪' }],
    });
    expect(refusalOf(applyAction(c, { type: 'erase-sender', reason: '' }, OFFICE, d, limits, cal))).toEqual({ code: 'invalid', message: '请填写删除理由' });
    const erased = act(c, { type: 'erase-sender', reason: '本人申请删除' }, OFFICE, d);
    expect(erased.sender).toEqual({ name: null, contact: null });
    expect(erased.submission).toEqual([{ label: '问题描述', value: '我是（已删除），请回复 （已删除）' }, { label: '地点', value: '玉带溪' }]);
    expect(erased.history.at(-1)).toMatchObject({ action: 'erase-sender', detail: { reason: '本人申请删除' } });
    expect(JSON.stringify(erased.history)).not.toMatch(/张三|zhangsan/);
    expect(verifyChain(erased.receipt, erased.history, stateOf(erased))).toMatchObject({ ok: true });
    expect(applyAction(erased, { type: 'erase-sender', reason: '再次删除' }, OFFICE, d, limits, cal)).toEqual({ ok: false, refusal: { code: 'invalid', message: '提交人个人信息已删除' } });
    // Only the contact was ever given (an anonymous report): that is erased too; blank values count as nothing.
    const contactOnly = act(newCase(at('2026-09-28')), { type: 'erase-sender', reason: '保存期限届满' }, OFFICE, d);
    expect(contactOnly.sender).toEqual({ name: null, contact: null });
    const blank = newCase(at('2026-09-28'), { sender: { name: ' ', contact: null } });
    expect(refusalOf(applyAction(blank, { type: 'erase-sender', reason: '保存期限届满' }, OFFICE, d, limits, cal))?.message).toBe('提交人个人信息已删除');
  });
});
