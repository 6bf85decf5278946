/** POST /api/comments — submit a comment (form or JSON). Logic: src/server/comment-submit.ts. */
import type { Config } from '@netlify/functions';
import { publicFunction } from '../src/server/function-handler.ts';
import { guarded } from '../src/server/guard.ts';
import { handleSubmit } from '../src/server/comment-submit.ts';

export default publicFunction(async (req, context) => guarded(req, () => handleSubmit(req, { ip: context?.ip })));

// Netlify's own limit per visitor address, applied before the function runs; the function's own Blobs limiter counts longer windows.
export const config: Config = { path: '/api/comments', rateLimit: { windowLimit: 30, windowSize: 60, aggregateBy: ['ip', 'domain'] } };
