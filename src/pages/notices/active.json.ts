/** /notices/active.json — the warnings in force when the site was built, as open data (the banner itself reads /notices/alert-banner.json). */
import type { APIRoute } from 'astro';
import { activeWarning, buildTime, noticesContent } from '../../data/notices.ts';
import { activeWarningsFile } from '../../lib/active-warnings.ts';

export const GET: APIRoute = async () => {
  const { inForce } = await noticesContent();
  const body = JSON.stringify(activeWarningsFile(inForce.map(activeWarning), buildTime), null, 2);
  return new Response(`${body}\n`, { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
