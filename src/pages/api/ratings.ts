/** POST /api/ratings — a satisfaction rating (满意度评价). Logic: src/server/rating-submit.ts. */
import type { APIRoute } from 'astro';
import { guardedRating, handleRating } from '../../server/rating-submit.ts';

export const prerender = false;

export const ALL: APIRoute = ({ request, clientAddress }) => guardedRating(request, () => handleRating(request, { ip: clientAddress }));
