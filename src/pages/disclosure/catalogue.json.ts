/** /disclosure/catalogue.json: metadata of every catalogue item (no bodies), and the three trees with counts. */
import type { APIRoute } from 'astro';
import { catalogueContent } from '../../data/catalogue.ts';
import { buildTime, site } from '../../data/content.ts';
import { attachmentBytes, attachmentFormat } from '../../build/catalogue-attachments.ts';
import { buildCatalogueOpenData } from '../../lib/catalogue-open-data.ts';

export const GET: APIRoute = async () => {
  const { catalogue, departmentName } = await catalogueContent();
  const data = buildCatalogueOpenData({ catalogue, generated: buildTime, site: { name: site.name, url: site.url }, departmentName, attachmentFormat, attachmentBytes: (file) => attachmentBytes(file) });
  return new Response(JSON.stringify(data), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
