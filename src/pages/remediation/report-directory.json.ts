/** /remediation/report-directory.json — where public reports go (read by the report function of the same deploy). */
import type { APIRoute } from 'astro';
import { remediationContent, site } from '../../data/remediation.ts';
import { REPORT_DIRECTORY_VERSION, type ReportDirectory, type ReportUnit } from '../../lib/report-directory.ts';
import { REMEDIATION_PATHS } from '../../lib/remediation.ts';

export const GET: APIRoute = async () => {
  const content = await remediationContent();
  if (!content) return new Response('{}\n', { status: 404, headers: { 'Content-Type': 'application/json; charset=utf-8' } });
  const unit = (d: { id: string; data: { name: string; email: string } }): ReportUnit => ({ id: d.id, name: d.data.name, email: d.data.email });
  const directory: ReportDirectory = {
    version: REPORT_DIRECTORY_VERSION,
    site: { name: site.name, url: site.url },
    project: { title: content.project.data.title, path: REMEDIATION_PATHS.overview, leadUnit: unit(content.leadUnit) },
    waterBodies: content.bodies.map((b) => ({ id: b.id, name: b.name, path: b.path, unit: unit(b.unit) })),
  };
  return new Response(`${JSON.stringify(directory, null, 2)}\n`, { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
