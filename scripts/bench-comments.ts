/**
 * Benchmark of comment submission: N bounded concurrent submissions over HTTP
 * on 127.0.0.1 to the locally served functions (startStaticServer + the local
 * functions router) and the file-backed Blobs store, then an audit that every
 * acknowledged receipt is stored exactly once.
 *
 *   node scripts/bench-comments.ts [--n 2000] [--concurrency 16] [--resend 0.1] [--keep]
 *
 * Runs in a temporary data directory (blobs, .eml mail) with its own
 * consultations file (one consultation open now), rate limit off. Tokens are
 * fetched first (GET /api/comments/token), then the script waits the minimum
 * fill time, then submits: alternately as a browser form (multipart, 303) and
 * as the page script / an API client (JSON). A share of submissions (--resend)
 * is sent twice at once, as a double click or a retrying client would: the
 * audit expects them to come back with the same receipt and one record, JSON
 * pairs as exactly one 201 and one 200 replay with the same stored time, and
 * every department mail sent with the submission (none left for the drain).
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { getStore } from '@netlify/blobs';
import { buildPublishedData } from '../src/lib/published-data.ts';
import { parseReceiptNumber } from '../src/lib/receipt-number.ts';

const { values: args } = parseArgs({
  options: {
    n: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '16' },
    resend: { type: 'string', default: '0.1' },
    keep: { type: 'boolean', default: false },
  },
});
const N = Number(args.n);
const CONCURRENCY = Number(args.concurrency);
const RESEND_SHARE = Number(args.resend);
if (!Number.isInteger(N) || N < 1 || !Number.isInteger(CONCURRENCY) || CONCURRENCY < 1 || !(RESEND_SHARE >= 0 && RESEND_SHARE <= 1)) {
  console.error('Usage: node scripts/bench-comments.ts [--n 2000] [--concurrency 16] [--resend 0.1] [--keep]');
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-'));
const siteDir = join(dir, 'site');
mkdirSync(join(siteDir, 'data'), { recursive: true });
writeFileSync(join(siteDir, 'index.html'), '<!DOCTYPE html><html lang="zh-CN"><title>bench</title></html>\n');

const now = Date.now();
const data = buildPublishedData({
  generated: new Date(now),
  site: { name: '压力测试站点', url: 'http://127.0.0.1', feedbackDays: 30, disclosureOffice: { name: '公开办', email: 'gkb@bench.example' } },
  consultations: [
    {
      id: 'bench-open',
      body: '**第一条** 总则。\n\n**第二条** 适用范围。\n',
      data: {
        title: '压力测试意见征集',
        department: 'bench-dept',
        policyAreas: ['bench-area'],
        stage: '草案审议',
        kind: '行政规范性文件',
        opens: new Date(now - 86_400_000),
        closes: new Date(now + 30 * 86_400_000),
        channels: { online: true },
        articleComments: true,
      },
    },
  ],
  departments: new Map([['bench-dept', { name: '压力测试局', email: 'dept@bench.example' }]]),
  policyAreas: new Map([['bench-area', { name: '测试' }]]),
  feedback: new Map(),
});
const dataFile = join(siteDir, 'data', 'consultations.json');
writeFileSync(dataFile, JSON.stringify(data));

Object.assign(process.env, {
  GONGKAI_DATA_DIR: dir,
  GONGKAI_CONSULTATIONS_FILE: dataFile,
  COMMENT_RATE_LIMIT: 'off',
  GONGKAI_MAIL_LOG: '0',
  MAIL_FROM: 'noreply@bench.example',
});
delete process.env.SMTP_URL;
delete process.env.NETLIFY_BLOBS_CONTEXT;

// Imported after the environment is set: settings are read per request, the Blobs server starts on first use.
const { startStaticServer } = await import('../src/server/static-server.ts');
const { onDemandPages } = await import('../src/server/local-functions.ts');
const { readCommentSettings } = await import('../src/server/comment-settings.ts');
const { sha256Hex } = await import('../src/server/comment-intake.ts');

const server = await startStaticServer({ root: siteDir, functions: await onDemandPages({ siteDir }) });
const base = server.url;

async function pool<T>(count: number, limit: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      for (;;) {
        const i = next++;
        if (i >= count) return;
        out[i] = await task(i);
      }
    }),
  );
  return out;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

console.log(`Bench: ${N} submissions, concurrency ${CONCURRENCY}, ${Math.round(RESEND_SHARE * 100)}% sent twice at once, data in ${dir}`);

// Phase 1: one form token per submission, as each page view would get.
const tokenStarted = performance.now();
const tokens = await pool(N, CONCURRENCY, async () => {
  const res = await fetch(`${base}/api/comments/token?consultation=bench-open`);
  if (res.status !== 200) throw new Error(`token: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
});
console.log(`Tokens: ${N} in ${((performance.now() - tokenStarted) / 1000).toFixed(1)} s`);
const minFill = readCommentSettings().minFillSeconds;
await new Promise((r) => setTimeout(r, (minFill + 0.5) * 1000));

interface Outcome {
  index: number;
  status: number;
  receipt: string | null;
  latencyMs: number;
  resent: boolean;
  resendReceipt: string | null;
  /** Racing pair: both statuses, and whether both JSON answers gave the same stored time. */
  pair?: { statuses: [number, number]; sameTime: boolean };
  error?: string;
}

interface Answer {
  status: number;
  receipt: string | null;
  receivedAt?: string;
  latencyMs: number;
  error?: string;
}

async function submitOnce(i: number): Promise<Answer> {
  const text = `压力测试意见第 ${i} 条：建议进一步明确第${(i % 2) + 1}条的适用范围。`;
  const fields: Record<string, string> = { consultation: 'bench-open', text, submitterType: '个人', consent: 'yes', formToken: tokens[i] ?? '', article: String((i % 2) + 1) };
  const started = performance.now();
  let res: Response;
  if (i % 2 === 0) {
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields)) fd.append(k, v);
    res = await fetch(`${base}/api/comments`, { method: 'POST', body: fd, redirect: 'manual' });
  } else {
    res = await fetch(`${base}/api/comments`, { method: 'POST', body: JSON.stringify(fields), headers: { 'content-type': 'application/json' } });
  }
  let receipt: string | null = null;
  let receivedAt: string | undefined;
  let error: string | undefined;
  if (res.status === 303) {
    const number = new URL(res.headers.get('location') ?? '', base).searchParams.get('number') ?? '';
    const parsed = parseReceiptNumber(number);
    receipt = parsed.ok ? parsed.receipt : null;
    await res.arrayBuffer();
  } else if (res.status === 201 || res.status === 200) {
    const body = (await res.json()) as { receipt?: string; receivedAt?: string };
    receipt = body.receipt ?? null;
    receivedAt = body.receivedAt;
  } else {
    error = `HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`;
  }
  return { status: res.status, receipt, latencyMs: performance.now() - started, ...(receivedAt ? { receivedAt } : {}), ...(error ? { error } : {}) };
}

const resendEvery = RESEND_SHARE > 0 ? Math.max(1, Math.round(1 / RESEND_SHARE)) : 0;
const started = performance.now();
const outcomes: Outcome[] = await pool(N, CONCURRENCY, async (i) => {
  // In neighbouring pairs of indexes, so that forms (even) and JSON (odd) are both resent.
  const resent = resendEvery > 0 && Math.floor(i / 2) % resendEvery === 0;
  if (!resent) {
    const r = await submitOnce(i);
    return { index: i, ...r, resent, resendReceipt: null };
  }
  const [a, b] = await Promise.all([submitOnce(i), submitOnce(i)]);
  const pair = { statuses: [a.status, b.status].sort() as [number, number], sameTime: a.receivedAt === b.receivedAt };
  return { index: i, status: a.status, receipt: a.receipt, latencyMs: a.latencyMs, resent, resendReceipt: b.receipt, pair, ...(a.error ? { error: a.error } : b.error ? { error: `resend: ${b.error}` } : {}) };
});
const elapsed = (performance.now() - started) / 1000;

const latencies = outcomes.map((o) => o.latencyMs).sort((a, b) => a - b);
const statuses = new Map<number, number>();
for (const o of outcomes) statuses.set(o.status, (statuses.get(o.status) ?? 0) + 1);
const requests = N + outcomes.filter((o) => o.resent).length;

console.log('');
console.log(`Submissions: ${N} (${requests} requests incl. double posts) in ${elapsed.toFixed(2)} s`);
console.log(`Throughput: ${(N / elapsed).toFixed(1)} comments/s, ${(requests / elapsed).toFixed(1)} requests/s`);
console.log(`Latency (first post of each): p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${(latencies.at(-1) ?? NaN).toFixed(1)} ms`);
console.log(`Statuses: ${[...statuses].map(([s, c]) => `${s}×${c}`).join(', ')}`);

// Audit: read the store back.
const comments = getStore({ name: 'gongkai-comments', consistency: 'strong' });
const outbox = getStore({ name: 'gongkai-outbox', consistency: 'strong' });
const storedKeys: string[] = [];
for await (const page of comments.list({ prefix: 'comments/bench-open/', paginate: true })) for (const b of page.blobs) storedKeys.push(b.key);
const storedReceipts = storedKeys.map((k) => k.slice('comments/bench-open/'.length));
const storedSet = new Set(storedReceipts);
const sentKeys = new Set<string>();
for await (const page of outbox.list({ prefix: 'sent/', paginate: true })) for (const b of page.blobs) sentKeys.add(b.key);

const acknowledged = outcomes.filter((o) => o.receipt !== null);
const ackSet = new Set(acknowledged.map((o) => o.receipt as string));
const lost = [...ackSet].filter((r) => !storedSet.has(r));
const duplicateAcks = acknowledged.length - ackSet.size; // two indexes given the same receipt
const resendMismatch = outcomes.filter((o) => o.resent && o.resendReceipt !== null && o.resendReceipt !== o.receipt).length;
const unacknowledgedStored = storedReceipts.filter((r) => !ackSet.has(r));

// Each acknowledged receipt's record holds exactly the text of its submission and its own key.
let contentMismatch = 0;
await pool(acknowledged.length, 32, async (j) => {
  const o = acknowledged[j]!;
  const record = (await comments.get(`comments/bench-open/${o.receipt}`, { type: 'json' })) as { text: string; idempotency: string } | null;
  const token = tokens[o.index] ?? '';
  const key = (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { k: string }).k;
  if (!record || !record.text.startsWith(`压力测试意见第 ${o.index} 条`) || record.idempotency !== sha256Hex(key)) contentMismatch++;
});
// Racing pairs: JSON pairs must split into one 201 and one 200 (replay) with one stored time; form pairs are 303 twice.
const pairs = outcomes.filter((o) => o.pair);
const jsonPairs = pairs.filter((o) => o.index % 2 === 1);
const split = jsonPairs.filter((o) => o.pair!.statuses.join() === '200,201' && o.pair!.sameTime).length;
const bothNew = jsonPairs.filter((o) => o.pair!.statuses.join() === '201,201').length;
const formPairs = pairs.filter((o) => o.index % 2 === 0);
const formBoth303 = formPairs.filter((o) => o.pair!.statuses.join() === '303,303').length;
const sentInline = [...ackSet].filter((r) => sentKeys.has(`sent/${r}-department`)).length;
// What did not go out inline waits in the outbox: the scheduled drain sends it.
const { runMaintenance } = await import('../src/server/comment-endpoints.ts');
const drained = await runMaintenance({ force: true });
sentKeys.clear();
for await (const page of outbox.list({ prefix: 'sent/', paginate: true })) for (const b of page.blobs) sentKeys.add(b.key);
const mailMissing = [...ackSet].filter((r) => !sentKeys.has(`sent/${r}-department`)).length;

console.log('');
console.log('Audit');
console.log(`  acknowledged: ${acknowledged.length}/${N}, failed: ${N - acknowledged.length}`);
console.log(`  stored records: ${storedKeys.length}`);
console.log(`  lost (acknowledged, not stored): ${lost.length}`);
console.log(`  duplicated (one submission stored twice, or two given one receipt): ${unacknowledgedStored.length + duplicateAcks}`);
console.log(`  double posts answered with another receipt: ${resendMismatch}`);
console.log(`  records not matching their submission: ${contentMismatch}`);
console.log(`  racing resends: ${pairs.length} pairs; JSON ${jsonPairs.length}: one 201 + one 200 with the same stored time ${split}, two 201 ${bothNew}, other ${jsonPairs.length - split - bothNew}; forms ${formPairs.length}: 303 twice ${formBoth303}`);
console.log(`  department mails sent with the submission: ${sentInline}, by the drain afterwards: ${drained.sent}, not sent: ${mailMissing}`);
const failures = outcomes.filter((o) => o.error).slice(0, 5);
for (const f of failures) console.log(`  e.g. #${f.index}: ${f.error}`);

await server.close();
if (!args.keep) rmSync(dir, { recursive: true, force: true });
else console.log(`Kept ${dir}`);
const ok =
  acknowledged.length === N &&
  lost.length === 0 &&
  unacknowledgedStored.length === 0 &&
  duplicateAcks === 0 &&
  resendMismatch === 0 &&
  contentMismatch === 0 &&
  split === jsonPairs.length &&
  formBoth303 === formPairs.length &&
  mailMissing === 0 &&
  drained.sent === 0;
console.log(ok ? 'RESULT: OK — 0 lost, 0 duplicated' : 'RESULT: FAILED');
process.exit(ok ? 0 : 1);
