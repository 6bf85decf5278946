/** GET /staff/export.csv — the signed-in person's queue (same filters) as CSV, without personal data. */
import type { APIRoute } from 'astro';
import { loadCaseLimits } from '../../server/case-limits-source.ts';
import { parseQueueQuery, queueCsv } from '../../server/case-workspace.ts';
import { runtime } from '../../server/comment-runtime.ts';
import { requireStaff } from '../../server/staff-endpoints.ts';

export const prerender = false;

export const GET: APIRoute = async ({ request, url }) => {
  const gate = await requireStaff(request);
  if ('response' in gate) return gate.response;
  const now = runtime().now();
  const csv = await queueCsv(parseQueueQuery(url, gate.session.actor), now, await loadCaseLimits());
  return new Response(csv, { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="cases-${now.toISOString().slice(0, 10)}.csv"` } });
};
