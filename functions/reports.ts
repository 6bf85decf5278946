/** POST /api/reports — a public report (线索和监督) about black-odorous water. Logic: src/server/report-submit.ts. */
import type { Config, Context } from '@netlify/functions';
import { guardedReport, handleReport } from '../src/server/report-submit.ts';

export default async (req: Request, context: Context) => guardedReport(req, () => handleReport(req, { ip: context?.ip }));

export const config: Config = { path: '/api/reports' };
