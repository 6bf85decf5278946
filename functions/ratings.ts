/** POST /api/ratings — a satisfaction rating (满意度评价). Logic: src/server/rating-submit.ts. */
import type { Config } from '@netlify/functions';
import { publicFunction } from '../src/server/function-handler.ts';
import { guardedRating, handleRating } from '../src/server/rating-submit.ts';

export default publicFunction(async (req, context) => guardedRating(req, () => handleRating(req, { ip: context?.ip })));

// Netlify's own limit per visitor address, applied before the function runs; the function's own Blobs limiter counts longer windows.
export const config: Config = { path: '/api/ratings', rateLimit: { windowLimit: 30, windowSize: 60, aggregateBy: ['ip', 'domain'] } };
