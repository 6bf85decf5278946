/** GET /api/comments/ledger?consultation=<id> — after close: the verification codes of all receipts. */
import type { Config } from '@netlify/functions';
import { publicFunction } from '../src/server/function-handler.ts';
import { guarded } from '../src/server/guard.ts';
import { handleLedger } from '../src/server/comment-endpoints.ts';

export default publicFunction(async (req) => guarded(req, () => handleLedger(req)));

export const config: Config = { path: '/api/comments/ledger' };
