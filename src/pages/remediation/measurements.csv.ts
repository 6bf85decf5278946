/** /remediation/measurements.csv — every published sampling with the grade of each value (UTF-8 with BOM for Excel/WPS). */
import type { APIRoute } from 'astro';
import { remediationContent, site } from '../../data/remediation.ts';
import { measurementsCsv } from '../../lib/remediation-feed.ts';
import { postPath } from '../../lib/remediation.ts';

export const GET: APIRoute = async () => {
  const content = await remediationContent();
  const rows = (content?.bodies ?? []).flatMap((b) => {
    const names = new Map(b.entry.data.monitoringPoints.map((p) => [p.id, p.name]));
    const order = b.entry.data.monitoringPoints.map((p) => p.id);
    return [...b.measurements]
      .sort((x, y) => order.indexOf(x.point) - order.indexOf(y.point) || x.sampled.localeCompare(y.sampled))
      .map((m) => ({ ...m, waterBodyName: b.name, pointName: names.get(m.point) ?? m.point, postPath: postPath(m.post) }));
  });
  return new Response(measurementsCsv({ name: site.name, url: site.url }, rows), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
};
