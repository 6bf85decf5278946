/** POST /api/comments — submit a comment (form or JSON). Logic: src/server/comment-submit.ts. */
import type { APIRoute } from 'astro';
import { guarded } from '../../server/guard.ts';
import { handleSubmit } from '../../server/comment-submit.ts';

export const prerender = false;

export const ALL: APIRoute = ({ request, clientAddress }) => guarded(request, () => handleSubmit(request, { ip: clientAddress }));
