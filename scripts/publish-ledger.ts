/**
 * Publishes the ledgers of verification codes (核验码清单) as static files under
 * public/data/ledgers/: for every consultation with online submission whose log has signed
 * tree heads, the ledger (entries in log order) and each head with its consistency proof,
 * plus the signing public key. Run it daily while a consultation is open and once after
 * close; commit the files; the build then checks them.
 *
 *   npm run publish-ledger -- --from https://gongkai.example.gov.cn   ask the live site's ledger function
 *   npm run publish-ledger                                          read the local store (.data/blobs)
 *   options: --consultation <id> (only one), --out <dir>
 *
 * Nothing already published is ever replaced: a head or a final ledger that would change,
 * or entries that would move or vanish, stop the script with an error and write nothing
 * for that consultation. Where the comments are stored (the live function, or the local
 * store), every stored code must recompute and every comment match its commitment, or no
 * ledger is given out at all.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkLedger, keyIdOf, base64ToBytes, type PublishedLedger, type SignedTreeHead, type SigningKeys } from '../src/lib/ledger/verify-ledger.mjs';
import { LEDGERS_PATH, readSigningKeys, writePublishedLedger } from '../src/build/ledger-files.ts';

if (existsSync('.env')) process.loadEnvFile('.env');
const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    consultation: { type: 'string' },
    out: { type: 'string', default: LEDGERS_PATH },
  },
});

const outDir = resolve(values.out);
type Fetched = { ledger: PublishedLedger; heads: SignedTreeHead[] } | { status: number; message: string };
let ids: string[];
let fetchLedger: (id: string) => Promise<Fetched>;
let publicKey: string;

if (values.from) {
  const origin = values.from.replace(/\/+$/, '');
  const data = (await (await fetch(`${origin}/data/consultations.json`)).json()) as { consultations: { id: string; channels: { online: boolean } }[] };
  ids = data.consultations.filter((c) => c.channels.online).map((c) => c.id);
  fetchLedger = async (id) => {
    const res = await fetch(`${origin}/api/comments/ledger?consultation=${encodeURIComponent(id)}`);
    const body = (await res.json()) as Fetched & { message?: string };
    return res.ok ? body : { status: res.status, message: body.message ?? res.statusText };
  };
  const keys = (await (await fetch(`${origin}/data/ledgers/signing-keys.json`).catch(() => null))?.json().catch(() => null)) as SigningKeys | null;
  publicKey = process.env.LEDGER_PUBLIC_KEY?.trim() || keys?.keys.at(-1)?.publicKey || '';
  if (!publicKey) {
    console.error('LEDGER_PUBLIC_KEY is needed for the first publication from a live site (print it with `npm run ledger-key -- --public`).');
    process.exit(1);
  }
} else {
  const { ensureBlobs } = await import('../src/server/local-blobs.ts');
  const { runtime } = await import('../src/server/comment-runtime.ts');
  const { ledgerFor } = await import('../src/server/comment-endpoints.ts');
  const { ledgerSigner } = await import('../src/server/ledger-signing.ts');
  await ensureBlobs();
  ids = [...(await runtime().consultations()).byId.values()].filter((c) => c.channels.online).map((c) => c.id);
  fetchLedger = async (id) => {
    const r = await ledgerFor(id);
    return 'ledger' in r ? r : { status: r.status, message: `${r.message}${r.problems ? ` (${r.problems.map((p) => `${p.kind} ${p.receipt}`).join(', ')})` : ''}` };
  };
  publicKey = ledgerSigner().publicKey;
}
if (values.consultation) ids = ids.includes(values.consultation) ? [values.consultation] : [];

const key = { id: keyIdOf(base64ToBytes(publicKey)), publicKey, from: new Date().toISOString().slice(0, 10) };
let problems = 0;
let published = 0;
for (const id of ids) {
  const result = await fetchLedger(id);
  if ('status' in result) {
    // No log yet (the consultation has not opened, or closed before logs began): nothing to publish.
    if (result.status === 404) continue;
    console.error(`  ${id}: ${result.status} ${result.message} — not published`);
    problems++;
    continue;
  }
  const existingKeys = readSigningKeys(outDir) ?? { algorithm: 'Ed25519' as const, keys: [] };
  const keys = existingKeys.keys.some((k) => k.id === key.id) ? existingKeys : { ...existingKeys, keys: [...existingKeys.keys, key] };
  const check = await checkLedger(result.ledger, result.heads, keys);
  if (!check.ok) {
    console.error(`  ${id}: the ledger does not verify (${check.problems.map((p) => `${p.code}: ${p.detail}`).join('; ')}) — not published`);
    problems++;
    continue;
  }
  const written = writePublishedLedger(outDir, result.ledger, result.heads, key);
  if (written.refused.length > 0) {
    for (const r of written.refused) console.error(`  ${id}: ${r.file}: ${r.reason} — nothing written`);
    problems++;
    continue;
  }
  published++;
  console.log(`  ${id}: ${result.ledger.count} 条, ${result.heads.length} 个签名树头${result.ledger.final ? '（最终）' : ''}, root ${result.ledger.root}${written.written.length ? ` → ${written.written.length} file(s) written` : ' (unchanged)'}`);
}
if (published === 0 && problems === 0) console.log('没有可公布的核验码清单 / no ledger to publish.');
process.exit(problems > 0 ? 1 : 0);
