/** /feedback.xml — RSS 2.0 of feedback reports, newest first. */
import type { APIRoute } from 'astro';
import { feedbackFeed } from '../lib/feeds.ts';
import { renderRss } from '../lib/rss.ts';
import { buildTime, feedContent, feedSite } from '../data/feeds.ts';

export const GET: APIRoute = async () => {
  const { reports } = await feedContent();
  const xml = renderRss(feedbackFeed({ site: feedSite, reports, now: buildTime }));
  return new Response(xml, { headers: { 'Content-Type': 'application/rss+xml; charset=utf-8' } });
};
