/**
 * The Netlify functions of functions/*.ts, served locally (npm start, the
 * benchmark, browser tests): a request whose path equals a function's
 * `config.path` goes to that function with a minimal Context (client address
 * from x-nf-client-connection-ip, else 127.0.0.1). Blobs go to the local
 * file-backed BlobsServer under .data/blobs/ unless a Blobs context is
 * already set (see src/server/local-blobs.ts). The scheduled functions are
 * offered as jobs for `npm start` (localScheduledJobs, local-schedule.ts).
 */
import type { Config, Context } from '@netlify/functions';
import * as comments from '../../functions/comments.ts';
import * as commentsExport from '../../functions/comments-export.ts';
import * as commentsLedger from '../../functions/comments-ledger.ts';
import * as commentsToken from '../../functions/comments-token.ts';
import * as receipts from '../../functions/receipts.ts';
import * as receiptsWithdraw from '../../functions/receipts-withdraw.ts';
import * as reports from '../../functions/reports.ts';
import * as ratings from '../../functions/ratings.ts';
import * as subscriptions from '../../functions/subscriptions.ts';
import * as subscriptionsConfirm from '../../functions/subscriptions-confirm.ts';
import * as subscriptionsUnsubscribe from '../../functions/subscriptions-unsubscribe.ts';
import * as drainOutbox from '../../functions/drain-outbox.ts';
import * as notify from '../../functions/notify.ts';
import * as retention from '../../functions/retention.ts';
import * as ledgerHeads from '../../functions/ledger-heads.ts';
import { ensureBlobs } from './local-blobs.ts';
import { jobOf, type ScheduledJob } from './local-schedule.ts';
import { withFunctionHeaders } from './security-headers.ts';

interface FunctionModule {
  default: (req: Request, context: Context) => Promise<Response> | Response;
  config: Config;
}

const MODULES: FunctionModule[] = [comments, commentsToken, commentsLedger, commentsExport, receipts, receiptsWithdraw, reports, ratings, subscriptions, subscriptionsConfirm, subscriptionsUnsubscribe];

const ROUTES = new Map<string, FunctionModule['default']>();
for (const m of MODULES) {
  const paths = m.config.path === undefined ? [] : Array.isArray(m.config.path) ? m.config.path : [m.config.path];
  for (const p of paths) ROUTES.set(p, m.default);
}

function localContext(request: Request): Context {
  const ip = request.headers.get('x-nf-client-connection-ip') || '127.0.0.1';
  const partial: Partial<Context> = {
    ip,
    url: new URL(request.url),
    requestId: crypto.randomUUID(),
    params: {},
    waitUntil: () => {},
    json: (input: unknown) => Response.json(input),
    log: console.log,
  };
  return partial as Context;
}

export async function handleFunctionRequest(request: Request): Promise<Response | null> {
  const handler = ROUTES.get(new URL(request.url).pathname);
  if (!handler) return null;
  await ensureBlobs();
  try {
    return await handler(request, localContext(request));
  } catch (error) {
    console.error(`[functions] ${request.method} ${new URL(request.url).pathname} failed`, error);
    return withFunctionHeaders(new Response('{"ok":false,"code":"internal-error","message":"系统内部错误"}\n', { status: 500, headers: { 'content-type': 'application/json; charset=utf-8' } }));
  }
}

/** The scheduled functions as jobs for startLocalSchedule (local-schedule.ts), on the same Blobs as the routes. */
export function localScheduledJobs(): ScheduledJob[] {
  return [jobOf('drain-outbox', drainOutbox), jobOf('notify', notify), jobOf('retention', retention), jobOf('ledger-heads', ledgerHeads)].map((job) => ({
    ...job,
    run: async () => {
      await ensureBlobs();
      await job.run();
    },
  }));
}
