/**
 * The workspace's actions as the case page posts them, with the real store and
 * SMTP server: a report handled to a reply (the sender is mailed a notice, and
 * reads the reply only with the query code), a stale form answered with the
 * current state and the typed text kept, another unit's case not found, a case
 * registered from the phone, the queue and its CSV, the office's chain check.
 */
import { getStore } from '@netlify/blobs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CASE_LIMITS } from '../../src/lib/cases/time-limits.ts';
import { caseKeys, readCase } from '../../src/server/case-store.ts';
import { checkAuditChain, loadQueue, openCase, parseQueueQuery, performCaseAction, queueCsv, registerCase, senderCaseView, type ActionContext } from '../../src/server/case-workspace.ts';
import { listPersonalDataReads } from '../../src/server/access-log.ts';
import { runtime } from '../../src/server/comment-runtime.ts';
import { actorOf, registerPerson, type StaffPerson, type StaffSession } from '../../src/server/staff-auth.ts';
import { handleReport } from '../../src/server/report-submit.ts';
import type { CommentTestEnv } from '../helpers/comments.ts';
import { REPORT_BASE, startReportEnv } from '../helpers/reports.ts';
import { reportKeys, type ReportRecord } from '../../src/server/report-intake.ts';
import { handleCaseAttachment } from '../../src/server/staff-endpoints.ts';
import { requestSignInLink, useSignInLink } from '../../src/server/staff-auth.ts';
import { sessionCookie } from '../../src/lib/staff/auth-rules.ts';
import type { MailTransport } from '../../src/server/mail-transport.ts';

// A JPEG's magic bytes and a few more: what the report intake sniffs.
const JPEG_BYTES = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]);

/** A real session: a link requested, read from the mail the transport is handed, and used. */
async function cookieOf(email: string): Promise<string> {
  let token = '';
  const capture: MailTransport = { kind: 'held', send: async (m) => ((token = /token=([A-Za-z0-9_-]{43})/.exec(m.text)?.[1] ?? ''), { response: 'ok' }), close: () => {} };
  await requestSignInLink({ email, now: env.clock.now, confirmUrl: `${REPORT_BASE}/staff/sign-in/confirm/`, siteName: '测试', transport: capture });
  const used = await useSignInLink(token, env.clock.now);
  if (!used.ok) throw new Error(`sign-in of ${email}: ${used.reason}`);
  return sessionCookie(used.sessionId, new URL(REPORT_BASE), used.maxAgeSeconds).split(';')[0]!;
}

const KEY = 'test-receipt-salt';
const SZQ_UNIT = { id: 'szq', name: '市中区人民政府', email: 'river@unit.example.gov.cn' };
const LEAD_UNIT = { id: 'lead', name: '市住房城乡建设局', email: 'lead@unit.example.gov.cn' };
const session = (p: Omit<StaffPerson, 'addedBy' | 'addedAt'>): StaffSession => {
  const person = { ...p, addedBy: 'test', addedAt: '' };
  return { person, actor: actorOf(person) };
};
const OFFICE = session({ email: 'gkb-staff@example.gov.cn', name: '公开办', role: 'office', unit: null });
const SZQ = session({ email: 'zhang@szq.example.gov.cn', name: '张三', role: 'unit', unit: SZQ_UNIT });
const SZQ2 = session({ email: 'li@szq.example.gov.cn', name: '李四', role: 'unit', unit: SZQ_UNIT });
const LEAD = session({ email: 'wang@lead.example.gov.cn', name: '王五', role: 'unit', unit: LEAD_UNIT });

let env: CommentTestEnv;
let ctx: () => ActionContext;
beforeAll(async () => {
  env = await startReportEnv({ STAFF_OFFICE_EMAIL: OFFICE.person.email });
  env.clock.now = new Date('2026-09-28T10:00:00+08:00');
  for (const s of [SZQ, LEAD]) await registerPerson(OFFICE.actor, { email: s.person.email, name: s.person.name, role: 'unit', unit: s.person.unit }, env.clock.now);
  ctx = () => ({ now: env.clock.now, limits: DEFAULT_CASE_LIMITS, transport: runtime().mail(), siteName: '测试政务公开网站', siteUrl: REPORT_BASE });
});
afterAll(async () => {
  await env.close();
});
beforeEach(() => {
  env.smtp.mails.length = 0;
});

async function report(what: string, photo?: Uint8Array<ArrayBuffer>): Promise<{ receipt: string; queryCode: string }> {
  const fd = new FormData();
  for (const [k, v] of Object.entries({ waterBody: 'yudaixi', kind: '污水直排', what, where: '玉带溪公园东门桥下', seen: '2026-09-27', contact: 'citizen@example.com' })) fd.append(k, v);
  if (photo) fd.append('photo', new Blob([photo]), '现场照片.jpg');
  const res = await handleReport(new Request(`${REPORT_BASE}/api/reports`, { method: 'POST', body: fd, headers: { accept: 'application/json' } }), { ip: '203.0.113.9' });
  expect(res.status).toBe(201);
  return (await res.json()) as { receipt: string; queryCode: string };
}
const form = (fields: Record<string, string | number>) => new Map(Object.entries(fields).map(([k, v]) => [k, String(v)]));
const at = (iso: string) => (env.clock.now = new Date(`${iso}+08:00`));

describe('handling a report to a reply', () => {
  it('across National Day: start, suspend, resume, extend, reply (sender mailed), close; the sender reads the reply with the query code only', async () => {
    const { receipt, queryCode } = await report('国庆前发现排水口有污水直排，请尽快处理。');
    env.smtp.mails.length = 0;
    let rev = 1;
    const act = async (fields: Record<string, string | number>, who = SZQ) => {
      const r = await performCaseAction(who, receipt, form({ revision: rev, ...fields }), ctx());
      if (r.kind !== 'updated') throw new Error(JSON.stringify(r));
      rev = r.record.revision;
      return r.record;
    };
    at('2026-09-28T15:00:00');
    expect((await act({ action: 'start' })).status).toBe('in-progress');
    at('2026-09-29T09:00:00');
    expect((await act({ action: 'suspend', reason: '等待群众补充具体位置' })).dueDate).toBeNull();
    expect((await senderCaseView(receipt, null, KEY, env.clock.now, DEFAULT_CASE_LIMITS))?.status).toBe('暂停计时');
    at('2026-10-09T09:00:00');
    expect((await act({ action: 'resume' })).dueDate).toBe('2026-10-14');
    at('2026-10-12T09:00:00');
    expect((await act({ action: 'extend', days: 3, reason: '需会同环保部门现场核查' })).dueDate).toBe('2026-10-19');
    at('2026-10-16T16:00:00');
    const replied = await act({ action: 'reply', text: '经现场核查，该排水口已于10月15日封堵，感谢您的监督。' });
    expect(replied.status).toBe('replied');
    const notice = env.smtp.mails.find((m) => m.envelopeTo.includes('citizen@example.com'));
    expect(notice?.parsed.subject).toBe(`您反映的事项已答复（回执编号 ${receipt}）`);
    expect(notice?.parsed.text).not.toContain('封堵');
    const withoutCode = await senderCaseView(receipt, null, KEY, env.clock.now, DEFAULT_CASE_LIMITS);
    expect(withoutCode).toMatchObject({ status: '已答复', unit: '市中区人民政府', handling: '转交办', dueDate: '2026年10月19日', reply: null, codeRefused: false });
    expect((await senderCaseView(receipt, 'AAAA-AAAA', KEY, env.clock.now, DEFAULT_CASE_LIMITS))).toMatchObject({ reply: null, codeRefused: true });
    expect((await senderCaseView(receipt, queryCode.toLowerCase().replace('-', ' '), KEY, env.clock.now, DEFAULT_CASE_LIMITS))?.reply?.text).toBe('经现场核查，该排水口已于10月15日封堵，感谢您的监督。');
    expect((await act({ action: 'close' })).status).toBe('closed');
    expect(await checkAuditChain(OFFICE, receipt)).toMatchObject({ ok: true, entries: 7 });
    expect(await checkAuditChain(SZQ, receipt)).toBeNull();
  });
});

describe('conflicts and permissions', () => {
  it('a stale form is answered with the current state and keeps what was typed', async () => {
    const { receipt } = await report('两位工作人员同时处理的线索，排水口有污水。');
    expect(await performCaseAction(SZQ, receipt, form({ action: 'start', revision: 1 }), ctx())).toMatchObject({ kind: 'updated' });
    const stale = await performCaseAction(SZQ2, receipt, form({ action: 'reply', revision: 1, text: '我写了很长的答复' }), ctx());
    expect(stale).toMatchObject({ kind: 'conflict', current: { revision: 2, status: 'in-progress' }, preserved: { text: '我写了很长的答复', action: 'reply' } });
    expect((await readCase(receipt))?.record.reply).toBeNull();
  });

  it('another unit’s case does not exist for a unit; only the office assigns, and only to registered units', async () => {
    const { receipt } = await report('另一单位不应看到的线索，排水口有污水。');
    expect(await openCase(LEAD, receipt, env.clock.now)).toBeNull();
    expect(await performCaseAction(LEAD, receipt, form({ action: 'note', revision: 1, text: '越权' }), ctx())).toEqual({ kind: 'not-found' });
    expect(await performCaseAction(SZQ, receipt, form({ action: 'assign', revision: 1, unit: 'lead' }), ctx())).toMatchObject({ kind: 'refused', message: '只有政务公开办公室可以分派或转办' });
    expect(await performCaseAction(OFFICE, receipt, form({ action: 'assign', revision: 1, unit: 'nowhere' }), ctx())).toMatchObject({ kind: 'refused', message: '请选择已登记的承办单位' });
    expect(await performCaseAction(OFFICE, receipt, form({ action: 'transfer', revision: 1, unit: 'lead', reason: '属市级职责' }), ctx())).toMatchObject({ kind: 'updated', record: { unit: { id: 'lead', email: 'lead@unit.example.gov.cn' } } });
    expect(await openCase(SZQ, receipt, env.clock.now)).toBeNull();
    expect((await openCase(LEAD, receipt, env.clock.now))?.record.status).toBe('assigned');
    const reads = await listPersonalDataReads({ from: '2026-09-01', to: '2026-12-31' });
    expect(reads.filter((r) => r.action === 'case-view' && r.subject === receipt).map((r) => r.reader.id)).toEqual([LEAD.person.email]);
  });

  it('the office’s chain check finds a record changed behind the trail’s back', async () => {
    const { receipt } = await report('被篡改的线索记录，排水口有污水。');
    const store = getStore({ name: 'gongkai-cases', consistency: 'strong' });
    const c = (await readCase(receipt))!.record;
    await store.setJSON(caseKeys.case(receipt), { ...c, unit: { ...c.unit, id: 'lead' } });
    expect(await checkAuditChain(OFFICE, receipt)).toMatchObject({ ok: false });
  });
});

describe('erasing the sender and downloading a photo', () => {
  it('erase-sender: refused without a reason, on a stale page or for another unit, with nothing erased; done, gone from the case and the report record, in the trail', async () => {
    const { receipt } = await report('联系人张先生，电话在下面，排水口有污水。');
    const reportRecord = async () => (await getStore({ name: 'gongkai-comments', consistency: 'strong' }).get(reportKeys.report(receipt), { type: 'json' })) as ReportRecord;
    const untouched = async () => {
      expect((await readCase(receipt))?.record.sender.contact?.value).toBe('citizen@example.com');
      expect((await reportRecord()).contact?.value).toBe('citizen@example.com');
    };
    expect(await performCaseAction(SZQ, receipt, form({ action: 'erase-sender', revision: 1, reason: ' ' }), ctx())).toMatchObject({ kind: 'refused', message: '请填写删除理由', preserved: { reason: ' ' } });
    await untouched();
    expect(await performCaseAction(SZQ, receipt, form({ action: 'note', revision: 1, text: '已联系' }), ctx())).toMatchObject({ kind: 'updated' });
    expect(await performCaseAction(SZQ2, receipt, form({ action: 'erase-sender', revision: 1, reason: '当事人要求' }), ctx())).toMatchObject({ kind: 'conflict', current: { revision: 2 } });
    await untouched();
    expect(await performCaseAction(LEAD, receipt, form({ action: 'erase-sender', revision: 2, reason: '越权' }), ctx())).toEqual({ kind: 'not-found' });
    await untouched();
    const done = await performCaseAction(SZQ, receipt, form({ action: 'erase-sender', revision: 2, reason: '当事人来电要求删除联系方式' }), ctx());
    expect(done).toMatchObject({ kind: 'updated', record: { sender: { name: null, contact: null }, revision: 3 } });
    expect((await reportRecord()).contact).toBeNull();
    const c = (await readCase(receipt))!.record;
    expect(c.history.at(-1)).toMatchObject({ action: 'erase-sender', actor: SZQ.person.email, detail: { reason: '当事人来电要求删除联系方式' } });
    expect(JSON.stringify(c)).not.toContain('citizen@example.com');
    expect(await checkAuditChain(OFFICE, receipt)).toMatchObject({ ok: true });
    expect(await performCaseAction(SZQ, receipt, form({ action: 'erase-sender', revision: 3, reason: '再次' }), ctx())).toMatchObject({ kind: 'refused', message: '提交人个人信息已删除' });
  });

  it('a report’s photo: downloaded by its unit and the office through a signed-in session, recorded first; 404 for another unit, a wrong index or receipt, and no session', async () => {
    const { receipt } = await report('附照片的线索，排水口有污水。', JPEG_BYTES);
    const get = (path: string, cookie: string | null) => handleCaseAttachment(new Request(`${REPORT_BASE}${path}`, { headers: cookie ? { cookie } : {} }), ...(path.split('/').slice(3, 6).filter((_, i) => i !== 1) as [string, string]));
    const szq = await cookieOf(SZQ.person.email);
    const res = await get(`/staff/cases/${receipt}/attachments/0`, szq);
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(JPEG_BYTES);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${receipt}-1.jpg"; filename*=UTF-8''${encodeURIComponent('现场照片.jpg')}`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect((await get(`/staff/cases/${receipt}/attachments/0`, await cookieOf(OFFICE.person.email))).status).toBe(200);
    const reads = await listPersonalDataReads({ from: '2026-01-01', to: '2026-12-31' });
    expect(reads.filter((r) => r.action === 'report-photo' && r.subject === receipt).map((r) => r.reader.id).sort()).toEqual([OFFICE.person.email, SZQ.person.email].sort());
    for (const [path, cookie] of [
      [`/staff/cases/${receipt}/attachments/0`, await cookieOf(LEAD.person.email)],
      [`/staff/cases/${receipt}/attachments/1`, szq],
      [`/staff/cases/${receipt}/attachments/-1`, szq],
      [`/staff/cases/${receipt}/attachments/0x0`, szq],
      [`/staff/cases/${receipt.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A'))}/attachments/0`, szq],
    ] as const) expect((await get(path, cookie)).status, path).toBe(404);
    const anonymous = await get(`/staff/cases/${receipt}/attachments/0`, null);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/staff/sign-in/');
    expect((await listPersonalDataReads({ from: '2026-01-01', to: '2026-12-31' })).filter((r) => r.action === 'report-photo').length).toBe(2);
  });
});

describe('registering and listing', () => {
  it('a case from the phone gets a receipt of its kind and a query code shown once; a unit registers only for itself', async () => {
    at('2026-09-30T10:00:00');
    const bad = await registerCase(SZQ, form({ kind: 'letter', channel: 'online', handling: 'x', subject: '', content: '\u200b' }), { now: env.clock.now, limits: DEFAULT_CASE_LIMITS, queryCodeKey: KEY });
    expect(bad).toMatchObject({ ok: false, errors: ['请选择来源渠道（电话、来访或信件）', '请选择办理类型', '请填写事项摘要', '请填写反映内容'] });
    const r = await registerCase(SZQ, form({ kind: 'letter', channel: 'phone', unit: 'lead', handling: 'immediate', subject: '小区路灯不亮', content: '群众来电反映小区路灯连续一周不亮。', name: '赵先生', contact: '13800138000' }), { now: env.clock.now, limits: DEFAULT_CASE_LIMITS, queryCodeKey: KEY });
    if (!r.ok) throw new Error(r.errors.join());
    expect(r.record).toMatchObject({ kind: 'letter', channel: 'phone', unit: { id: 'szq' }, handling: 'immediate', dueDate: '2026-10-08', status: 'received' });
    expect(r.record.receipt).toMatch(/^TS-20260930-/);
    expect((await senderCaseView(r.record.receipt, r.queryCode, KEY, env.clock.now, DEFAULT_CASE_LIMITS))?.codeRefused).toBe(false);
  });

  it('the queue: a unit’s own cases, overdue first, filters; the CSV has no personal data', async () => {
    at('2026-10-12T09:00:00');
    const q = parseQueueQuery(new URL(`${REPORT_BASE}/staff/?unit=lead`), SZQ.actor);
    expect(q.unit).toBe('szq');
    const view = await loadQueue(q, env.clock.now, DEFAULT_CASE_LIMITS);
    expect(view.entries.length).toBeGreaterThan(0);
    expect(view.entries.every((e) => e.unit === 'szq' && e.status !== 'closed')).toBe(true);
    expect(view.entries[0]!.due).toBe('overdue');
    expect(view.counts.overdue).toBeGreaterThan(0);
    const office = await loadQueue(parseQueueQuery(new URL(`${REPORT_BASE}/staff/?status=all&kind=report`), OFFICE.actor), env.clock.now, DEFAULT_CASE_LIMITS);
    expect(new Set(office.entries.map((e) => e.unit))).toEqual(new Set(['szq', 'lead']));
    const csv = await queueCsv(parseQueueQuery(new URL(`${REPORT_BASE}/staff/?status=all`), OFFICE.actor), env.clock.now, DEFAULT_CASE_LIMITS);
    expect(csv).toContain('"回执编号","类别","来源","事项"');
    expect(csv).not.toContain('citizen@example.com');
    expect(csv).not.toContain('13800138000');
    expect(csv).not.toContain('赵先生');
  });

  it('the queues kept in memory follow every change and the next day: a new case, a unit’s change, due states moving on', async () => {
    at('2026-10-12T09:00:00');
    const { receipt } = await report('排水口又有污水直排。');
    const officeQuery = parseQueueQuery(new URL(`${REPORT_BASE}/staff/?status=all`), OFFICE.actor);
    const entry = async (q = officeQuery) => (await queueCsv(q, env.clock.now, DEFAULT_CASE_LIMITS)).split('\n').find((l) => l.startsWith(`"${receipt}"`));
    const unitQuery = parseQueueQuery(new URL(`${REPORT_BASE}/staff/?status=all`), SZQ.actor);
    expect(await entry()).toContain('"已接收","2026-10-12","2026-10-19","未到期"');
    expect(await entry(unitQuery)).toContain('"已接收","2026-10-12","2026-10-19","未到期"');
    // The same queues again (served from memory), then a change by a unit.
    expect(await entry()).toContain('"已接收"');
    const started = await performCaseAction(SZQ, receipt, form({ action: 'start', revision: 1 }), ctx());
    expect(started.kind).toBe('updated');
    expect(await entry()).toContain('"办理中","2026-10-12","2026-10-19","未到期"');
    expect(await entry(unitQuery)).toContain('"办理中","2026-10-12","2026-10-19","未到期"');
    at('2026-10-14T09:00:00'); // 10-15, 10-16, 10-19 left: due soon
    expect(await entry()).toContain('"2026-10-19","即将到期"');
    at('2026-10-20T09:00:00');
    expect(await entry()).toContain('"2026-10-19","已超期"');
    expect((await loadQueue(parseQueueQuery(new URL(`${REPORT_BASE}/staff/?due=overdue`), OFFICE.actor), env.clock.now, DEFAULT_CASE_LIMITS)).entries.map((e) => e.receipt)).toContain(receipt);
  });
});
