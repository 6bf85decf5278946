/** GET /api/subscriptions/confirm?token=… — the signed link in the confirmation mail stores the subscription. */
import type { Config } from '@netlify/functions';
import { publicFunction } from '../src/server/function-handler.ts';
import { guarded } from '../src/server/guard.ts';
import { handleConfirm } from '../src/server/subscription-endpoints.ts';

export default publicFunction(async (req) => guarded(req, () => handleConfirm(req)));

export const config: Config = { path: '/api/subscriptions/confirm' };
