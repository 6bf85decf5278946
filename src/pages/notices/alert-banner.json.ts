/** /notices/alert-banner.json — the banner entries in force when the site was built; read by the alert banner script. */
import type { APIRoute } from 'astro';
import { activeWarning, buildTime, noticesContent } from '../../data/notices.ts';
import { alertBannerFile } from '../../lib/alert-banner-markup.ts';

export const GET: APIRoute = async () => {
  const { inForce } = await noticesContent();
  return new Response(`${JSON.stringify(alertBannerFile(inForce.map(activeWarning), buildTime))}\n`, { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
