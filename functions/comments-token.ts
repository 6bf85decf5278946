/** GET /api/comments/token?consultation=<id> — a fresh form token. Logic: src/server/comment-endpoints.ts. */
import type { Config } from '@netlify/functions';
import { publicFunction } from '../src/server/function-handler.ts';
import { guarded } from '../src/server/guard.ts';
import { handleToken } from '../src/server/comment-endpoints.ts';

export default publicFunction(async (req) => guarded(req, () => handleToken(req)));

export const config: Config = { path: '/api/comments/token' };
