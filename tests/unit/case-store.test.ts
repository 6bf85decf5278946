/**
 * The case store with the real local Blobs server: reports become cases before
 * they are acknowledged, query codes are stored only hashed, a unit sees only
 * its own cases, and two staff changing one case at once — one wins, the other
 * gets a conflict with the current state.
 */
import { getStore } from '@netlify/blobs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/cases/case.ts';
import { queryCodeMatches } from '../../src/lib/cases/query-code.ts';
import { DEFAULT_CASE_LIMITS } from '../../src/lib/cases/time-limits.ts';
import { officialCalendar } from '../../src/lib/official-calendar.ts';
import { caseKeys, queueRows, readCase, readCaseAs, updateCase } from '../../src/server/case-store.ts';
import { useBlobsFetch } from '../../src/server/comment-stores.ts';
import { localBlobsFetch } from '../../src/server/local-blobs.ts';
import { handleReport } from '../../src/server/report-submit.ts';
import type { CommentTestEnv } from '../helpers/comments.ts';
import { REPORT_BASE, startReportEnv } from '../helpers/reports.ts';

const BASE = REPORT_BASE;
const OFFICE: Actor = { kind: 'office', email: 'gkb@example.gov.cn' };
const SZQ: Actor = { kind: 'unit', email: 'a@szq.example.gov.cn', unit: 'szq' };
const SZQ2: Actor = { kind: 'unit', email: 'b@szq.example.gov.cn', unit: 'szq' };
const LEAD: Actor = { kind: 'unit', email: 'c@lead.example.gov.cn', unit: 'lead' };

let env: CommentTestEnv;
beforeAll(async () => {
  env = await startReportEnv();
});
afterAll(async () => {
  await env.close();
});
beforeEach(() => {
  env.smtp.mails.length = 0;
});

let n = 0;
function report(extra: Record<string, string> = {}): Request {
  const fd = new FormData();
  const fields = { waterBody: 'yudaixi', kind: '污水直排', what: `排水口有污水直排，水面发黑，第 ${++n} 次反映。`, where: '玉带溪公园东门桥下', seen: '2026-11-27', contact: 'citizen@example.com', ...extra };
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  return new Request(`${BASE}/api/reports`, { method: 'POST', body: fd, headers: { accept: 'application/json' } });
}

async function submit(extra: Record<string, string> = {}): Promise<{ receipt: string; queryCode: string; dueDate: string }> {
  const res = await handleReport(report(extra), { ip: '203.0.113.9' });
  expect(res.status).toBe(201);
  return (await res.json()) as { receipt: string; queryCode: string; dueDate: string };
}

const update = (receipt: string, revision: number | null, action: Parameters<typeof updateCase>[0]['action'], actor: Actor) =>
  updateCase({ receipt, revision, action, actor, now: env.clock.now, limits: DEFAULT_CASE_LIMITS, calendar: officialCalendar });

describe('reports become cases', () => {
  it('a report is a case of the water body’s unit, due in 5 working days (转交办), with a hashed query code', async () => {
    // Received Saturday 2026-11-28: 11-30 … 12-04 are the five working days.
    const { receipt, queryCode, dueDate } = await submit();
    expect(dueDate).toBe('2026-12-04');
    const stored = await readCase(receipt);
    expect(stored?.record).toMatchObject({ kind: 'report', channel: 'online', status: 'received', handling: 'referred', unit: { id: 'szq' }, dueDate: '2026-12-04', revision: 1 });
    expect(stored!.record.sender.contact).toEqual({ kind: 'email', value: 'citizen@example.com' });
    const raw = await getStore({ name: 'gongkai-cases', consistency: 'strong' }).get(caseKeys.case(receipt), { type: 'text' });
    expect(raw).not.toContain(queryCode);
    expect(queryCodeMatches(queryCode, receipt, stored!.record.queryCodeHash, 'test-receipt-salt')).toBe(true);
    expect((await queueRows('szq')).map((r) => r.receipt)).toContain(receipt);
    // The acknowledgement carries the query code; the unit's mail does not.
    const ack = env.smtp.mails.find((m) => m.envelopeTo.includes('citizen@example.com'));
    expect(ack?.parsed.text).toContain(`查询码：${queryCode}`);
    expect(env.smtp.mails.find((m) => m.envelopeTo.includes('river@unit.example.gov.cn'))?.parsed.text).not.toContain(queryCode);
  });

  it('a replay shows the same query code and opens no second case', async () => {
    const req = () => handleReport(report({ what: '同一条线索重复提交，排水口有污水直排。' }), { ip: '203.0.113.9' });
    const first = (await (await req()).json()) as { receipt: string; queryCode: string };
    const again = await req();
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ receipt: first.receipt, queryCode: first.queryCode });
    expect((await queueRows('szq')).filter((r) => r.receipt === first.receipt)).toHaveLength(1);
  });

  it('stored before acknowledged: when the case cannot be written the sender is told, nothing is mailed, and a resend completes it', async () => {
    let down = true;
    useBlobsFetch(async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if ((init?.method ?? 'GET').toUpperCase() === 'PUT' && decodeURIComponent(url).includes('gongkai-cases/case/')  && down) throw new Error('injected: cases store down');
      return localBlobsFetch(input, init);
    });
    try {
      const fields = { what: '写入办件失败后再次提交的线索，排水口有污水直排。' };
      const failed = await handleReport(report(fields), { ip: '203.0.113.9' });
      expect(failed.status).toBe(503);
      expect(env.smtp.mails).toHaveLength(0);
      down = false;
      const retried = await handleReport(report(fields), { ip: '203.0.113.9' });
      expect(retried.status).toBe(200); // the report record was kept; the case and mails follow now
      const { receipt } = (await retried.json()) as { receipt: string };
      expect((await readCase(receipt))?.record.status).toBe('received');
      expect(env.smtp.mails).toHaveLength(2);
    } finally {
      useBlobsFetch(localBlobsFetch);
    }
  });
});

describe('permissions', () => {
  it('a unit sees and changes only its own cases; the office sees all', async () => {
    const { receipt } = await submit();
    expect(await readCaseAs(receipt, LEAD)).toBeNull();
    expect(await update(receipt, 1, { type: 'note', text: '越权备注' }, LEAD)).toEqual({ status: 'not-found' });
    expect((await readCaseAs(receipt, OFFICE))?.record.receipt).toBe(receipt);
    expect((await readCase(receipt))?.record.revision).toBe(1);
    expect(await update(receipt, 1, { type: 'transfer', unit: { id: 'lead', name: '市住房城乡建设局', email: 'lead@unit.example.gov.cn' }, reason: '非本区职责' }, SZQ)).toMatchObject({ status: 'refused', refusal: { code: 'not-allowed' } });
    const moved = await update(receipt, 1, { type: 'transfer', unit: { id: 'lead', name: '市住房城乡建设局', email: 'lead@unit.example.gov.cn' }, reason: '属市级职责' }, OFFICE);
    expect(moved).toMatchObject({ status: 'updated', record: { unit: { id: 'lead' }, status: 'assigned' } });
    expect(await readCaseAs(receipt, SZQ)).toBeNull();
    expect((await readCaseAs(receipt, LEAD))?.record.revision).toBe(2);
    expect((await queueRows('szq')).map((r) => r.receipt)).not.toContain(receipt);
    expect((await queueRows('lead')).find((r) => r.receipt === receipt)).toMatchObject({ status: 'assigned', revision: 2 });
    expect((await queueRows(null)).filter((r) => r.receipt === receipt)).toHaveLength(1);
  });
});

describe('concurrency', () => {
  it('two staff on one case: the second, working from the page it saw, gets a conflict with the current state', async () => {
    const { receipt } = await submit();
    const a = await update(receipt, 1, { type: 'start' }, SZQ);
    expect(a).toMatchObject({ status: 'updated', record: { revision: 2, status: 'in-progress' } });
    const b = await update(receipt, 1, { type: 'reply', text: '已处理' }, SZQ2);
    expect(b).toMatchObject({ status: 'conflict', current: { revision: 2, status: 'in-progress' } });
    expect((await readCase(receipt))?.record.reply).toBeNull();
  });

  it('eight writers from the same revision at once: exactly one wins, seven see the winner’s state, nothing is overwritten', async () => {
    const { receipt } = await submit();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => update(receipt, 1, { type: 'note', text: `第 ${i + 1} 位工作人员的备注` }, i % 2 ? SZQ : SZQ2)));
    const winners = results.filter((r) => r.status === 'updated');
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => r.status === 'conflict')).toHaveLength(7);
    const stored = (await readCase(receipt))!.record;
    expect(stored.revision).toBe(2);
    expect(stored.notes).toHaveLength(1);
    expect(stored.notes[0]!.text).toBe(winners[0]!.status === 'updated' ? winners[0]!.record.notes[0]!.text : '');
    for (const r of results) if (r.status === 'conflict') expect(r.current.notes).toEqual(stored.notes);
  });
});
