/** /notices/cap.xml — Atom feed of the current warnings, each entry carrying its CAP 1.2 alert. */
import type { APIRoute } from 'astro';
import { buildTime, capWarning, noticesContent, site } from '../../data/notices.ts';
import { capAtomFeed, currentCapWarnings } from '../../lib/cap.ts';

export const GET: APIRoute = async () => {
  const { notices, links } = await noticesContent();
  const all = notices.filter((n) => n.warning).map(capWarning);
  const xml = capAtomFeed({
    site: { name: site.name, url: site.url },
    warnings: currentCapWarnings(all, links, buildTime),
    links,
    all: new Map(all.map((w) => [w.id, w])),
    now: buildTime,
  });
  return new Response(xml, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
