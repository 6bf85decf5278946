/**
 * Scheduled daily at 08:00 Beijing time. Netlify evaluates cron in UTC and
 * China keeps UTC+8 all year, so "0 0 * * *" (00:00 UTC) is 08:00 in Beijing:
 * reminders arrive at the start of the working day. Scheduled functions may
 * run for 30 s: the run sends for up to 20 s and leaves the rest queued in the
 * outbox, which functions/drain-outbox.ts sends within 5 minutes.
 *
 * Reminds departments before a consultation opens and closes and before the
 * feedback report is due, tells the department and the disclosure office
 * once it is overdue (repeating), alerts subscribers, drains the outbox and,
 * with BUILD_HOOK_URL set, asks for a rebuild when the pages' statuses are
 * stale. Each notification is sent exactly once (src/server/notifications.ts).
 * The same run by hand: `node scripts/notify.ts` (see --help).
 */
import type { Config } from '@netlify/functions';
import { scheduledFunction } from '../src/server/function-handler.ts';
import { runScheduledNotifications } from '../src/server/notifications.ts';

export default scheduledFunction('notify', async () => {
  const report = await runScheduledNotifications();
  return new Response(null, { status: report.errors.length > 0 ? 500 : 204 });
});

export const config: Config = { schedule: '0 0 * * *' };
