/**
 * Scheduled every 5 minutes: sends mail waiting in the outbox (SMTP was down
 * or slow), drops stale stashed attachments and old rate-limit windows.
 * The same job runs by hand with `node scripts/drain-outbox.ts`.
 */
import type { Config } from '@netlify/functions';
import { runMaintenance } from '../src/server/comment-endpoints.ts';
import { scheduledFunction } from '../src/server/function-handler.ts';

export default scheduledFunction('drain-outbox', async () => {
  const summary = await runMaintenance();
  console.log(`[drain-outbox] queued ${summary.queued}, sent ${summary.sent}, failed ${summary.failed}, skipped ${summary.skipped}, pruned ${summary.prunedStash} stash / ${summary.prunedRateLimit} rate-limit entries`);
  return new Response(null, { status: 204 });
});

export const config: Config = { schedule: '*/5 * * * *' };
