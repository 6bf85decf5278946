/** /data/ratings.csv — 满意度评价结果 by item and month (UTF-8 with BOM for Excel/WPS). */
import type { APIRoute } from 'astro';
import { ratingResultRows } from '../../data/ratings.ts';
import { ratingResultsCsv } from '../../lib/ratings/rating.ts';

export const GET: APIRoute = async () => new Response(ratingResultsCsv(await ratingResultRows()), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
