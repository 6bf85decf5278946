/**
 * The pages answered on request (routes with `prerender = false`, src/pages/api/…), served
 * locally (npm start, benchmarks, browser tests) by the very function the Netlify adapter builds:
 * .netlify/v1/functions/ssr/ssr.mjs (src/build/netlify-output.ts), a Netlify v2 function taking a Request. As on Netlify, a
 * built file of the same address wins (GET and HEAD); everything else goes to that function,
 * which answers unknown addresses with the site's 404 page. Blobs go to the local file-backed
 * BlobsServer under .data/blobs/ unless a Blobs context is already set (src/server/local-blobs.ts).
 * The scheduled functions of functions/ are offered as jobs for `npm start` (localScheduledJobs, local-schedule.ts).
 */
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from '@netlify/functions';
import * as drainOutbox from '../../functions/drain-outbox.ts';
import * as ledgerHeads from '../../functions/ledger-heads.ts';
import * as notify from '../../functions/notify.ts';
import * as retention from '../../functions/retention.ts';
import * as warningAlerts from '../../functions/warning-alerts.ts';
import { ensureBlobs } from './local-blobs.ts';
import { jobOf, type ScheduledJob } from './local-schedule.ts';
import { withFunctionHeaders } from './security-headers.ts';
import type { FunctionsHandler } from './static-server.ts';
import { ssrFunctionFile } from '../build/netlify-output.ts';


type NetlifyFunction = (request: Request, context: Context) => Promise<Response>;

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

/** Whether the built site has a file (or folder) at the request's address. */
async function isStatic(siteDir: string, pathname: string): Promise<boolean> {
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return false;
  }
  if (path.includes('\0') || path.split('/').some((s) => s === '..')) return false;
  const info = await stat(join(siteDir, path)).catch(() => null);
  if (!info) return false;
  // A folder is a page only with its index.html, as on Netlify: /admin/ holds files but is answered on request.
  return info.isDirectory() ? existsSync(join(siteDir, path, 'index.html')) : true;
}

/**
 * The handler for the static server (startStaticServer's `functions`): null for addresses the
 * built site serves itself. Fails at once when the function has not been built.
 */
export async function onDemandPages(options: { siteDir: string; ssrFunction?: string }): Promise<FunctionsHandler> {
  const file = options.ssrFunction ?? ssrFunctionFile(options.siteDir);
  if (!existsSync(file)) throw new Error(`No built on-demand function at ${file}: run npm run build first.`);
  const handler = ((await import(pathToFileURL(file).href)) as { default: NetlifyFunction }).default;
  const siteDir = resolve(options.siteDir);
  return async (request) => {
    const { pathname } = new URL(request.url);
    if ((request.method === 'GET' || request.method === 'HEAD') && (await isStatic(siteDir, pathname))) return null;
    await ensureBlobs();
    try {
      return await handler(request, localContext(request));
    } catch (error) {
      console.error(`[on-demand] ${request.method} ${pathname} failed`, error);
      return withFunctionHeaders(new Response('{"ok":false,"code":"internal-error","message":"系统内部错误"}\n', { status: 500, headers: { 'content-type': 'application/json; charset=utf-8' } }));
    }
  };
}

/** The scheduled functions as jobs for startLocalSchedule (local-schedule.ts), on the same Blobs as the pages. */
export function localScheduledJobs(): ScheduledJob[] {
  return [jobOf('drain-outbox', drainOutbox), jobOf('notify', notify), jobOf('retention', retention), jobOf('ledger-heads', ledgerHeads), jobOf('warning-alerts', warningAlerts)].map((job) => ({
    ...job,
    run: async () => {
      await ensureBlobs();
      await job.run();
    },
  }));
}
