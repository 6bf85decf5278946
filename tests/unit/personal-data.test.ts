/**
 * Personal data end to end with real parts (Blobs server, SMTP server, the
 * functions' own handlers): the record of who read it, the daily retention run
 * on a simulated calendar, and a sender's withdrawal of their contact details.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleExport, ledgerFor } from '../../src/server/comment-endpoints.ts';
import { handleReceipt, handleWithdrawContact } from '../../src/server/receipt-lookup.ts';
import { storeComment, type CommentRecord } from '../../src/server/comment-intake.ts';
import { commentsStore, keys, outboxStore, rateLimitStore, useBlobsFetch } from '../../src/server/comment-stores.ts';
import { localBlobsFetch } from '../../src/server/local-blobs.ts';
import { listPersonalDataReads, personalDataReadsCsv } from '../../src/server/access-log.ts';
import { drainOutbox, enqueue, pendingMail } from '../../src/server/outbox.ts';
import { runtime } from '../../src/server/comment-runtime.ts';
import { recordAndCheck } from '../../src/server/rate-limiter.ts';
import { dailyRetention, retentionLog } from '../../src/server/retention.ts';
import { handleReport } from '../../src/server/report-submit.ts';
import { findReport } from '../../src/server/report-intake.ts';
import { REPORT_DIRECTORY_VERSION, type ReportDirectory } from '../../src/lib/report-directory.ts';
import { readCase, updateCase } from '../../src/server/case-store.ts';
import { loadCaseLimits } from '../../src/server/case-limits-source.ts';
import { eraseCaseSender } from '../../src/server/erasure.ts';
import { stateOf, type Actor, type CaseRecord } from '../../src/lib/cases/case.ts';
import { verifyChain } from '../../src/lib/cases/audit.ts';
import { officialCalendar } from '../../src/lib/official-calendar.ts';
import { checkCode, type PublishedLedger, type SignedTreeHead } from '../../src/lib/ledger/verify-ledger.mjs';
import { makeTreeHeads } from '../../src/server/ledger-log.ts';
import { ledgerSigner, signingKeyEntry } from '../../src/server/ledger-signing.ts';
import type { PublishedData } from '../../src/lib/published-data.ts';
import type { ContactDetail, SubmitterType } from '../../src/lib/comment-submission.ts';
import { fixtureData, PDF_BYTES, startCommentEnv, type CommentTestEnv } from '../helpers/comments.ts';

const BASE = 'https://gongkai.test.example';
const EXPORT_AUTH = { authorization: 'Bearer test-export-token-0123456789' };
let env: CommentTestEnv;
let data: PublishedData;

/** Fault injection: requests to the Blobs server that `fails` picks out throw, as a network error would. */
function failBlobs(fails: (method: string, url: string) => boolean): void {
  useBlobsFetch(async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (fails((init?.method ?? 'GET').toUpperCase(), url)) throw new Error('injected Blobs failure');
    return localBlobsFetch(input, init);
  });
}
const healBlobs = () => useBlobsFetch(localBlobsFetch);

/** Runs `run` while the requests `fails` picks out fail; healed afterwards whatever happens. */
async function duringBlobsFault<T>(fails: (method: string, url: string) => boolean, run: () => Promise<T>): Promise<T> {
  failBlobs(fails);
  try {
    return await run();
  } finally {
    healBlobs();
  }
}

/** The n+1-th and later deletions in `store` fail: a run cut short after n. */
const deletionsAfter = (n: number, store: string) => {
  let deletes = 0;
  return (method: string, url: string) => method === 'DELETE' && url.includes(`:${store}/`) && ++deletes > n;
};

function setDay(iso: string): void {
  env.clock.now = new Date(iso);
}

async function comment(consultation: string, n: number, who: { name: string | null; contact: ContactDetail | null; submitterType: SubmitterType }, attachment = false): Promise<CommentRecord> {
  const c = data.consultations.find((x) => x.id === consultation)!;
  const result = await storeComment({
    consultation: c,
    fields: { consultation, article: null, text: `第 ${n} 条意见：建议延长开放时间。`, name: who.name, contact: who.contact, submitterType: who.submitterType, consent: true, formToken: null, dropAttachment: false },
    attachment: attachment ? { filename: '说明.pdf', kind: 'pdf', data: PDF_BYTES, sha256: 'd' } : null,
    idempotencyKey: `personal-data-test-${consultation}-${n}`,
    keyIssuedAt: env.clock.now,
    now: env.clock.now,
    receiptSalt: 'test-receipt-salt',
    siteName: '测试政务公开网站',
    siteUrl: BASE,
  });
  return result.record;
}

/** Every outbox entry as text, to look for personal data in it. */
async function outboxText(): Promise<string> {
  const store = outboxStore();
  let all = '';
  for await (const page of store.list({ paginate: true })) for (const b of page.blobs) all += `${b.key} ${await store.get(b.key)}\n`;
  return all;
}

async function exportCsv(consultation: string, reader?: string): Promise<Response> {
  return handleExport(new Request(`${BASE}/api/comments/export?consultation=${consultation}&format=csv`, { headers: { ...EXPORT_AUTH, ...(reader ? { 'x-gongkai-reader': encodeURIComponent(reader) } : {}) } }));
}

let closed: CommentRecord[];
let open: CommentRecord;

beforeAll(async () => {
  env = await startCommentEnv();
  data = fixtureData();
  // The feedback report of test-closed came out on 2026-11-20; contact details are kept 10 days after it.
  data.consultations = data.consultations.map((c) => (c.id === 'test-closed' ? { ...c, feedbackPublished: '2026-11-20', feedbackPath: '/feedback/x/' } : c));
  data.site = { ...data.site, retention: { commentContactDays: 10, reportContactDays: 30, unconfirmedSubscriptionDays: 3, sentMailDays: 7, rateLimitDays: 2 } };
  writeFileSync(join(env.dir, 'consultations.json'), JSON.stringify(data));
  const directory: ReportDirectory = {
    version: REPORT_DIRECTORY_VERSION,
    site: { name: '测试政务公开网站', url: BASE },
    project: { title: '城市黑臭水体治理', path: '/remediation/', leadUnit: { id: 'lead', name: '市住房城乡建设局', email: 'lead@unit.example.gov.cn' } },
    waterBodies: [{ id: 'yudaixi', name: '玉带溪', path: '/remediation/water-bodies/yudaixi/', unit: { id: 'szq', name: '市中区人民政府', email: 'river@unit.example.gov.cn' } }],
  };
  writeFileSync(join(env.dir, 'report-directory.json'), JSON.stringify(directory));
  process.env.GONGKAI_REPORT_DIRECTORY_FILE = join(env.dir, 'report-directory.json');
  closed = [
    await comment('test-closed', 1, { name: '王小明', contact: { kind: 'phone', value: '13912345678' }, submitterType: '个人' }, true),
    await comment('test-closed', 2, { name: '李红', contact: { kind: 'email', value: 'lihong@example.com' }, submitterType: '个人' }),
    await comment('test-closed', 3, { name: '某某科技有限公司', contact: { kind: 'email', value: 'office@company.example' }, submitterType: '企业' }),
    await comment('test-closed', 4, { name: null, contact: null, submitterType: '匿名' }),
  ];
  open = await comment('test-open', 5, { name: '赵六', contact: { kind: 'phone', value: '13600001111' }, submitterType: '个人' });
});

afterAll(async () => {
  healBlobs();
  await env.close();
});

describe('who read personal data', () => {
  it('records every export and attachment download: who, when, what, how many records', async () => {
    setDay('2026-11-28T10:00:00+08:00');
    const csv = await exportCsv('test-closed', '张科员');
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain('13912345678');
    env.advance(1);
    const jsonExport = await handleExport(new Request(`${BASE}/api/comments/export?consultation=test-closed&format=json`, { headers: EXPORT_AUTH }));
    expect(jsonExport.status).toBe(200);
    env.advance(1);
    const file = await handleExport(new Request(`${BASE}/api/comments/export?consultation=test-closed&attachment=${closed[0]!.receipt}`, { headers: { ...EXPORT_AUTH, 'x-gongkai-reader': encodeURIComponent('张科员') } }));
    expect(file.status).toBe(200);
    // Refused requests read nothing and are not recorded.
    expect((await handleExport(new Request(`${BASE}/api/comments/export?consultation=test-closed&format=csv`, { headers: { authorization: 'Bearer wrong' } }))).status).toBe(401);

    const reads = await listPersonalDataReads({ from: '2026-11-28', to: '2026-11-28' });
    expect(reads.map((r) => [r.action, r.subject, r.format, r.records, r.reader.name, r.reader.kind])).toEqual([
      ['comments-export', 'test-closed', 'csv', 4, '张科员', 'export-token'],
      ['comments-export', 'test-closed', 'json', 4, null, 'export-token'],
      ['comment-attachment', `test-closed ${closed[0]!.receipt}`, 'pdf', 1, '张科员', 'export-token'],
    ]);
    expect(reads[0]!.at).toBe('2026-11-28T10:00:00+08:00');
    expect(reads[0]!.reader.id).toMatch(/^[0-9a-f]{12}$/);
    expect(JSON.stringify(reads)).not.toContain('13912345678');
    const table = personalDataReadsCsv(reads);
    expect(table).toContain('"导出意见（含个人信息）"');
    expect(table).toContain('"张科员"');
    expect(await listPersonalDataReads({ from: '2026-11-29', to: '2026-12-31' })).toEqual([]);
  });

  it('hands out nothing when the read cannot be recorded', async () => {
    const accessLogWrites = (method: string, url: string) => method === 'PUT' && url.includes(':gongkai-access-log/');
    await expect(duringBlobsFault(accessLogWrites, () => exportCsv('test-closed', '张科员'))).rejects.toThrow('injected Blobs failure');
    const attachment = () => handleExport(new Request(`${BASE}/api/comments/export?consultation=test-closed&attachment=${closed[0]!.receipt}`, { headers: EXPORT_AUTH }));
    await expect(duringBlobsFault(accessLogWrites, attachment)).rejects.toThrow('injected Blobs failure');
    expect(await listPersonalDataReads({ from: '2026-11-28', to: '2026-11-28' })).toHaveLength(3);
  });
});

describe('retention on a simulated calendar', () => {
  let ledgerBefore: { ledger: PublishedLedger; heads: SignedTreeHead[] };

  it('before the period ends nothing is deleted; mail goes out, marks and entries accumulate', async () => {
    setDay('2026-11-28T10:05:00+08:00');
    const drained = await drainOutbox(runtime().mail(), env.clock.now);
    expect(drained.sent).toBe(7); // to the department for each, acknowledgements to e-mail addresses
    await recordAndCheck('203.0.113.7', [{ id: '20/10m', limit: 20, windowMs: 600_000 }], env.clock.now, 'test-receipt-salt');
    await enqueue([pendingMail({ id: 'subscribe-confirm-test', kind: 'subscription', receipt: '', consultation: 'test-open', to: 'subscriber@example.com', subject: '请确认订阅', text: '确认链接', attachment: null, createdAt: env.clock.now.toISOString() }, '2030-01-01T00:00:00.000Z')]);
    // A department mail that is still waiting (SMTP was down) holds the sender's details.
    await outboxStore().setJSON(keys.queued(`${closed[1]!.receipt}-department`), pendingMail({ id: `${closed[1]!.receipt}-department`, kind: 'department', receipt: closed[1]!.receipt, consultation: 'test-closed', to: 'zhengji@dept.example.gov.cn', subject: '新意见', text: '姓名或单位：李红\n联系方式：lihong@example.com\n意见：第 2 条意见', attachment: null, createdAt: env.clock.now.toISOString() }, '2030-01-01T00:00:00.000Z'));

    // The comments entered test-closed's log while it was open: a head signed as if before its close.
    const asOpen = data.consultations.find((c) => c.id === 'test-closed')!;
    await makeTreeHeads({ now: env.clock.now, consultations: [{ ...asOpen, closes: '2026-12-31T23:59:59+08:00' }], receiptSalt: 'test-receipt-salt', signer: ledgerSigner(), disclosureOffice: null, siteName: '测试' });
    const ledger = await ledgerFor('test-closed');
    if (!('ledger' in ledger)) throw new Error(`no ledger: ${ledger.message}`);
    ledgerBefore = ledger;

    const run = await dailyRetention();
    expect(run.day).toBe('2026-11-28');
    expect(Object.values(run.kinds).map((k) => k.deleted)).toEqual([0, 0, 0, 0, 0]);
    expect(await (await exportCsv('test-closed')).text()).toContain('lihong@example.com');
  });

  it('on the first day after the period: contact details go from records, outbox and exports, once; the ledger still verifies', async () => {
    setDay('2026-11-29T23:59:00+08:00'); // day 9 after publication: not yet
    const day9 = await dailyRetention();
    expect(day9.kinds['comment-contact']).toEqual({ deleted: 0, alreadyDone: false });
    expect(day9.kinds['rate-limit']).toEqual({ deleted: 0, alreadyDone: false });
    setDay('2026-11-30T03:30:00+08:00'); // day 10: expired
    const first = await dailyRetention();
    expect(first.kinds['comment-contact']).toEqual({ deleted: 3, alreadyDone: false });
    expect(first.kinds['rate-limit']).toEqual({ deleted: 1, alreadyDone: false }); // written 11-28, kept 2 days
    let remaining = 0;
    for await (const page of rateLimitStore().list({ paginate: true })) remaining += page.blobs.length;
    expect(remaining).toBe(0);
    // The daily run runs twice: nothing more is deleted or recorded.
    setDay('2026-11-30T15:00:00+08:00');
    const second = await dailyRetention();
    expect(Object.values(second.kinds).every((k) => k.alreadyDone && k.deleted === 0)).toBe(true);
    const log = (await retentionLog({ from: '2026-11-30', to: '2026-11-30' })).filter((r) => r.kind === 'comment-contact');
    expect(log).toEqual([{ kind: 'comment-contact', day: '2026-11-30', count: 3, state: 'done', plannedAt: '2026-11-30T03:30:00+08:00', doneAt: '2026-11-30T03:30:00+08:00' }]);
    expect(JSON.stringify(await retentionLog({ from: '2026-11-01', to: '2026-12-31' }))).not.toMatch(/YJ-|13912345678|lihong/);

    const csv = await (await exportCsv('test-closed')).text();
    for (const gone of ['13912345678', '王小明', 'lihong@example.com', '李红', 'office@company.example']) expect(csv).not.toContain(gone);
    expect(csv).toContain('某某科技有限公司'); // a company's name is not personal data
    const stored = (await commentsStore().get(keys.comment('test-closed', closed[0]!.receipt))) ?? '';
    expect(stored).toContain('第 1 条意见');
    for (const gone of ['13912345678', '王小明', closed[0]!.fingerprint]) expect(stored).not.toContain(gone); // the fingerprint hashes the phone number
    expect(csv).toContain('第 1 条意见');
    const outbox = await outboxText();
    for (const gone of ['13912345678', 'lihong@example.com', '李红', 'office@company.example']) expect(outbox).not.toContain(gone);
    expect(outbox).toContain('第 2 条意见'); // the waiting department mail keeps its content
    // Not expired: the open consultation keeps its details.
    expect(await (await exportCsv('test-open')).text()).toContain('13600001111');

    const after = await ledgerFor('test-closed');
    if (!('ledger' in after)) throw new Error('no ledger');
    // Erasing contact details changes no leaf: the content commitment covers receipt, time, text and attachment only.
    expect(after.ledger.root).toBe(ledgerBefore.ledger.root);
    expect(after.ledger.entries).toEqual(ledgerBefore.ledger.entries);
    const signingKeys = { algorithm: 'Ed25519' as const, keys: [signingKeyEntry(ledgerSigner(), '2026-11-28')] };
    for (const r of closed) expect(await checkCode(after.ledger, after.heads, signingKeys, r.verificationCode)).toMatchObject({ ledgerOk: true, included: true, inclusionOk: true });
    const receipt = await handleReceipt(new Request(`${BASE}/api/receipts?number=${closed[0]!.receipt}`, { headers: { accept: 'application/json' } }));
    expect(await receipt.json()).toMatchObject({ ok: true, verificationCode: closed[0]!.verificationCode });
  });

  it('unconfirmed subscription mail after 3 days, sent-mail marks after 7; a run cut short is completed and counted once', async () => {
    expect(await outboxText()).toContain('subscriber@example.com');
    setDay('2026-12-01T03:30:00+08:00'); // 11-28 + 3
    const dec1 = await dailyRetention();
    expect(dec1.kinds['unconfirmed-subscription'].deleted).toBe(1);
    expect(dec1.kinds['sent-mail'].deleted).toBe(0);
    expect(await outboxText()).not.toContain('subscriber@example.com');

    setDay('2026-12-04T23:00:00+08:00');
    expect((await dailyRetention()).kinds['sent-mail'].deleted).toBe(0);
    const marksBefore = (await outboxText()).split('\n').filter((l) => l.startsWith('sent/')).length;
    expect(marksBefore).toBe(7);

    // 12-05: the marks of 11-28 expire. The run is cut short after its second deletion …
    setDay('2026-12-05T03:30:00+08:00');
    await expect(duringBlobsFault(deletionsAfter(2, 'gongkai-outbox'), dailyRetention)).rejects.toThrow('injected Blobs failure');
    expect((await retentionLog({ from: '2026-12-05', to: '2026-12-05' })).find((r) => r.kind === 'sent-mail')).toMatchObject({ state: 'planned', count: marksBefore });
    // … and the next run that day completes it, counted once.
    setDay('2026-12-05T04:00:00+08:00');
    const rerun = await dailyRetention();
    expect(rerun.kinds['sent-mail']).toEqual({ deleted: marksBefore, alreadyDone: false });
    expect((await outboxText()).split('\n').filter((l) => l.startsWith('sent/'))).toEqual([]);
    expect((await dailyRetention()).kinds['sent-mail']).toEqual({ deleted: 0, alreadyDone: true });
    expect((await retentionLog({ from: '2026-12-05', to: '2026-12-05' })).find((r) => r.kind === 'sent-mail')).toMatchObject({ state: 'done', count: marksBefore });
  });
});

describe('a sender withdraws their contact details', () => {
  const withdraw = (body: string, headers: Record<string, string> = {}) =>
    handleWithdrawContact(new Request(`${BASE}/api/receipts/withdraw`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } }));

  it('the receipt page offers it while details are kept; afterwards they are gone from the store, outbox and exports', async () => {
    setDay('2026-12-06T09:00:00+08:00');
    const page = await (await handleReceipt(new Request(`${BASE}/api/receipts?number=${open.receipt}`))).text();
    expect(page).toContain('action="/api/receipts/withdraw"');
    expect(page).toContain(`value="${open.receipt}"`);

    expect((await withdraw(`number=${open.receipt}`)).status).toBe(400); // not confirmed
    expect((await withdraw(`number=${open.receipt}&confirm=yes`, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await withdraw('number=YJ-20261128-0000-0000&confirm=yes')).status).toBe(400);
    expect(await (await exportCsv('test-open')).text()).toContain('13600001111');

    const done = await withdraw(`number=${open.receipt.toLowerCase()}&confirm=yes`);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('联系方式已撤回');
    const csv = await (await exportCsv('test-open')).text();
    expect(csv).not.toContain('13600001111');
    expect(csv).not.toContain('赵六');
    expect(csv).toContain('第 5 条意见');
    expect(await outboxText()).not.toContain('13600001111');
    const again = await (await handleReceipt(new Request(`${BASE}/api/receipts?number=${open.receipt}`))).text();
    expect(again).not.toContain('action="/api/receipts/withdraw"');
    const repeat = await withdraw(`number=${open.receipt}&confirm=yes`, { accept: 'application/json' });
    expect(await repeat.json()).toMatchObject({ ok: true, outcome: 'nothing-to-erase' });
  });
});

describe('report senders: withdrawal with the query code, staff erasure, and retention once the case is closed', () => {
  async function report(what: string, contact: string): Promise<{ receipt: string; queryCode: string }> {
    const fd = new FormData();
    for (const [k, v] of Object.entries({ waterBody: 'yudaixi', kind: '污水直排', what, where: '玉带溪公园东门桥下游约50米左岸', seen: '2026-12-06', contact })) fd.append(k, v);
    const res = await handleReport(new Request(`${BASE}/api/reports`, { method: 'POST', body: fd, headers: { accept: 'application/json' } }), { ip: '203.0.113.20' });
    expect(res.status).toBe(201);
    return (await res.json()) as { receipt: string; queryCode: string };
  }
  const withdrawReport = (receipt: string, code: string) =>
    handleWithdrawContact(new Request(`${BASE}/api/receipts/withdraw`, { method: 'POST', body: `number=${receipt}&code=${code}&confirm=yes`, headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
  const office: Actor = { kind: 'office', email: 'gkb@example.gov.cn' };

  function expectErasedInTrail(c: CaseRecord, actor: string, reason: string, gone: string): void {
    const last = c.history.at(-1)!;
    expect(last).toMatchObject({ action: 'erase-sender', actor, detail: { reason } });
    expect(verifyChain(c.receipt, c.history, stateOf(c))).toMatchObject({ ok: true });
    expect(c.sender).toEqual({ name: null, contact: null });
    expect(JSON.stringify(c)).not.toContain(gone);
  }

  it('withdrawal needs the query code; the case trail records it without the data', async () => {
    setDay('2026-12-07T09:00:00+08:00');
    const a = await report('玉带溪公园东门桥下排水口有污水直排，水面发黑。', 'reporter-a@example.com');
    expect(await (await handleReceipt(new Request(`${BASE}/api/receipts?number=${a.receipt}`))).text()).toContain('name="code"');
    const wrong = await withdrawReport(a.receipt, a.queryCode === 'AAAAAAAA' ? 'BBBBBBBB' : 'AAAAAAAA');
    expect(wrong.status).toBe(403);
    expect((await findReport(a.receipt))?.contact?.value).toBe('reporter-a@example.com');

    expect((await withdrawReport(a.receipt, a.queryCode)).status).toBe(200);
    expect((await findReport(a.receipt))?.contact).toBeNull();
    expect((await findReport(a.receipt))?.what).toContain('污水直排');
    expectErasedInTrail((await readCase(a.receipt))!.record, 'system:sender', '提交人撤回联系方式', 'reporter-a@example.com');
    expect(await outboxText()).not.toContain('reporter-a@example.com');
  });

  it('staff erase a sender with a reason: the audit trail says who and why', async () => {
    const b = await report('玉带溪上游有施工废水流入，河水浑浊发黄。', '13811112222');
    const unitStaff: Actor = { kind: 'unit', email: 'staff@szq.example.gov.cn', unit: 'szq' };
    expect(await eraseCaseSender(b.receipt, 'staff', unitStaff, '当事人来电要求删除联系方式', env.clock.now)).toBe('erased');
    expectErasedInTrail((await readCase(b.receipt))!.record, 'staff@szq.example.gov.cn', '当事人来电要求删除联系方式', '13811112222');
    expect((await findReport(b.receipt))?.contact).toBeNull();
    expect(await eraseCaseSender(b.receipt, 'staff', unitStaff, '重复操作', env.clock.now)).toBe('nothing-to-erase');
  });

  it('a closed case loses its sender after the period (30 days in this test), an open one keeps it', async () => {
    setDay('2026-12-07T10:00:00+08:00');
    const closedCase = await report('玉带溪中段有垃圾漂浮，岸边有异味，已持续一周。', '13722223333');
    const openCase = await report('玉带溪下游排口夜间排放黄色污水，气味刺鼻。', '13544445555');
    setDay('2026-12-08T15:00:00+08:00');
    const limits = await loadCaseLimits();
    for (const action of [{ type: 'reply', text: '已组织清理，并加强日常保洁巡查。' }, { type: 'close' }] as const) {
      const update = await updateCase({ receipt: closedCase.receipt, revision: null, action, actor: office, now: env.clock.now, limits, calendar: officialCalendar });
      expect(update.status).toBe('updated');
    }

    setDay('2027-01-06T03:30:00+08:00'); // 29 days after closing
    expect((await dailyRetention()).kinds['report-contact']).toEqual({ deleted: 0, alreadyDone: false });
    setDay('2027-01-07T03:30:00+08:00');
    expect((await dailyRetention()).kinds['report-contact']).toEqual({ deleted: 1, alreadyDone: false });
    expectErasedInTrail((await readCase(closedCase.receipt))!.record, 'system:retention', '个人信息保存期限届满', '13722223333');
    expect((await findReport(closedCase.receipt))?.contact).toBeNull();
    expect((await readCase(openCase.receipt))!.record.sender.contact?.value).toBe('13544445555');
    expect(await outboxText()).not.toContain('13722223333');
  });

  it('a run cut short whose day ends without another run is completed by the next day, counted on its own day', async () => {
    setDay('2027-01-08T10:00:00+08:00');
    const policy = [{ id: '20/10m', limit: 20, windowMs: 600_000 }];
    await recordAndCheck('203.0.113.30', policy, env.clock.now, 'test-receipt-salt');
    await recordAndCheck('203.0.113.31', policy, env.clock.now, 'test-receipt-salt');
    setDay('2027-01-10T03:30:00+08:00');
    await expect(duringBlobsFault(deletionsAfter(1, 'gongkai-ratelimit'), dailyRetention)).rejects.toThrow('injected Blobs failure');
    expect((await retentionLog({ from: '2027-01-10', to: '2027-01-10' })).find((r) => r.kind === 'rate-limit')).toMatchObject({ state: 'planned', count: 2 });

    setDay('2027-01-11T03:30:00+08:00');
    const next = await dailyRetention();
    expect(next.earlier).toEqual([{ day: '2027-01-10', kind: 'rate-limit', deleted: 2 }]);
    expect(next.kinds['rate-limit']).toEqual({ deleted: 0, alreadyDone: false });
    expect((await retentionLog({ from: '2027-01-10', to: '2027-01-11' })).filter((r) => r.kind === 'rate-limit').map((r) => [r.day, r.state, r.count])).toEqual([
      ['2027-01-10', 'done', 2],
      ['2027-01-11', 'done', 0],
    ]);
    let remaining = 0;
    for await (const page of rateLimitStore().list({ paginate: true })) remaining += page.blobs.length;
    expect(remaining).toBe(0);
    expect((await dailyRetention()).earlier).toEqual([]);
  });
});
