/**
 * 答复选登 with the real local Blobs store: the preview removes the writer's data,
 * the scan flags what remains until it is edited out or confirmed, only the office
 * publishes and only with the writer's consent, and a reply is listed only once
 * its case records the publication (a crash between the writes publishes nothing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicationPreview } from '../../src/lib/cases/published-reply.ts';
import type { Actor } from '../../src/lib/cases/case.ts';
import { DEFAULT_CASE_LIMITS } from '../../src/lib/cases/time-limits.ts';
import { validateLetter } from '../../src/lib/letters/letter-form.ts';
import { officialCalendar } from '../../src/lib/official-calendar.ts';
import { readCase, updateCase } from '../../src/server/case-store.ts';
import { takeLetter, type CaseIntakeContext } from '../../src/server/case-intake.ts';
import { publishedReplies, publishReply } from '../../src/server/published-replies.ts';
import { startCommentEnv, type CommentTestEnv } from '../helpers/comments.ts';

const WATER = { id: 'water', name: '市水务局', email: 'water@example.gov.cn' };
const OFFICE: Actor = { kind: 'office', email: 'gkb-staff@example.gov.cn' };
const UNIT: Actor = { kind: 'unit', email: 'a@water.example.gov.cn', unit: 'water' };
const on = (day: string) => new Date(`${day}T10:00:00+08:00`);

let env: CommentTestEnv;
let ctx: CaseIntakeContext;
beforeAll(async () => {
  env = await startCommentEnv();
  ctx = { now: on('2026-10-12'), limits: DEFAULT_CASE_LIMITS, queryCodeKey: 'test-receipt-salt', siteName: '测试', siteUrl: null, office: { name: '市政务公开办公室', email: 'gkb@example.gov.cn' } };
});
afterAll(async () => {
  await env.close();
});

async function repliedLetter(publish: boolean, content: string) {
  const v = validateLetter(new Map(Object.entries({ mailbox: 'unit', unit: 'water', purpose: 'suggestion', topic: 'water-affairs', title: '建议增设河道护栏', content, name: '李四', contact: '13800138000', ...(publish ? { publish: 'yes' } : {}) })), new Set(['water']));
  if (!v.ok) throw new Error('invalid');
  const { record } = await takeLetter(v.value, WATER, ctx);
  const r = await updateCase({ receipt: record.receipt, revision: null, action: { type: 'reply', text: '已安排增设护栏。如有疑问请致电 0832-2222333 或联系李四。' }, actor: UNIT, now: on('2026-10-14'), limits: DEFAULT_CASE_LIMITS, calendar: officialCalendar });
  if (r.status !== 'updated') throw new Error(JSON.stringify(r));
  return r.record;
}
const publish = (receipt: string, text: { title: string; question: string; reply: string }, confirmed: string[] = [], actor: Actor = OFFICE, revision: number | null = null) =>
  publishReply({ receipt, revision, text, confirmedFindings: confirmed, actor, now: on('2026-10-15'), limits: DEFAULT_CASE_LIMITS });

describe('答复选登', () => {
  it('preview without the writer’s data, the scan flags the rest, the office confirms, then it is listed', async () => {
    const c = await repliedLetter(true, '我是李四，电话 13800138000。玉带溪公园段河道没有护栏，建议增设。');
    const preview = publicationPreview(c);
    expect(preview.text.question).toBe('我是（已隐去），电话 （已隐去）。玉带溪公园段河道没有护栏，建议增设。');
    expect(preview.text.reply).toBe('已安排增设护栏。如有疑问请致电 0832-2222333 或联系（已隐去）。');
    expect(preview.findings.map((f) => f.value)).toEqual(['0832-2222333']);

    expect(await publish(c.receipt, preview.text, [], UNIT)).toMatchObject({ status: 'refused', refusal: { message: '只有政务公开办公室可以选登' } });
    expect(await publish(c.receipt, preview.text)).toMatchObject({ status: 'refused', refusal: { message: '选登内容中有 1 处疑似个人信息，请删除或逐项确认可以公开' } });
    expect(await publish(c.receipt, { ...preview.text, question: '我是李四，建议增设护栏。' }, ['0832-2222333'])).toMatchObject({ status: 'refused', refusal: { message: expect.stringContaining('来信人的姓名或联系方式') } });
    expect(await publishedReplies()).toEqual([]);

    const done = await publish(c.receipt, preview.text, ['0832-2222333']);
    expect(done).toMatchObject({ status: 'published', reply: { receipt: c.receipt, title: '建议增设河道护栏', unit: '市水务局', askedOn: '2026-10-12', repliedOn: '2026-10-14', publishedOn: '2026-10-15', purpose: 'suggestion', topic: 'water-affairs' } });
    const listed = await publishedReplies();
    expect(listed.map((r) => r.receipt)).toEqual([c.receipt]);
    expect(JSON.stringify(listed)).not.toMatch(/李四|13800138000/);
    expect((await readCase(c.receipt))?.record.published).toEqual({ on: '2026-10-15', by: OFFICE.kind === 'office' ? OFFICE.email : '', title: '建议增设河道护栏' });
    expect(await publish(c.receipt, preview.text, ['0832-2222333'])).toMatchObject({ status: 'refused', refusal: { message: '该来信已选登' } });
  });

  it('without the writer’s consent nothing can be published', async () => {
    const c = await repliedLetter(false, '玉带溪公园段河道没有护栏，建议尽快增设，保障安全。');
    expect(await publish(c.receipt, publicationPreview(c).text, ['0832-2222333'])).toMatchObject({ status: 'refused', refusal: { message: '来信人未同意公开，不能选登' } });
    expect((await publishedReplies()).map((r) => r.receipt)).not.toContain(c.receipt);
  });

  it('a publication whose case write loses (a stale page) is not listed; trying again completes it', async () => {
    const c = await repliedLetter(true, '玉带溪下游河段也没有护栏，建议一并增设。');
    const text = publicationPreview(c).text;
    expect(await publish(c.receipt, text, ['0832-2222333'], OFFICE, c.revision - 1)).toMatchObject({ status: 'conflict' });
    expect((await publishedReplies()).map((r) => r.receipt)).not.toContain(c.receipt);
    expect(await publish(c.receipt, text, ['0832-2222333'], OFFICE, c.revision)).toMatchObject({ status: 'published' });
    expect((await publishedReplies()).map((r) => r.receipt)).toContain(c.receipt);
  });
});
