/**
 * Signs the ledger tree heads that are due, as the hourly function does
 * (functions/ledger-heads.ts), against the local store (.data/blobs).
 *   npm run ledger-heads
 */
import { ensureBlobs } from '../src/server/local-blobs.ts';
import { runLedgerHeads } from '../src/server/comment-endpoints.ts';

await ensureBlobs();
for (const o of await runLedgerHeads()) {
  if (o.outcome === 'signed') console.log(`  ${o.consultation}: head #${o.head.sequence}, ${o.head.treeSize} 条${o.head.final ? '（最终）' : ''}, root ${o.head.root}`);
  else if (o.outcome === 'refused') console.error(`  ${o.consultation}: refused — ${o.problems.map((p) => `${p.kind} ${p.receipt}`).join(', ')}`);
  else if (o.outcome === 'busy') console.error(`  ${o.consultation}: another run wrote the log at the same time; run again`);
}
