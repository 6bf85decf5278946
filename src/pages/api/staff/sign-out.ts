/** POST /api/staff/sign-out — the session ended and its cookie cleared (src/server/staff-endpoints.ts). */
import type { APIRoute } from 'astro';
import { guarded } from '../../../server/guard.ts';
import { handleSignOut } from '../../../server/staff-endpoints.ts';

export const prerender = false;

export const ALL: APIRoute = ({ request }) => guarded(request, () => handleSignOut(request));
