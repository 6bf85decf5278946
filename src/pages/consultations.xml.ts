/** /consultations.xml — RSS 2.0 of consultations, newest opening first. */
import type { APIRoute } from 'astro';
import { consultationsFeed } from '../lib/feeds.ts';
import { renderRss } from '../lib/rss.ts';
import { buildTime, feedContent, feedSite } from '../data/feeds.ts';

export const GET: APIRoute = async () => {
  const { consultations } = await feedContent();
  const xml = renderRss(consultationsFeed({ site: feedSite, consultations, now: buildTime }));
  return new Response(xml, { headers: { 'Content-Type': 'application/rss+xml; charset=utf-8' } });
};
