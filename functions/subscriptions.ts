/** POST /api/subscriptions — e-mail alerts for a consultation, department or policy area (double opt-in). Logic: src/server/subscription-endpoints.ts. */
import type { Config, Context } from '@netlify/functions';
import { guarded } from '../src/server/guard.ts';
import { handleSubscribe } from '../src/server/subscription-endpoints.ts';

export default async (req: Request, context: Context) => guarded(req, () => handleSubscribe(req, { ip: context?.ip }));

export const config: Config = { path: '/api/subscriptions' };
