/** GET /api/comments/token?consultation=<id> — a fresh form token. Logic: src/server/comment-endpoints.ts. */
import type { Config } from '@netlify/functions';
import { handleToken } from '../src/server/comment-endpoints.ts';

export default async (req: Request) => handleToken(req);

export const config: Config = { path: '/api/comments/token' };
