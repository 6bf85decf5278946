/**
 * Benchmark of the case store on the local Blobs server:
 *
 *   node scripts/bench-cases.ts [--cases 20000] [--units 40] [--samples 300] [--staff 8] [--hot 10] [--ops 40] [--keep]
 *
 * Loads N cases over U units (written as the intake writes them, queues built
 * from them), then measures
 *   - queue page: the signed-in unit member's session checked, the unit's queue
 *     read, filtered, ordered (overdue and due soon first) and cut to one page of 50;
 *     also the office's queue of every case;
 *   - case update: a staff member's change (a note) written with its ETag condition,
 *     the unit queue updated after it;
 *   - concurrency: S staff of one unit at once, each making O changes (notes, and
 *     every fifth an extension that moves the due date and so the queue row) to H
 *     shared cases (reading the case, changing it, on a conflict reading it again
 *     and retrying as a person would); afterwards every acknowledged change must be in
 *     its case exactly once (lost 0, duplicated 0), every audit chain must verify
 *     and every queue row must show its case as it is.
 * Targets: queue p95 ≤ 150 ms, update p95 ≤ 100 ms.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    cases: { type: 'string', default: '20000' },
    units: { type: 'string', default: '40' },
    samples: { type: 'string', default: '300' },
    staff: { type: 'string', default: '8' },
    hot: { type: 'string', default: '10' },
    ops: { type: 'string', default: '40' },
    keep: { type: 'boolean', default: false },
  },
});
const [CASES, UNITS, SAMPLES, STAFF, HOT, OPS] = (['cases', 'units', 'samples', 'staff', 'hot', 'ops'] as const).map((k) => Number(args[k]));
if (![CASES, UNITS, SAMPLES, STAFF, HOT, OPS].every((n) => Number.isInteger(n) && n! > 0) || HOT! > CASES! / UNITS!) {
  console.error('Usage: node scripts/bench-cases.ts [--cases 20000] [--units 40] [--samples 300] [--staff 8] [--hot 10] [--ops 40] [--keep]');
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-cases-'));
process.env.GONGKAI_DATA_DIR = dir;
process.env.GONGKAI_MAIL_LOG = '0';
process.env.STAFF_OFFICE_EMAIL = 'office@bench.example.gov.cn';

const { startLocalBlobs } = await import('../src/server/local-blobs.ts');
const { casesStore } = await import('../src/server/comment-stores.ts');
const { caseKeys, queueRows, readCase, sameQueueFacts, updateCase, writeQueues } = await import('../src/server/case-store.ts');
const { registerPerson, useSignInLink, authenticate, requestSignInLink } = await import('../src/server/staff-auth.ts');
const { createCase } = await import('../src/lib/cases/case.ts');
type CaseRecord = import('../src/lib/cases/case.ts').CaseRecord;
type Actor = import('../src/lib/cases/case.ts').Actor;
const { verifyChain } = await import('../src/lib/cases/audit.ts');
const { queueRow, stateOf } = await import('../src/lib/cases/case.ts');
const { loadQueue, parseQueueQuery } = await import('../src/server/case-workspace.ts');
const { HANDLING_TYPE_IDS, CASE_KIND_IDS } = await import('../src/lib/cases/kinds.ts');
const { DEFAULT_CASE_LIMITS } = await import('../src/lib/cases/time-limits.ts');
const { officialCalendar } = await import('../src/lib/official-calendar.ts');
const { receiptNumberFromBytes } = await import('../src/lib/receipt-number.ts');
const { shanghaiDate, shanghaiWallClock } = await import('../src/lib/time.ts');
const { sessionCookie } = await import('../src/lib/staff/auth-rules.ts');

const blobs = await startLocalBlobs(join(dir, 'blobs'));
const limits = DEFAULT_CASE_LIMITS;
const calendar = officialCalendar;
const now = shanghaiWallClock(2026, 11, 30, 10);
const today = shanghaiDate(now);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
const ms = (v: number) => `${v.toFixed(1)} ms`;
async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const value = await run();
  return [value, performance.now() - t];
}
async function pool<T>(items: T[], concurrency: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await run(items[next++]!);
  }));
}

// --- Load -----------------------------------------------------------------------------------
const units = Array.from({ length: UNITS! }, (_, i) => ({ id: `unit-${String(i + 1).padStart(2, '0')}`, name: `第${i + 1}承办单位`, email: `unit-${i + 1}@bench.example.gov.cn` }));
const loadStarted = performance.now();
const records: CaseRecord[] = [];
for (let i = 0; i < CASES!; i++) {
  const receivedAt = new Date(now.getTime() - Math.floor(Math.random() * 60) * 86_400_000 - Math.floor(Math.random() * 8 * 3_600_000));
  const kind = CASE_KIND_IDS[i % CASE_KIND_IDS.length]!;
  records.push(
    createCase(
      {
        receipt: receiptNumberFromBytes(shanghaiDate(receivedAt), randomBytes(5), kind),
        kind,
        channel: 'online',
        subject: `压力测试事项 ${i + 1}`,
        submission: [{ label: '内容', value: `压力测试办件 ${i + 1} 的内容，`.repeat(8) }],
        sender: { name: null, contact: { kind: 'email', value: `sender${i}@example.com` } },
        attachments: [],
        receivedAt,
        unit: units[i % UNITS!]!,
        handling: HANDLING_TYPE_IDS[i % HANDLING_TYPE_IDS.length]!,
        queryCodeHash: randomBytes(32).toString('hex'),
      },
      { kind: 'system', name: 'bench' },
      limits,
      calendar,
    ),
  );
}
const store = casesStore();
await pool(records, 32, async (r) => {
  await store.setJSON(caseKeys.case(r.receipt), r, { onlyIfNew: true });
});
await writeQueues(records);
console.log(`loaded ${CASES} cases over ${UNITS} units in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);

// --- Staff: one member per unit, signed in through a real link -----------------------------
const office: Actor = { kind: 'office', email: 'office@bench.example.gov.cn' };
const transport = { kind: 'held' as const, send: async () => ({ response: 'held' }), close: () => {} };
async function signIn(email: string): Promise<string> {
  // The link token is only in the mail; capture it from the mail text the outbox holds.
  let url = '';
  await requestSignInLink({ email, now, confirmUrl: 'http://127.0.0.1/staff/sign-in/confirm/', siteName: '压力测试', transport: { ...transport, send: async (m) => ((url = /token=([A-Za-z0-9_-]{43})/.exec(m.text)?.[1] ?? ''), { response: 'ok' }) } });
  const used = await useSignInLink(url, now);
  if (!used.ok) throw new Error(`sign-in failed for ${email}: ${used.reason}`);
  return sessionCookie(used.sessionId, new URL('http://127.0.0.1/'), used.maxAgeSeconds).split(';')[0]!;
}
const members: { unit: string; cookie: string; actor: Actor }[] = [];
for (const u of units) {
  const email = `staff@${u.id}.bench.example.gov.cn`;
  await registerPerson(office, { email, name: `${u.name}工作人员`, role: 'unit', unit: u }, now);
  members.push({ unit: u.id, cookie: await signIn(email), actor: { kind: 'unit', email, unit: u.id } });
}

// --- Queue page ---------------------------------------------------------------------------
// As the workspace answers /staff/?status=open: the session checked, the queue loaded, ordered and cut to a page.
async function queuePage(cookie: string) {
  const request = new Request('http://127.0.0.1/staff/?status=open', { headers: { cookie } });
  const auth = await authenticate(request, now);
  if (!auth.ok) throw new Error('session lost');
  return loadQueue(parseQueueQuery(new URL(request.url), auth.session.actor), now, limits);
}
const queueTimes: number[] = [];
let rowsSeen = 0;
for (let i = 0; i < SAMPLES!; i++) {
  const m = members[Math.floor(Math.random() * members.length)]!;
  const [page, t] = await timed(() => queuePage(m.cookie));
  if (page.entries.length === 0) throw new Error('empty queue page');
  rowsSeen += page.total;
  queueTimes.push(t);
}
// The office's queue of every unit; between requests a few cases change, as they would while the office works.
const officeCookie = await signIn('office@bench.example.gov.cn');
const officeTimes: number[] = [];
let officeSeen = 0;
for (let i = 0; i < Math.min(60, SAMPLES!); i++) {
  if (i % 3 === 2) {
    const r = records[Math.floor(Math.random() * records.length)]!;
    const current = (await readCase(r.receipt))!.record;
    await updateCase({ receipt: r.receipt, revision: current.revision, action: { type: 'extend', days: 1, reason: '压力测试延期' }, actor: office, now, limits, calendar });
  }
  const [page, t] = await timed(() => queuePage(officeCookie));
  officeSeen += page.total;
  officeTimes.push(t);
}

// --- Case update --------------------------------------------------------------------------
const updateTimes: number[] = [];
for (let i = 0; i < SAMPLES!; i++) {
  const r = records[Math.floor(Math.random() * records.length)]!;
  const m = members.find((x) => x.unit === r.unit.id)!;
  const current = (await readCase(r.receipt))!.record;
  const [result, t] = await timed(() => updateCase({ receipt: r.receipt, revision: current.revision, action: { type: 'note', text: `压力测试备注 ${i}` }, actor: m.actor, now, limits, calendar }));
  if (result.status !== 'updated') throw new Error(`update ${r.receipt}: ${result.status}`);
  updateTimes.push(t);
}

// --- Concurrency: S staff of one unit on H shared cases -------------------------------------
const hotUnit = units[0]!;
const hot = records.filter((r) => r.unit.id === hotUnit.id).slice(0, HOT!).map((r) => r.receipt);
const acknowledged = new Map<string, string[]>(hot.map((h) => [h, []]));
let conflicts = 0;
let retriesExhausted = 0;
const concurrencyStarted = performance.now();
await Promise.all(
  Array.from({ length: STAFF! }, async (_, s) => {
    const actor: Actor = { kind: 'unit', email: `staff${s}@${hotUnit.id}.bench.example.gov.cn`, unit: hotUnit.id };
    for (let op = 0; op < OPS!; op++) {
      const receipt = hot[(s * 7 + op) % hot.length]!;
      const text = `员工${s}-操作${op}`;
      for (let attempt = 0; ; attempt++) {
        const current = (await readCase(receipt))!.record;
        // Every fifth change moves the due date, so the unit's queue is written concurrently too.
        const action = op % 5 === 4 ? ({ type: 'extend', days: 1, reason: text } as const) : ({ type: 'note', text } as const);
        const result = await updateCase({ receipt, revision: current.revision, action, actor, now, limits, calendar });
        if (result.status === 'updated') {
          acknowledged.get(receipt)!.push(text);
          break;
        }
        if (result.status !== 'conflict') throw new Error(`${receipt}: ${result.status}`);
        conflicts++;
        if (attempt >= 50) {
          retriesExhausted++;
          break;
        }
      }
    }
  }),
);
const concurrencySeconds = (performance.now() - concurrencyStarted) / 1000;
let lost = 0;
let duplicated = 0;
let brokenChains = 0;
const rows = new Map((await queueRows(hotUnit.id)).map((r) => [r.receipt, r]));
let staleRows = 0;
for (const receipt of hot) {
  const c = (await readCase(receipt))!.record;
  const recorded = c.history.map((e) => e.detail?.text ?? e.detail?.reason);
  for (const text of acknowledged.get(receipt)!) {
    const count = recorded.filter((n) => n === text).length;
    if (count === 0) lost++;
    if (count > 1) duplicated++;
  }
  if (!verifyChain(receipt, c.history, stateOf(c)).ok) brokenChains++;
  const row = rows.get(receipt);
  if (!row || !sameQueueFacts(row, queueRow(c))) staleRows++;
}
const totalAck = [...acknowledged.values()].reduce((n, a) => n + a.length, 0);

console.log('');
console.log(`bench:cases — ${CASES} cases over ${UNITS} units (local Blobs server, ${today})`);
console.log(`queue page (unit, ~${Math.round(rowsSeen / SAMPLES!)} cases, open ones ordered, page of 50): p50 ${ms(percentile(queueTimes, 50))}, p95 ${ms(percentile(queueTimes, 95))} (target ≤ 150 ms) over ${SAMPLES} requests`);
console.log(`queue page (office, all units, ~${Math.round(officeSeen / officeTimes.length)} open of ${CASES} cases, a case changed before every third request): p50 ${ms(percentile(officeTimes, 50))}, p95 ${ms(percentile(officeTimes, 95))} over ${officeTimes.length} requests`);
console.log(`case update (note, ETag-conditional, queue row after): p50 ${ms(percentile(updateTimes, 50))}, p95 ${ms(percentile(updateTimes, 95))} (target ≤ 100 ms) over ${SAMPLES} updates`);
console.log(`concurrency: ${STAFF} staff × ${OPS} changes on ${HOT} shared cases in ${concurrencySeconds.toFixed(1)} s: acknowledged ${totalAck}, conflicts answered ${conflicts}, gave up ${retriesExhausted}, lost ${lost}, duplicated ${duplicated}, broken audit chains ${brokenChains}, stale queue rows ${staleRows}`);
const ok = percentile(queueTimes, 95) <= 150 && percentile(updateTimes, 95) <= 100 && lost === 0 && duplicated === 0 && brokenChains === 0 && staleRows === 0 && retriesExhausted === 0;
console.log(ok ? 'result: all targets met' : 'result: TARGET MISSED');

await blobs.stop();
if (args.keep) console.log(`data kept in ${dir}`);
else rmSync(dir, { recursive: true, force: true });
process.exit(ok ? 0 : 1);
