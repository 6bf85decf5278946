/**
 * Scheduled every minute: delivers the warnings of this deploy that are due —
 * e-mail to the subscribers of the areas they cover, and the signed webhooks
 * to the SMS, WeChat and broadcast channels (WARNING_WEBHOOKS). Each message
 * reaches each recipient exactly once (src/server/warning-alerts.ts); a run
 * sends for up to 20 s and the next runs and the outbox drain send the rest.
 */
import type { Config } from '@netlify/functions';
import { scheduledFunction } from '../src/server/function-handler.ts';
import { runScheduledWarningAlerts } from '../src/server/warning-alerts.ts';

export default scheduledFunction('warning-alerts', async () => {
  const report = await runScheduledWarningAlerts();
  return new Response(null, { status: report.errors.length > 0 ? 500 : 204 });
});

export const config: Config = { schedule: '* * * * *' };
