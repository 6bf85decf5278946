/** POST /api/reports — a public report (线索和监督) about black-odorous water. Logic: src/server/report-submit.ts. */
import type { APIRoute } from 'astro';
import { guardedReport, handleReport } from '../../server/report-submit.ts';

export const prerender = false;

export const ALL: APIRoute = ({ request, clientAddress }) => guardedReport(request, () => handleReport(request, { ip: clientAddress }));
