/** GET /api/comments/token?consultation=<id> — a fresh form token. Logic: src/server/comment-endpoints.ts. */
import type { APIRoute } from 'astro';
import { guarded } from '../../../server/guard.ts';
import { handleToken } from '../../../server/comment-endpoints.ts';

export const prerender = false;

export const ALL: APIRoute = ({ request }) => guarded(request, () => handleToken(request));
