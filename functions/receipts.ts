/** GET /api/receipts?number=<receipt> — receipt lookup (received, when, which consultation). */
import type { Config } from '@netlify/functions';
import { publicFunction } from '../src/server/function-handler.ts';
import { guarded } from '../src/server/guard.ts';
import { handleReceipt } from '../src/server/comment-endpoints.ts';

export default publicFunction(async (req) => guarded(req, () => handleReceipt(req)));

export const config: Config = { path: '/api/receipts' };
