/** /consultations.ics — closing and feedback due dates of every consultation (iCalendar). */
import type { APIRoute } from 'astro';
import { consultationCalendar } from '../lib/feeds.ts';
import { renderCalendar } from '../lib/ics.ts';
import { buildTime, feedContent, feedSite } from '../data/feeds.ts';

export const GET: APIRoute = async () => {
  const { consultations } = await feedContent();
  const ics = renderCalendar(consultationCalendar({ site: feedSite, consultations, now: buildTime }));
  return new Response(ics, { headers: { 'Content-Type': 'text/calendar; charset=utf-8' } });
};
