/**
 * Scheduled daily: deletes personal data whose retention period has expired
 * and records each deletion (src/server/retention.ts). Runs by hand with
 * `npm run retention`.
 */
import type { Config } from '@netlify/functions';
import { scheduledFunction } from '../src/server/function-handler.ts';
import { dailyRetention } from '../src/server/retention.ts';

export default scheduledFunction('retention', async () => {
  const summary = await dailyRetention();
  const parts = Object.entries(summary.kinds).map(([kind, r]) => `${kind} ${r.alreadyDone ? 'already done' : r.deleted}`);
  const earlier = summary.earlier.map((e) => `${e.day} ${e.kind} ${e.deleted}`);
  console.log(`[retention] ${summary.day}: ${parts.join(', ')}${earlier.length ? `; completed earlier plans: ${earlier.join(', ')}` : ''}`);
  return new Response(null, { status: 204 });
});

// 03:30 Beijing time (19:30 UTC), after the night's backup.
export const config: Config = { schedule: '30 19 * * *' };
