/** GET /api/comments/ledger?consultation=<id> — after close: the verification codes of all receipts. */
import type { APIRoute } from 'astro';
import { guarded } from '../../../server/guard.ts';
import { handleLedger } from '../../../server/comment-endpoints.ts';

export const prerender = false;

export const ALL: APIRoute = ({ request }) => guarded(request, () => handleLedger(request));
