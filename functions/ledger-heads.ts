/**
 * Every hour: signs the ledger tree heads that are due (the first of each Beijing day
 * while a consultation is open, and the final one after close) and sends each to the
 * disclosure office. The same job runs by hand with `npm run ledger-heads`.
 */
import type { Config } from '@netlify/functions';
import { runLedgerHeads } from '../src/server/comment-endpoints.ts';
import { scheduledFunction } from '../src/server/function-handler.ts';

export default scheduledFunction('ledger-heads', async () => {
  const outcomes = await runLedgerHeads();
  for (const o of outcomes) if (o.outcome !== 'not-due') console.log(`[ledger-heads] ${o.consultation}: ${o.outcome}${o.outcome === 'signed' ? ` #${o.head.sequence} size ${o.head.treeSize}` : ''}`);
  return new Response(null, { status: 204 });
});

export const config: Config = { schedule: '@hourly' };
