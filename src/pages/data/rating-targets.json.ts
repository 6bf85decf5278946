/** /data/rating-targets.json — what the public can rate and which unit a remark goes to (read by the rating function of the same deploy). */
import type { APIRoute } from 'astro';
import { site } from '../../data/content.ts';
import { ratingTargets } from '../../data/ratings.ts';
import { RATING_TARGETS_VERSION, type RatingTargets } from '../../lib/ratings/rating.ts';

export const GET: APIRoute = async () => {
  const targets: RatingTargets = {
    version: RATING_TARGETS_VERSION,
    site: { name: site.name, url: site.url },
    targets: (await ratingTargets()).map(({ id, name, path, unit }) => ({ id, name, path, unit })),
  };
  return new Response(`${JSON.stringify(targets, null, 2)}\n`, { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
