/** /notices/alert-banner.html — the banner entries in force when the site was built; fetched by the alert banner script. */
import type { APIRoute } from 'astro';
import { activeWarning, buildTime, noticesContent } from '../../data/notices.ts';
import { alertBannerFragment } from '../../lib/alert-banner-markup.ts';

export const GET: APIRoute = async () => {
  const { inForce } = await noticesContent();
  return new Response(alertBannerFragment(inForce.map(activeWarning), buildTime), { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
};
