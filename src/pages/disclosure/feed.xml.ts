/** /disclosure/feed.xml: RSS of the newest catalogue items. */
import type { APIRoute } from 'astro';
import { catalogueContent } from '../../data/catalogue.ts';
import { buildTime, site } from '../../data/content.ts';
import { catalogueRssChannel } from '../../lib/catalogue-open-data.ts';
import { renderRss } from '../../lib/rss.ts';

export const GET: APIRoute = async () => {
  const { catalogue, departmentName } = await catalogueContent();
  const xml = renderRss(catalogueRssChannel({ catalogue, site: { name: site.name, url: site.url }, now: buildTime, departmentName }));
  return new Response(xml, { headers: { 'Content-Type': 'application/rss+xml; charset=utf-8' } });
};
