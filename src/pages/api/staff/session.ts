/** POST /api/staff/session — a sign-in link used once; the session cookie set (src/server/staff-endpoints.ts). */
import type { APIRoute } from 'astro';
import { guarded } from '../../../server/guard.ts';
import { handleSession } from '../../../server/staff-endpoints.ts';

export const prerender = false;

export const ALL: APIRoute = ({ request }) => guarded(request, () => handleSession(request));
