/** POST /api/receipts/withdraw — a sender withdraws the contact details kept with their receipt. */
import type { Config } from '@netlify/functions';
import { publicFunction } from '../src/server/function-handler.ts';
import { guarded } from '../src/server/guard.ts';
import { handleWithdrawContact } from '../src/server/comment-endpoints.ts';

export default publicFunction(async (req) => guarded(req, () => handleWithdrawContact(req)));

export const config: Config = { path: '/api/receipts/withdraw' };
