/** /data/consultations.json — the one public data source scripts and functions read. */
import type { APIRoute } from 'astro';
import { publishedData } from '../../data/feeds.ts';

export const GET: APIRoute = async () => {
  return new Response(`${JSON.stringify(await publishedData(), null, 2)}\n`, { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
