/** POST /api/reports — a public report (线索和监督) about black-odorous water. Logic: src/server/report-submit.ts. */
import type { Config } from '@netlify/functions';
import { publicFunction } from '../src/server/function-handler.ts';
import { guardedReport, handleReport } from '../src/server/report-submit.ts';

export default publicFunction(async (req, context) => guardedReport(req, () => handleReport(req, { ip: context?.ip })));

// Netlify's own limit per visitor address, applied before the function runs; the function's own Blobs limiter counts longer windows.
export const config: Config = { path: '/api/reports', rateLimit: { windowLimit: 30, windowSize: 60, aggregateBy: ['ip', 'domain'] } };
