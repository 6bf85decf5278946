/**
 * Writes the ledger of receipts (核验码清单) of every CLOSED consultation into
 * public/data/ledgers/<id>.json, so the next build publishes it at
 * /data/ledgers/<id>.json. Commit the files: git history then shows that a
 * published ledger never changed.
 *
 *   node scripts/publish-ledger.ts --from https://gongkai.example.gov.cn   ask the live site's ledger function
 *   node scripts/publish-ledger.ts                                        read the local store (.data/blobs)
 *   options: --consultation <id> (only one), --out <dir>, --force (replace a different existing ledger)
 *
 * Each ledger is checked (sorted codes, count, Merkle root) before it is
 * written; an existing ledger with other content is never replaced without --force.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkLedger, type ReceiptLedger } from '../src/lib/receipt-ledger.ts';
import { clockOf } from '../src/lib/published-data.ts';

if (existsSync('.env')) process.loadEnvFile('.env');
const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    consultation: { type: 'string' },
    out: { type: 'string', default: 'public/data/ledgers' },
    force: { type: 'boolean', default: false },
  },
});

const outDir = resolve(values.out);
let ids: string[];
let fetchLedger: (id: string) => Promise<ReceiptLedger | { status: number; message: string }>;

if (values.from) {
  const origin = values.from.replace(/\/+$/, '');
  const data = (await (await fetch(`${origin}/data/consultations.json`)).json()) as { consultations: { id: string; opens: string; closes: string; feedbackPublished: string | null; feedbackDays: number }[] };
  ids = data.consultations.filter((c) => clockOf(c).closes.getTime() < Date.now()).map((c) => c.id);
  fetchLedger = async (id) => {
    const res = await fetch(`${origin}/api/comments/ledger?consultation=${encodeURIComponent(id)}`);
    const body = (await res.json()) as ReceiptLedger & { message?: string };
    return res.ok ? body : { status: res.status, message: body.message ?? res.statusText };
  };
} else {
  const { ensureBlobs } = await import('../src/server/local-blobs.ts');
  const { runtime } = await import('../src/server/comment-runtime.ts');
  const { ledgerFor } = await import('../src/server/comment-endpoints.ts');
  await ensureBlobs();
  const consultations = await runtime().consultations();
  ids = [...consultations.byId.values()].filter((c) => clockOf(c).closes.getTime() < runtime().now().getTime()).map((c) => c.id);
  fetchLedger = async (id) => {
    const r = await ledgerFor(id);
    return 'ledger' in r ? r.ledger : { status: r.status, message: r.message };
  };
}
if (values.consultation) ids = ids.includes(values.consultation) ? [values.consultation] : [];
if (ids.length === 0) {
  console.log('没有已截止的意见征集 / no closed consultation to publish.');
  process.exit(values.consultation ? 1 : 0);
}

mkdirSync(outDir, { recursive: true });
let problems = 0;
for (const id of ids) {
  const result = await fetchLedger(id);
  if ('status' in result) {
    console.error(`  ${id}: ${result.status} ${result.message}`);
    problems++;
    continue;
  }
  const check = await checkLedger(result);
  if (!check.ok) {
    console.error(`  ${id}: ledger inconsistent (${check.problem}), not written`);
    problems++;
    continue;
  }
  const file = join(outDir, `${id}.json`);
  if (existsSync(file)) {
    const existing = JSON.parse(readFileSync(file, 'utf8')) as ReceiptLedger;
    if (existing.root === result.root && existing.count === result.count) {
      console.log(`  ${id}: unchanged (${result.count} 条, root ${result.root.slice(0, 16)}…)`);
      continue;
    }
    if (!values.force) {
      console.error(`  ${id}: a different ledger is already published (${existing.count} → ${result.count}); use --force to replace it`);
      problems++;
      continue;
    }
  }
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`  ${id}: ${result.count} 条 → ${file}`);
}
process.exit(problems > 0 ? 1 : 0);
