/** GET /api/comments/export?consultation=<id>&format=csv|json — department export (Bearer EXPORT_TOKEN). */
import type { APIRoute } from 'astro';
import { guarded } from '../../../server/guard.ts';
import { handleExport } from '../../../server/comment-endpoints.ts';

export const prerender = false;

export const ALL: APIRoute = ({ request }) => guarded(request, () => handleExport(request));
