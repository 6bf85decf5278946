/** /notices/cap/<id>.xml — one warning (alert, update or cancellation) as a standalone CAP 1.2 document. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { capWarning, noticesContent, site } from '../../../data/notices.ts';
import { capDocument, earlierInChain } from '../../../lib/cap.ts';

export const getStaticPaths = (async () => {
  const { notices } = await noticesContent();
  return notices.filter((n) => n.warning).map((n) => ({ params: { id: n.id } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params }) => {
  const { notices, links } = await noticesContent();
  const all = new Map(notices.filter((n) => n.warning).map((n) => [n.id, capWarning(n)]));
  const warning = all.get(params.id ?? '');
  if (!warning) return new Response('Not found', { status: 404 });
  const xml = capDocument(warning, earlierInChain(warning.id, links, all), { name: site.name, url: site.url });
  return new Response(xml, { headers: { 'Content-Type': 'application/cap+xml; charset=utf-8' } });
};
