/** /data/ratings.json — 满意度评价结果 by item and month, as published at this build (open data). */
import type { APIRoute } from 'astro';
import { site } from '../../data/content.ts';
import { ratingResultRows, ratingResults } from '../../data/ratings.ts';
import { RATING_MIN_PUBLISHED, RATING_RESULTS_VERSION } from '../../lib/ratings/rating.ts';

export const GET: APIRoute = async () => {
  const [results, rows] = await Promise.all([ratingResults(), ratingResultRows()]);
  const body = {
    version: RATING_RESULTS_VERSION,
    site: { name: site.name, url: site.url },
    asOf: results.asOf,
    minimumForSplit: RATING_MIN_PUBLISHED,
    months: rows,
  };
  return new Response(`${JSON.stringify(body, null, 2)}\n`, { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
