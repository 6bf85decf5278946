/** GET (a page with one button) and POST (the button, or a mail program's RFC 8058 one-click) /api/subscriptions/unsubscribe?token=… */
import type { Config } from '@netlify/functions';
import { publicFunction } from '../src/server/function-handler.ts';
import { guarded } from '../src/server/guard.ts';
import { handleUnsubscribe } from '../src/server/subscription-endpoints.ts';

export default publicFunction(async (req) => guarded(req, () => handleUnsubscribe(req)));

export const config: Config = { path: '/api/subscriptions/unsubscribe' };
