/** POST /api/subscriptions — e-mail alerts for a consultation, department or policy area (double opt-in). Logic: src/server/subscription-endpoints.ts. */
import type { Config } from '@netlify/functions';
import { publicFunction } from '../src/server/function-handler.ts';
import { guarded } from '../src/server/guard.ts';
import { handleSubscribe } from '../src/server/subscription-endpoints.ts';

export default publicFunction(async (req, context) => guarded(req, () => handleSubscribe(req, { ip: context?.ip })));

// Netlify's own limit per visitor address, applied before the function runs; the function's own Blobs limiter counts longer windows.
export const config: Config = { path: '/api/subscriptions', rateLimit: { windowLimit: 30, windowSize: 60, aggregateBy: ['ip', 'domain'] } };
